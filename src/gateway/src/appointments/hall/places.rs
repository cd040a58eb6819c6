//! The free places of an office's slots over the next working days.

use crate::appointments::slots;
use crate::offices::{Office, Offices};
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use std::collections::HashMap;
use tongban_rules::api::{china_today, OfficeSlots, Slot};
use tongban_rules::calendar::Calendar;

pub(super) fn office<'a>(
    offices: &'a Offices,
    region: &str,
    id: &str,
) -> Result<&'a Office, AppError> {
    offices
        .in_region(region, id)
        .ok_or_else(|| AppError::NotFound {
            code: "unknown_office",
            message: format!("no office `{id}` in region `{region}`"),
        })
}

pub(super) fn booking_of(office: &Office) -> Result<&crate::offices::Booking, AppError> {
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
