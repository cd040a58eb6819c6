//! The clerks' side of appointments: the day's hall appointments and the arrival mark (a
//! 跑动), and the queue of home visit requests with their moves. Each read and move is audited;
//! the address and phone of a home visit are answered only by `GET /operator/home-visits/{id}`.

use super::extract::{OptionalJsonBody, ValidQuery};
use super::refusals::on_request;
use crate::appointments::{hall, home, slots};
use crate::audit;
use crate::{identity::extract::Clerk, state::AppState, AppError};
use axum::{
    extract::{Path, State},
    Json,
};
use chrono::Utc;
use serde::Deserialize;
use tongban_rules::api::{china_today, Appointment, ErrorBody, HomeVisit, HomeVisitMove};

#[derive(Debug, Deserialize)]
pub struct DayQuery {
    pub day: Option<String>,
    pub office: Option<String>,
}

#[utoipa::path(
    get, path = "/operator/appointments", tag = "operator",
    security(("operator_token" = [])),
    params(("day" = Option<String>, Query, format = Date, description = "today (China time) when absent"),
           ("office" = Option<String>, Query, example = "gz-city-hall")),
    responses((status = 200, description = "the day's hall appointments of the clerk's regions, by slot", body = [Appointment]),
              (status = 400, description = "`bad_query`, `day_invalid`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn day(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ValidQuery(q): ValidQuery<DayQuery>,
) -> Result<Json<Vec<Appointment>>, AppError> {
    let lists = state.lists.current();
    let now = Utc::now();
    let day = match &q.day {
        Some(d) => slots::parse_day(d, "day")?,
        None => china_today(now.timestamp_millis()),
    };
    let list = hall::of_day(
        &state.store,
        lists.catalogue.catalogue(),
        &lists.offices,
        &op.account.regions,
        day,
        q.office.as_deref(),
        now,
    )
    .await?;
    let entry = op
        .audit("appointments.read")
        .detail(format!("day={day} rows={}", list.len()));
    audit::record(&state.store, entry, now).await?;
    Ok(Json(list))
}

#[utoipa::path(
    post, path = "/operator/appointments/{id}/arrived", tag = "operator",
    security(("operator_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "marked arrived: one visit (跑动) recorded", body = Appointment),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`not_appointment_day`, `not_booked`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn arrived(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    Path(id): Path<String>,
) -> Result<Json<Appointment>, AppError> {
    let lists = state.lists.current();
    let now = Utc::now();
    let entry = op
        .audit("appointment.arrived")
        .detail(format!("appointment={id}"));
    let arrived = hall::arrive(
        &state.store,
        lists.catalogue.catalogue(),
        &lists.offices,
        &op.account.regions,
        &id,
        &entry,
        now,
    )
    .await;
    Ok(Json(on_request(&state, &op, arrived).await?))
}

#[derive(Debug, Deserialize)]
pub struct VisitsQuery {
    pub region: Option<String>,
    pub status: Option<String>,
}

#[utoipa::path(
    get, path = "/operator/home-visits", tag = "operator",
    security(("operator_token" = [])),
    params(("region" = Option<String>, Query, example = "440000"),
           ("status" = Option<String>, Query, description = "`requested`, `confirmed`, `done` or `cancelled`; the open ones when absent")),
    responses((status = 200, description = "the queue, oldest first, without address or phone", body = [HomeVisit]),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn visits(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    ValidQuery(q): ValidQuery<VisitsQuery>,
) -> Result<Json<Vec<HomeVisit>>, AppError> {
    let lists = state.lists.current();
    let now = Utc::now();
    let list = home::queue(
        &state.store,
        lists.catalogue.catalogue(),
        &op.account.regions,
        q.region.as_deref(),
        q.status.as_deref(),
        now,
    )
    .await?;
    let entry = op
        .audit("home_visits.read")
        .region(q.region.as_deref())
        .detail(format!("rows={}", list.len()));
    audit::record(&state.store, entry, now).await?;
    Ok(Json(list))
}

#[utoipa::path(
    get, path = "/operator/home-visits/{id}", tag = "operator",
    security(("operator_token" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "one request with its address and phone; the read is audited", body = HomeVisit),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn visit(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    Path(id): Path<String>,
) -> Result<Json<HomeVisit>, AppError> {
    let lists = state.lists.current();
    let now = Utc::now();
    // Audited before the personal data is opened: a read not recorded is not answered.
    let found = home::region_of(&state.store, &op.account.regions, &id).await;
    let region = on_request(&state, &op, found).await?;
    let entry = op
        .audit("home_visit.read")
        .region(Some(&region))
        .detail(format!("home_visit={id}"));
    audit::record(&state.store, entry, now).await?;
    Ok(Json(
        home::for_clerk(
            &state.store,
            lists.catalogue.catalogue(),
            &op.account.regions,
            &id,
            now,
        )
        .await?,
    ))
}

/// The audit action of a move on a home visit.
fn visit_action(action: &str) -> &'static str {
    match action {
        "confirm" => "home_visit.confirm",
        "assign" => "home_visit.assign",
        "done" => "home_visit.done",
        "cancel" => "home_visit.cancel",
        _ => "home_visit.other",
    }
}

#[utoipa::path(
    post, path = "/operator/home-visits/{id}/{action}", tag = "operator",
    security(("operator_token" = [])),
    params(("id" = String, Path),
           ("action" = String, Path, description = "`confirm`, `assign`, `done` or `cancel`", example = "confirm")),
    request_body(content = Option<HomeVisitMove>, description = "`confirm` names a `slot`; `assign` a `clerk`; `cancel` a `note`"),
    responses((status = 200, description = "the request after the move (without address or phone)", body = HomeVisit),
              (status = 400, description = "`bad_json`, `slot_required`, `clerk_required`, `note_required`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not a clerk", body = ErrorBody),
              (status = 404, description = "`not_found`, `unknown_action`", body = ErrorBody),
              (status = 409, description = "`move_not_allowed`, `status_changed`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: the slot is no working half day ahead", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn move_visit(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    Path((id, action)): Path<(String, String)>,
    OptionalJsonBody(body): OptionalJsonBody<HomeVisitMove>,
) -> Result<Json<HomeVisit>, AppError> {
    let lists = state.lists.current();
    let now = Utc::now();
    let entry = op
        .audit(visit_action(&action))
        .detail(format!("home_visit={id}"));
    let moved = home::act(
        &state.store,
        lists.catalogue.catalogue(),
        &lists.calendar,
        &op.account.regions,
        op.name(),
        &id,
        &action,
        &body,
        &entry,
        now,
    )
    .await;
    Ok(Json(on_request(&state, &op, moved).await?))
}
