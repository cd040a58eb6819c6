//! The progress view of one application in one query: the record, its timeline and its rating,
//! read together (`GET /applications/{receipt_no}`; `pkg-scripts/bench limits` measures it). A
//! query is a round trip to the database (on SQLite to its connection's thread): a lookup that
//! read the four one after another paid four.

use super::{
    record::{Record, COLUMNS},
    timeline::{event_from_row, Read, EVENT_COLUMNS},
};
use crate::{ratings, store::Store, AppError};
use std::sync::LazyLock;

/// The record's columns, of `applications` as `a`.
static RECORD: LazyLock<String> = LazyLock::new(|| {
    COLUMNS
        .split(',')
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
});

/// The application `receipt_no` with what its progress shows (the materials on file aside:
/// only the owner sees them, `attachments::of`), or `None`. One row per event (an application
/// has at least its submission's), the record and the rating repeated on each.
pub async fn load(store: &Store, receipt_no: &str) -> Result<Option<(Record, Read)>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {record}, {EVENT_COLUMNS}, {rating} FROM applications a \
         LEFT JOIN application_events e ON e.receipt_no = a.receipt_no \
         LEFT JOIN ratings g ON g.receipt_no = a.receipt_no \
         WHERE a.receipt_no = $1 ORDER BY e.seq",
        record = RECORD.as_str(),
        rating = ratings::COLUMNS,
    ))
    .bind(receipt_no)
    .fetch_all(store.pool())
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let sealer = store.sealer()?;
    let record = Record::from_row(first, sealer)?;
    let rating = ratings::from_row(first, receipt_no, sealer)?;
    let timeline = rows
        .iter()
        .filter_map(|e| event_from_row(e, receipt_no, sealer).transpose())
        .collect::<Result<_, _>>()?;
    Ok(Some((
        record,
        Read {
            timeline,
            rating,
            attachments: Vec::new(),
        },
    )))
}

/// The materials on file of `receipt_no`: the owner's view adds them to what [`load`] read.
pub async fn materials(
    store: &Store,
    receipt_no: &str,
) -> Result<Vec<tongban_rules::api::Attached>, AppError> {
    super::attachments::of(store.pool(), receipt_no).await
}
