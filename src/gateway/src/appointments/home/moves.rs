//! The clerks' moves on a request: confirm a half day, assign a clerk, mark it done, or cancel
//! it with a reason; each guarded by the status it was read in.

use super::read::{one, row};
use super::request::half_day;
use crate::accounts::Regions;
use crate::appointments::{events, not_found, slots};
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use tongban_rules::api::{china_today, HomeVisit, HomeVisitMove};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

pub(super) fn refused(code: &'static str, message: &str) -> AppError {
    AppError::Conflict {
        code,
        message: message.into(),
    }
}

/// A clerk's move: `confirm`, `assign`, `done` or `cancel`. `clerk_name` is the clerk moving;
/// their `audit` row, completed with the request's region, commits with the move or neither does.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    store: &Store,
    cat: &Catalogue,
    calendar: &Calendar,
    served: &Regions,
    clerk_name: &str,
    id: &str,
    action: &str,
    mv: &HomeVisitMove,
    audit: &crate::audit::Entry<'_>,
    now: DateTime<Utc>,
) -> Result<HomeVisit, AppError> {
    let r = row(store, cat, id, now).await?;
    if !served.covers(&r.v.region) {
        return Err(not_found());
    }
    let today = china_today(now.timestamp_millis());
    let open_now = matches!(r.v.status.as_str(), "requested" | "confirmed");
    let note = mv.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let clerk = mv.clerk.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let name = &r.v.item_name;
    let (status, slot, who, finished, message) = match action {
        "confirm" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            let text = mv.slot.as_deref().ok_or_else(|| AppError::BadRequest {
                code: "slot_required",
                message: "confirm names a `slot` (YYYY-MM-DD am|pm)".into(),
                field: Some("slot"),
            })?;
            let slot =
                half_day(calendar, today, text, "slot").map_err(|e| AppError::Invalid(vec![e]))?;
            let label = slots::half_day_label(&slot);
            let message = if r.v.preferred.contains(&slot) {
                format!("您申请的“{name}”上门服务已确认：{label}上门")
            } else {
                format!("您申请的“{name}”上门服务，工作人员建议改为{label}上门；如不方便可取消后重新申请")
            };
            let who = clerk
                .map(str::to_owned)
                .or(r.v.clerk.clone())
                .unwrap_or_else(|| clerk_name.to_owned());
            ("confirmed", Some(slot), Some(who), false, message)
        }
        "assign" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            let who = clerk.ok_or_else(|| AppError::BadRequest {
                code: "clerk_required",
                message: "assign names the `clerk` who will come".into(),
                field: Some("clerk"),
            })?;
            let message = format!("您申请的“{name}”上门服务已安排工作人员{who}");
            (
                r.v.status.as_str(),
                r.v.slot.clone(),
                Some(who.to_owned()),
                false,
                message,
            )
        }
        "done" => {
            if r.v.status != "confirmed" {
                return Err(refused(
                    "move_not_allowed",
                    "only a confirmed visit is done",
                ));
            }
            let message = format!("您申请的“{name}”已上门办结，感谢您的配合");
            ("done", r.v.slot.clone(), r.v.clerk.clone(), true, message)
        }
        "cancel" => {
            if !open_now {
                return Err(refused("move_not_allowed", "this request is closed"));
            }
            note.ok_or_else(|| AppError::BadRequest {
                code: "note_required",
                message: "cancel needs a `note`: the reason the citizen reads".into(),
                field: Some("note"),
            })?;
            // The reason is the step's sealed note; the inbox adds it to this message.
            let message = format!("您申请的“{name}”上门服务已被取消");
            (
                "cancelled",
                r.v.slot.clone(),
                r.v.clerk.clone(),
                true,
                message,
            )
        }
        _ => {
            return Err(AppError::NotFound {
                code: "unknown_action",
                message: format!("`{action}` is not confirm, assign, done or cancel"),
            })
        }
    };
    let mut tx = store.pool().begin().await?;
    let moved = sqlx::query(
        "UPDATE home_visits SET status = $1, slot = $2, clerk = $3, updated_at = $4, \
         finished_at = $5 WHERE id = $6 AND status = $7",
    )
    .bind(status)
    .bind(slot.as_deref())
    .bind(who.as_deref())
    .bind(now.timestamp_millis())
    .bind(finished.then_some(now.timestamp_millis()))
    .bind(id)
    .bind(&r.v.status)
    .execute(&mut *tx)
    .await?;
    changed_meanwhile(moved.rows_affected())?;
    let entry = audit.clone().region(Some(&r.v.region));
    crate::audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await?;
    let step = events::Step {
        owner: &r.owner,
        ref_id: id,
        status,
        note: if action == "cancel" { note } else { None },
        message,
    };
    events::record(store, step, now).await?;
    tracing::info!(action, "home visit moved");
    one(store, cat, id, None, false, now).await
}

/// A move guarded by the status it was read in: 409 `status_changed` when another move came
/// first (no row matched).
pub(super) fn changed_meanwhile(rows: u64) -> Result<(), AppError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(refused(
            "status_changed",
            "the request changed meanwhile; reload",
        ))
    }
}
