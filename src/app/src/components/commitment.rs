//! 承诺制: the documents a citizen signs instead of bringing proofs. A filing's 备案登记表 and
//! 承诺书 come from the rules (JM 13), the same text whichever shell shows them; other items get
//! the general 告知承诺书.

use super::answers::Answers;
use crate::dates::today;
use std::rc::Rc;
use tongban_rules::filing::render_documents;
use tongban_rules::form::{Form, Values};
use yew::prelude::*;

/// The 承诺制 letter an item allows instead of proofs.
#[derive(Clone, PartialEq)]
pub struct Commitment {
    pub item_name: String,
    /// 异地就医备案: the 备案登记表 is shown with the letter.
    pub filing: bool,
}

/// What the citizen reads before signing, filled in from their answers.
pub fn documents(c: &Commitment, form: &Rc<Form>, values: &Values) -> Html {
    match c
        .filing
        .then(|| render_documents(values, today()))
        .flatten()
    {
        Some(docs) => html! {
            <>
                { document("registration", &docs.registration) }
                { document("commitment", &docs.commitment) }
            </>
        },
        None => html! {
            <>
                { letter(c, values) }
                if c.filing {
                    <h3>{ "异地就医备案登记表" }</h3>
                    <Answers form={form.clone()} values={values.clone()} />
                }
            </>
        },
    }
}

fn letter(c: &Commitment, values: &Values) -> Html {
    let v = |p: &str| values.get(p).cloned().unwrap_or_default();
    html! {
        <article class="letter" aria-labelledby="letter-title">
            <h3 id="letter-title">{ "告知承诺书" }</h3>
            <p>{ format!(
                "本人{}（证件号码：{}）申请办理“{}”，现郑重承诺：所填写的信息真实、准确、完整，\
                 承诺所需证明材料真实有效；如有不实，本人愿意承担相应的法律责任，并同意经办机构\
                 依法撤销办理结果、追回相关费用，相关失信信息依法记入信用记录。",
                v("applicant.name"), v("applicant.id_number"), c.item_name) }</p>
        </article>
    }
}

/// One generated document: its first line is the title, the rest its lines.
fn document(id: &str, text: &str) -> Html {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_owned();
    let title_id = format!("doc-{id}");
    html! {
        <article class="letter document" aria-labelledby={title_id.clone()}>
            <h3 id={title_id}>{ title }</h3>
            { for lines.map(|l| html! { <p>{ l }</p> }) }
        </article>
    }
}
