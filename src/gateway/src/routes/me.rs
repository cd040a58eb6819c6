//! The citizen's own lists: `GET /me/applications`, and 即时知 — `GET /me/notifications` (every
//! status change of their applications) and `POST /me/notifications/read`.

use super::extract::OptionalJsonBody;
use crate::{applications::record, identity::extract::Citizen, inbox, state::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tongban_rules::api::{Inbox, Summary};

pub async fn applications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Vec<Summary>>, AppError> {
    let cat = state.catalogue.catalogue();
    Ok(Json(
        record::of_owner(&state.store, cat, &citizen.owner).await?,
    ))
}

pub async fn notifications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Inbox>, AppError> {
    let cat = state.catalogue.catalogue();
    Ok(Json(inbox::of(&state.store, cat, &citizen.owner).await?))
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[schema(example = json!({"up_to": "2026-03-05T06:07:08.123Z"}))]
pub struct ReadBody {
    /// The `at` of the newest notification the citizen saw; absent: everything until now.
    #[serde(default)]
    pub up_to: Option<DateTime<Utc>>,
}

pub async fn mark_read(
    State(state): State<AppState>,
    citizen: Citizen,
    OptionalJsonBody(body): OptionalJsonBody<ReadBody>,
) -> Result<StatusCode, AppError> {
    let up_to = body.up_to.unwrap_or_else(Utc::now);
    inbox::mark_read(&state.store, &citizen.owner, up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}
