//! 承诺制: the documents a citizen signs instead of bringing proofs, where the item's region
//! allows it (a sourced `commitment` fact). A filing's 备案登记表 and 承诺书 come from the rules,
//! with their 依据 in full, the same text whichever shell shows them; other items get the
//! general 告知承诺书.

use super::answers::Answers;
use crate::dates::today;
use std::rc::Rc;
use tongban_rules::catalogue::Item;
use tongban_rules::citation::cite;
use tongban_rules::filing::render_documents;
use tongban_rules::form::{Form, Values};
use tongban_rules::lifecycle::is_filing;
use yew::prelude::*;

/// The 承诺制 letter an item allows instead of proofs.
#[derive(Clone, PartialEq)]
pub struct Commitment {
    /// The item applied for: its facts decide what the documents promise and cite.
    pub item: Item,
}

/// The form's 承诺书 step: the documents, and the box to tick (`signed`), with 请阅读承诺书并勾选后继续
/// when `sign_error` (下一步 tapped unsigned).
pub fn step(
    c: &Commitment,
    (form, values): (&Rc<Form>, &Values),
    (signed, sign_error): (bool, bool),
    on_sign: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="form-step commitment">
            { documents(c, form, values) }
            <div class={classes!("field", "consent", sign_error.then_some("has-error"))}>
                <input type="checkbox" id="sign" checked={signed} onclick={on_sign}
                    aria-describedby={sign_error.then_some("sign-error")} />
                <label for="sign">{ "本人已阅读以上承诺书，承诺所填内容真实有效" }</label>
                if sign_error { <p class="error" id="sign-error">{ "请阅读承诺书并勾选后继续" }</p> }
            </div>
        </div>
    }
}

/// What the citizen reads before signing, filled in from their answers.
pub fn documents(c: &Commitment, form: &Rc<Form>, values: &Values) -> Html {
    let filing = is_filing(&c.item);
    match filing
        .then(|| render_documents(&c.item, values, today()))
        .flatten()
    {
        Some(docs) => html! {
            <>
                { document("registration", &docs.registration) }
                if let Some(letter) = &docs.commitment { { document("commitment", letter) } }
            </>
        },
        None => html! {
            <>
                { letter(c, values) }
                if filing {
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
                v("applicant.name"), v("applicant.id_number"), c.item.name) }</p>
            if let Some(source) = c.item.commitment.source() {
                <p class="basis">{ format!("依据：{}", cite(source)) }</p>
            }
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
