//! Reading hall bookings back: one, a citizen's, and a day's for the clerks of its regions.

use crate::accounts::Regions;
use crate::appointments::{may_cancel, not_found};
use crate::catalogue::item_name;
use crate::offices::Offices;
use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use tongban_rules::api::{appointment_label, china_today, Appointment};
use tongban_rules::catalogue::Catalogue;

pub(super) struct Row_ {
    pub(super) a: Appointment,
    pub(super) owner: String,
}

pub(super) fn read(
    r: &sqlx::any::AnyRow,
    cat: &Catalogue,
    offices: &Offices,
    today: NaiveDate,
) -> Result<Row_, AppError> {
    let region: String = r.try_get("region")?;
    let item_id: String = r.try_get("item_id")?;
    let office: String = r.try_get("office")?;
    let day: String = r.try_get("day")?;
    let status: String = r.try_get("status")?;
    let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| AppError::Corrupt {
        what: "appointments.day",
    })?;
    Ok(Row_ {
        owner: r.try_get("owner")?,
        a: Appointment {
            id: r.try_get("id")?,
            item_name: item_name(cat, &region, &item_id),
            office_name: offices
                .in_region(&region, &office)
                .map_or_else(|| office.clone(), |o| o.name.clone()),
            label: appointment_label(&status).to_owned(),
            cancellable: status == "booked" && may_cancel(today, date),
            region_name: tongban_rules::division::region_name(&region),
            region,
            item_id,
            office,
            day,
            slot: r.try_get("slot")?,
            status,
            receipt_no: r.try_get("receipt_no")?,
        },
    })
}

pub(super) const COLUMNS: &str =
    "id, owner, region, item_id, office, day, slot, status, receipt_no";

pub(super) async fn row(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Row_, AppError> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM appointments WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or_else(not_found)?;
    read(&r, cat, offices, china_today(now.timestamp_millis()))
}

pub(super) async fn one(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    Ok(row(store, cat, offices, id, now).await?.a)
}

/// The hall appointments of `owner`, soonest first.
pub async fn of_owner(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let today = china_today(now.timestamp_millis());
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE owner = $1 ORDER BY day DESC, slot DESC LIMIT 100"
    ))
    .bind(owner)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| read(r, cat, offices, today).map(|r| r.a))
    .collect()
}
/// The appointments of the regions `served` on `day` (all offices, or `office`), by slot.
pub async fn of_day(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    served: &Regions,
    day: NaiveDate,
    office: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let today = china_today(now.timestamp_millis());
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE day = $1 AND status <> 'cancelled' \
         ORDER BY slot, created_at LIMIT 2000"
    ))
    .bind(day.to_string())
    .fetch_all(store.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let a = read(r, cat, offices, today)?.a;
        if served.covers(&a.region) && office.is_none_or(|o| o == a.office) {
            out.push(a);
        }
    }
    Ok(out)
}
