//! `GET /calendar/deadline?from=YYYY-MM-DD&working_days=N` → `{due, estimated}`.

use super::extract::ValidQuery;
use crate::{state::AppState, AppError};
use axum::{extract::State, Json};
use chrono::NaiveDate;
use serde::Deserialize;
use tongban_rules::api::ErrorBody;
use tongban_rules::calendar::Deadline;

#[derive(Deserialize)]
pub struct DeadlineQuery {
    from: NaiveDate,
    working_days: u32,
}

/// The longest limit any item states is 45 working days; a year of them is plenty of room.
const MAX_WORKING_DAYS: u32 = 250;

#[utoipa::path(
    get, path = "/calendar/deadline", tag = "catalogue",
    params(("from" = String, Query, format = Date, example = "2026-03-05"),
           ("working_days" = u32, Query, maximum = 250, example = 15)),
    responses((status = 200, description = "`{due, estimated}`: `estimated` when counted past the published holiday calendar", body = serde_json::Value),
              (status = 400, description = "`bad_query`, `working_days_out_of_range`", body = ErrorBody))
)]
pub async fn deadline(
    State(state): State<AppState>,
    ValidQuery(q): ValidQuery<DeadlineQuery>,
) -> Result<Json<Deadline>, AppError> {
    let lists = state.lists.current();
    if q.working_days > MAX_WORKING_DAYS {
        return Err(AppError::BadRequest {
            code: "working_days_out_of_range",
            message: format!("working_days must be at most {MAX_WORKING_DAYS}"),
            field: Some("working_days"),
        });
    }
    Ok(Json(lists.calendar.deadline(q.from, q.working_days)))
}
