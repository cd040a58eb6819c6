//! The plain mobile browser, and the fallback of every host call the other hosts cannot make.
//! Identity comes only from the URL fragment (an integrator's page may open the H5 with
//! `#ticket=…`); there is no native page to hand navigation to, so the caller shows a web map
//! link; there is no host to post to; the title is the document's.

use super::{fragment, HostMessage, Place};

pub fn ticket() -> Option<String> {
    fragment::param("ticket")
}

/// A browser has no native map page: the caller shows [`super::map_link`].
pub fn open_location(_place: &Place) -> bool {
    false
}

/// Nobody to tell: the window event [`super::post_message`] dispatches is all there is.
pub fn post_message(_message: &HostMessage) {}

pub fn set_title(title: &str) {
    gloo::utils::document().set_title(title);
}

pub fn elder_preference() -> Option<bool> {
    fragment::elder()
}
