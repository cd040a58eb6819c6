//! The citizen's session: the shell's ticket (or, against a `--dev` gateway, a dev ticket)
//! exchanged once for a bearer token, kept on the device until it expires. Without a session
//! the app still browses the catalogue and looks up progress by receipt number + verifier.

use crate::{api, json, shell};
use gloo::storage::{LocalStorage, Storage};
use std::cell::Cell;
use std::time::Duration;

use crate::session_store::KEY;
/// The tag of the citizen whose drafts are on this device.
const CITIZEN_KEY: &str = "tongban.citizen";
/// The signature of the host ticket last exchanged on this device.
const USED_TICKET_KEY: &str = "tongban.ticket.used";

thread_local! {
    static STARTING: Cell<bool> = const { Cell::new(false) };
    /// No ticket from the host and no dev gateway: browse without a session until reload,
    /// instead of asking again on every page.
    static UNAVAILABLE: Cell<bool> = const { Cell::new(false) };
    /// Whether this page load's host ticket (if any) has been considered.
    static FRESH_SEEN: Cell<bool> = const { Cell::new(false) };
    /// A session of this device was refused (expired, ended): the way back in is the shell's
    /// login ([`shell::sign_in_again`]), not a stranger's dev ticket.
    static ENDED: Cell<bool> = const { Cell::new(false) };
}

pub use crate::session_store::token;

/// The real-name person of the stored session, for display (本人：王*明（尾号002X）) and the
/// ID field's check as the citizen types; `None` without a session or without a real name.
pub fn real_name() -> Option<tongban_rules::api::RealName> {
    json::load::<api::session::Session>(KEY)?.real_name
}

/// Another person signed in on this phone (a shared phone, another WeChat account): what the
/// previous one typed or was given stays theirs — their drafts and kept receipts are removed.
fn switch_citizen(citizen: &str) {
    let last: Option<String> = json::load(CITIZEN_KEY);
    if last.as_deref().is_some_and(|l| l != citizen) {
        crate::draft::clear_all();
        crate::receipts::forget_all();
    }
    json::save(CITIZEN_KEY, citizen);
}

/// Forgets the session (the gateway refused it).
pub fn forget() {
    if LocalStorage::raw().get_item(KEY).ok().flatten().is_some() {
        ENDED.with(|e| e.set(true));
    }
    LocalStorage::delete(KEY);
}

/// How long a page that handed the citizen to the shell's login waits to be replaced.
const LEAVING_MS: u64 = 10_000;

/// The session ended or the host's ticket failed: back through the shell's login, to this
/// page, drafts kept. `None` either way (the page is left, or it says what to do).
async fn way_back_in() -> Option<String> {
    if shell::sign_in_again() {
        gloo::timers::future::sleep(Duration::from_millis(LEAVING_MS)).await;
    }
    None
}

/// 退出登录: the gateway ends the session (its token is refused from now on, even if copied),
/// and this device forgets it with the citizen's drafts and kept receipts. Until the next page
/// load the app browses without a session instead of signing someone in again at once.
pub async fn logout() {
    if token().is_some() {
        // Offline: the token still expires on its own; the device forgets it either way.
        let _ = api::session::logout().await;
    }
    forget();
    crate::draft::clear_all();
    crate::receipts::forget_all();
    LocalStorage::delete(CITIZEN_KEY);
    UNAVAILABLE.with(|u| u.set(true));
}

/// The signature of the last ticket exchanged here: a ticket is exchanged once, so the same
/// ticket still in the URL fragment after a reload means "the session already made from it".
fn ticket_signature(ticket: &str) -> &str {
    ticket.rsplit('.').next().unwrap_or_default()
}

async fn exchange(fresh: Option<String>) -> Option<String> {
    let host = match fresh {
        Some(t) => Some(t),
        None => shell::ticket().await,
    };
    // The page load's ticket, once exchanged, is spent: a session that ends later goes back
    // through the shell's login instead of offering it again.
    let used: Option<String> = json::load(USED_TICKET_KEY);
    let spent = host
        .as_ref()
        .is_some_and(|t| used.as_deref() == Some(ticket_signature(t)));
    let host = host.filter(|_| !spent);
    let ticket = match host {
        Some(t) => t,
        None if spent || ENDED.with(Cell::get) => return way_back_in().await,
        None => match api::session::dev_ticket(shell::detect().code()).await {
            Ok(t) => t,
            Err(e) => {
                // 404: not a dev gateway, and the host gave no ticket — that will not change.
                UNAVAILABLE.with(|u| u.set(matches!(e, api::ApiError::Status(404, _))));
                return None;
            }
        },
    };
    let session = match api::session::create(&ticket).await {
        Ok(s) => s,
        // The host's ticket failed (expired, replayed, an unknown key): its login again.
        Err(api::ApiError::Status(401, _)) => return way_back_in().await,
        Err(_) => return None,
    };
    shell::signed_in();
    ENDED.with(|e| e.set(false));
    json::save(USED_TICKET_KEY, ticket_signature(&ticket));
    switch_citizen(&session.citizen);
    json::save(KEY, &session);
    Some(session.token)
}

/// A valid token: the stored one, or a new session. One exchange at a time: a second caller
/// waits for the first (two dev tickets would be two different citizens).
pub async fn ensure() -> Option<String> {
    // A ticket the host handed over on this page load wins over a stored session: the stored
    // one may be another person's (a shared phone, another WeChat account).
    let used: Option<String> = json::load(USED_TICKET_KEY);
    let fresh = if FRESH_SEEN.with(|f| f.replace(true)) {
        None
    } else {
        shell::fresh_ticket().filter(|t| used.as_deref() != Some(ticket_signature(t)))
    };
    if fresh.is_some() {
        forget();
    } else if let Some(t) = token() {
        return Some(t);
    }
    if UNAVAILABLE.with(Cell::get) {
        return None;
    }
    if STARTING.with(|s| s.replace(true)) {
        for _ in 0..200 {
            gloo::timers::future::sleep(Duration::from_millis(50)).await;
            if !STARTING.with(Cell::get) {
                return token();
            }
        }
        return token();
    }
    let t = exchange(fresh).await;
    STARTING.with(|s| s.set(false));
    t
}
