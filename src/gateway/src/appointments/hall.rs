//! 预约到厅: a place in an office's slot. Places are numbered 1..capacity and the table's unique
//! (office, day, slot, place) refuses a second holder of a place on both engines, so two
//! citizens racing for the last place cannot both get it. Cancelling gives the place back;
//! the clerk's arrival mark is the citizen's trip (跑动), written to `visits`.

use super::{events, may_cancel, new_id, not_found, slots};
use crate::accounts::Regions;
use crate::catalogue::item_name;
use crate::offices::{Office, Offices};
use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use std::collections::HashMap;
use tongban_rules::api::{appointment_label, china_today, Appointment, Booking, OfficeSlots, Slot};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

/// At most this many hall appointments booked and not yet due per citizen.
pub const MAX_OPEN: i64 = 5;

fn office<'a>(offices: &'a Offices, region: &str, id: &str) -> Result<&'a Office, AppError> {
    offices
        .in_region(region, id)
        .ok_or_else(|| AppError::NotFound {
            code: "unknown_office",
            message: format!("no office `{id}` in region `{region}`"),
        })
}

fn booking_of(office: &Office) -> Result<&crate::offices::Booking, AppError> {
    office.booking.as_ref().ok_or_else(|| AppError::Conflict {
        code: "no_hall_appointments",
        message: "this office has published no hours to book (see its phone number)".into(),
    })
}

/// The free places of office `id` over the next working days.
pub async fn available(
    store: &Store,
    offices: &Offices,
    calendar: &Calendar,
    region: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<OfficeSlots, AppError> {
    let office = office(offices, region, id)?;
    let booking = booking_of(office)?;
    let days =
        slots::working_days_after(calendar, china_today(now.timestamp_millis()), slots::DAYS);
    let first = days.first().map(|d| d.to_string()).unwrap_or_default();
    let taken: HashMap<(String, String), i64> = sqlx::query(
        "SELECT day, slot, COUNT(*) AS n FROM appointments \
         WHERE office = $1 AND day >= $2 AND place IS NOT NULL GROUP BY day, slot",
    )
    .bind(id)
    .bind(&first)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|r| Ok(((r.try_get("day")?, r.try_get("slot")?), r.try_get("n")?)))
    .collect::<Result<_, AppError>>()?;
    let of_day = slots::of_day(booking);
    let mut out = Vec::new();
    for day in days {
        for slot in &of_day {
            let n = taken
                .get(&(day.to_string(), slot.clone()))
                .copied()
                .unwrap_or(0);
            out.push(Slot {
                day: day.to_string(),
                slot: slot.clone(),
                free: (i64::from(booking.capacity) - n).max(0) as u32,
            });
        }
    }
    Ok(OfficeSlots {
        office: office.id.clone(),
        office_name: office.name.clone(),
        capacity: booking.capacity,
        slots: out,
    })
}

fn bad(code: &'static str, message: &str, field: &'static str) -> AppError {
    AppError::BadRequest {
        code,
        message: message.into(),
        field: Some(field),
    }
}

/// That `receipt_no`, when given, is an application of `owner` for `item_id`.
pub(crate) async fn own_application(
    store: &Store,
    owner: &str,
    receipt_no: Option<&str>,
) -> Result<(), AppError> {
    let Some(receipt_no) = receipt_no else {
        return Ok(());
    };
    let found: Option<String> =
        sqlx::query_scalar("SELECT owner FROM applications WHERE receipt_no = $1")
            .bind(receipt_no)
            .fetch_optional(store.pool())
            .await?;
    if found.as_deref() != Some(owner) {
        return Err(AppError::NotFound {
            code: "unknown_receipt",
            message: "no application of yours has this receipt number".into(),
        });
    }
    Ok(())
}

/// Books a place for `owner`: the first free place of the slot, or 409 `slot_full`.
pub async fn book(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    calendar: &Calendar,
    owner: &str,
    b: &Booking,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    cat.item(&b.region, &b.item_id)
        .map_err(|_| bad("unknown_item", "no such item in this region", "item_id"))?;
    let office = office(offices, &b.region, &b.office)?;
    let booking = booking_of(office)?;
    let day = slots::parse_day(&b.day, "day")?;
    let today = china_today(now.timestamp_millis());
    if !slots::working_days_after(calendar, today, slots::DAYS).contains(&day) {
        return Err(bad(
            "day_not_bookable",
            "day must be one of the next working days after today",
            "day",
        ));
    }
    if !slots::of_day(booking).contains(&b.slot) {
        return Err(bad(
            "slot_invalid",
            "no such slot in the office's hours",
            "slot",
        ));
    }
    own_application(store, owner, b.receipt_no.as_deref()).await?;
    let same: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE owner = $1 AND office = $2 AND day = $3 \
         AND slot = $4 AND status = 'booked'",
    )
    .bind(owner)
    .bind(&b.office)
    .bind(day.to_string())
    .bind(&b.slot)
    .fetch_one(store.pool())
    .await?;
    if same > 0 {
        return Err(AppError::Conflict {
            code: "already_booked",
            message: "you already hold a place in this slot".into(),
        });
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments WHERE owner = $1 AND status = 'booked' AND day >= $2",
    )
    .bind(owner)
    .bind(today.to_string())
    .fetch_one(store.pool())
    .await?;
    if open >= MAX_OPEN {
        return Err(AppError::Conflict {
            code: "too_many_appointments",
            message: format!("at most {MAX_OPEN} open hall appointments per citizen"),
        });
    }
    let id = new_id();
    for place in 1..=i64::from(booking.capacity) {
        let inserted = sqlx::query(
            "INSERT INTO appointments (id, owner, region, item_id, office, day, slot, place, \
             receipt_no, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $10)",
        )
        .bind(&id)
        .bind(owner)
        .bind(&b.region)
        .bind(&b.item_id)
        .bind(&b.office)
        .bind(day.to_string())
        .bind(&b.slot)
        .bind(place)
        .bind(b.receipt_no.as_deref())
        .bind(now.timestamp_millis())
        .execute(store.pool())
        .await;
        match inserted {
            Ok(_) => {
                let name = item_name(cat, &b.region, &b.item_id);
                let message = format!(
                    "您已预约{}办理“{name}”：{} {}，请按时到厅",
                    office.name, b.day, b.slot
                );
                let step = events::Step {
                    owner,
                    ref_id: &id,
                    status: "booked",
                    note: None,
                    message,
                };
                events::record(store, step, now).await?;
                tracing::info!(office = %b.office, day = %b.day, slot = %b.slot, "hall appointment booked");
                return one(store, cat, offices, &id, now).await;
            }
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict {
        code: "slot_full",
        message: "every place of this slot is taken".into(),
    })
}

