//! Extractors: `Citizen` (a valid session is required), `MaybeCitizen` (a session if one was
//! sent) and `Operator` (the operator token is required).

use super::{once, token::Refusal};
use crate::{state::AppState, AppError};
use axum::{extract::FromRequestParts, http::request::Parts};

/// A citizen with a session; `owner` is `<shell>:<host user id>`.
#[derive(Debug, Clone)]
pub struct Citizen {
    pub owner: String,
    /// The session's id (`once::token_id`) and expiry (Unix seconds), for logout.
    pub session: String,
    pub expires_at: i64,
}

pub struct MaybeCitizen(pub Option<Citizen>);

pub struct Operator;

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
        match bearer(parts) {
            Some(t) if state.keys.is_operator(t) => Ok(Operator),
            _ => Err(AppError::Unauthorized {
                code: "operator_token_required",
                message: "send Authorization: Bearer <TONGBAN_OPERATOR_TOKEN>".into(),
            }),
        }
    }
}

/// Either an operator (operator token) or a citizen (session): who may read a stored file.
pub enum Reader {
    Operator,
    Citizen(Citizen),
}

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if Operator::from_request_parts(parts, state).await.is_ok() {
            return Ok(Self::Operator);
        }
        Citizen::from_request_parts(parts, state)
            .await
            .map(Self::Citizen)
    }
}
