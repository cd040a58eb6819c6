//! The clerk's arrival mark: the citizen's trip (跑动), written to `visits` with the
//! appointment's application, if any.

use super::read::{one, row};
use crate::accounts::Regions;
use crate::appointments::{events, new_id, not_found};
use crate::offices::Offices;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::{china_today, Appointment};
use tongban_rules::catalogue::Catalogue;

/// The clerk marks the citizen arrived (on the appointment's day): one `visits` row of kind
/// `arrival`, the citizen's trip. A second mark is refused. The clerk's `audit` row, completed
/// with the appointment's region, commits with the mark or neither does.
pub async fn arrive(
    store: &Store,
    cat: &Catalogue,
    offices: &Offices,
    served: &Regions,
    id: &str,
    audit: &crate::audit::Entry<'_>,
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
    let entry = audit.clone().region(Some(&r.a.region));
    crate::audit::record_in(&mut tx, &entry, now).await?;
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
