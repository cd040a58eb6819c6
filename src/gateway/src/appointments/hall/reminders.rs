//! 预约提醒: the inbox reminder of a booking the working day before it, sent once.

use super::read::{read, COLUMNS};
use crate::appointments::{events, slots};
use crate::offices::Offices;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::china_today;
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

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

/// Sends the reminders due now, logging how many (the hourly job, once per cluster: `jobs`).
pub async fn remind_now(
    store: &Store,
    lists: &crate::lists::live::LiveLists,
) -> Result<(), AppError> {
    let now = lists.current();
    let n = remind(
        store,
        now.catalogue.catalogue(),
        &now.offices,
        &now.calendar,
        Utc::now(),
    )
    .await?;
    if n > 0 {
        tracing::info!(reminders = n, "appointment reminders sent");
    }
    Ok(())
}
