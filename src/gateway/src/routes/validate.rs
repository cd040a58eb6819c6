//! `POST /validate` `{region, item, form}` → `{ok, errors}`: exactly what the app shows, from the
//! same rules crate, so integrators can check a form without submitting it.

use super::extract::J;
use crate::{startup::AppState, AppError};
use axum::{extract::State, Json};
use chrono::{FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_rules::{
    catalogue::Item,
    form::{normalise, validate_form, Form, Values},
    FieldError,
};

#[derive(Deserialize)]
pub struct ValidateRequest {
    region: String,
    item: String,
    form: Values,
}

#[derive(Serialize)]
pub struct ValidateResponse {
    ok: bool,
    errors: Vec<FieldError>,
}

/// Today's date in China (UTC+8): birth dates and deadlines are Beijing-time dates.
pub fn today_in_china() -> NaiveDate {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    Utc::now().with_timezone(&offset).date_naive()
}

/// An item that can be applied for in a region, resolved once, with its form; or why not.
pub fn applicable_form<'a>(
    state: &'a AppState,
    region: &str,
    item: &str,
) -> Result<(Item, &'a Form), AppError> {
    let cat = state.catalogue.catalogue();
    let item = cat.item(region, item).map_err(|_| AppError::NotFound {
        code: "unknown_item",
        message: format!("region `{region}` has no item `{item}`"),
    })?;
    let form = item
        .application_form()
        .ok_or_else(|| AppError::BadRequest {
            code: "item_not_applicable",
            message: format!("item `{}` cannot be applied for here", item.id),
            field: Some("item"),
        })?;
    let form = cat.form(form)?;
    Ok((item, form))
}

/// Answers parsed at the edge: identifier fields normalised (the one rule of
/// `tongban_rules::validate::identifier`), then validated. What is stored is what this returns.
pub fn parse_answers(form: &Form, values: &Values) -> Result<Values, AppError> {
    let values = normalise(form, values);
    let errors = validate_form(form, &values, today_in_china());
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub async fn validate(
    State(state): State<AppState>,
    J(req): J<ValidateRequest>,
) -> Result<Json<ValidateResponse>, AppError> {
    let (_, form) = applicable_form(&state, &req.region, &req.item)?;
    let errors = match parse_answers(form, &req.form) {
        Ok(_) => Vec::new(),
        Err(AppError::Invalid(errors)) => errors,
        Err(e) => return Err(e),
    };
    Ok(Json(ValidateResponse {
        ok: errors.is_empty(),
        errors,
    }))
}
