//! The progress view of one application in one statement: the record, its timeline and its
//! rating, read together with what the lookup must know before it answers — the session's
//! revocation (a citizen's lookup) or the lookup limits (a verifier's, after its seats are
//! taken: `limits::admit_reading`) — (`GET /applications/{receipt_no}`; `pkg-scripts/bench
//! limits` measures it). A statement is a round trip to the database (on PostgreSQL to its
//! server; on SQLite it runs on a reader of its own on the request's thread, `Store::read`): a
//! lookup that read these one after another paid one each.

use super::{
    limits::{self, Buckets, Limits},
    record::{Record, COLUMNS},
    timeline::{event_from_row, Read, EVENT_COLUMNS},
};
use crate::{
    ratings,
    store::{Columns, Param, Rows, Store},
    AppError,
};
use chrono::{DateTime, Utc};
use std::sync::LazyLock;
use tongban_rules::api::Attached;

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
/// The rows come in no particular order: [`view_of`] puts the events in theirs (sorting a few
/// rows here is cheaper than SQLite's temporary B-tree for an `ORDER BY`).
fn statement(first: &str) -> String {
    format!(
        "SELECT x.*, {record}, {EVENT_COLUMNS}, {rating} FROM (SELECT {first}) x \
         LEFT JOIN applications a ON a.receipt_no = $1 \
         LEFT JOIN application_events e ON e.receipt_no = a.receipt_no \
         LEFT JOIN ratings g ON g.receipt_no = a.receipt_no",
        record = RECORD.as_str(),
        rating = ratings::COLUMNS,
    )
}

/// The session's statement: beside the view, the materials on file, for the owner's view. Three
/// parts, one after another (no temporary table to join): the session's revocation with the
/// record and its rating (one row, the record's columns NULL when there is no such
/// application), then a row per event, then a row per material on file, each with NULL in the
/// others' columns; in no particular order, as [`statement`]'s ([`view_of`] finds the record's
/// row by its receipt number).
static FOR_SESSION: LazyLock<String> = LazyLock::new(|| {
    let record_nulls = nulls(COLUMNS.split(',').count() + 3); // the record's and the rating's
    format!(
        "SELECT x.*, {record}, {rating}, {event_nulls}, {material_nulls} \
         FROM (SELECT (SELECT COUNT(*) FROM revoked_sessions WHERE id = $2) AS revoked) x \
         LEFT JOIN applications a ON a.receipt_no = $1 \
         LEFT JOIN ratings g ON g.receipt_no = a.receipt_no \
         UNION ALL SELECT NULL, {record_nulls}, {EVENT_COLUMNS}, {material_nulls} \
           FROM application_events e WHERE e.receipt_no = $1 \
         UNION ALL SELECT NULL, {record_nulls}, {event_nulls}, t.id, t.material, t.content_type, \
           CAST(t.size AS BIGINT), t.created_at FROM attachments t WHERE t.receipt_no = $1",
        record = RECORD.as_str(),
        rating = ratings::COLUMNS,
        event_nulls = "NULL AS e_seq, NULL AS e_status, NULL AS e_note, NULL AS e_at, \
            NULL AS e_operator",
        // Typed: PostgreSQL types the first two parts' columns together before the third's, and
        // two untyped NULLs would be text there.
        material_nulls = "NULL AS m_id, NULL AS m_material, NULL AS m_content_type, \
            CAST(NULL AS BIGINT) AS m_size, CAST(NULL AS BIGINT) AS m_created",
    )
});

/// `n` NULLs, for the columns a part of a `UNION ALL` does not have.
fn nulls(n: usize) -> String {
    vec!["NULL"; n].join(", ")
}

static WITH_LIMITS: LazyLock<String> =
    LazyLock::new(|| statement(&limits::columns("$2", "$3", "$4")));

