//! Drafts: what the citizen typed, saved on the device per item after every change, so a
//! reload or a killed web-view loses nothing. The draft also keeps the submission's
//! Idempotency-Key, so a retry after a network drop never makes a second application.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::rc::Rc;
use tongban_rules::form::Values;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Draft {
    pub values: Values,
    /// Fields the citizen has left at least once: their errors show.
    #[serde(default)]
    pub touched: BTreeSet<String>,
    #[serde(default)]
    pub step: usize,
    /// The signed 承诺书 (承诺制 items).
    #[serde(default)]
    pub signed: bool,
    /// Sent as `Idempotency-Key` with the submission.
    pub key: String,
    /// Materials already uploaded (`POST /attachments`), sent with the submission.
    #[serde(default)]
    pub uploads: Vec<Upload>,
    /// 亲情代办: the binding through which this is filed for a family member (为谁办理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

/// One uploaded file: the gateway's id and what the citizen sees of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    pub id: String,
    /// The material it is for, as the item or the office's return names it.
    pub material: String,
    /// The file's own name, or 照片 for a photo taken on the spot.
    pub name: String,
    pub size: u64,
}

const PREFIX: &str = "tongban.draft.";

/// The storage key of an item's draft (or of a resubmission's: `scope` = receipt number).
pub fn storage_key(region: &str, scope: &str) -> String {
    format!("{PREFIX}{region}.{scope}")
}

/// Every draft on the device (another citizen signed in on it).
pub fn clear_all() {
    crate::json::remove_prefixed(PREFIX);
}

/// A fresh, unguessable enough Idempotency-Key: time + randomness, 8–100 printable chars.
pub fn new_key() -> String {
    let r = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("tb-{:x}-{:08x}{:08x}", js_sys::Date::now() as u64, r(), r())
}

impl Draft {
    pub fn new() -> Self {
        Self {
            key: new_key(),
            ..Self::default()
        }
    }

    /// The saved draft, if any.
    pub fn load(key: &str) -> Option<Self> {
        crate::json::load(key)
    }

    /// Whether the citizen had typed anything (a restored draft says so).
    pub fn has_content(&self) -> bool {
        self.values.values().any(|v| !v.trim().is_empty())
    }

    pub fn save(&self, key: &str) {
        // A full or disabled storage only costs the autosave, never the form.
        crate::json::save(key, self);
    }

    pub fn clear(key: &str) {
        LocalStorage::delete(key);
    }
}

/// A change to the draft, applied to its newest state: an upload that finishes late must not
/// undo what was typed or chosen meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftAction {
    /// The citizen typed or chose `value` for the field at `path`.
    Input { path: String, value: String },
    /// The citizen left these fields: their errors show.
    Touch(Vec<String>),
    /// To step `step`, with these fields' errors shown (a step that did not pass, or the
    /// gateway's refusal).
    Show { step: usize, touched: Vec<String> },
    /// To step `step`.
    Go(usize),
    /// The 承诺书 signed or not.
    Sign(bool),
    /// 重新填写: everything but the Idempotency-Key goes.
    Restart,
    /// A material uploaded.
    Uploaded(Upload),
    /// An uploaded material removed, by the gateway's id.
    Removed(String),
}

impl Draft {
    /// Applies `action`: the pure half of [`Reducible::reduce`].
    pub fn apply(&mut self, action: DraftAction) {
        match action {
            DraftAction::Input { path, value } => {
                self.values.insert(path, value);
            }
            DraftAction::Touch(paths) => self.touched.extend(paths),
            DraftAction::Show { step, touched } => {
                self.step = step;
                self.touched.extend(touched);
            }
            DraftAction::Go(step) => self.step = step,
            DraftAction::Sign(signed) => self.signed = signed,
            DraftAction::Restart => {
                *self = Draft {
                    key: std::mem::take(&mut self.key),
                    ..Draft::default()
                }
            }
            DraftAction::Uploaded(upload) => self.uploads.push(upload),
            DraftAction::Removed(id) => self.uploads.retain(|u| u.id != id),
        }
    }
}

impl Reducible for Draft {
    type Action = DraftAction;

    fn reduce(self: Rc<Self>, action: DraftAction) -> Rc<Self> {
        let mut d = (*self).clone();
        d.apply(action);
        Rc::new(d)
    }
}

// Native tests: the logic is pure (`cargo test -p tongban-app --lib`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{Draft, DraftAction, Upload};

    fn upload(id: &str) -> Upload {
        Upload {
            id: id.into(),
            material: "身份证".into(),
            name: "照片".into(),
            size: 1,
        }
    }

    #[test]
    fn a_late_upload_keeps_what_was_typed_meanwhile() {
        let mut d = Draft::default();
        d.apply(DraftAction::Input {
            path: "applicant.name".into(),
            value: "张三".into(),
        });
        d.apply(DraftAction::Uploaded(upload("a1")));
        assert_eq!(
            d.values.get("applicant.name").map(String::as_str),
            Some("张三")
        );
        assert_eq!(d.uploads.len(), 1);
        d.apply(DraftAction::Removed("a1".into()));
        assert!(d.uploads.is_empty());
    }

    #[test]
    fn show_moves_to_the_step_and_marks_its_fields_touched() {
        let mut d = Draft::default();
        d.apply(DraftAction::Touch(vec!["a".into()]));
        d.apply(DraftAction::Show {
            step: 2,
            touched: vec!["b".into(), "c".into()],
        });
        assert_eq!(d.step, 2);
        assert_eq!(d.touched.iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        d.apply(DraftAction::Go(0));
        assert_eq!(d.step, 0);
    }

    #[test]
    fn restart_clears_everything_but_the_idempotency_key() {
        let mut d = Draft {
            key: "tb-1".into(),
            ..Draft::default()
        };
        d.apply(DraftAction::Sign(true));
        d.apply(DraftAction::Input {
            path: "x".into(),
            value: "1".into(),
        });
        d.apply(DraftAction::Uploaded(upload("a1")));
        d.apply(DraftAction::Restart);
        assert_eq!(
            d,
            Draft {
                key: "tb-1".into(),
                ..Draft::default()
            }
        );
    }
}
