//! `POST /session`: a shell's signed identity ticket in, a session token out. In `--dev` mode,
//! `POST /session/dev-ticket` plays the integrator's backend and signs a ticket for a new
//! random user, so the app can be tried in a plain browser.

use super::extract::{OptJ, J};
use crate::identity::{
    extract::Citizen,
    once,
    token::{Claims, Refusal, SHELLS},
    SESSION_SECS,
};
use crate::{startup::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct TicketBody {
    pub ticket: String,
}

#[derive(Debug, Serialize)]
pub struct SessionBody {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub shell: String,
    /// The same for every session of the same citizen, different for anyone else.
    pub citizen: String,
}

pub async fn create(
    State(state): State<AppState>,
    J(body): J<TicketBody>,
) -> Result<Json<SessionBody>, AppError> {
    let now = Utc::now().timestamp();
    let claims =
        state
            .keys
            .verify_ticket(&body.ticket, now)
            .map_err(|r| AppError::Unauthorized {
                code: if r == Refusal::Expired {
                    "ticket_expired"
                } else {
                    "ticket_invalid"
                },
                message: "the shell's identity ticket is not valid; sign in again in the shell"
                    .into(),
            })?;
    // A ticket travels in a URL fragment: whoever sees the URL later must not get a session.
    if !once::spend_ticket(&state.store, &once::token_id(&body.ticket), claims.exp, now).await? {
        return Err(AppError::Unauthorized {
            code: "ticket_used",
            message: "this ticket was already exchanged; ask the shell for a new one".into(),
        });
    }
    let session = Claims {
        exp: now + SESSION_SECS,
        jti: Some(random_id()),
        ..claims
    };
    tracing::info!(shell = %session.shell, "session started");
    Ok(Json(SessionBody {
        token: state.keys.sign_session(&session),
        expires_at: DateTime::from_timestamp(session.exp, 0).unwrap_or_default(),
        citizen: state.keys.citizen_tag(&session),
        shell: session.shell,
    }))
}

/// `POST /session/logout`: the session's token is refused from now on (by every copy of the
/// gateway) until it would have expired. Answers 204; a second logout is the same 401 as any
/// other ended session.
pub async fn logout(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<StatusCode, AppError> {
    let now = Utc::now().timestamp();
    once::revoke_session(&state.store, &citizen.session, citizen.expires_at, now).await?;
    tracing::info!("session ended by logout");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, Default)]
pub struct DevTicketBody {
    #[serde(default)]
    pub shell: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DevTicket {
    pub ticket: String,
}

pub async fn dev_ticket(
    State(state): State<AppState>,
    OptJ(body): OptJ<DevTicketBody>,
) -> Result<Json<DevTicket>, AppError> {
    if !state.keys.dev {
        return Err(AppError::NotFound {
            code: "not_found",
            message: "dev tickets exist only when the gateway runs with --dev".into(),
        });
    }
    let shell = body.shell.unwrap_or_else(|| "browser".into());
    if !SHELLS.contains(&shell.as_str()) {
        return Err(AppError::BadRequest {
            code: "unknown_shell",
            message: format!("shell must be one of {SHELLS:?}"),
            field: Some("shell"),
        });
    }
    let claims = Claims {
        sub: format!("dev-{}", random_id()),
        shell,
        exp: Utc::now().timestamp() + 10 * 60,
        jti: Some(random_id()),
    };
    Ok(Json(DevTicket {
        ticket: state.keys.sign_ticket(&claims),
    }))
}

/// 96 random bits in hex.
fn random_id() -> String {
    let mut id = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut id);
    id.iter().map(|b| format!("{b:02x}")).collect()
}
