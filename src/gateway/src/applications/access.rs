//! What citizen and operator routes share: finding an application by receipt number (the one
//! 404 for anything else), making a move on it, and its progress as a viewer sees it.

use super::{
    moves::{self, Request},
    receipt::is_receipt_no,
    record::Record,
    timeline::{not_found, progress, Viewer},
};
use crate::{accounts::Regions, store::Store, AppError};
use tongban_rules::{api::Progress, calendar::Calendar, catalogue::Catalogue};

/// The application with this receipt number, or the one 404 for anything else.
pub async fn load(store: &Store, receipt_no: &str) -> Result<Record, AppError> {
    if !is_receipt_no(receipt_no) {
        return Err(not_found());
    }
    Record::load(store, receipt_no).await?.ok_or_else(not_found)
}

/// The region of the application `receipt_no`, if there is one: what an operator refused it asked
/// about (the audit row of a 404 to an operator of other regions). Nothing of it is opened.
pub async fn region_of(store: &Store, receipt_no: &str) -> Result<Option<String>, AppError> {
    if !is_receipt_no(receipt_no) {
        return Ok(None);
    }
    let row = sqlx::query("SELECT region FROM applications WHERE receipt_no = $1")
        .bind(receipt_no)
        .fetch_optional(store.pool())
        .await?;
    Ok(row
        .map(|r| sqlx::Row::try_get::<String, _>(&r, "region"))
        .transpose()?)
}

/// The application if `owner` made it; the same 404 when it is not theirs.
pub async fn owned(store: &Store, owner: &str, receipt_no: &str) -> Result<Record, AppError> {
    Some(load(store, receipt_no).await?)
        .filter(|r| r.owner == owner)
        .ok_or_else(not_found)
}

/// The application if it is of a region in `served` (an operator's); the same 404 otherwise.
pub async fn served(store: &Store, served: &Regions, receipt_no: &str) -> Result<Record, AppError> {
    Some(load(store, receipt_no).await?)
        .filter(|r| served.covers(&r.region))
        .ok_or_else(not_found)
}

/// The progress of `record` as `viewer` sees it.
pub async fn answer(
    store: &Store,
    cat: &Catalogue,
    record: &Record,
    viewer: Viewer,
) -> Result<Progress, AppError> {
    let item = cat.item(&record.region, &record.item).ok();
    progress(store, record, item.as_ref(), viewer).await
}

/// Makes `req` on `record`, then answers with the progress as it now is.
pub async fn apply(
    store: &Store,
    cat: &Catalogue,
    calendar: &Calendar,
    record: &Record,
    req: &Request<'_>,
    viewer: Viewer,
) -> Result<Progress, AppError> {
    let item = cat.item(&record.region, &record.item)?;
    let now = chrono::Utc::now();
    moves::apply(store, record, &item, calendar, req, now).await?;
    answer(store, cat, &load(store, &record.receipt_no).await?, viewer).await
}
