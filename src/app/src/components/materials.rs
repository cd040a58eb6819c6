//! The materials step: one row per material the item or the office's return asks for, each
//! with a button that takes a photo or picks a file. A photo is scaled down on the phone first
//! (`photo::prepare`), then sent with a progress bar; what went up is listed and can be taken
//! back. The uploads live in the draft, so a reload keeps them.

use crate::api::{attachments, ApiError};
use crate::draft::Upload;
use crate::{photo, session};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// A material to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub name: String,
    /// False for a 容缺 material, which may follow after acceptance.
    pub required: bool,
}

/// The id of the file input of the `index`-th material (focus goes there when it is missing).
pub fn input_id(index: usize) -> String {
    format!("material-file-{index}")
}

/// The required materials with no upload yet.
pub fn missing<'a>(needs: &'a [Need], uploads: &[Upload]) -> Vec<&'a Need> {
    needs
        .iter()
        .filter(|n| n.required && !uploads.iter().any(|u| u.material == n.name))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub needs: Vec<Need>,
    pub uploads: Vec<Upload>,
    pub on_added: Callback<Upload>,
    /// The id of an upload the citizen took back.
    pub on_removed: Callback<String>,
    /// Show 请上传 on every required material still missing (after 下一步 or 提交).
    #[prop_or_default]
    pub show_missing: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Sending {
    Preparing,
    Progress(u8),
    Failed(&'static str),
}

/// Each material's upload under way or failed, updated from async tasks: a reducer, so a late
/// progress event never overwrites a newer state with an old one.
#[derive(Default, PartialEq)]
struct Under(BTreeMap<String, Sending>);

impl Reducible for Under {
    type Action = (String, Option<Sending>);

    fn reduce(self: Rc<Self>, (material, state): Self::Action) -> Rc<Self> {
        let mut map = self.0.clone();
        match state {
            Some(s) => map.insert(material, s),
            None => map.remove(&material),
        };
        Rc::new(Under(map))
    }
}

fn failure(e: &ApiError) -> &'static str {
    match e {
        ApiError::Network => "网络中断，文件没有传上去，请检查网络后重新选择上传。",
        ApiError::Status(413, _) => photo::Refused::TooLarge.message(),
        ApiError::Status(415, _) => photo::Refused::Type.message(),
        ApiError::Status(429, c) if c == "upload_quota" => {
            "今天上传的材料已达上限。请先提交申请，或明天再传。"
        }
        e => e.message(),
    }
}

/// `1234567` → `1.2MB`, `20480` → `20KB`.
fn size_label(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1}MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{}KB", bytes.div_ceil(1024))
    }
}

async fn send(
    material: String,
    file: web_sys::File,
    under: UseReducerHandle<Under>,
    on_added: Callback<Upload>,
) {
    under.dispatch((material.clone(), Some(Sending::Preparing)));
    let ready = match photo::prepare(&file).await {
        Ok(r) => r,
        Err(r) => return under.dispatch((material, Some(Sending::Failed(r.message())))),
    };
    if session::ensure().await.is_none() {
        let expired = ApiError::Status(401, String::new()).message();
        return under.dispatch((material, Some(Sending::Failed(expired))));
    }
    let progress = {
        let (under, material) = (under.clone(), material.clone());
        move |share: f64| {
            let percent = (share * 100.0).clamp(0.0, 100.0) as u8;
            under.dispatch((material.clone(), Some(Sending::Progress(percent))));
        }
    };
    match attachments::upload(&material, &ready.blob, &ready.content_type, progress).await {
        Ok(up) => {
            under.dispatch((material.clone(), None));
            on_added.emit(Upload {
                id: up.id,
                material,
                name: file.name(),
                size: up.size,
            });
        }
        Err(e) => under.dispatch((material, Some(Sending::Failed(failure(&e))))),
    }
}

#[component]
pub fn Materials(props: &Props) -> Html {
    let under = use_reducer(Under::default);
    let row = |(index, need): (usize, &Need)| {
        let mine: Vec<&Upload> = props
            .uploads
            .iter()
            .filter(|u| u.material == need.name)
            .collect();
        let state = under.0.get(&need.name).cloned();
        let missing = props.show_missing && need.required && mine.is_empty();
        let input = input_id(index);
        let name_id = format!("material-name-{index}");
        let error_id = format!("material-error-{index}");
        let on_change = {
            let (under, on_added, material) =
                (under.clone(), props.on_added.clone(), need.name.clone());
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                let file = input.files().and_then(|list| list.get(0));
                // Cleared, so picking the same file again after a failure fires again.
                input.set_value("");
                if let Some(file) = file {
                    let (under, on_added) = (under.clone(), on_added.clone());
                    wasm_bindgen_futures::spawn_local(send(
                        material.clone(),
                        file,
                        under,
                        on_added,
                    ));
                }
            })
        };
        let busy = matches!(state, Some(Sending::Preparing | Sending::Progress(_)));
        let error = match &state {
            Some(Sending::Failed(m)) => Some(*m),
            _ if missing && !busy => Some("请上传这项材料"),
            _ => None,
        };
        let sending = match &state {
            Some(Sending::Preparing) => html! {
                <p class="sending" role="status">{ "正在压缩照片…" }</p>
            },
            Some(Sending::Progress(p)) => html! {
                <div class="sending" role="status">
                    <progress max="100" value={p.to_string()} aria-labelledby={name_id.clone()}></progress>
                    <span>{ format!("已上传 {p}%") }</span>
                </div>
            },
            _ => html! {},
        };
        html! {
            <div key={need.name.clone()} class={classes!("upload-row", error.map(|_| "has-error"))}>
                <p class="material-name" id={name_id.clone()}>
                    { &need.name }
                    if !need.required { <span class="mark">{ "容缺，可后补" }</span> }
                </p>
                if !mine.is_empty() {
                    <ul class="uploaded">
                        { for mine.iter().map(|u| {
                            let on_remove = {
                                let (on_removed, id) = (props.on_removed.clone(), u.id.clone());
                                Callback::from(move |_: MouseEvent| on_removed.emit(id.clone()))
                            };
                            html! {
                                <li key={u.id.clone()}>
                                    <span class="done" aria-hidden="true">{ "✓" }</span>
                                    <span class="file-name">{ &u.name }</span>
                                    <span class="file-size">{ size_label(u.size) }</span>
                                    <button type="button" class="link-button remove"
                                        aria-label={format!("删除{}", u.name)} onclick={on_remove}>{ "删除" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                }
                { sending }
                if let Some(e) = error {
                    <p class="error" id={error_id.clone()} role="alert">{ e }</p>
                }
                <input type="file" id={input.clone()} class="file-input" accept="image/*,application/pdf"
                    disabled={busy} onchange={on_change}
                    aria-describedby={match error { Some(_) => format!("{name_id} {error_id}"), None => name_id.clone() }} />
                <label for={input} class={classes!("button", "secondary", "file-button", busy.then_some("disabled"))}>
                    { if mine.is_empty() { "拍照或选择文件" } else { "再传一份" } }
                </label>
            </div>
        }
    };
    html! {
        <fieldset class="form-step uploads">
            <legend>{ "上传材料" }</legend>
            <p class="hint">{ "可以直接拍照。照片会先在手机上压缩再上传，省流量。支持 JPG、PNG 照片和 PDF，每个文件不超过 5MB。" }</p>
            { for props.needs.iter().enumerate().map(row) }
        </fieldset>
    }
}
