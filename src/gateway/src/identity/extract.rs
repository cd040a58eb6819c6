//! Extractors: `Citizen` (a valid session is required), `MaybeCitizen` (a session if one was
//! sent; `MaybeSession` the same with its revocation read by the route), `Operator` (a named
//! operator's live token), `Clerk` / `Auditor` (an operator of that role) and `Worker` (a clerk
//! or the core system's account). An operator token refused (401:
//! unknown, expired, revoked) and an operator refused for their role (403) are audited before
//! the refusal answers (`refused.401`, `refused.403`); the unknown token by its fingerprint only.

use super::{once, token::Refusal};
use crate::accounts::{self, Account, Role};
use crate::audit::{self, Entry};
use crate::{state::AppState, AppError};
use axum::{
    extract::{ConnectInfo, FromRequestParts, MatchedPath, OriginalUri},
    http::request::Parts,
};
use std::net::SocketAddr;
use tongban_rules::validate::CreditCode;

/// A citizen with a session; `owner` is `<shell>:<host user id>`, or `unit:<credit code>` for a
/// unit's session (单位代办).
#[derive(Debug, Clone)]
pub struct Citizen {
    pub owner: String,
    /// The unit this session speaks for (its ticket's subject was `unit:<credit code>`).
    pub unit: Option<CreditCode>,
    /// The citizen's real-name ID hash from their ticket (`idh`), if the integrator sent one.
    /// Who the person is: every write checks it (`real_name`).
    pub idh: Option<String>,
    /// The shell the session came from (`wechat`, `alipay`, `provincial`, `browser`).
    pub shell: String,
    /// The real-name person as the app shows them (masked name, ID tail): display only.
    pub display: tongban_rules::api::RealName,
    /// The session's id (`once::token_id`) and expiry (Unix seconds), for logout.
    pub session: String,
    pub expires_at: i64,
}

pub struct MaybeCitizen(pub Option<Citizen>);

/// A signed-in operator and the address they called from (for the audit trail).
#[derive(Debug, Clone)]
pub struct Operator {
    pub account: Account,
    pub client: String,
}

impl Operator {
    pub fn name(&self) -> &str {
        &self.account.name
    }

    /// The audit row of `action` by this operator, from their address, of their regions.
    pub fn audit(&self, action: &'static str) -> Entry<'_> {
        Entry::by(self.name(), &self.client, action).scope(Some(&self.account.regions))
    }

    /// Whether this operator may see applications of `region`.
    pub fn serves(&self, region: &str) -> bool {
        self.account.regions.covers(region)
    }
}

/// An operator of the clerk role: works the queue of their regions.
pub struct Clerk(pub Operator);

/// An operator of the auditor role: reads the audit log.
pub struct Auditor(pub Operator);

/// An operator who works the queue: a clerk, or the core 经办 system's account (`Role::System`),
/// which reads the queue and applications of its regions (their materials too) and makes the
/// moves — nothing a person does at the office (窗口代录, receipts, appointments, statistics).
pub struct Worker(pub Operator);

/// Operator tokens carry this prefix (`accounts`), so a citizen's session is never looked up.
const OPERATOR_PREFIX: &str = "tbo_";

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn session_refused(r: Refusal) -> AppError {
    let (code, message) = match r {
        Refusal::Expired => ("session_expired", "the session has expired; sign in again"),
        _ => ("session_invalid", "the session token is not valid"),
    };
    AppError::Unauthorized {
        code,
        message: message.into(),
    }
}

fn session_revoked() -> AppError {
    AppError::Unauthorized {
        code: "session_revoked",
        message: "this session was ended by logout; sign in again".into(),
    }
}

/// The session's signature and expiry checked, not yet whether it was ended (`once`).
fn signed(parts: &Parts, state: &AppState) -> Result<Citizen, AppError> {
    let token = bearer(parts).ok_or_else(|| AppError::Unauthorized {
        code: "session_required",
        message: "send Authorization: Bearer <session token> from POST /api/v1/session".into(),
    })?;
    let claims = state
        .keys
        .verify_session(token, chrono::Utc::now().timestamp())
        .map_err(session_refused)?;
    Ok(Citizen {
        owner: claims.owner(),
        unit: claims.unit(),
        idh: claims.idh.clone(),
        shell: claims.shell.clone(),
        display: tongban_rules::api::RealName {
            name: claims.nm.clone(),
            id_tail: claims.idt.clone(),
        },
        session: once::token_id(token),
        expires_at: claims.exp,
    })
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Unconfirmed(signed(parts, state)?).check(&state.store).await
    }
}

