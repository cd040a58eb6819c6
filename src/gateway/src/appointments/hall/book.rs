//! Booking a place: the first free place of the slot, refused when the slot is full, the
//! citizen already holds a place in it, or holds too many open bookings.

use super::places::{booking_of, office};
use super::read::one;
use crate::appointments::{events, new_id, own_application, slots};
use crate::catalogue::item_name;
use crate::offices::Offices;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::{china_today, Appointment, Booking};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

/// At most this many hall appointments booked and not yet due per citizen.
pub const MAX_OPEN: i64 = 5;

fn bad(code: &'static str, message: &str, field: &'static str) -> AppError {
    AppError::BadRequest {
        code,
        message: message.into(),
        field: Some(field),
    }
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
    own_application(store, owner, b.receipt_no.as_deref(), &b.region, &b.item_id).await?;
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
