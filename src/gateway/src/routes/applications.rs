//! `POST /applications` (Idempotency-Key required) and `GET /applications/{receipt_no}?verifier=`.

use super::{extract::J, extract::Q, validate::applicable_form, validate::today_in_china};
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
use serde::Deserialize;
use tongban_rules::form::validate_form;

/// Until shell sessions (`POST /session`) land, submissions are owned by this anonymous owner;
/// progress is then reachable only with the receipt number and the verifier.
const ANONYMOUS: &str = "anonymous";

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
    let form = applicable_form(&state, &sub.region, &sub.item)?;
    let today = today_in_china();
    let errors = validate_form(form, &sub.form, today);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let item = state.catalogue.catalogue().item(&sub.region, &sub.item)?;
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

#[derive(Deserialize)]
pub struct Verifier {
    #[serde(default)]
    verifier: String,
}

pub async fn show(
    State(state): State<AppState>,
    Path(receipt_no): Path<String>,
    Q(q): Q<Verifier>,
) -> Result<Json<Progress>, AppError> {
    if !is_receipt_no(&receipt_no) {
        return Err(not_found());
    }
    Ok(Json(
        progress(&state.store, &receipt_no, &q.verifier).await?,
    ))
}
