//! The citizen's preferences, remembered on the device: elder mode (适老化) and their region.

use crate::json;
use gloo::storage::LocalStorage;
use std::rc::Rc;
use yew::prelude::*;

const ELDER_KEY: &str = "tongban.elder";
/// The region the citizen chose last (or the host or their position chose for them).
pub const REGION_KEY: &str = "tongban.region";

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Prefs {
    pub elder: bool,
}

pub enum PrefsAction {
    /// The citizen's own choice (the toggle): remembered.
    SetElder(bool),
    /// The host's preference: applied, not remembered as a choice.
    Apply(bool),
}

impl Prefs {
    /// The preference saved on this device, or the default.
    pub fn load() -> Self {
        Self {
            elder: json::load_bool_in::<LocalStorage>(ELDER_KEY).unwrap_or(false),
        }
    }

    /// Whether the citizen chose on this device (their choice beats the host's).
    pub fn chosen() -> bool {
        json::load_bool_in::<LocalStorage>(ELDER_KEY).is_some()
    }
}

impl Reducible for Prefs {
    type Action = PrefsAction;

    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        match action {
            PrefsAction::SetElder(elder) => {
                // A storage failure (private mode, quota) only costs remembering the choice.
                json::save_bool_in::<LocalStorage>(ELDER_KEY, elder);
                Rc::new(Prefs { elder })
            }
            PrefsAction::Apply(elder) => Rc::new(Prefs { elder }),
        }
    }
}

/// The preferences and their dispatcher, given to every page through context.
pub type PrefsContext = UseReducerHandle<Prefs>;
