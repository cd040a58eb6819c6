//! Sessions: a shell's signed ticket exchanged for a bearer token.

use super::{fetch, fetch_empty, post_json, ApiError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    /// The same for every session of the same citizen (an opaque tag).
    #[serde(default)]
    pub citizen: String,
    /// The real-name person the shell verified (display only); absent without one.
    #[serde(default)]
    pub real_name: Option<tongban_rules::api::RealName>,
}

#[derive(Serialize)]
struct TicketBody<'a> {
    ticket: &'a str,
}

#[derive(Deserialize)]
struct DevTicket {
    ticket: String,
}

/// `POST /session` `{ticket}`
pub async fn create(ticket: &str) -> Result<Session, ApiError> {
    fetch(post_json("/session", &TicketBody { ticket }, &[])?).await
}

/// `POST /session/dev-ticket`: a ticket for a new random user (gateway `--dev` only).
pub async fn dev_ticket(shell: &str) -> Result<String, ApiError> {
    #[derive(Serialize)]
    struct Body<'a> {
        shell: &'a str,
    }
    let t: DevTicket = fetch(post_json("/session/dev-ticket", &Body { shell }, &[])?).await?;
    Ok(t.ticket)
}

/// `POST /session/logout`: the gateway refuses this session's token from now on.
pub async fn logout() -> Result<(), ApiError> {
    #[derive(Serialize)]
    struct Empty {}
    fetch_empty(post_json("/session/logout", &Empty {}, &[])?).await
}
