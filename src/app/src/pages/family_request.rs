//! 为没有手机的家人申请: someone without a phone (an elder, a child) is bound on a relationship
//! document (户口本 or 出生证明) that a clerk of the chosen region approves. The citizen fills
//! in the member's applicant block and the relation, takes a photo of the document (shrunk on
//! the phone and sent with its progress, as an application's materials are), consents and
//! sends; the list above shows the request 待审核 until the clerk decides.

use crate::api::family::{self, MemberApplicant};
use crate::components::materials::{Materials, Need};
use crate::components::plain_field::{input, select, value};
use crate::draft::Upload;
use crate::json;
use crate::prefs::REGION_KEY;
use tongban_rules::api::BindingRequest;
use tongban_rules::catalogue::Region;
use tongban_rules::form::id_types;
use yew::prelude::*;

/// The material the document is uploaded as.
const DOCUMENT: &str = "户口本或出生证明";

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Called after the request was accepted for review (the list reloads).
    pub on_sent: Callback<()>,
}

#[component]
pub fn FamilyRequest(props: &Props) -> Html {
    let open = use_state(|| false);
    let regions = use_state(Vec::<Region>::new);
    let uploads = use_state(Vec::<Upload>::new);
    let show_missing = use_state(|| false);
    let busy = use_state(|| false);
    let said = use_state(|| None::<(bool, String)>);
    {
        let regions = regions.clone();
        use_effect_with(*open, move |open| {
            if *open && regions.is_empty() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(r) = crate::api::regions().await {
                        regions.set(r);
                    }
                });
            }
        });
    }
    let on_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let on_added = {
        let uploads = uploads.clone();
        Callback::from(move |u: Upload| {
            // One document: a new photo replaces the one before.
            uploads.set(vec![u]);
        })
    };
    let on_removed = {
        let uploads = uploads.clone();
        Callback::from(move |id: String| {
            uploads.set(uploads.iter().filter(|u| u.id != id).cloned().collect());
        })
    };
    let on_submit = {
        let (uploads, show_missing, busy, said) = (
            uploads.clone(),
            show_missing.clone(),
            busy.clone(),
            said.clone(),
        );
        let (open, on_sent) = (open.clone(), props.on_sent.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let Some(document) = uploads.first().map(|u| u.id.clone()) else {
                show_missing.set(true);
                said.set(Some((false, "请上传户口本或出生证明的照片。".into())));
                return;
            };
            if value("req-consent") != "true" {
                said.set(Some((false, "请先勾选确认。".into())));
                return;
            }
            let body = BindingRequest {
                agent_name: value("req-agent-name").trim().to_owned(),
                relation: value("req-relation"),
                region: value("req-region"),
                document,
                applicant: MemberApplicant {
                    name: value("req-name").trim().to_owned(),
                    id_type: value("req-id-type"),
                    id_number: value("req-id-number"),
                    phone: String::new(),
                },
            };
            busy.set(true);
            let (uploads, show_missing, busy, said, open, on_sent) = (
                uploads.clone(),
                show_missing.clone(),
                busy.clone(),
                said.clone(),
                open.clone(),
                on_sent.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let sent = family::request(&body).await;
                busy.set(false);
                match sent {
                    Ok(()) => {
                        uploads.set(vec![]);
                        show_missing.set(false);
                        open.set(false);
                        said.set(Some((
                            true,
                            "已提交，请等待医保经办机构工作人员审核。审核通过后即可为家人办理。"
                                .into(),
                        )));
                        on_sent.emit(());
                    }
                    Err(e) => said.set(Some((false, crate::api::refusals::refusal(&e)))),
                }
            });
        })
    };
    // Always one node (an `if` renders an empty one): an `Option` would add a child to the form
    // and shift the unkeyed diff of every field before it.
    let notice = html! {
        if let Some((ok, text)) = &*said {
            <p class={classes!("notice", "family-request-notice", (!ok).then_some("failure"))} role="alert">{ text }</p>
        }
    };
    if !*open {
        return html! {
            <div class="family-request">
                { notice }
                <button type="button" class="secondary family-request-open" onclick={on_open}>
                    { "为没有手机的家人申请" }
                </button>
            </div>
        };
    }
    let relations = family::relations()
        .iter()
        .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
        .collect();
    let kinds = id_types().into_iter().map(|c| (c.value, c.label)).collect();
    let stored = json::load::<String>(REGION_KEY);
    let mut places: Vec<(String, String)> = regions
        .iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    // The region chosen on the home page first: its office usually reviews the document.
    if let Some(i) = places.iter().position(|(c, _)| Some(c) == stored.as_ref()) {
        let here = places.remove(i);
        places.insert(0, here);
    }
    let needs = vec![Need {
        name: DOCUMENT.into(),
        required: true,
    }];
    html! {
        <form class="family-request" onsubmit={on_submit} novalidate=true aria-labelledby="family-request-title">
            <h3 id="family-request-title">{ "为没有手机的家人申请" }</h3>
            <p class="hint">{ "家人没有手机（如老人、孩子）时，可上传户口本或出生证明，由医保经办机构工作人员审核。审核通过后，您就可以为家人办理。" }</p>
            { input("req-agent-name", "您的姓名", "text", "text") }
            { select("req-relation", "对方是我的", relations) }
            <p class="hint">{ "请填写家人的信息，办理时作为申请人：" }</p>
            { input("req-name", "家人姓名", "text", "text") }
            { select("req-id-type", "证件类型", kinds) }
            { input("req-id-number", "证件号码", "text", "text") }
            { select("req-region", "由哪个地区审核", places) }
            <Materials {needs} uploads={(*uploads).clone()} {on_added} {on_removed} show_missing={*show_missing} />
            <div class="field consent">
                <input type="checkbox" id="req-consent" />
                <label for="req-consent">{ "我确认已取得家人（或其监护人）同意，由我为其代办医保业务；所填信息和上传的证明真实有效" }</label>
            </div>
            { notice }
            <button type="submit" class="primary" disabled={*busy}>{ "提交审核" }</button>
        </form>
    }
}
