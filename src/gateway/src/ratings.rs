//! 好差评: the applicant's rating of a completed application (grades 1–2 need a reason), the
//! office's follow-up of a bad one (差评整改), and the counts the statistics need. Ratings are
//! written, read and counted here only.

use crate::{sealing::registry::aad, store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_rules::{api::Rating, lifecycle::Status, FieldError};

/// Rates application `receipt_no` (whose status is `status`) once.
pub async fn rate(
    store: &Store,
    receipt_no: &str,
    status: Status,
    grade: u8,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !(1..=5).contains(&grade) {
        return Err(AppError::BadRequest {
            code: "grade_out_of_range",
            message: "grade is 1 (非常不满意) to 5 (非常满意)".into(),
            field: Some("grade"),
        });
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if grade <= 2 && reason.is_none() {
        return Err(AppError::Invalid(vec![FieldError::new(
            "reason",
            "reason_required",
            "请告诉我们不满意的原因，我们会跟进整改",
        )]));
    }
    if !tongban_rules::lifecycle::may_rate(status) {
        return Err(AppError::Conflict {
            code: "not_rateable",
            message: "an application can be rated once it is completed".into(),
        });
    }
    let inserted = sqlx::query(
        "INSERT INTO ratings (receipt_no, grade, reason, rated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (receipt_no) DO NOTHING",
    )
    .bind(receipt_no)
    .bind(i64::from(grade))
    .bind(
        reason
            .map(|r| {
                store
                    .sealer()
                    .map(|s| s.seal_text(&aad::rating_reason(receipt_no, None), r))
            })
            .transpose()?,
    )
    .bind(now.timestamp_millis())
    .execute(store.pool())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::Conflict {
            code: "already_rated",
            message: "this application has already been rated".into(),
        });
    }
    tracing::info!(receipt_no = %receipt_no, grade, "rated");
    Ok(())
}

/// 差评整改: the operator's answer to a bad rating of `receipt_no`, and its audit row (`audit`),
/// committed together or not at all.
pub async fn follow_up(
    store: &Store,
    receipt_no: &str,
    note: &str,
    audit: &crate::audit::Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::BadRequest {
            code: "note_required",
            message: "a follow-up needs a note".into(),
            field: Some("note"),
        });
    }
    let mut tx = store.pool().begin().await?;
    let done = sqlx::query(
        "UPDATE ratings SET follow_up = $1, followed_up_at = $2 WHERE receipt_no = $3 AND grade <= 2",
    )
    .bind(store.sealer()?.seal_text(&aad::rating_follow_up(receipt_no, None), note))
    .bind(now.timestamp_millis())
    .bind(receipt_no)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::NotFound {
            code: "no_bad_rating",
            message: "this application has no bad rating to follow up".into(),
        });
    }
    crate::audit::record_in(&mut tx, audit, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The rating of `receipt_no`, if it has one.
pub async fn of(store: &Store, receipt_no: &str) -> Result<Option<Rating>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM ratings g WHERE receipt_no = $1"
    ))
    .bind(receipt_no)
    .fetch_optional(store.pool())
    .await?;
    match row {
        Some(r) => from_row(&r, receipt_no, store.sealer()?),
        None => Ok(None),
    }
}

/// The columns [`from_row`] reads, of `ratings` as `g` (also under a LEFT JOIN: the progress
/// view reads the rating with the record, `applications::record::Record::load_view`).
pub const COLUMNS: &str = "g.grade AS g_grade, g.reason AS g_reason, g.follow_up AS g_follow_up";

/// The rating in `row` ([`COLUMNS`]), opened; `None` when the row has none (a LEFT JOIN's NULLs).
pub fn from_row(
    r: &impl crate::store::Columns,
    receipt_no: &str,
    sealer: &crate::sealing::Sealer,
) -> Result<Option<Rating>, AppError> {
    let Some(grade) = r.get::<Option<i64>>("g_grade")? else {
        return Ok(None);
    };
    let open = |column: &str, aad: String| {
        r.get::<Option<String>>(column)?
            .map(|v| sealer.open_text(&aad, &v))
            .transpose()
            .map_err(AppError::from)
    };
    Ok(Some(Rating {
        grade: u8::try_from(grade)
            .map_err(|_| crate::applications::record::corrupt("ratings.grade"))?,
        reason: open("g_reason", aad::rating_reason(receipt_no, None))?,
        follow_up: open("g_follow_up", aad::rating_follow_up(receipt_no, None))?,
    }))
}

/// Bad ratings (grades 1–2) of `region`'s applications, and how many were followed up.
pub async fn bad_in_region(store: &Store, region: &str) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS bad, COUNT(r.follow_up) AS fixed FROM ratings r \
         JOIN applications a ON a.receipt_no = r.receipt_no WHERE a.region = $1 AND r.grade <= 2",
    )
    .bind(region)
    .fetch_one(store.pool())
    .await?;
    Ok((row.try_get("bad")?, row.try_get("fixed")?))
}