impl FromRequestParts<AppState> for MaybeCitizen {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if bearer(parts).is_none() {
            return Ok(Self(None));
        }
        Citizen::from_request_parts(parts, state)
            .await
            .map(|c| Self(Some(c)))
    }
}

/// A session if one was sent, signed and unexpired, whose revocation a route reads in its own
/// statement (`GET /applications/{receipt_no}`: `applications::view::for_session`), saving a
/// round trip: the citizen comes only through [`Unconfirmed::confirm`] or
/// [`Unconfirmed::check`], so an ended session is refused on this request as by [`Citizen`].
pub struct MaybeSession(pub Option<Unconfirmed>);

/// A signed session not yet checked against the ended ones.
pub struct Unconfirmed(Citizen);

impl Unconfirmed {
    /// The session's id (`once::token_id`), to read its revocation with.
    pub fn session(&self) -> &str {
        &self.0.session
    }

    /// The citizen, unless `revoked` (read for [`Self::session`] on this request) says the
    /// session was ended.
    pub fn confirm(self, revoked: bool) -> Result<Citizen, AppError> {
        if revoked {
            return Err(session_revoked());
        }
        Ok(self.0)
    }

    /// The citizen, once a read of its own says the session was not ended.
    pub async fn check(self, store: &crate::store::Store) -> Result<Citizen, AppError> {
        let revoked = once::is_revoked(store, &self.0.session).await?;
        self.confirm(revoked)
    }
}

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if bearer(parts).is_none() {
            return Ok(Self(None));
        }
        signed(parts, state).map(|c| Self(Some(Unconfirmed(c))))
    }
}

/// The client as the lookup limits see it: behind a trusted proxy, its X-Forwarded-For.
fn client_of(parts: &Parts, state: &AppState) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| {
            crate::client_addr::client(c.0.ip(), &parts.headers, &state.trusted_proxies).to_string()
        })
        .unwrap_or_default()
}

/// The request as a refusal row names it: the method and the route's template
/// (`POST /api/v1/operator/applications/{receipt_no}/{action}`), never a value typed into the
/// path or the query (a clerk may paste an ID number where a receipt number belongs).
fn request_line(parts: &Parts) -> String {
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map_or("?", MatchedPath::as_str);
    format!("{} {route}", parts.method)
}

/// The receipt number in the request's path, when a segment is one (and only then).
fn receipt_in(parts: &Parts) -> Option<String> {
    let path = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(parts.uri.path(), |u| u.0.path());
    path.split('/').find_map(tongban_rules::receipt_no::parse)
}