struct Row_ {
    a: Appointment,
    owner: String,
}

fn read(
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

const COLUMNS: &str = "id, owner, region, item_id, office, day, slot, status, receipt_no";

async fn row(
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

async fn one(
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

/// The citizen cancels their own booking, until the day before (China time).
pub async fn cancel(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    owner: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    let r = row(store, cat, offices, id, now).await?;
    if r.owner != owner {
        return Err(not_found());
    }
    if !r.a.cancellable {
        return Err(AppError::Conflict {
            code: "too_late_to_cancel",
            message: "an appointment can be cancelled until the day before it".into(),
        });
    }
    let done = sqlx::query(
        "UPDATE appointments SET status = 'cancelled', place = NULL, updated_at = $1 \
         WHERE id = $2 AND status = 'booked'",
    )
    .bind(now.timestamp_millis())
    .bind(id)
    .execute(store.pool())
    .await?;
    if done.rows_affected() == 1 {
        let message = format!(
            "您已取消{} {} {}的预约（{}）",
            r.a.office_name, r.a.day, r.a.slot, r.a.item_name
        );
        let step = events::Step {
            owner,
            ref_id: id,
            status: "cancelled",
            note: None,
            message,
        };
        events::record(store, step, now).await?;
    }
    one(store, cat, offices, id, now).await
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

/// The clerk marks the citizen arrived (on the appointment's day): one `visits` row of kind
/// `arrival`, the citizen's trip. A second mark is refused.
pub async fn arrive(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    served: &Regions,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Appointment, AppError> {
    let r = row(store, cat, offices, id, now).await?;
    if !served.covers(&r.a.region) {
        return Err(not_found());
    }
    if r.a.day != china_today(now.timestamp_millis()).to_string() {
        return Err(AppError::Conflict {
            code: "not_appointment_day",
            message: "a citizen is marked arrived on the appointment's day".into(),
        });
    }
    let mut tx = store.pool().begin().await?;
    let moved = sqlx::query(
        "UPDATE appointments SET status = 'arrived', updated_at = $1 \
         WHERE id = $2 AND status = 'booked'",
    )
    .bind(now.timestamp_millis())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(AppError::Conflict {
            code: "not_booked",
            message: "this appointment was cancelled or already marked arrived".into(),
        });
    }
    sqlx::query(
        "INSERT INTO visits (id, receipt_no, appointment_id, region, item_id, kind, office, at) \
         VALUES ($1, $2, $3, $4, $5, 'arrival', $6, $7)",
    )
    .bind(new_id())
    .bind(r.a.receipt_no.as_deref())
    .bind(id)
    .bind(&r.a.region)
    .bind(&r.a.item_id)
    .bind(&r.a.office)
    .bind(now.timestamp_millis())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let step = events::Step {
        owner: &r.owner,
        ref_id: id,
        status: "arrived",
        note: None,
        message: format!(
            "您已到达{}，工作人员将为您办理“{}”",
            r.a.office_name, r.a.item_name
        ),
    };
    events::record(store, step, now).await?;
    one(store, cat, offices, id, now).await
}

/// 预约提醒: a reminder in the inbox of every booking due on the next working day, once each.
/// Answers how many were sent.
pub async fn remind(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let today = china_today(now.timestamp_millis());
    let Some(next) = slots::working_days_after(calendar, today, 1)
        .first()
        .copied()
    else {
        return Ok(0);
    };
    let due = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE day = $1 AND status = 'booked' \
         AND reminded_at IS NULL LIMIT 500"
    ))
    .bind(next.to_string())
    .fetch_all(store.pool())
    .await?;
    let mut sent = 0;
    for r in &due {
        let r = read(r, cat, offices, today)?;
        let claimed = sqlx::query(
            "UPDATE appointments SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL",
        )
        .bind(now.timestamp_millis())
        .bind(&r.a.id)
        .execute(store.pool())
        .await?;
        if claimed.rows_affected() == 1 {
            let message = format!(
                "预约提醒：请于{} {}到{}办理“{}”",
                r.a.day, r.a.slot, r.a.office_name, r.a.item_name
            );
            let step = events::Step {
                owner: &r.owner,
                ref_id: &r.a.id,
                status: "reminder",
                note: None,
                message,
            };
            events::record(store, step, now).await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sends the reminders due every hour, for as long as the process runs.
pub async fn run_reminders(
    store: Store,
    catalogue: std::sync::Arc<crate::catalogue::CatalogueView>,
    offices: std::sync::Arc<Offices>,
    calendar: std::sync::Arc<Calendar>,
) {
    loop {
        match remind(
            &store,
            catalogue.catalogue(),
            &offices,
            &calendar,
            Utc::now(),
        )
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "appointment reminders sent"),
            Err(e) => tracing::warn!(error = %e, "appointment reminders failed; retrying later"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
