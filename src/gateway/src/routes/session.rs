//! `POST /session`: a shell's signed identity ticket in, a session token out. In `--dev` mode,
//! `POST /session/dev-ticket` plays the integrator's backend (the dev issuer, an Ed25519 key
//! made at start and kept in memory) and signs a ticket for a new random user, with a real-name
//! identity (given or generated), so the app can be tried in a plain browser.

use super::extract::{JsonBody, OptionalJsonBody};
use crate::identity::{
    extract::Citizen,
    once,
    token::{Claims, SHELLS, UNIT_PREFIX},
    SESSION_SECS,
};
use crate::{state::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use tongban_rules::{
    api::{mask, ErrorBody},
    validate::identifier,
};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"ticket": "v2.eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoid3gtMjAyNi0wMSJ9.eyJpc3MiOiJ3eC1iYWNrZW5kIiwiYXVkIjoidG9uZ2JhbiIsInN1YiI6Im82X2JtanJQVGxtNiIsInNoZWxsIjoid2VjaGF0IiwiZXhwIjoxNzcyNjgwMDI4fQ.c2lnbmF0dXJl"}))]
pub struct TicketBody {
    /// `v2.<header>.<claims>.<signature>`, signed by the integrator's own Ed25519 or SM2 key
    /// (docs/integrators.md).
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
              (status = 401, description = "`ticket_invalid` (bad signature; unknown `iss`; another `aud`; unknown or retired `kid`, or one of another issuer; a shell or a unit subject its issuer may not speak for; a `v1` ticket outside its transition), `ticket_expired`, `ticket_used` (each ticket is exchanged once)", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody))
)]
pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<TicketBody>,
) -> Result<Json<SessionBody>, AppError> {
    let now = Utc::now().timestamp();
    let verified = state.keys.verify_ticket(&body.ticket, now).map_err(|r| {
        tracing::info!(reason = ?r, "ticket refused");
        AppError::Unauthorized {
            code: r.code(),
            message: "the shell's identity ticket is not valid; sign in again in the shell".into(),
        }
    })?;
    let (iss, claims) = (verified.iss, verified.claims);
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
    tracing::info!(shell = %session.shell, %iss, unit = session.unit().is_some(), "session started");
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

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"shell": "wechat", "id_number": "11010519491231002X", "name": "王小明"}))]
pub struct DevTicketBody {
    #[serde(default)]
    pub shell: Option<String>,
    /// `unit:<统一社会信用代码>`: a ticket of a unit portal instead of a new random citizen
    /// (a unit carries no real-name person).
    #[serde(default)]
    #[schema(example = "unit:91431100MA4L12346R")]
    pub subject: Option<String>,
    /// The ID number the dev backend "checked": the ticket carries its `idh` and its last four
    /// characters (`idt`). Absent: a valid 18-digit resident ID is generated.
    #[serde(default)]
    #[schema(example = "11010519491231002X")]
    pub id_number: Option<String>,
    /// `false`: a citizen without a real-name check (no `idh`, `nm`, `idt`). Default `true`.
    #[serde(default = "yes")]
    pub real_name: bool,
    /// The real-name person's name; the ticket carries it masked (`nm`: 王*明). Default 王小明.
    #[serde(default)]
    #[schema(example = "王小明")]
    pub name: Option<String>,
}

