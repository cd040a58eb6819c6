//! `POST /applications` (Idempotency-Key required) and `GET /applications/{receipt_no}` with
//! the `Tongban-Verifier` header (the last 6 characters of the applicant's ID number).

use super::{extract::J, validate::applicable_form, validate::today_in_china};
use crate::applications::{
    receipt::is_receipt_no,
    submit::{submit, Caller, Outcome, Receipt, Submission},
    timeline::{not_found, progress, Progress},
};
use crate::{startup::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use tongban_rules::form::validate_form;

/// Until shell sessions (`POST /session`) land, submissions are owned by this anonymous owner;
/// progress is then reachable only with the receipt number and the verifier.
const ANONYMOUS: &str = "anonymous";

pub const VERIFIER_HEADER: &str = "tongban-verifier";

fn idempotency_key(headers: &HeaderMap) -> Result<&str, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if (8..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(AppError::BadRequest {
            code: "idempotency_key_required",
            message: "send an Idempotency-Key header of 8 to 100 printable characters".into(),
            field: None,
        })
    }
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    J(sub): J<Submission>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    let key = idempotency_key(&headers)?;
    let (item, form) = applicable_form(&state, &sub.region, &sub.item)?;
    let today = today_in_china();
    let errors = validate_form(form, &sub.form, today);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let caller = Caller {
        owner: ANONYMOUS,
        key,
    };
    match submit(
        &state.store,
        &caller,
        &sub,
        &item,
        &state.calendar,
        chrono::Utc::now(),
        today,
    )
    .await?
    {
        Outcome::Created(r) => Ok((StatusCode::CREATED, Json(r))),
        Outcome::Replayed(r) => Ok((StatusCode::OK, Json(r))),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Path(receipt_no): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Progress>, AppError> {
    // The verifier is part of an ID number: it travels in a header, never in the URL, so it
    // cannot reach access logs, proxies or browser history.
    let verifier = headers
        .get(VERIFIER_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !is_receipt_no(&receipt_no) {
        return Err(not_found());
    }
    Ok(Json(progress(&state.store, &receipt_no, verifier).await?))
}
