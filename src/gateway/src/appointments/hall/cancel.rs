//! The citizen cancels their own hall booking, until the day before; the place is given back.

use super::read::{one, row};
use crate::appointments::{events, not_found};
use crate::offices::Offices;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::Appointment;
use tongban_rules::catalogue::Catalogue;

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
