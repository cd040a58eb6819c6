//! The app's routes. Paths carry region codes, item ids and receipt numbers, never personal
//! data (the progress verifier travels in a header).

use yew_router::Routable;

/// Routes live in the fragment (`index.html#/items/…`) when the page says
/// `<meta name="tongban-routing" content="hash">` (`pkg-scripts/package --hash`): for hosts that
/// serve the bundle as plain files under any path, such as 浙里办's `…/reserved/index.html#/…`.
/// Otherwise they are paths under the page's `<base href>` (`/` or `TONGBAN_BASE_PATH`).
pub fn hash_routing() -> bool {
    gloo::utils::document()
        .query_selector("meta[name=tongban-routing][content=hash]")
        .ok()
        .flatten()
        .is_some()
}

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    /// 一次性告知: everything about one item before applying.
    #[at("/items/:region/:id")]
    Guide { region: String, id: String },
    #[at("/apply/:region/:id")]
    Apply { region: String, id: String },
    /// Correcting an application returned for 补正.
    #[at("/resubmit/:region/:id/:receipt_no")]
    Resubmit {
        region: String,
        id: String,
        receipt_no: String,
    },
    #[at("/receipt/:receipt_no")]
    Receipt { receipt_no: String },
    /// 我的办件, and the lookup by receipt number + verifier.
    #[at("/me")]
    Mine,
    #[at("/applications/:receipt_no")]
    Progress { receipt_no: String },
    #[at("/messages")]
    Messages,
    #[at("/offices")]
    Offices,
    /// 亲情代办: bind family members and file for them.
    #[at("/family")]
    Family,
    /// 我的预约: hall appointments and home visits.
    #[at("/appointments")]
    Appointments,
    /// 预约办理: a place in an office's slot for item `id` (`-`: chosen on the page).
    #[at("/book/:region/:id")]
    Book { region: String, id: String },
    /// 预约上门: a home visit for item `id`.
    #[at("/visit/:region/:id")]
    Visit { region: String, id: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}
