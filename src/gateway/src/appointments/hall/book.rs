//! Booking a place: the first free place of the slot, refused when the slot is full, the
//! person already holds a place in it or an open booking for the item, or holds too many open
//! bookings.

use super::places::{booking_of, office};
use super::read::one;
use crate::appointments::{events, new_id, own_application, slots};
use crate::catalogue::item_name;
use crate::offices::Offices;
use crate::{caps, store::Store, AppError};
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

/// Books a place for `owner`, the real-name person `person` (their ID hash): the first free
/// place of the slot, or 409 `slot_full`.
#[allow(clippy::too_many_arguments)]
pub async fn book(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    calendar: &Calendar,
    owner: &str,
    person: &str,
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
    let id = new_id();
    let at = now.timestamp_millis();
    // The counts and the insert under the person's lock (`caps`): however many bookings race,
    // one person holds one open booking per item and at most MAX_OPEN in all.
    let mut tx = store.pool().begin().await?;
    caps::lock(&mut tx, &format!("booking:{person}"), at).await?;
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT \
           COALESCE(SUM(CASE WHEN item_id = $2 AND region = $3 THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN office = $4 AND day = $5 AND slot = $6 THEN 1 ELSE 0 END), 0), \
           COUNT(*) \
         FROM appointments WHERE (person = $1 OR owner = $7) AND status = 'booked' AND day >= $8",
    )
    .bind(person)
    .bind(&b.item_id)
    .bind(&b.region)
    .bind(&b.office)
    .bind(day.to_string())
    .bind(&b.slot)
    .bind(owner)
    .bind(today.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let (same_item, same_slot, open) = counts;
    let refused = if same_slot > 0 {
        Some((
            "already_booked",
            "you already hold a place in this slot".to_owned(),
        ))
    } else if same_item > 0 {
        Some((
            "already_booked_item",
            "you already hold an open booking for this item; cancel it to book another time"
                .to_owned(),
        ))
    } else if open >= MAX_OPEN {
        Some((
            "too_many_appointments",
            format!("at most {MAX_OPEN} open hall appointments per citizen"),
        ))
    } else {
        None
    };
    if let Some((code, message)) = refused {
        tx.rollback().await?;
        return Err(AppError::Conflict { code, message });
    }
    for place in 1..=i64::from(booking.capacity) {
        // A taken place is skipped without failing the transaction (PostgreSQL would abort
        // it on a unique violation).
        let inserted = sqlx::query(
            "INSERT INTO appointments (id, owner, region, item_id, office, day, slot, place, \
             receipt_no, status, created_at, updated_at, person) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $10, $11) \
             ON CONFLICT DO NOTHING",
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
        .bind(at)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            tx.commit().await?;
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
    }
    tx.rollback().await?;
    Err(AppError::Conflict {
        code: "slot_full",
        message: "every place of this slot is taken".into(),
    })
}
