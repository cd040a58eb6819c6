//! The applicant's moves on their application: revoke, resubmit after 退回补正, rate (好差评),
//! and the stored answers while it is returned. Each acts only as the real-name person the
//! application was filed for (`identity::real_name`), or, to revoke, as its live 代办 agent.

use super::extract::{answer, JsonBody, ReceiptPath};
use super::validate::parse_answers;
use crate::applications::{
    access::{self, owned},
    moves::Request,
    record::Record,
    timeline::{not_found, Viewer},
};
use crate::{
    catalogue::applicable_form,
    family,
    identity::{extract::Citizen, real_name},
    ratings,
    state::AppState,
    AppError,
};
use axum::{extract::State, Json};
use serde::Serialize;
use tongban_rules::api::ErrorBody;
use tongban_rules::{
    api::{Progress, RatingRequest, Resubmission},
    form::Values,
    lifecycle::{Actor, Move, Status},
};

/// The caller's own application, which they act on as its applicant: a person's session must
/// be the real-name person it was filed for (403 `real_name_required`, `applicant_not_self`);
/// anyone else's is the one 404.
async fn as_applicant(
    state: &AppState,
    citizen: &Citizen,
    receipt_no: &str,
) -> Result<Record, AppError> {
    let record = owned(&state.store, &citizen.owner, receipt_no).await?;
    if citizen.is_person() {
        citizen.real_name()?;
    }
    if !real_name::acts_as_applicant(citizen, &record.owner, record.applicant_idh.as_deref()) {
        return Err(real_name::not_self());
    }
    Ok(record)
}

/// Makes `req` on the owner's `record` and answers with its progress.
async fn apply(
    state: &AppState,
    record: &Record,
    req: &Request<'_>,
) -> Result<Json<Progress>, AppError> {
    let lists = state.lists.current();
    // Moved by the rules of the list version it was filed under, counted on today's calendar.
    let filed = state.lists.version(record.list_version).await?;
    let cat = filed.catalogue.catalogue();
    let progress = access::apply(
        &state.store,
        cat,
        &lists.calendar,
        record,
        req,
        Viewer::Owner,
    )
    .await?;
    Ok(Json(progress))
}

