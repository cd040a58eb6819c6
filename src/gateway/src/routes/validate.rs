//! `POST /validate` `{region, item, form}` → `{ok, errors}`: exactly what the app shows, from the
//! same rules crate, so integrators can check a form without submitting it.

use super::extract::JsonBody;
use crate::identity::{extract::MaybeCitizen, real_name};
use crate::{catalogue::applicable_form, state::AppState, AppError};
use axum::{extract::State, Json};
use serde::{Deserialize, Serialize};
use tongban_rules::api::ErrorBody;
use tongban_rules::{
    api::china_today,
    form::{normalise, Form, Parsed, Values, APPLICANT_ID},
    FieldError,
};

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"region": "420800", "item": "jm-transfer", "form": {"applicant.id_number": "110105194912310021"}}))]
pub struct ValidateRequest {
    region: String,
    item: String,
    #[schema(value_type = std::collections::BTreeMap<String, String>)]
    form: Values,
    /// 亲情代办: the binding the form would be filed through. Without it, a request with a
    /// person's real-name session is checked as filed for themself (`applicant_not_self`).
    #[serde(default)]
    member: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ValidateResponse {
    ok: bool,
    errors: Vec<FieldError>,
}

/// Answers parsed at the edge into the rules' [`Parsed`] (identifier fields normalised, then
/// validated). What is checked, hashed and stored is what this returns.
pub fn parse_answers(form: &Form, values: &Values) -> Result<Parsed, AppError> {
    let today = china_today(chrono::Utc::now().timestamp_millis());
    Parsed::parse(form, values, today).map_err(AppError::Invalid)
}

#[utoipa::path(
    post, path = "/validate", tag = "applications",
    security((), ("citizen_session" = [])),
    request_body = ValidateRequest,
    responses((status = 200, description = "`{ok, errors}`: exactly what the app shows", body = ValidateResponse),
              (status = 400, description = "`bad_json`, `item_not_applicable`", body = ErrorBody),
              (status = 401, description = "`session_invalid`, `session_expired`, `session_revoked`: a session was sent and is not valid", body = ErrorBody),
              (status = 404, description = "`unknown_item`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody))
)]
pub async fn validate(
    State(state): State<AppState>,
    MaybeCitizen(citizen): MaybeCitizen,
    JsonBody(req): JsonBody<ValidateRequest>,
) -> Result<Json<ValidateResponse>, AppError> {
    let lists = state.lists.current();
    let (_, form) = applicable_form(lists.catalogue.catalogue(), &req.region, &req.item)?;
    let mut errors = match parse_answers(form, &req.form) {
        Ok(_) => Vec::new(),
        Err(AppError::Invalid(errors)) => errors,
        Err(e) => return Err(e),
    };
    // The submission's rule, on the field, as the citizen types: a person's real-name session
    // files only for themself (`identity::real_name::is_self`).
    let own = citizen.filter(|c| c.is_person() && c.idh.is_some() && req.member.is_none());
    let id_ok = !errors
        .iter()
        .any(|e| e.field == tongban_rules::api::real_name::FIELD);
    if let Some(c) = own.filter(|_| id_ok) {
        let values = normalise(form, &req.form);
        let id = values.get(APPLICANT_ID).map(String::as_str);
        if let Err(AppError::NotSelf) = real_name::is_self_id(&state.keys, &c, id) {
            errors.push(tongban_rules::api::real_name::not_self_error());
        }
    }
    Ok(Json(ValidateResponse {
        ok: errors.is_empty(),
        errors,
    }))
}
