//! `GET /operator/audit?receipt_no=&operator=&from=&to=`: the audit trail, for auditors only
//! (a clerk gets 403); reading it is itself recorded.

use super::extract::ValidQuery;
use crate::applications::receipt::typed;
use crate::audit::{self, Filter};
use crate::{identity::extract::Auditor, state::AppState, AppError};
use axum::{extract::State, Json};
use tongban_rules::api::ErrorBody;

#[utoipa::path(
    get, path = "/operator/audit", tag = "operator",
    security(("operator_token" = [])),
    params(("receipt_no" = Option<String>, Query, example = "TB7K2M9Q4R8T1V6W3X"),
           ("operator" = Option<String>, Query, example = "li.na"),
           ("from" = Option<String>, Query, description = "RFC 3339, inclusive", example = "2026-11-01T00:00:00Z"),
           ("to" = Option<String>, Query, description = "RFC 3339, exclusive", example = "2026-12-01T00:00:00Z")),
    responses((status = 200, description = "the audit rows, newest first (at most 1000), of the auditor's regions", body = [audit::Row]),
              (status = 400, description = "`bad_query`", body = ErrorBody),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: not an auditor", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// Who read or moved which application, when, from where: never the personal data itself.
pub async fn log(
    State(state): State<AppState>,
    Auditor(op): Auditor,
    ValidQuery(mut filter): ValidQuery<Filter>,
) -> Result<Json<Vec<audit::Row>>, AppError> {
    // A number as typed (spaces, lower case, O for 0) finds the rows of the stored one.
    filter.receipt_no = filter.receipt_no.as_deref().map(typed);
    let rows = audit::search(&state.store, &filter, &op.account.regions).await?;
    let entry = op
        .audit("audit.read")
        .detail(format!("rows={}", rows.len()));
    audit::record(&state.store, entry, chrono::Utc::now()).await?;
    Ok(Json(rows))
}