/// Runs `sql` with `params` and answers what `each` takes from its rows (the first one always
/// there), however they were read (`store::Rows`: by a SQLite reader or through the pool).
async fn read<T>(
    store: &Store,
    sql: &str,
    params: &[Param<'_>],
    each: impl Fn(&dyn ViewRows) -> Result<T, AppError>,
) -> Result<T, AppError> {
    match store.read(sql, params).await? {
        Rows::Read(rows) => each(&rows),
        Rows::Pool(rows) => each(&rows),
    }
}

/// The view's rows, whichever way they were read (`store::Rows`).
trait ViewRows {
    fn view(&self, receipt_no: &str, store: &Store) -> Result<View, AppError>;
    fn materials(&self) -> Result<Vec<Attached>, AppError>;
    fn revoked(&self) -> Result<bool, AppError>;
    fn limits(&self) -> Result<Limits, AppError>;
}

impl<R: Columns> ViewRows for Vec<R> {
    fn view(&self, receipt_no: &str, store: &Store) -> Result<View, AppError> {
        view_of(self, receipt_no, store)
    }

    fn materials(&self) -> Result<Vec<Attached>, AppError> {
        let mut on_file = self
            .iter()
            .filter_map(|r| material(r).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        // In the order they were uploaded (`attachments::of`'s).
        on_file.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        Ok(on_file.into_iter().map(|(_, m)| m).collect())
    }

    fn revoked(&self) -> Result<bool, AppError> {
        // On the record's row (the statement's first part); NULL on the events' and materials'.
        for r in self {
            if let Some(n) = r.get::<Option<i64>>("revoked")? {
                return Ok(n > 0);
            }
        }
        Err(sqlx::Error::RowNotFound.into())
    }

    fn limits(&self) -> Result<Limits, AppError> {
        Limits::from_row(first(self)?)
    }
}

fn first<R>(rows: &[R]) -> Result<&R, AppError> {
    Ok(rows.first().ok_or(sqlx::Error::RowNotFound)?)
}

fn view_of<R: Columns>(rows: &[R], receipt_no: &str, store: &Store) -> Result<View, AppError> {
    // The record's row: every row in the verifier's statement, one in the session's.
    let mut record_row = None;
    for r in rows {
        if r.get::<Option<String>>("receipt_no")?.is_some() {
            record_row = Some(r);
            break;
        }
    }
    let Some(first) = record_row else {
        return Ok(None);
    };
    let sealer = store.sealer()?;
    let record = Record::from_row(first, sealer)?;
    let rating = ratings::from_row(first, receipt_no, sealer)?;
    let mut events = Vec::with_capacity(rows.len());
    for r in rows {
        if let (Some(seq), Some(event)) = (
            r.get::<Option<i64>>("e_seq")?,
            event_from_row(r, receipt_no, sealer)?,
        ) {
            events.push((seq, event));
        }
    }
    events.sort_unstable_by_key(|(seq, _)| *seq);
    let timeline = events.into_iter().map(|(_, e)| e).collect();
    Ok(Some((
        record,
        Read {
            timeline,
            rating,
            attachments: Vec::new(),
        },
    )))
}

/// What [`for_session`] reads: the application, its materials on file (only the owner is shown
/// them: `read.attachments` stays empty until the route puts them there), and whether the
/// session was ended.
pub struct ForSession {
    pub view: View,
    pub materials: Vec<Attached>,
    pub revoked: bool,
}

/// The application `receipt_no` with what its progress shows and its materials on file, and
/// whether the session `session` (its id, `once::token_id`) was ended, in one statement.
pub async fn for_session(
    store: &Store,
    receipt_no: &str,
    session: &str,
) -> Result<ForSession, AppError> {
    let params = [Param::Text(receipt_no), Param::Text(session)];
    read(store, &FOR_SESSION, &params, |rows| {
        let view = rows.view(receipt_no, store)?;
        let materials = match view {
            Some(_) => rows.materials()?,
            None => Vec::new(),
        };
        Ok(ForSession {
            view,
            materials,
            revoked: rows.revoked()?,
        })
    })
    .await
}

/// The material on file in `r`, with when it was uploaded; `None` on an event's row.
fn material(r: &impl Columns) -> Result<Option<(i64, Attached)>, AppError> {
    let Some(id) = r.get::<Option<String>>("m_id")? else {
        return Ok(None);
    };
    Ok(Some((
        r.get("m_created")?,
        Attached {
            id,
            material: r.get("m_material")?,
            content_type: r.get("m_content_type")?,
            size: u64::try_from(r.get::<i64>("m_size")?)
                .map_err(|_| super::record::corrupt("attachments.size"))?,
        },
    )))
}

/// The application `receipt_no` (its materials aside: a verifier is not shown them), with the lookup limits of `b` at
/// `now`, read in the same statement (for `limits::admit_reading`, after the seats are taken).
pub async fn with_limits(
    store: &Store,
    receipt_no: &str,
    b: &Buckets,
    now: DateTime<Utc>,
) -> Result<(View, Limits), AppError> {
    let params = [
        Param::Text(receipt_no),
        Param::Text(&b.target),
        Param::Text(&b.caller),
        Param::Int(limits::window_start(now)),
    ];
    read(store, &WITH_LIMITS, &params, |rows| {
        Ok((rows.view(receipt_no, store)?, rows.limits()?))
    })
    .await
}
