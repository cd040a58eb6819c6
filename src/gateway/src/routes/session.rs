//! `POST /session`: a shell's signed identity ticket in, a session token out. In `--dev` mode,
//! `POST /session/dev-ticket` plays the integrator's backend and signs a ticket for a new
//! random user, so the app can be tried in a plain browser.

use super::extract::{JsonBody, OptionalJsonBody};
use crate::identity::{
    extract::Citizen,
    once,
    token::{Claims, Refusal, SHELLS, UNIT_PREFIX},
    SESSION_SECS,
};
use crate::{state::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use tongban_rules::api::ErrorBody;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"ticket": "v1.eyJzdWIiOiJvNl9ibWpyUFRsbTYiLCJzaGVsbCI6IndlY2hhdCIsImV4cCI6MTc3MjY4MDAyOH0.c2lnbmF0dXJl"}))]
pub struct TicketBody {
    pub ticket: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionBody {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub shell: String,
    /// The same for every session of the same citizen, different for anyone else.
    pub citizen: String,
    /// For a unit's session (ticket subject `unit:<统一社会信用代码>`): the unit's credit code,
    /// normalised. Absent for a citizen.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "91431100MA4L12346R")]
    pub unit: Option<String>,
    /// The real-name person the shell verified, for display (本人：王*明（尾号002X）); absent when
    /// the ticket carried no real-name identity: such a session reads and keeps drafts, and
    /// anything that files, books or binds answers 403 `real_name_required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_name: Option<tongban_rules::api::RealName>,
}

#[utoipa::path(
    post, path = "/session", tag = "session",
    request_body = TicketBody,
    responses((status = 200, description = "a 12-hour session token", body = SessionBody),
              (status = 400, description = "`bad_json`", body = ErrorBody),
              (status = 401, description = "`ticket_invalid`, `ticket_expired`, `ticket_used` (each ticket is exchanged once)", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody))
)]
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
    tracing::info!(shell = %session.shell, unit = session.unit().is_some(), "session started");
    Ok(Json(SessionBody {
        token: state.keys.sign_session(&session),
        expires_at: DateTime::from_timestamp(session.exp, 0).unwrap_or_default(),
        citizen: state.keys.citizen_tag(&session),
        unit: session.unit().map(|c| c.as_str().to_owned()),
        real_name: session.idh.is_some().then(|| tongban_rules::api::RealName {
            name: session.nm.clone(),
            id_tail: session.idt.clone(),
        }),
        shell: session.shell,
    }))
}

/// `POST /session/logout`: the session's token is refused from now on (by every copy of the
/// gateway) until it would have expired. Answers 204; a second logout is the same 401 as any
/// other ended session.
#[utoipa::path(
    post, path = "/session/logout", tag = "session",
    security(("citizen_session" = [])),
    responses((status = 204, description = "the session is ended"),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`, `session_revoked`", body = ErrorBody))
)]
pub async fn logout(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<StatusCode, AppError> {
    let now = Utc::now().timestamp();
    once::revoke_session(&state.store, &citizen.session, citizen.expires_at, now).await?;
    tracing::info!("session ended by logout");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[schema(example = json!({"shell": "wechat"}))]
pub struct DevTicketBody {
    #[serde(default)]
    pub shell: Option<String>,
    /// `unit:<统一社会信用代码>`: a ticket of a unit portal instead of a new random citizen.
    #[serde(default)]
    #[schema(example = "unit:91431100MA4L12346R")]
    pub subject: Option<String>,
    /// An ID number the dev backend "checked": the ticket carries its `idh`.
    #[serde(default)]
    #[schema(example = "11010519491231002X")]
    pub id_number: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DevTicket {
    pub ticket: String,
}

#[utoipa::path(
    post, path = "/session/dev-ticket", tag = "session",
    request_body(content = Option<DevTicketBody>, description = "optional; the shell defaults to `browser`"),
    responses((status = 200, description = "a signed ticket for a new random user, or for a unit (`subject`), with the `idh` of `id_number` if given (`--dev` only)", body = DevTicket),
              (status = 400, description = "`bad_json`, `unknown_shell`, `unknown_subject`", body = ErrorBody),
              (status = 404, description = "`not_found`: the gateway does not run with `--dev`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody))
)]
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
    let sub = match body.subject {
        Some(unit) if unit.starts_with(UNIT_PREFIX) => unit,
        Some(_) => {
            return Err(AppError::BadRequest {
                code: "unknown_subject",
                message: "subject is `unit:<统一社会信用代码>`, or absent for a new citizen".into(),
                field: Some("subject"),
            })
        }
        None => format!("dev-{}", random_id()),
    };
    let claims = Claims {
        sub,
        shell,
        exp: Utc::now().timestamp() + 10 * 60,
        jti: Some(random_id()),
        idh: body.id_number.as_deref().map(|n| state.keys.id_hash(n)),
        nm: None,
        idt: None,
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
