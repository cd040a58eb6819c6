//! The citizen's appointments: an office's free slots, 预约到厅 (book, cancel), 预约上门
//! (request, cancel), and 我的预约.

use super::extract::{JsonBody, ValidQuery};
use crate::appointments::{hall, home};
use crate::{identity::extract::Citizen, state::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use chrono::Utc;
use serde::Deserialize;
use tongban_rules::api::{
    Appointment, Booking, ErrorBody, HomeVisit, HomeVisitRequest, MyAppointments, OfficeSlots,
};

#[derive(Debug, Deserialize)]
pub struct SlotsQuery {
    pub region: String,
}

#[utoipa::path(
    get, path = "/offices/{office}/slots", tag = "appointments",
    params(("office" = String, Path, example = "gz-city-hall"),
           ("region" = String, Query, example = "440000")),
    responses((status = 200, description = "the free places per slot over the next working days", body = OfficeSlots),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 404, description = "`unknown_office`", body = ErrorBody),
              (status = 409, description = "`no_hall_appointments`: the office published no hours to book", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn slots(
    State(state): State<AppState>,
    Path(office): Path<String>,
    ValidQuery(q): ValidQuery<SlotsQuery>,
) -> Result<Json<OfficeSlots>, AppError> {
    let lists = state.lists.current();
    Ok(Json(
        hall::available(
            &state.store,
            &lists.offices,
            &lists.calendar,
            &q.region,
            &office,
            Utc::now(),
        )
        .await?,
    ))
}

#[utoipa::path(
    post, path = "/appointments", tag = "appointments",
    security(("citizen_session" = [])),
    request_body = Booking,
    responses((status = 201, description = "booked: one place of the slot", body = Appointment),
              (status = 400, description = "`bad_json`, `unknown_item`, `day_invalid`, `day_not_bookable`, `slot_invalid`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: a booking is for a real-name person", body = ErrorBody),
              (status = 404, description = "`unknown_office`, `unknown_receipt`", body = ErrorBody),
              (status = 409, description = "`slot_full`, `already_booked` (this slot), `already_booked_item` (an open booking for this item already), `too_many_appointments`, `no_hall_appointments`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn book(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(b): JsonBody<Booking>,
) -> Result<(StatusCode, Json<Appointment>), AppError> {
    let lists = state.lists.current();
    let person = citizen.real_name()?;
    let a = hall::book(
        &state.store,
        lists.catalogue.catalogue(),
        &lists.offices,
        &lists.calendar,
        &citizen.owner,
        person,
        &b,
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[utoipa::path(
    post, path = "/appointments/{id}/cancel", tag = "appointments",
    security(("citizen_session" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "cancelled: the place is free again", body = Appointment),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found` (also another citizen's)", body = ErrorBody),
              (status = 409, description = "`too_late_to_cancel`: from the day before on", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn cancel(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<Appointment>, AppError> {
    let lists = state.lists.current();
    Ok(Json(
        hall::cancel(
            &state.store,
            lists.catalogue.catalogue(),
            &lists.offices,
            &citizen.owner,
            &id,
            Utc::now(),
        )
        .await?,
    ))
}

#[utoipa::path(
    get, path = "/me/appointments", tag = "me",
    security(("citizen_session" = [])),
    responses((status = 200, description = "我的预约: hall appointments and home visits", body = MyAppointments),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn mine(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<MyAppointments>, AppError> {
    let lists = state.lists.current();
    let cat = lists.catalogue.catalogue();
    let now = Utc::now();
    Ok(Json(MyAppointments {
        appointments: hall::of_owner(&state.store, cat, &lists.offices, &citizen.owner, now)
            .await?,
        home_visits: home::of_owner(&state.store, cat, &citizen.owner, now).await?,
    }))
}

#[utoipa::path(
    get, path = "/home-visits/half-days", tag = "appointments",
    responses((status = 200, description = "the half days a home visit may be asked for: `YYYY-MM-DD am|pm` on the next working days", body = [String]))
)]
pub async fn half_days(State(state): State<AppState>) -> Json<Vec<String>> {
    let lists = state.lists.current();
    Json(home::half_days(&lists.calendar, Utc::now()))
}

#[utoipa::path(
    post, path = "/home-visits", tag = "appointments",
    security(("citizen_session" = [])),
    request_body = HomeVisitRequest,
    responses((status = 201, description = "requested: the region's clerks will confirm a half day", body = HomeVisit),
              (status = 400, description = "`bad_json`, `unknown_item`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: the session has no real-name identity; `not_the_agent`: `on_behalf_of` names a binding where the caller is the member", body = ErrorBody),
              (status = 404, description = "`unknown_receipt`, `binding_not_found`", body = ErrorBody),
              (status = 409, description = "`binding_ended`: the family binding in `on_behalf_of` is not live", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: reason, address, phone or preferred half days", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn request_visit(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(req): JsonBody<HomeVisitRequest>,
) -> Result<(StatusCode, Json<HomeVisit>), AppError> {
    let lists = state.lists.current();
    // For oneself, or through a binding the member consented to: either way a real-name person.
    citizen.real_name()?;
    let v = home::request(
        &state.store,
        lists.catalogue.catalogue(),
        &lists.calendar,
        &citizen.owner,
        &req,
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[utoipa::path(
    post, path = "/home-visits/{id}/cancel", tag = "appointments",
    security(("citizen_session" = [])),
    params(("id" = String, Path)),
    responses((status = 200, description = "cancelled", body = HomeVisit),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found` (also another citizen's)", body = ErrorBody),
              (status = 409, description = "`too_late_to_cancel`, `status_changed`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn cancel_visit(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<HomeVisit>, AppError> {
    let lists = state.lists.current();
    Ok(Json(
        home::cancel(
            &state.store,
            lists.catalogue.catalogue(),
            &citizen.owner,
            &id,
            Utc::now(),
        )
        .await?,
    ))
}
