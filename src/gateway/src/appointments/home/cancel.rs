//! The citizen cancels their own request.

use super::moves::{changed_meanwhile, refused};
use super::read::{one, row};
use crate::appointments::{events, not_found};
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::HomeVisit;
use tongban_rules::catalogue::Catalogue;

/// The citizen cancels their own request: any time before it is confirmed, and a confirmed
/// one until the day before the visit (China time).
pub async fn cancel(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if r.owner != owner {
        return Err(not_found());
    }
    if !r.v.cancellable {
        return Err(refused(
            "too_late_to_cancel",
            "a confirmed home visit can be cancelled until the day before it",
        ));
    }
    let moved = sqlx::query(
        "UPDATE home_visits SET status = 'cancelled', updated_at = $1, finished_at = $1 \
         WHERE id = $2 AND status = $3",
    )
    .bind(now.timestamp_millis())
    .bind(id)
    .bind(&r.v.status)
    .execute(store.pool())
    .await?;
    changed_meanwhile(moved.rows_affected())?;
    let step = events::Step {
        owner,
        ref_id: id,
        status: "cancelled",
        note: None,
        message: format!("您已取消“{}”的上门服务申请", r.v.item_name),
    };
    events::record(store, step, now).await?;
    one(store, cat, id, Some(owner), true, now).await
}
