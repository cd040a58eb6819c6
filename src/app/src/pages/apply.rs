//! Apply (and resubmit after 退回补正): the item's form in steps; the submission carries the
//! draft's Idempotency-Key, so pressing 重新提交 after a network drop never makes a second
//! application. After success the draft is cleared and the receipt shown.

use crate::api::catalogue::ItemView;
use crate::api::family;
use crate::api::{self, applications, ApiError};
use crate::components::commitment::Commitment;
use crate::components::form_view::{answers, FormView};
use crate::components::materials::Need;
use crate::components::notice::{self, failure, skeleton, Loaded};
use crate::draft::{self, Draft};
use crate::load::{use_load, Load};
use crate::pages::family::ForWhom;
use crate::router::{use_navigator, Link};
use crate::shell::{self, HostMessage};
use crate::{receipts, route::Route, session};
use std::rc::Rc;
use tongban_rules::api::Member;
use tongban_rules::catalogue::{Item, Subject};
use tongban_rules::form::Form;
use tongban_rules::FieldError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub region: String,
    pub id: String,
    /// The receipt number of an application returned for 补正.
    #[prop_or_default]
    pub resubmit: Option<String>,
}

#[derive(Clone, PartialEq, Default)]
struct Sending {
    busy: bool,
    errors: Vec<FieldError>,
    failure: Option<String>,
}

enum Done {
    Receipt(applications::Receipt),
    Resubmitted(String),
}

/// One attempt, retried once with a fresh session (expired token). Never with a fresh key: a
/// key the gateway says it has seen made an application (`ApiError::AlreadySubmitted`), which
/// the citizen is shown instead of a second one being made.
async fn send(
    item: &Item,
    form: &Form,
    resubmit: Option<&str>,
    d: &Draft,
) -> Result<Done, ApiError> {
    let values = answers(form, &d.values);
    let uploads: Vec<String> = d.uploads.iter().map(|u| u.id.clone()).collect();
    for attempt in 0..2 {
        if session::ensure().await.is_none() {
            return Err(ApiError::Status(401, "session_required".into()));
        }
        let result = match resubmit {
            None => applications::submit(
                &item.region,
                &item.id,
                &values,
                &uploads,
                &d.key,
                d.member.as_deref(),
            )
            .await
            .map(Done::Receipt),
            Some(no) => applications::resubmit(no, &values, &uploads, &d.key)
                .await
                .map(|_| Done::Resubmitted(no.to_owned())),
        };
        match result {
            Err(ApiError::Status(401, _)) if attempt == 0 => session::forget(),
            other => return other,
        }
    }
    Err(ApiError::Network)
}

/// A correction's starting point: what the office asked for, and the stored answers put in the
/// draft (unless a draft of the correction is already on the device).
async fn seed_correction(
    receipt_no: &str,
    storage: &str,
) -> Result<Option<applications::Asked>, ApiError> {
    let asked = applications::progress(receipt_no, None).await?.asked;
    if Draft::load(storage).is_none() {
        let values = applications::answers(receipt_no).await?;
        Draft {
            values,
            ..Draft::new()
        }
        .save(storage);
    }
    Ok(asked)
}

/// 该申请已提交: the application the first press made, and where to follow (or revoke) it.
fn already_submitted(receipt_no: &str) -> Html {
    html! {
        <div class="notice already-submitted" role="status">
            <p><strong>{ "该申请已提交" }</strong></p>
            <p>{ "受理编号：" }<span class="receipt-no">{ crate::components::receipt_no::groups(receipt_no) }</span></p>
            <p>{ "第一次提交已经成功，没有再提交一份。如需修改填写的内容，可在办理进度中撤销后重新申请。" }</p>
            <Link to={Route::Progress { receipt_no: receipt_no.to_owned() }} classes="button primary">{ "查看进度" }</Link>
        </div>
    }
}

