//! The citizen's own lists: `GET /me/applications`, and 即时知 — `GET /me/notifications` (every
//! status change of their applications) and `POST /me/notifications/read`.

use super::extract::OptionalJsonBody;
use crate::{applications::record, identity::extract::Citizen, inbox, state::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tongban_rules::api::ErrorBody;
use tongban_rules::api::{Inbox, Summary};

#[utoipa::path(
    get, path = "/me/applications", tag = "me",
    security(("citizen_session" = [])),
    responses((status = 200, description = "my applications, newest first: those this session's owner filed (a unit's session: what the unit filed, `acting.unit` on those it filed for employees) and, when the ticket carried `idh`, those others filed for the citizen's ID", body = [Summary]),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn applications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Vec<Summary>>, AppError> {
    let lists = state.lists.current();
    let cat = lists.catalogue.catalogue();
    Ok(Json(
        record::of_citizen(&state.store, cat, &citizen.owner, citizen.idh.as_deref()).await?,
    ))
}

#[utoipa::path(
    get, path = "/me/notifications", tag = "me",
    security(("citizen_session" = [])),
    responses((status = 200, description = "即时知: every status change of my applications, newest first", body = Inbox),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn notifications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Inbox>, AppError> {
    let lists = state.lists.current();
    let cat = lists.catalogue.catalogue();
    Ok(Json(inbox::of(&state.store, cat, &citizen.owner).await?))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[schema(example = json!({"up_to": "2026-03-05T06:07:08.123Z"}))]
pub struct ReadBody {
    /// The `at` of the newest notification the citizen saw; absent: everything until now.
    #[serde(default)]
    pub up_to: Option<DateTime<Utc>>,
}

#[utoipa::path(
    post, path = "/me/notifications/read", tag = "me",
    security(("citizen_session" = [])),
    request_body(content = Option<ReadBody>, description = "optional; without `up_to`, everything until now"),
    responses((status = 204, description = "marked read"),
              (status = 400, description = "`bad_json`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn mark_read(
    State(state): State<AppState>,
    citizen: Citizen,
    OptionalJsonBody(body): OptionalJsonBody<ReadBody>,
) -> Result<StatusCode, AppError> {
    let up_to = body.up_to.unwrap_or_else(Utc::now);
    inbox::mark_read(&state.store, &citizen.owner, up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}
