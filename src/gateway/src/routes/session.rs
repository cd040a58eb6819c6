//! `POST /session`: a shell's signed identity ticket in, a session token out. In `--dev` mode,
//! `POST /session/dev-ticket` plays the integrator's backend and signs a ticket for a new
//! random user, so the app can be tried in a plain browser.

use super::extract::{JsonBody, OptionalJsonBody};
use crate::identity::{
    token::{Claims, Refusal, SHELLS},
    SESSION_SECS,
};
use crate::{state::AppState, AppError};
use axum::{extract::State, Json};
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
    JsonBody(body): JsonBody<TicketBody>,
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
    let session = Claims {
        exp: now + SESSION_SECS,
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
    OptionalJsonBody(body): OptionalJsonBody<DevTicketBody>,
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
    let mut id = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut id);
    let sub = format!(
        "dev-{}",
        id.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let claims = Claims {
        sub,
        shell,
        exp: Utc::now().timestamp() + 10 * 60,
    };
    Ok(Json(DevTicket {
        ticket: state.keys.sign_ticket(&claims),
    }))
}
