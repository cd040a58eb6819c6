//! What brings the citizen back to the host when the host must act: a session that ended
//! (each shell's own login, back to the same page, drafts kept) and a subscription that was
//! used up (the native 订阅办件进度 page again after a 补正 or a decision).

use super::{alipay, detect, in_mini_program, provincial, wechat, ShellKind};
use crate::json;
use gloo::storage::LocalStorage;
use tongban_rules::lifecycle::Status;
use yew::Callback;

/// When the page last sent the citizen back through a login: once in two minutes at most, so
/// a login that keeps failing shows the page's message instead of a loop.
const SIGNED_IN_AGAIN: &str = "tongban.signin.again";
const AGAIN_MS: f64 = 120_000.0;

/// The page the citizen is on: path and query (the ticket is already out of the address).
pub fn here() -> String {
    let location = gloo::utils::window().location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    format!("{path}{search}")
}

/// The template's native index page, which logs in again and opens the H5 at `path`.
pub fn index_page_url(path: &str) -> String {
    format!(
        "/pages/index/index?path={}",
        js_sys::encode_uri_component(path)
    )
}

/// The session ended or the host's ticket failed: back through the shell's own login to this
/// page — WeChat and Alipay relaunch the template's index page with the path (`reLaunch`), 浙里办
/// goes to its login (`provincial`'s redirect). `true`: the page is being left. `false`: no
/// login to go through (a plain browser, a login just tried): the page says what to do.
/// Drafts stay on the device: the same citizen coming back finds them.
pub fn sign_in_again() -> bool {
    let kind = detect();
    if kind == ShellKind::Browser {
        return false;
    }
    let now = js_sys::Date::now();
    let last: Option<f64> = json::load_in::<LocalStorage, _>(SIGNED_IN_AGAIN);
    if last.is_some_and(|t| now - t < AGAIN_MS && now >= t) {
        return false;
    }
    json::save_in::<LocalStorage, _>(SIGNED_IN_AGAIN, &now);
    let url = index_page_url(&here());
    match kind {
        ShellKind::WeChat => wechat::relaunch(&url),
        ShellKind::Alipay => alipay::relaunch(&url),
        ShellKind::Provincial => provincial::login_again(),
        ShellKind::Browser => false,
    }
}

/// The citizen is in again: the next ended session may go through the login at once.
pub fn signed_in() {
    <LocalStorage as gloo::storage::Storage>::delete(SIGNED_IN_AGAIN);
}

/// Receipts and the statuses their subscription page was offered at, newest last.
const OFFERED: &str = "tongban.subscribe.offered";
const OFFERED_KEPT: usize = 50;

/// The progress page of a receipt inside a mini-program: after a 补正 (退回补正) or a decision
/// (已受理), the one-time subscriptions the citizen gave at submission are used up, so the
/// native 订阅办件进度 page opens once more — once per receipt and status, never again on a
/// reload. `on_fail`: the host could not open it.
pub fn offer_subscription_again(receipt_no: &str, status: Status, on_fail: Callback<()>) {
    if !in_mini_program() || !matches!(status, Status::Returned | Status::Accepted) {
        return;
    }
    let mut offered: Vec<(String, String)> = json::load(OFFERED).unwrap_or_default();
    let this = (receipt_no.to_owned(), status.code().to_owned());
    if offered.contains(&this) {
        return;
    }
    offered.push(this);
    let skip = offered.len().saturating_sub(OFFERED_KEPT);
    json::save(OFFERED, &offered[skip..].to_vec());
    let url = format!(
        "/pages/subscribe/subscribe?receipt_no={}&step={}",
        js_sys::encode_uri_component(receipt_no),
        status.code()
    );
    match detect() {
        ShellKind::WeChat => wechat::navigate(&url, on_fail),
        ShellKind::Alipay => alipay::navigate(&url, on_fail),
        _ => {}
    }
}
