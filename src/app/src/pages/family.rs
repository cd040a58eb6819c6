//! 亲情代办: invite a family member (a one-time code, read aloud in groups of three, with its QR
//! code drawn by the gateway), go to accepting a family member's code (`family_accept`), list
//! the bindings and end one (after saying what ending does); for someone without a phone, a
//! request on a relationship document (`family_request`). And `ForWhom`, the 为谁办理 choice above a new application's form: the
//! applicant block is filled from the binding.

use crate::api::family;
use crate::api::ApiError;
use crate::components::plain_field::{input, value};
use crate::draft::Draft;
use crate::pages::family_request::FamilyRequest;
use crate::route::Route;
use crate::router::Link;
use crate::{session, shell};
use std::rc::Rc;
use tongban_rules::api::{Invitation, Member};
use yew::prelude::*;

/// A relative as a list names them: masked name, ID tail (two relatives of one surname told
/// apart) and what the viewer calls them: `张*国（尾号0038，父亲）`.
pub fn named(m: &Member) -> String {
    match &m.id_tail {
        Some(t) => format!("{}（尾号{t}，{}）", m.name, m.relation_label),
        None => format!("{}（{}）", m.name, m.relation_label),
    }
}

fn status_label(s: &str) -> &'static str {
    match s {
        "live" => "已绑定",
        "pending" => "待审核",
        "refused" => "未通过",
        _ => "已解除",
    }
}

fn invitation_view(inv: &Invitation) -> Html {
    let expires = crate::dates::chinese_time(&inv.expires_at);
    html! {
        <div class="family-invitation" role="status">
            <p class="label">{ "请让家人在自己的手机上打开“亲情代办”，输入或扫描下面的邀请码：" }</p>
            <p class="family-code" id="family-code">{ &inv.grouped }</p>
            <img class="family-qr" alt="邀请码二维码" width="160" height="160"
                src={format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(&inv.qr_svg))} />
            <p class="hint">{ format!("15分钟内有效（至 {expires}），只能使用一次。") }</p>
        </div>
    }
}

