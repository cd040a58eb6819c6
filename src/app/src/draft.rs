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
pub struct Edit(Box<dyn FnOnce(&mut Draft)>);

impl Edit {
    pub fn new(f: impl FnOnce(&mut Draft) + 'static) -> Self {
        Self(Box::new(f))
    }
}

impl Reducible for Draft {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut d = (*self).clone();
        (edit.0)(&mut d);
        Rc::new(d)
    }
}