#[component]
pub fn Apply(props: &Props) -> Html {
    let sending = use_state(Sending::default);
    // 为谁办理: bumped when the choice rewrote the draft, so the form reloads it.
    let chosen = use_state(|| 0u32);
    // The receipt of the application this draft's key already made (its answer was lost).
    let already = use_state(|| None::<String>);
    let navigator = use_navigator();
    use_effect_with((), |_| shell::set_title("在线申请"));
    let Load {
        state: item,
        retry: item_retry,
    } = use_load(
        (props.region.clone(), props.id.clone()),
        |(region, id)| async move { api::item_with_form(&region, &id).await },
    );
    let storage = draft::storage_key(
        &props.region,
        props.resubmit.as_deref().unwrap_or(&props.id),
    );
    // On a correction, what the office asked for stays in view above the form, and the stored
    // answers come back from the gateway to be corrected (a draft of the correction, if one is
    // on the device, wins). Until they are here the form waits.
    // The form waits for the session too: when another person signs in on this phone, the
    // previous person's draft is removed (`session::switch_citizen`) before it could be shown. A
    // correction that cannot load what was asked or answered says so, with 重试. A new
    // application waits for the family members bound to this person (为谁办理), so that in 长辈版
    // its page is there from the start rather than slipped in front of a question being read.
    let Load {
        state: seeded,
        retry: seed_retry,
    } = use_load(
        (props.resubmit.clone(), storage.clone()),
        |(no, storage)| async move {
            session::ensure().await;
            match no {
                Some(no) => Ok((seed_correction(&no, &storage).await?, Rc::new(vec![]))),
                None => Ok((None, Rc::new(family::live_members().await))),
            }
        },
    );
    let (asked, members): (Option<applications::Asked>, Rc<Vec<Member>>) = match &*seeded {
        Some(Ok((a, m))) => (a.clone(), m.clone()),
        _ => (None, Rc::default()),
    };
    // 重试 asks again for whichever of the two failed.
    let retry = {
        let (item_failed, seed_failed) = (
            matches!(&*item, Some(Err(_))),
            matches!(&*seeded, Some(Err(_))),
        );
        Callback::from(move |e: MouseEvent| {
            if item_failed {
                item_retry.emit(e.clone());
            }
            if seed_failed {
                seed_retry.emit(e);
            }
        })
    };
    let body = match (&*item as &Loaded<ItemView>, &*seeded) {
        _ if already.is_some() => already_submitted(already.as_deref().unwrap_or_default()),
        (None, _) | (_, None) => skeleton(),
        (Some(Err(e)), _) | (_, Some(Err(e))) => failure(e, retry),
        (Some(Ok(v)), _) if v.item.no_application.is_true() => html! {
            <p class="notice">{ "本事项免申即享，无需申请，符合条件的待遇会自动发放。" }</p>
        },
        (
            Some(Ok(ItemView {
                item: i, schema, ..
            })),
            Some(Ok(_)),
        ) => match schema.clone() {
            None => {
                html! { <p class="notice">{ "本事项暂不能在手机上申请，请到经办网点办理。" }</p> }
            }
            Some(form) => {
                let on_submit = {
                    let (i, sending, storage) = (i.clone(), sending.clone(), storage.clone());
                    let already = already.clone();
                    let form: Rc<Form> = form.clone();
                    let resubmit = props.resubmit.clone();
                    let navigator = navigator.clone();
                    Callback::from(move |d: Draft| {
                        let (i, form, sending, storage, resubmit, navigator) = (
                            i.clone(),
                            form.clone(),
                            sending.clone(),
                            storage.clone(),
                            resubmit.clone(),
                            navigator.clone(),
                        );
                        let already = already.clone();
                        sending.set(Sending {
                            busy: true,
                            ..(*sending).clone()
                        });
                        wasm_bindgen_futures::spawn_local(async move {
                            match send(&i, &form, resubmit.as_deref(), &d).await {
                                Ok(done) => {
                                    // Submitted: nothing typed stays on the device. A
                                    // correction after 退回补正 gets the answers from the gateway.
                                    Draft::clear(&storage);
                                    let to = match done {
                                        Done::Receipt(r) => {
                                            shell::post_message(&HostMessage::Submitted {
                                                receipt_no: r.receipt_no.clone(),
                                                item: i.id.clone(),
                                            });
                                            let no = r.receipt_no.clone();
                                            let applicant = r.acting.as_ref().and_then(|_| d.values.get("applicant.name")).map(|n| tongban_rules::api::mask::name(n));
                                            receipts::remember(&receipts::Kept { receipt: r, item_name: i.name.clone(), applicant });
                                            Route::Receipt { receipt_no: no }
                                        }
                                        Done::Resubmitted(no) => Route::Progress { receipt_no: no },
                                    };
                                    sending.set(Sending::default());
                                    if let Some(n) = navigator {
                                        n.push(&to);
                                    }
                                }
                                Err(ApiError::AlreadySubmitted(no)) => {
                                    // The first submission went through; its answer was lost.
                                    // It stands as it was sent: nothing typed stays here, and
                                    // the host hears of it now if it did not then.
                                    Draft::clear(&storage);
                                    shell::post_message(&HostMessage::Submitted {
                                        receipt_no: no.clone(),
                                        item: i.id.clone(),
                                    });
                                    sending.set(Sending::default());
                                    already.set(Some(no));
                                }
                                Err(ApiError::Invalid(errors)) => sending.set(Sending {
                                    busy: false,
                                    failure: Some(ApiError::Invalid(vec![]).message().into()),
                                    errors,
                                }),
                                Err(e) => sending.set(Sending {
                                    busy: false,
                                    errors: vec![],
                                    failure: Some(match e {
                                        ApiError::Network => "网络中断，申请可能没有提交成功。请检查网络后点“重新提交”，不会重复提交。".into(),
                                        e => e.message().into(),
                                    }),
                                }),
                            }
                        });
                    })
                };
                let commitment = i
                    .commitment
                    .is_true()
                    .then(|| Commitment { item: i.clone() });
                let label = props.resubmit.as_ref().map(|_| "提交补正".to_owned());
                // A correction brings what the office asked for; a new application what the
                // item needs (none of the seed items names one: `Item::uploads`).
                let needs: Vec<Need> = match (&props.resubmit, &asked) {
                    (Some(_), Some(a)) => a
                        .materials
                        .iter()
                        .map(|m| Need {
                            name: m.clone(),
                            required: true,
                        })
                        .collect(),
                    (Some(_), None) => vec![],
                    // `required` as `Item::required_uploads`, the gateway's `materials_missing`.
                    (None, _) => i
                        .uploads()
                        .map(|m| Need {
                            name: m.name.clone(),
                            required: m.always_required(i.commitment.is_true()),
                        })
                        .collect(),
                };
                let on_change = {
                    let chosen = chosen.clone();
                    Callback::from(move |()| chosen.set(*chosen + 1))
                };
                let for_whom = props.resubmit.is_none().then(|| {
                    html! {
                        <ForWhom storage_key={storage.clone()} members={members.clone()} {on_change} />
                    }
                });
                // 本人: filed for oneself, the applicant is the session's real-name person,
                // shown above the form and checked on the ID field as it is typed.
                let for_self = Draft::load(&storage).is_none_or(|d| d.member.is_none());
                let applicant = (for_self && i.subject == Subject::Person)
                    .then(session::real_name)
                    .flatten();
                let me = applicant.as_ref().map(|r| {
                    html! { <p class="real-name" role="note">{ r.label() }</p> }
                });
                // 为谁办理 and whose name it is: above the first page, or in 长辈版 (when there is
                // someone to choose) a page of its own before the first question.
                let lead = html! { <>{ for_whom }{ me }</> };
                let lead_asks = props.resubmit.is_none() && !members.is_empty();
                html! {
                    <FormView key={format!("{storage}#{}", *chosen)} {form} storage_key={storage.clone()} {commitment} {needs}
                        submitting={sending.busy} server_errors={sending.errors.clone()}
                        failure={sending.failure.clone()} submit_label={label} {applicant} {lead} {lead_asks} {on_submit} />
                }
            }
        },
    };
    let title = match &*item {
        Some(Ok(v)) => v.item.name.clone(),
        _ => "在线申请".to_owned(),
    };
    html! {
        <section class="apply" aria-labelledby="apply-title">
            <p class="eyebrow">{ if props.resubmit.is_some() { "补正材料" } else { "在线申请" } }</p>
            <h2 id="apply-title">{ title }</h2>
            if let Some(a) = &asked { { notice::asked(a) } }
            { body }
        </section>
    }
}