#[component]
pub fn Family() -> Html {
    let members = use_state(|| None::<Result<Vec<Member>, ApiError>>);
    let reload = use_state(|| 0u32);
    let invitation = use_state(|| None::<Invitation>);
    let said = use_state(|| None::<(bool, String)>);
    {
        let members = members.clone();
        use_effect_with(*reload, move |_| {
            shell::set_title("亲情代办");
            wasm_bindgen_futures::spawn_local(async move {
                session::ensure().await;
                members.set(Some(family::members().await));
            });
        });
    }
    let on_invite = {
        let (invitation, said) = (invitation.clone(), said.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (invitation, said) = (invitation.clone(), said.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match family::invite(value("fam-agent-name").trim()).await {
                    Ok(inv) => {
                        said.set(None);
                        invitation.set(Some(inv));
                    }
                    Err(e) => said.set(Some((false, crate::api::refusals::refusal(&e)))),
                }
            });
        })
    };
    let ending = use_state(|| None::<String>);
    let ask_end = |id: Option<String>| {
        let ending = ending.clone();
        Callback::from(move |_: MouseEvent| ending.set(id.clone()))
    };
    let end = |id: String| {
        let (said, reload, ending) = (said.clone(), reload.clone(), ending.clone());
        Callback::from(move |_| {
            ending.set(None);
            let (id, said, reload) = (id.clone(), said.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match family::end(&id).await {
                    Ok(_) => {
                        said.set(Some((true, "已解除绑定。已提交的申请不受影响。".into())));
                        reload.set(*reload + 1);
                    }
                    Err(e) => said.set(Some((false, crate::api::refusals::refusal(&e)))),
                }
            });
        })
    };
    let list = match &*members {
        None => html! { <p class="hint">{ "正在加载…" }</p> },
        Some(Err(e)) => html! { <p class="notice failure" role="alert">{ e.text() }</p> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="empty">{ "还没有绑定家人。" }</p> }
        }
        Some(Ok(list)) => html! {
            <ul class="family-members">
                { for list.iter().map(|m| {
                    let agent = m.side == "agent";
                    let who = if agent { "我为其代办" } else { "为我代办" };
                    let consequence = if agent {
                        format!("解除后，您不能再为{}办理新的业务。", m.name)
                    } else {
                        format!("解除后，{}不能再为您办理新的业务。", m.name)
                    };
                    html! {
                        <li class="family-member" key={m.id.clone()} data-status={m.status.clone()}>
                            <span class="name">{ named(m) }</span>
                            <span class={classes!("meta", "status", format!("status-{}", m.status))}>{ format!("{who} · {}", status_label(&m.status)) }</span>
                            if m.status == "live" && ending.as_deref() == Some(m.id.as_str()) {
                                <div class="confirm" role="alert">
                                    <p>{ consequence }{ "已提交的申请不受影响。确定解除吗？" }</p>
                                    <button type="button" class="danger confirm-end" onclick={end(m.id.clone())}>{ "确定解除" }</button>
                                    <button type="button" class="secondary" onclick={ask_end(None)}>{ "不解除" }</button>
                                </div>
                            } else if m.status == "live" {
                                <button type="button" class="secondary end" onclick={ask_end(Some(m.id.clone()))}>{ "解除绑定" }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    // The member sees the inviter by their real-name check's name: no name to type when the
    // session has one.
    let shown = session::real_name().and_then(|r| r.name.map(|n| (n, r.id_tail)));
    let on_sent = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <section class="family" aria-labelledby="family-title">
            <h2 id="family-title">{ "亲情代办" }</h2>
            <p class="hint">{ "绑定家人后，可以为家人在线办理医保业务；家人也能看到办理进度。最多绑定5位家人，任何一方都可以随时解除。" }</p>
            if let Some((ok, text)) = &*said {
                <p class={classes!("notice", (!ok).then_some("failure"))} role="alert">{ text }</p>
            }
            <h3>{ "我的家人" }</h3>
            { list }
            <form class="family-invite" onsubmit={on_invite} novalidate=true>
                <h3>{ "邀请家人" }</h3>
                if members.is_none() {
                    // The session (and with it the real name) is on its way.
                    <p class="hint">{ "正在加载…" }</p>
                } else if let Some((name, tail)) = &shown {
                    <p class="hint inviter-shown">{ format!("家人将看到您的实名：{name}{}", tail.as_ref().map(|t| format!("（身份证尾号{t}）")).unwrap_or_default()) }</p>
                } else {
                    { input("fam-agent-name", "您的姓名（家人将看到）", "text", "text") }
                }
                <button type="submit" class="primary">{ "生成邀请码" }</button>
            </form>
            if let Some(inv) = &*invitation { { invitation_view(inv) } }
            <div class="family-accept-entry">
                <h3>{ "家人邀请了我" }</h3>
                <Link to={Route::FamilyAccept} classes="button secondary family-accept-link">{ "输入家人的邀请码" }</Link>
            </div>
            <FamilyRequest {on_sent} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ForWhomProps {
    /// The draft this choice is kept in.
    pub storage_key: String,
    /// The family members bound to this person, who may be applied for (`family::live_members`).
    pub members: Rc<Vec<Member>>,
    /// Called after the draft changed (the form reloads it).
    pub on_change: Callback<()>,
}

const APPLICANT_FIELDS: [&str; 4] = [
    "applicant.name",
    "applicant.id_type",
    "applicant.id_number",
    "applicant.phone",
];

/// Whether the draft holds anything beyond the applicant's own fields: answers, uploaded
/// materials or a signed 承诺书 that would belong to the previous person.
fn has_other_answers(d: &Draft) -> bool {
    d.values
        .iter()
        .any(|(k, v)| !APPLICANT_FIELDS.contains(&k.as_str()) && !v.trim().is_empty())
        || !d.uploads.is_empty()
        || d.signed
}

/// 为谁办理: myself or a bound family member; nothing when no one is bound. Switching the person
/// starts an empty draft for the new one (with its own Idempotency-Key): what was answered for
/// the previous person is never kept. When there is something to lose the switch is confirmed
/// first, saying so.
#[component]
pub fn ForWhom(props: &ForWhomProps) -> Html {
    let members = &props.members;
    let failure = use_state(|| None::<String>);
    // The person tapped while the switch waits for 确定: `Some(None)` is 本人.
    let pending = use_state(|| None::<Option<String>>);
    if members.is_empty() {
        return html! {};
    }
    let chosen = Draft::load(&props.storage_key).and_then(|d| d.member);
    let switch = {
        let (key, on_change, failure, pending) = (
            props.storage_key.clone(),
            props.on_change.clone(),
            failure.clone(),
            pending.clone(),
        );
        Callback::from(move |id: Option<String>| {
            let (key, on_change, failure, pending) = (
                key.clone(),
                on_change.clone(),
                failure.clone(),
                pending.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                // An empty draft for the new person, with its own Idempotency-Key.
                let mut d = Draft::new();
                if let Some(id) = &id {
                    match family::applicant(id).await {
                        Ok(b) => {
                            let a = b.applicant;
                            for (f, v) in APPLICANT_FIELDS.into_iter().zip([
                                a.name,
                                a.id_type,
                                a.id_number,
                                a.phone,
                            ]) {
                                if !v.is_empty() {
                                    d.values.insert(f.to_owned(), v);
                                }
                            }
                        }
                        Err(e) => {
                            failure.set(Some(crate::api::refusals::refusal(&e)));
                            pending.set(None);
                            return;
                        }
                    }
                }
                failure.set(None);
                pending.set(None);
                d.member = id;
                d.save(&key);
                on_change.emit(());
            });
        })
    };
    let choose = |id: Option<String>| {
        let (key, switch, pending) = (props.storage_key.clone(), switch.clone(), pending.clone());
        Callback::from(move |_: Event| {
            if Draft::load(&key).is_some_and(|d| has_other_answers(&d)) {
                pending.set(Some(id.clone()));
            } else {
                switch.emit(id.clone());
            }
        })
    };
    let confirm = {
        let (switch, pending) = (switch.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = (*pending).clone() {
                switch.emit(id);
            }
        })
    };
    let cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    let shown = (*pending).clone().unwrap_or_else(|| chosen.clone());
    let name_of = |id: &Option<String>| match id {
        None => "本人".to_owned(),
        Some(id) => members
            .iter()
            .find(|m| &m.id == id)
            .map_or_else(|| "家人".to_owned(), named),
    };
    html! {
        <fieldset class="for-whom">
            <legend>{ "为谁办理" }</legend>
            <label class="choice">
                <input type="radio" name="for-whom" value="self" checked={shown.is_none()} onchange={choose(None)} />
                { "本人" }
            </label>
            { for members.iter().map(|m| html! {
                <label class="choice" key={m.id.clone()}>
                    <input type="radio" name="for-whom" value={m.id.clone()}
                        checked={shown.as_deref() == Some(m.id.as_str())} onchange={choose(Some(m.id.clone()))} />
                    { named(m) }
                </label>
            }) }
            if let Some(to) = &*pending {
                <div class="notice confirm-switch" role="alert">
                    <p>{ format!("换成{}后，已为{}填写的内容和已上传的材料将清空，不能恢复，需从头填写。", name_of(to), name_of(&chosen)) }</p>
                    <button type="button" class="danger confirm-switch-yes" onclick={confirm}>{ "清空并改为此人" }</button>
                    <button type="button" class="secondary confirm-switch-no" onclick={cancel}>{ "不改了" }</button>
                </div>
            } else if chosen.is_some() {
                <p class="hint">{ "申请人信息已按绑定的家人填写，不能改为他人。" }</p>
            }
            if let Some(f) = &*failure { <p class="error" role="alert">{ f }</p> }
        </fieldset>
    }
}
