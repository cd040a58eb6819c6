//! The progress view of one application in one statement: the record, its timeline and its
//! rating, read together with what the lookup must know before it answers — the session's
//! revocation (a citizen's lookup) or the lookup limits (a verifier's, after its seats are
//! taken: `limits::admit_reading`) — (`GET /applications/{receipt_no}`; `pkg-scripts/bench
//! limits` measures it). A statement is a round trip to the database (on SQLite to its
//! connection's thread): a lookup that read these one after another paid one each.

use super::{
    limits::{self, Buckets, Limits},
    record::{Record, COLUMNS},
    timeline::{event_from_row, Read, EVENT_COLUMNS},
};
use crate::{ratings, store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::{
    any::{AnyArguments, AnyRow},
    query::Query,
    Any, Row,
};
use std::sync::LazyLock;

/// The application with what its progress shows, or `None` when there is no such application.
pub type View = Option<(Record, Read)>;

/// The record's columns, of `applications` as `a`.
static RECORD: LazyLock<String> = LazyLock::new(|| {
    COLUMNS
        .split(',')
        .map(|c| format!("a.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
});

/// The statement reading `first` (one row of columns, bound from `$2` on) and the application
/// `$1`: one row per event (an application has at least its submission's), the record and the
/// rating repeated on each; one row of NULLs beside `first` when there is no such application.
fn statement(first: &str) -> String {
    format!(
        "SELECT x.*, {record}, {EVENT_COLUMNS}, {rating} FROM (SELECT {first}) x \
         LEFT JOIN applications a ON a.receipt_no = $1 \
         LEFT JOIN application_events e ON e.receipt_no = a.receipt_no \
         LEFT JOIN ratings g ON g.receipt_no = a.receipt_no \
         ORDER BY e.seq",
        record = RECORD.as_str(),
        rating = ratings::COLUMNS,
    )
}

static FOR_SESSION: LazyLock<String> =
    LazyLock::new(|| statement("(SELECT COUNT(*) FROM revoked_sessions WHERE id = $2) AS revoked"));

static WITH_LIMITS: LazyLock<String> =
    LazyLock::new(|| statement(&limits::columns("$2", "$3", "$4")));

/// Runs `sql` for `receipt_no` with `bind` adding the first columns' values; answers the view
/// and the first row (it always has one) for those columns.
async fn read<'q>(
    store: &Store,
    sql: &'q str,
    receipt_no: &'q str,
    bind: impl FnOnce(Query<'q, Any, AnyArguments<'q>>) -> Query<'q, Any, AnyArguments<'q>>,
) -> Result<(View, AnyRow), AppError> {
    let rows = bind(sqlx::query(sql).bind(receipt_no))
        .fetch_all(store.pool())
        .await?;
    let view = view_of(&rows, receipt_no, store)?;
    let first = rows.into_iter().next().ok_or(sqlx::Error::RowNotFound)?;
    Ok((view, first))
}

fn view_of(rows: &[AnyRow], receipt_no: &str, store: &Store) -> Result<View, AppError> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    if first.try_get::<Option<String>, _>("receipt_no")?.is_none() {
        return Ok(None);
    }
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

/// The application `receipt_no` with what its progress shows (the materials on file aside:
/// only the owner sees them, [`materials`]), and whether the session `session` (its id,
/// `once::token_id`) was ended, read in the same statement.
pub async fn for_session(
    store: &Store,
    receipt_no: &str,
    session: &str,
) -> Result<(View, bool), AppError> {
    let (view, row) = read(store, &FOR_SESSION, receipt_no, |q| q.bind(session)).await?;
    Ok((view, row.try_get::<i64, _>("revoked")? > 0))
}

/// The application `receipt_no` as [`for_session`] reads it, with the lookup limits of `b` at
/// `now`, read in the same statement (for `limits::admit_reading`, after the seats are taken).
pub async fn with_limits(
    store: &Store,
    receipt_no: &str,
    b: &Buckets,
    now: DateTime<Utc>,
) -> Result<(View, Limits), AppError> {
    let (view, row) = read(store, &WITH_LIMITS, receipt_no, |q| {
        q.bind(b.target.as_str())
            .bind(b.caller.as_str())
            .bind(limits::window_start(now))
    })
    .await?;
    Ok((view, Limits::from_row(&row)?))
}

/// The materials on file of `receipt_no`: the owner's view adds them to what [`for_session`]
/// read.
pub async fn materials(
    store: &Store,
    receipt_no: &str,
) -> Result<Vec<tongban_rules::api::Attached>, AppError> {
    super::attachments::of(store.pool(), receipt_no).await
}