/// Records `entry`, then answers `error`; if the row cannot be written, that failure instead.
pub async fn refuse(state: &AppState, entry: Entry<'_>, error: AppError) -> AppError {
    match audit::record(&state.store, entry, chrono::Utc::now()).await {
        Ok(()) => error,
        Err(failed) => failed,
    }
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let refused = |code, message: &str| AppError::Unauthorized {
            code,
            message: message.into(),
        };
        let token = bearer(parts)
            .filter(|t| t.starts_with(OPERATOR_PREFIX))
            .ok_or_else(|| {
                refused(
                    "operator_token_required",
                    "send Authorization: Bearer <your operator token> (tongban-gateway operator add)",
                )
            })?;
        let client = client_of(parts, state);
        let refusal = match accounts::authenticate(&state.store, token, chrono::Utc::now()).await? {
            Ok(account) => return Ok(Operator { account, client }),
            Err(refusal) => refusal,
        };
        let (code, message, who, scope) = match &refusal {
            accounts::Refusal::Unknown => (
                "operator_token_invalid",
                "this operator token is not known",
                audit::fingerprint(&accounts::token_hash(token)),
                None,
            ),
            accounts::Refusal::Expired(a) => (
                "operator_token_expired",
                "this operator token has expired",
                a.name.clone(),
                Some(&a.regions),
            ),
            accounts::Refusal::Revoked(a) => (
                "operator_token_revoked",
                "this operator token was revoked",
                a.name.clone(),
                Some(&a.regions),
            ),
        };
        let mut detail = format!("{code} {}", request_line(parts));
        if matches!(refusal, accounts::Refusal::Unknown) {
            use crate::identity::flood::Verdict;
            match state.unknown_tokens.admit(&client, chrono::Utc::now()) {
                Verdict::Record { unrecorded: 0 } => {}
                Verdict::Record { unrecorded } => detail.push_str(&format!(
                    "; {unrecorded} more from this address in its last minute answered 429 unrecorded"
                )),
                Verdict::RecordLast => detail.push_str(
                    "; further ones from this address this minute are answered 429 unrecorded",
                ),
                Verdict::Quiet { retry_after_secs } => {
                    return Err(AppError::RateLimited {
                        code: "too_many_refusals",
                        message: "too many unknown operator tokens from this address".into(),
                        retry_after_secs,
                    })
                }
            }
        }
        let receipt = receipt_in(parts);
        let mut entry = Entry::by(&who, &client, "refused.401")
            .scope(scope)
            .detail(detail);
        entry.receipt_no = receipt.as_deref();
        Err(refuse(state, entry, refused(code, message)).await)
    }
}

fn role_required(role: Role) -> AppError {
    AppError::Forbidden {
        code: "role_forbidden",
        message: format!("this needs an operator of the `{}` role", role.code()),
    }
}

/// 403 `role_forbidden` to `op`, who lacks `role`, recorded first.
async fn role_refused(state: &AppState, parts: &Parts, op: &Operator, role: Role) -> AppError {
    let receipt = receipt_in(parts);
    let mut entry = op
        .audit("refused.403")
        .detail(format!("role_forbidden {}", request_line(parts)));
    entry.receipt_no = receipt.as_deref();
    refuse(state, entry, role_required(role)).await
}

impl FromRequestParts<AppState> for Clerk {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Clerk => Ok(Clerk(op)),
            Role::Auditor | Role::System | Role::Editor => {
                Err(role_refused(state, parts, &op, Role::Clerk).await)
            }
        }
    }
}

impl FromRequestParts<AppState> for Auditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Auditor => Ok(Auditor(op)),
            Role::Clerk | Role::System | Role::Editor => {
                Err(role_refused(state, parts, &op, Role::Auditor).await)
            }
        }
    }
}

impl FromRequestParts<AppState> for Worker {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Clerk | Role::System => Ok(Worker(op)),
            Role::Auditor | Role::Editor => Err(role_refused(state, parts, &op, Role::Clerk).await),
        }
    }
}

/// Either a worker (a clerk's or the system's token) or a citizen (session): who may read a
/// stored file.
pub enum Reader {
    Operator(Operator),
    Citizen(Citizen),
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if bearer(parts).is_some_and(|t| t.starts_with(OPERATOR_PREFIX)) {
            return Worker::from_request_parts(parts, state)
                .await
                .map(|Worker(op)| Self::Operator(op));
        }
        Citizen::from_request_parts(parts, state)
            .await
            .map(Self::Citizen)
    }
}