#[utoipa::path(
    post, path = "/applications/{receipt_no}/revoke", tag = "applications",
    security(("citizen_session" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    responses((status = 200, description = "撤销: the progress after it", body = Progress),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`, `not_your_move`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: a person's session without a real-name identity; `applicant_not_self`: the session is not the real-name person the application was filed for (or, resubmitting, the answers name another person)", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`move_not_allowed`, `status_changed`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn revoke(
    State(state): State<AppState>,
    citizen: Citizen,
    ReceiptPath(receipt_no): ReceiptPath,
) -> Result<Json<Progress>, AppError> {
    // The applicant; or the agent who filed it for them (亲情代办), while the binding is live
    // and the applicant has not objected.
    let record = access::load(&state.store, &receipt_no).await?;
    if record.owner == citizen.owner {
        as_applicant(&state, &citizen, &receipt_no).await?;
    } else {
        if !family::acting::may_revoke(&state.store, &citizen.owner, &record).await? {
            return Err(not_found());
        }
        citizen.real_name()?;
    }
    let req = Request {
        mv: Move::Revoke,
        actor: Actor::Applicant,
        operator: None,
        note: None,
        materials: &[],
        form: None,
        attachments: &[],
        audit: None,
    };
    apply(&state, &record, &req).await
}

#[utoipa::path(
    post, path = "/applications/{receipt_no}/resubmit", tag = "applications",
    security(("citizen_session" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    request_body = Resubmission,
    responses((status = 200, description = "退回补正 answered: the progress after it", body = Progress),
              (status = 400, description = "`bad_json`, `unknown_attachment`, `materials_missing`, `item_not_applicable`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`, `not_your_move`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: a person's session without a real-name identity; `applicant_not_self`: the session is not the real-name person the application was filed for (or, resubmitting, the answers name another person)", body = ErrorBody),
              (status = 404, description = "`not_found`, `unknown_item`", body = ErrorBody),
              (status = 409, description = "`move_not_allowed`, `status_changed`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn resubmit(
    State(state): State<AppState>,
    citizen: Citizen,
    ReceiptPath(receipt_no): ReceiptPath,
    JsonBody(body): JsonBody<Resubmission>,
) -> Result<Json<Progress>, AppError> {
    let record = as_applicant(&state, &citizen, &receipt_no).await?;
    // Corrected against the form of the list version it was filed under.
    let lists = state.lists.version(record.list_version).await?;
    let (_, form) = applicable_form(lists.catalogue.catalogue(), &record.region, &record.item)?;
    let parsed = parse_answers(form, &body.form)?;
    // A resubmission corrects the answers; it never changes who the applicant is.
    let applicant_idh = state.keys.applicant_id_hash(&parsed);
    let same_person = match &record.applicant_idh {
        Some(h) => applicant_idh.as_ref() == Some(h),
        None if citizen.is_person() => applicant_idh.is_none() || applicant_idh == citizen.idh,
        None => true,
    };
    if !same_person {
        return Err(real_name::not_self());
    }
    // A retry of a resubmission that already went through (the stored form is this one and
    // the application left 退回补正) answers with the current progress instead of a conflict.
    if record.status != Status::Returned && &record.form == parsed.values() {
        return answer(&state, &record, Viewer::Owner).await;
    }
    let req = Request {
        mv: Move::Resubmit,
        actor: Actor::Applicant,
        operator: None,
        note: None,
        materials: &[],
        form: Some(&parsed),
        attachments: &body.attachments,
        audit: None,
    };
    apply(&state, &record, &req).await
}

#[utoipa::path(
    post, path = "/applications/{receipt_no}/rating", tag = "applications",
    security(("citizen_session" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    request_body = RatingRequest,
    responses((status = 200, description = "好差评 recorded: the progress after it", body = Progress),
              (status = 400, description = "`bad_json`, `grade_out_of_range`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: a person's session without a real-name identity; `applicant_not_self`: the session is not the real-name person the application was filed for (or, resubmitting, the answers name another person)", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`not_rateable`, `already_rated`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: grades 1–2 need a `reason`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// 好差评: five grades, 5 非常满意 … 1 非常不满意; grades 1 and 2 need a reason.
pub async fn rate(
    State(state): State<AppState>,
    citizen: Citizen,
    ReceiptPath(receipt_no): ReceiptPath,
    JsonBody(body): JsonBody<RatingRequest>,
) -> Result<Json<Progress>, AppError> {
    let record = as_applicant(&state, &citizen, &receipt_no).await?;
    let now = chrono::Utc::now();
    let reason = body.reason.as_deref();
    ratings::rate(
        &state.store,
        &receipt_no,
        record.status,
        body.grade,
        reason,
        now,
    )
    .await?;
    answer(&state, &record, Viewer::Owner).await
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Answers {
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    pub form: Values,
}

#[utoipa::path(
    get, path = "/applications/{receipt_no}/form", tag = "applications",
    security(("citizen_session" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    responses((status = 200, description = "the stored answers, while returned for correction", body = Answers),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found`", body = ErrorBody),
              (status = 409, description = "`not_returned`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// `GET /applications/{receipt_no}/form`: the stored answers, to the owner only and only while
/// the application is returned for correction (退回补正), so the app can offer them for editing
/// without keeping personal data on the device after a submission.
pub async fn answers(
    State(state): State<AppState>,
    citizen: Citizen,
    ReceiptPath(receipt_no): ReceiptPath,
) -> Result<Json<Answers>, AppError> {
    let record = owned(&state.store, &citizen.owner, &receipt_no).await?;
    if record.status != Status::Returned {
        return Err(AppError::Conflict {
            code: "not_returned",
            message:
                "the answers are given back only while the application is returned for correction"
                    .into(),
        });
    }
    Ok(Json(Answers { form: record.form }))
}
