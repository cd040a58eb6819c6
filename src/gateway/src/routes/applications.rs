//! The citizen's side of an application: `POST /applications` (session + Idempotency-Key),
//! `GET /applications/{receipt_no}` (owner's session or the `Tongban-Verifier` header), and the
//! applicant's moves: revoke, resubmit after 退回补正, rate (好差评).

use super::extract::J;
use super::progress::{self, load};
use super::validate::{applicable_form, parse_answers, today_in_china};
use crate::applications::{
    limits,
    moves::Request,
    receipt::{is_receipt_no, sha256_hex},
    record::Record,
    submit::{submit, Caller, Outcome, Receipt, Submission},
    timeline::{not_found, verifier_matches, Progress, Viewer},
};
use crate::{
    client_addr,
    identity::extract::{Citizen, MaybeCitizen},
    startup::AppState,
    AppError,
};
use axum::{
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use serde::Deserialize;
use std::net::SocketAddr;
use tongban_rules::{
    form::Values,
    lifecycle::{Actor, Move},
};

pub const VERIFIER_HEADER: &str = "tongban-verifier";

pub fn idempotency_key(headers: &HeaderMap) -> Result<&str, AppError> {
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
    citizen: Citizen,
    headers: HeaderMap,
    J(mut sub): J<Submission>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    let key = idempotency_key(&headers)?;
    let (item, form) = applicable_form(&state, &sub.region, &sub.item)?;
    let today = today_in_china();
    sub.form = parse_answers(form, &sub.form)?;
    let caller = Caller {
        owner: &citizen.owner,
        key,
    };
    let now = chrono::Utc::now();
    match submit(
        &state.store,
        &caller,
        &sub,
        &item,
        &state.calendar,
        now,
        today,
    )
    .await?
    {
        Outcome::Created(r) => Ok((StatusCode::CREATED, Json(r))),
        Outcome::Replayed(r) => Ok((StatusCode::OK, Json(r))),
    }
}

/// Loads an application for its owner (the same 404 when it is not theirs).
async fn owned(state: &AppState, citizen: &Citizen, receipt_no: &str) -> Result<Record, AppError> {
    Some(load(state, receipt_no).await?)
        .filter(|r| r.owner == citizen.owner)
        .ok_or_else(not_found)
}

pub async fn show(
    State(state): State<AppState>,
    MaybeCitizen(citizen): MaybeCitizen,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(receipt_no): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Progress>, AppError> {
    let record = if is_receipt_no(&receipt_no) {
        Record::load(&state.store, &receipt_no).await?
    } else {
        None
    };
    if let (Some(c), Some(r)) = (&citizen, &record) {
        if r.owner == c.owner {
            return progress::answer(&state, r, Viewer::Owner).await;
        }
    }
    // The verifier is part of an ID number: it travels in a header, never in the URL, so it
    // cannot reach access logs, proxies or browser history.
    let verifier = headers
        .get(VERIFIER_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = chrono::Utc::now();
    let client = client_addr::client(peer.ip(), &headers, &state.trusted_proxies);
    let buckets = limits::Buckets {
        client: format!("ip:{}", sha256_hex(&[client.to_string().as_bytes()])),
        receipt: format!("receipt:{}", sha256_hex(&[receipt_no.as_bytes()])),
    };
    limits::admit(&state.store, &buckets, now).await?;
    match record.filter(|r| verifier_matches(r, verifier)) {
        Some(r) => {
            limits::succeeded(&state.store, &buckets, now).await?;
            progress::answer(&state, &r, Viewer::Holder).await
        }
        None => Err(not_found()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(receipt_no): Path<String>,
) -> Result<Json<Progress>, AppError> {
    let record = owned(&state, &citizen, &receipt_no).await?;
    let req = Request {
        mv: Move::Revoke,
        actor: Actor::Applicant,
        note: None,
        materials: &[],
        form: None,
        attachments: &[],
    };
    progress::apply(&state, &record, &req, Viewer::Owner).await
}

#[derive(Debug, Deserialize)]
pub struct Resubmission {
    pub form: Values,
    /// Uploads for the materials the office asked for (`POST /attachments` ids).
    #[serde(default)]
    pub attachments: Vec<String>,
}

pub async fn resubmit(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(receipt_no): Path<String>,
    J(mut body): J<Resubmission>,
) -> Result<Json<Progress>, AppError> {
    let record = owned(&state, &citizen, &receipt_no).await?;
    let (_, form) = applicable_form(&state, &record.region, &record.item)?;
    body.form = parse_answers(form, &body.form)?;
    // A retry of a resubmission that already went through (the stored form is this one and
    // the application left 退回补正) answers with the current progress instead of a conflict.
    if record.status != tongban_rules::lifecycle::Status::Returned && record.form == body.form {
        return progress::answer(&state, &record, Viewer::Owner).await;
    }
    let req = Request {
        mv: Move::Resubmit,
        actor: Actor::Applicant,
        note: None,
        materials: &[],
        form: Some(&body.form),
        attachments: &body.attachments,
    };
    progress::apply(&state, &record, &req, Viewer::Owner).await
}

#[derive(Debug, Deserialize)]
pub struct RatingBody {
    pub grade: i64,
    #[serde(default)]
    pub reason: Option<String>,
}

/// 好差评: five grades, 5 非常满意 … 1 非常不满意; grades 1 and 2 need a reason.
pub async fn rate(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(receipt_no): Path<String>,
    J(body): J<RatingBody>,
) -> Result<Json<Progress>, AppError> {
    let record = owned(&state, &citizen, &receipt_no).await?;
    if !(1..=5).contains(&body.grade) {
        return Err(AppError::BadRequest {
            code: "grade_out_of_range",
            message: "grade is 1 (非常不满意) to 5 (非常满意)".into(),
            field: Some("grade"),
        });
    }
    let reason = body
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if body.grade <= 2 && reason.is_none() {
        return Err(AppError::Invalid(vec![tongban_rules::FieldError::new(
            "reason",
            "reason_required",
            "请告诉我们不满意的原因，我们会跟进整改",
        )]));
    }
    if !tongban_rules::lifecycle::may_rate(record.status) {
        return Err(AppError::Conflict {
            code: "not_rateable",
            message: "an application can be rated once it is completed".into(),
        });
    }
    let inserted = sqlx::query(
        "INSERT INTO ratings (receipt_no, grade, reason, rated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (receipt_no) DO NOTHING",
    )
    .bind(&receipt_no)
    .bind(body.grade)
    .bind(reason)
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(state.store.pool())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict {
            code: "already_rated",
            message: "this application has already been rated".into(),
        });
    }
    tracing::info!(receipt_no = %receipt_no, grade = body.grade, "rated");
    progress::answer(&state, &record, Viewer::Owner).await
}

#[derive(Debug, serde::Serialize)]
pub struct Answers {
    pub form: Values,
}

/// `GET /applications/{receipt_no}/form`: the stored answers, to the owner only and only while
/// the application is returned for correction (退回补正), so the app can offer them for editing
/// without keeping personal data on the device after a submission.
pub async fn answers(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(receipt_no): Path<String>,
) -> Result<Json<Answers>, AppError> {
    let record = owned(&state, &citizen, &receipt_no).await?;
    if record.status != tongban_rules::lifecycle::Status::Returned {
        return Err(AppError::Conflict {
            code: "not_returned",
            message:
                "the answers are given back only while the application is returned for correction"
                    .into(),
        });
    }
    Ok(Json(Answers { form: record.form }))
}
