//! 窗口代录 and 异地代收代办: a clerk enters an application for a walk-in citizen at an office's
//! window (QJ 四 "协助线上操作"; GD "异地代收代办").
//!
//! Who owns it: a walk-in citizen has no session, so the application is owned by the receiving
//! office's window, `window:<office id>` — a key no citizen session can carry (sessions are
//! `<shell>:<user>` and `window` is no shell). The office's clerks retry under their
//! Idempotency-Key within that owner. The citizen follows it like any other application: the
//! receipt number on the printed receipt plus the verifier they type themselves (the last six
//! characters of their ID number, never printed).
//!
//! The submission is recorded in the same transaction as the application: `channel = 'window'`,
//! `received_office`, and one `visits` row of kind `window` (one 跑动, QJ 二(六)). The first
//! timeline event names the clerk; the audit row (`Window::audit`), in the same transaction,
//! names the clerk, the receipt and the office.

use super::{access, record::Record};
use crate::{
    accounts::Regions,
    offices::Offices,
    store::{Script, Store},
    AppError,
};
use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_rules::lifecycle::Status;

/// Who entered it, at which office.
#[derive(Debug, Clone)]
pub struct Window<'a> {
    /// The clerk's operator name.
    pub clerk: &'a str,
    /// The receiving office's id (`assets/offices`).
    pub office: &'a str,
    /// The clerk's audit row, completed with the receipt and region and written with the
    /// application: a submission whose row cannot be written is not stored.
    pub audit: crate::audit::Entry<'a>,
}

/// The owner of applications received at `office`'s window.
pub fn owner(office: &str) -> String {
    format!("window:{office}")
}

use super::received::OFFICES;
pub use super::received::{office_name, office_region};

/// The receiving office of an application handled by another region (异地代收), by name.
pub fn received_by(record: &Record) -> Option<String> {
    super::received::received_by(record.received_office.as_deref(), &record.region)
}

/// `office` if it is one of the clerk's regions' offices; why not otherwise.
pub fn receiving_office<'a>(
    offices: &Offices,
    served: &Regions,
    office: &'a str,
) -> Result<&'a str, AppError> {
    match offices.find(office) {
        None => Err(AppError::BadRequest {
            code: "unknown_office",
            message: format!("`{office}` is not an office of assets/offices"),
            field: Some("office"),
        }),
        Some((region, _)) if !served.covers(region) => Err(AppError::Forbidden {
            code: "office_not_served",
            message: format!("office `{office}` is not in one of your regions"),
        }),
        Some(_) => Ok(office),
    }
}

/// 异地代收: how many applications this region's offices received for other regions (they are
/// counted in those regions' statistics; this is the receiving region's 代收 count).
pub async fn received_for_others(store: &Store, region: &str) -> Result<i64, AppError> {
    let offices: Vec<&str> = OFFICES
        .of(region)
        .unwrap_or_default()
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    if offices.is_empty() {
        return Ok(0);
    }
    let marks: Vec<String> = (2..offices.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT COUNT(*) AS n FROM applications WHERE region <> $1 AND received_office IN ({})",
        marks.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(region);
    for office in offices {
        query = query.bind(office);
    }
    Ok(query.fetch_one(store.pool()).await?.try_get("n")?)
}

/// Marks the application just inserted in `tx` as received at `window`, and records the trip.
pub fn record(
    script: &mut Script,
    receipt_no: &str,
    region: &str,
    item: &str,
    window: &Window<'_>,
    now: DateTime<Utc>,
) {
    script
        .push("UPDATE applications SET channel = 'window', received_office = $1 WHERE receipt_no = $2")
        .bind(window.office)
        .bind(receipt_no);
    script
        .push(
            "INSERT INTO visits (id, receipt_no, appointment_id, region, item_id, kind, office, at) \
             VALUES ($1, $2, NULL, $3, $4, 'window', $5, $6)",
        )
        .bind(format!("{receipt_no}-window"))
        .bind(receipt_no)
        .bind(region)
        .bind(item)
        .bind(window.office)
        .bind(now.timestamp_millis());
    let entry = window.audit.clone().on(receipt_no, region);
    crate::audit::add(script, &entry, now);
}

/// A returned application's citizen came to `office` in person to hand in what was asked for
/// (退回补正 that needed a visit): one more 跑动 (`visits` kind `return`). Only while the
/// application waits for its correction: 409 `not_returned` otherwise.
pub async fn record_return_visit(
    store: &Store,
    record: &Record,
    office: &str,
    audit: &crate::audit::Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if record.status != Status::Returned {
        return Err(AppError::Conflict {
            code: "not_returned",
            message:
                "a return visit is recorded only while the application waits for its correction"
                    .into(),
        });
    }
    let mut tx = store.pool().begin().await?;
    sqlx::query(
        "INSERT INTO visits (id, receipt_no, appointment_id, region, item_id, kind, office, at) \
         VALUES ($1, $2, NULL, $3, $4, 'return', $5, $6)",
    )
    .bind(format!(
        "{}-return-{}",
        record.receipt_no,
        now.timestamp_millis()
    ))
    .bind(&record.receipt_no)
    .bind(&record.region)
    .bind(&record.item)
    .bind(office)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    crate::audit::record_in(&mut tx, audit, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the application was received at an office of a region in `served` (异地代收: the
/// receiving region follows it, but only the handling region moves it).
pub fn received_in(record: &Record, served: &Regions) -> bool {
    record
        .received_office
        .as_deref()
        .and_then(office_region)
        .is_some_and(|r| served.covers(r))
}

/// The application if a clerk of `served` may read it: one of their regions handles it, or
/// received it. The same 404 otherwise.
pub async fn readable(
    store: &Store,
    served: &Regions,
    receipt_no: &str,
) -> Result<Record, AppError> {
    Some(access::load(store, receipt_no).await?)
        .filter(|r| served.covers(&r.region) || received_in(r, served))
        .ok_or_else(super::timeline::not_found)
}

/// A move on an application only received in `served`'s regions: refused, it is handled elsewhere.
pub fn not_handled_here(record: &Record) -> AppError {
    AppError::Forbidden {
        code: "received_only",
        message: format!(
            "received here for region {}: only that region's clerks move it",
            record.region
        ),
    }
}
