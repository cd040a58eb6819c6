//! 接受家人的邀请, one thing per page: the code; who is asking (the inviter's real-name name and
//! ID tail from the gateway, what they may do) with 同意 / 不同意; how the inviter is related
//! (nothing chosen in advance); the member's own applicant block; the answers to check; done.
//! Each page has one main button and a visible 返回.

use crate::api::family::{self, MemberApplicant};
use crate::components::plain_field::{input, select, value};
use crate::route::Route;
use crate::router::Link;
use crate::{session, shell};
use tongban_rules::api::family::{inverse, relation_word, RELATIONS};
use tongban_rules::api::{Acceptance, InvitationPreview};
use tongban_rules::form::id_types;
use yew::prelude::*;

/// Where the member is in the journey.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Code,
    Who,
    Relation,
    Details,
    Check,
    Done,
    Declined,
}

impl Step {
    /// The page before this one (返回).
    fn back(self) -> Option<Step> {
        match self {
            Step::Who => Some(Step::Code),
            Step::Relation => Some(Step::Who),
            Step::Details => Some(Step::Relation),
            Step::Check => Some(Step::Details),
            _ => None,
        }
    }
}

#[derive(Clone, Default, PartialEq)]
struct Answers {
    code: String,
    who: Option<InvitationPreview>,
    /// What the inviter is to the member (the code sent is its inverse).
    relation: Option<String>,
    applicant: MemberApplicant,
}

fn warning() -> Html {
    html! {
        <p class="notice warning" role="note">
            <strong>{ "请注意：" }</strong>
            { "工作人员不会向您索要邀请码。只接受您认识的家人当面或电话告诉您的邀请码。" }
        </p>
    }
}

