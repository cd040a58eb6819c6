//! What citizen and operator routes share: loading an application by receipt number, making
//! a move on it, and answering with its progress.

use crate::applications::{
    moves::{self, Request},
    receipt::is_receipt_no,
    record::Record,
    timeline::{not_found, progress, Progress, Viewer},
};
use crate::{startup::AppState, AppError};
use axum::Json;

/// The application with this receipt number, or the one 404 for anything else.
pub async fn load(state: &AppState, receipt_no: &str) -> Result<Record, AppError> {
    if !is_receipt_no(receipt_no) {
        return Err(not_found());
    }
    Record::load(&state.store, receipt_no)
        .await?
        .ok_or_else(not_found)
}

/// The progress of `record` as `viewer` sees it.
pub async fn answer(
    state: &AppState,
    record: &Record,
    viewer: Viewer,
) -> Result<Json<Progress>, AppError> {
    let item = state
        .catalogue
        .catalogue()
        .item(&record.region, &record.item)
        .ok();
    Ok(Json(
        progress(&state.store, record, item.as_ref(), viewer).await?,
    ))
}

/// Makes `req` on `record`, then answers with the progress as it now is.
pub async fn apply(
    state: &AppState,
    record: &Record,
    req: &Request<'_>,
    viewer: Viewer,
) -> Result<Json<Progress>, AppError> {
    let item = state
        .catalogue
        .catalogue()
        .item(&record.region, &record.item)?;
    let now = chrono::Utc::now();
    moves::apply(&state.store, record, &item, &state.calendar, req, now).await?;
    answer(state, &load(state, &record.receipt_no).await?, viewer).await
}
