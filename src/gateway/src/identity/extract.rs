//! Extractors: `Citizen` (a valid session is required), `MaybeCitizen` (a session if one was
//! sent), `Operator` (a named operator's live token), `Clerk` / `Auditor` (an operator of that
//! role) and `Worker` (a clerk or the core system's account).

use super::{once, token::Refusal};
use crate::accounts::{self, Account, Role};
use crate::{state::AppState, AppError};
use axum::{
    extract::{ConnectInfo, FromRequestParts},
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

    /// The audit row of `action` by this operator, from their address.
    pub fn audit(&self, action: &'static str) -> crate::audit::Entry<'_> {
        crate::audit::Entry::by(self.name(), &self.client, action)
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

impl FromRequestParts<AppState> for Citizen {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(parts).ok_or_else(|| AppError::Unauthorized {
            code: "session_required",
            message: "send Authorization: Bearer <session token> from POST /api/v1/session".into(),
        })?;
        let claims = state
            .keys
            .verify_session(token, chrono::Utc::now().timestamp())
            .map_err(session_refused)?;
        let session = once::token_id(token);
        if once::is_revoked(&state.store, &session).await? {
            return Err(AppError::Unauthorized {
                code: "session_revoked",
                message: "this session was ended by logout; sign in again".into(),
            });
        }
        Ok(Citizen {
            owner: claims.owner(),
            unit: claims.unit(),
            idh: claims.idh.clone(),
            shell: claims.shell.clone(),
            display: tongban_rules::api::RealName {
                name: claims.nm.clone(),
                id_tail: claims.idt.clone(),
            },
            session,
            expires_at: claims.exp,
        })
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
        let account = accounts::authenticate(&state.store, token, chrono::Utc::now())
            .await?
            .map_err(|r| match r {
                accounts::Refusal::Unknown => {
                    refused("operator_token_invalid", "this operator token is not known")
                }
                accounts::Refusal::Expired => {
                    refused("operator_token_expired", "this operator token has expired")
                }
                accounts::Refusal::Revoked => {
                    refused("operator_token_revoked", "this operator token was revoked")
                }
            })?;
        // The client as the lookup limits see it: behind a trusted proxy, its X-Forwarded-For.
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| {
                crate::client_addr::client(c.0.ip(), &parts.headers, &state.trusted_proxies)
                    .to_string()
            })
            .unwrap_or_default();
        Ok(Operator { account, client })
    }
}

fn role_required(role: Role) -> AppError {
    AppError::Forbidden {
        code: "role_forbidden",
        message: format!("this needs an operator of the `{}` role", role.code()),
    }
}

impl FromRequestParts<AppState> for Clerk {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Clerk => Ok(Clerk(op)),
            Role::Auditor | Role::System | Role::Editor => Err(role_required(Role::Clerk)),
        }
    }
}

impl FromRequestParts<AppState> for Auditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Auditor => Ok(Auditor(op)),
            Role::Clerk | Role::System | Role::Editor => Err(role_required(Role::Auditor)),
        }
    }
}

impl FromRequestParts<AppState> for Worker {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let op = Operator::from_request_parts(parts, state).await?;
        match op.account.role {
            Role::Clerk | Role::System => Ok(Worker(op)),
            Role::Auditor | Role::Editor => Err(role_required(Role::Clerk)),
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