#[component]
pub fn FamilyAccept() -> Html {
    let step = use_state(|| Step::Code);
    let answers = use_state(Answers::default);
    let failure = use_state(|| None::<String>);
    let busy = use_state(|| false);
    use_effect_with((), |_| shell::set_title("接受家人邀请"));
    let go = |to: Step| {
        let (step, failure) = (step.clone(), failure.clone());
        Callback::from(move |_: MouseEvent| {
            failure.set(None);
            step.set(to);
        })
    };
    let on_submit = {
        let (step, answers, failure, busy) =
            (step.clone(), answers.clone(), failure.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut a = (*answers).clone();
            let (step, answers, failure, busy) =
                (step.clone(), answers.clone(), failure.clone(), busy.clone());
            match *step {
                Step::Code => {
                    a.code = value("fam-code").trim().to_owned();
                    if a.code.chars().filter(char::is_ascii_digit).count() != 9 {
                        failure.set(Some("请输入家人告诉您的9位数字邀请码。".into()));
                        return;
                    }
                    busy.set(true);
                    wasm_bindgen_futures::spawn_local(async move {
                        session::ensure().await;
                        let found = family::preview(&a.code).await;
                        busy.set(false);
                        match found {
                            Ok(who) => {
                                a.who = Some(who);
                                answers.set(a);
                                failure.set(None);
                                step.set(Step::Who);
                            }
                            Err(e) => failure.set(Some(crate::api::refusals::refusal(&e))),
                        }
                    });
                }
                Step::Relation => match value_of_radio("fam-relation") {
                    Some(r) => {
                        a.relation = Some(r);
                        answers.set(a);
                        failure.set(None);
                        step.set(Step::Details);
                    }
                    None => failure.set(Some("请选择对方是您的什么人。".into())),
                },
                Step::Details => {
                    a.applicant = MemberApplicant {
                        name: value("fam-name").trim().to_owned(),
                        id_type: value("fam-id-type"),
                        id_number: value("fam-id-number").trim().to_owned(),
                        phone: value("fam-phone").trim().to_owned(),
                    };
                    if a.applicant.name.is_empty() || a.applicant.id_number.is_empty() {
                        failure.set(Some("请填写您的姓名和证件号码。".into()));
                        return;
                    }
                    answers.set(a);
                    failure.set(None);
                    step.set(Step::Check);
                }
                Step::Check => {
                    let body = Acceptance {
                        code: a.code.clone(),
                        relation: inverse(a.relation.as_deref().unwrap_or("")).to_owned(),
                        consent: true,
                        applicant: a.applicant.clone(),
                    };
                    busy.set(true);
                    wasm_bindgen_futures::spawn_local(async move {
                        let done = family::accept(&body).await;
                        busy.set(false);
                        match done {
                            Ok(()) => step.set(Step::Done),
                            Err(e) => failure.set(Some(crate::api::refusals::refusal(&e))),
                        }
                    });
                }
                _ => {}
            }
        })
    };
    let who = answers.who.clone();
    let name = who.as_ref().map(|w| w.label()).unwrap_or_default();
    let short = who.as_ref().map(|w| w.inviter.clone()).unwrap_or_default();
    let sex = who.as_ref().and_then(InvitationPreview::sex);
    let error = (*failure)
        .as_ref()
        .map(|f| html! { <p class="notice failure" role="alert">{ f }</p> });
    let back = match step.back() {
        Some(to) => {
            html! { <button type="button" class="back link-button" onclick={go(to)}>{ "‹ 返回" }</button> }
        }
        None => html! { <Link to={Route::Family} classes="back">{ "‹ 返回" }</Link> },
    };
    let body = match *step {
        Step::Code => html! {
            <>
                <h2 id="accept-title">{ "输入家人的邀请码" }</h2>
                <p class="hint">{ "请家人在自己的手机上打开“亲情代办”生成邀请码，再把9位数字告诉您。" }</p>
                { warning() }
                { input("fam-code", "邀请码（9位数字）", "text", "numeric") }
                { error }
                <button type="submit" class="primary" disabled={*busy}>{ "下一步" }</button>
            </>
        },
        Step::Who => html! {
            <>
                <h2 id="accept-title" class="inviter">{ format!("{name} 请求为您代办") }</h2>
                <dl class="cards">
                    <div class="card"><dt>{ "可以办理" }</dt><dd>{ "以您的名义在线申请医保业务，如异地就医备案、医保关系转移" }</dd></div>
                    <div class="card"><dt>{ "可以查看" }</dt><dd>{ "为您办理的申请的进度和结果" }</dd></div>
                    <div class="card"><dt>{ "不能" }</dt><dd>{ "查看您自己办理的其他申请；您可以随时解除绑定" }</dd></div>
                </dl>
                { warning() }
                <p>{ "如果您不认识对方，或没有请家人为您代办，请选择“不同意”。" }</p>
                <div class="decision">
                    <button type="button" class="primary" onclick={go(Step::Relation)}>{ "同意" }</button>
                    <button type="button" class="secondary decline" onclick={go(Step::Declined)}>{ "不同意" }</button>
                </div>
            </>
        },
        Step::Relation => html! {
            <>
                <fieldset class="choices">
                    <legend><h2 id="accept-title">{ format!("{short} 是您的什么人？") }</h2></legend>
                    { for RELATIONS.iter().map(|(code, _)| html! {
                        <label class="choice">
                            <input type="radio" name="fam-relation" value={*code}
                                checked={answers.relation.as_deref() == Some(*code)} />
                            { relation_word(code, sex) }
                        </label>
                    }) }
                </fieldset>
                { error }
                <button type="submit" class="primary">{ "下一步" }</button>
            </>
        },
        Step::Details => {
            let kinds = id_types().into_iter().map(|c| (c.value, c.label)).collect();
            html! {
                <>
                    <h2 id="accept-title">{ "请填写您本人的信息" }</h2>
                    <p class="hint">{ "家人为您办理时，您是申请人。证件号码须与您实名认证的身份一致。" }</p>
                    { input("fam-name", "您的姓名", "text", "text") }
                    { select("fam-id-type", "证件类型", kinds) }
                    { input("fam-id-number", "证件号码", "text", "text") }
                    { input("fam-phone", "手机号码", "tel", "tel") }
                    { error }
                    <button type="submit" class="primary">{ "下一步" }</button>
                </>
            }
        }
        Step::Check => {
            let a = &answers.applicant;
            let rel = relation_word(answers.relation.as_deref().unwrap_or(""), sex);
            html! {
                <>
                    <h2 id="accept-title">{ "请核对" }</h2>
                    <dl class="cards">
                        <div class="card"><dt>{ "为您代办的人" }</dt><dd>{ &name }</dd></div>
                        <div class="card"><dt>{ "对方是您的" }</dt><dd>{ rel }
                            <button type="button" class="link-button" aria-label="修改关系" onclick={go(Step::Relation)}>{ "修改" }</button></dd></div>
                        <div class="card"><dt>{ "您的姓名" }</dt><dd>{ &a.name }
                            <button type="button" class="link-button" aria-label="修改您的信息" onclick={go(Step::Details)}>{ "修改" }</button></dd></div>
                        <div class="card"><dt>{ "证件号码" }</dt><dd>{ tongban_rules::api::mask::id_number(&a.id_number) }</dd></div>
                    </dl>
                    <p>{ format!("点击“同意并绑定”，即表示您同意由{short}为您代办医保业务并查看这些办件。您可以随时在“亲情代办”中解除。") }</p>
                    { error }
                    <button type="submit" class="primary" disabled={*busy}>{ "同意并绑定" }</button>
                </>
            }
        }
        Step::Done => html! {
            <div class="panel done" role="status">
                <h2 id="accept-title">{ "绑定成功" }</h2>
                <p>{ format!("{short} 现在可以为您代办医保业务。您可以随时在“亲情代办”中解除绑定。") }</p>
                <Link to={Route::Family} classes="button primary">{ "查看我的家人" }</Link>
            </div>
        },
        Step::Declined => html! {
            <div class="panel" role="status">
                <h2 id="accept-title">{ "您没有同意，未绑定" }</h2>
                <p>{ "对方不能为您代办。如果有人自称工作人员向您索要邀请码，请拨打医保服务热线12393核实。" }</p>
                <Link to={Route::Family} classes="button primary">{ "返回亲情代办" }</Link>
            </div>
        },
    };
    html! {
        <section class="family-accept one-thing" aria-labelledby="accept-title" data-step={step_name(*step)}>
            if !matches!(*step, Step::Done | Step::Declined) { { back } }
            <form onsubmit={on_submit} novalidate=true>{ body }</form>
        </section>
    }
}

fn step_name(s: Step) -> &'static str {
    match s {
        Step::Code => "code",
        Step::Who => "who",
        Step::Relation => "relation",
        Step::Details => "details",
        Step::Check => "check",
        Step::Done => "done",
        Step::Declined => "declined",
    }
}

/// The value of the checked radio button named `name`, if one is checked.
fn value_of_radio(name: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let checked = gloo::utils::document()
        .query_selector(&format!("input[name={name}]:checked"))
        .ok()
        .flatten()?;
    Some(
        checked
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
    )
}