impl Default for DevTicketBody {
    fn default() -> Self {
        Self {
            shell: None,
            subject: None,
            id_number: None,
            real_name: true,
            name: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// The ticket, and the identity it carries, so a test can type the same ID number.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"ticket": "v2.eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZGV2LTBhMWIyYzNkIn0.e30.c2lnbmF0dXJl", "id_number": "44010619900307211X", "real_name": true, "generated": true}))]
pub struct DevTicket {
    pub ticket: String,
    /// The ID number whose `idh` the ticket carries, normalised; `null` without a real-name
    /// person (`real_name: false`, or a unit).
    pub id_number: Option<String>,
    /// Whether the ticket carries a real-name person (`idh`, `nm`, `idt`).
    pub real_name: bool,
    /// Whether `id_number` was generated here (none was given).
    pub generated: bool,
}

#[utoipa::path(
    post, path = "/session/dev-ticket", tag = "session",
    request_body(content = Option<DevTicketBody>, description = "optional; the shell defaults to `browser`, the person to a generated real-name identity"),
    responses((status = 200, description = "a ticket signed by the dev issuer (`iss` `dev`, an Ed25519 key made at start) for a new random user with the real-name identity of `id_number` or of a generated valid resident ID (none with `real_name: false`), or for a unit (`subject`) (`--dev` only)", body = DevTicket),
              (status = 400, description = "`bad_json`, `unknown_shell`, `unknown_subject`, `unit_has_no_real_name` (`id_number` or `name` with a unit subject)", body = ErrorBody),
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
    let (sub, real_name) = match body.subject {
        Some(unit) if unit.starts_with(UNIT_PREFIX) => {
            if body.id_number.is_some() || body.name.is_some() {
                return Err(AppError::BadRequest {
                    code: "unit_has_no_real_name",
                    message: "a unit's ticket carries no real-name person: no id_number, no name"
                        .into(),
                    field: Some("subject"),
                });
            }
            (unit, false)
        }
        Some(_) => {
            return Err(AppError::BadRequest {
                code: "unknown_subject",
                message: "subject is `unit:<统一社会信用代码>`, or absent for a new citizen".into(),
                field: Some("subject"),
            })
        }
        None => (format!("dev-{}", random_id()), body.real_name),
    };
    let (id_number, generated) = match body.id_number.as_deref() {
        _ if !real_name => (None, false),
        Some(n) => (Some(identifier::id_number(n)), false),
        None => (Some(generated_resident_id(&mut rand::rngs::OsRng)), true),
    };
    let name = body.name.as_deref().unwrap_or("王小明");
    let claims = Claims {
        sub,
        shell,
        exp: Utc::now().timestamp() + 10 * 60,
        jti: Some(random_id()),
        idh: id_number.as_deref().map(|n| state.keys.id_hash(n)),
        nm: id_number.as_ref().map(|_| mask::name(name)),
        idt: id_number
            .as_deref()
            .map(|n| identifier::last_chars(n, 4).to_owned()),
    };
    let ticket = state
        .keys
        .sign_dev_ticket(&claims)
        .ok_or_else(|| AppError::NotFound {
            code: "not_found",
            message: "dev tickets exist only when the gateway runs with --dev".into(),
        })?;
    Ok(Json(DevTicket {
        ticket,
        real_name: id_number.is_some(),
        id_number,
        generated,
    }))
}

/// A valid 18-digit resident ID (GB 11643-1999) of someone born 1950–2005 in one of the
/// regions with a catalogue: address code, birth date, sequence, check character.
fn generated_resident_id(rng: &mut impl rand::Rng) -> String {
    const AREAS: [&str; 5] = ["440106", "431102", "420802", "500114", "110105"];
    let area = AREAS[rng.gen_range(0..AREAS.len())];
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
        + chrono::Days::new(rng.gen_range(0..20_000));
    let mut digits = format!(
        "{area}{}{:03}",
        birth.format("%Y%m%d"),
        rng.gen_range(0..1000)
    );
    let check = tongban_rules::validate::id_check_char(digits.as_bytes());
    digits.push(char::from(check));
    digits
}

/// 96 random bits in hex.
fn random_id() -> String {
    let mut id = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut id);
    crate::hex::lower(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_resident_id_passes_the_rules_check() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for _ in 0..500 {
            let id = generated_resident_id(&mut rand::thread_rng());
            let parsed = tongban_rules::validate::ResidentId::parse(&id, today);
            assert!(parsed.is_ok(), "{id}: {parsed:?}");
        }
    }
}
