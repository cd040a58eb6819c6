//! 即时知: the citizen's inbox is every status change of their applications (the timeline
//! events, read through here) and every step of their appointments (`appointments::events`),
//! with a read mark per citizen. An agent (亲情代办) also gets those of the applications they
//! filed for a member, while the binding is live.

use crate::applications::record::{millis, status};
use crate::{catalogue::item_name, sealing::registry::aad, store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_rules::api::{self, Inbox, Notification};
use tongban_rules::catalogue::Catalogue;

async fn read_up_to(store: &Store, owner: &str) -> Result<i64, AppError> {
    let up_to: Option<i64> =
        sqlx::query_scalar("SELECT read_up_to FROM notification_reads WHERE owner = $1")
            .bind(owner)
            .fetch_optional(store.pool())
            .await?;
    Ok(up_to.unwrap_or(0))
}

/// The newest 100 notifications of `owner`, and how many are unread.
pub async fn of(store: &Store, cat: &Catalogue, owner: &str) -> Result<Inbox, AppError> {
    let read = read_up_to(store, owner).await?;
    let rows = sqlx::query(
        "SELECT e.receipt_no, e.seq, e.status, e.note, e.at, a.region, a.item_id \
         FROM application_events e JOIN applications a ON a.receipt_no = e.receipt_no \
         WHERE a.owner = $1 OR (a.agent = $1 AND a.binding_id IN \
         (SELECT id FROM family_bindings WHERE agent = $1 AND status = 'live')) \
         ORDER BY e.at DESC, e.seq DESC LIMIT 100",
    )
    .bind(owner)
    .fetch_all(store.pool())
    .await?;
    let sealer = store.sealer()?;
    let items = rows
        .iter()
        .map(|r| {
            let s = status(
                &r.try_get::<String, _>("status")?,
                "application_events.status",
            )?;
            let receipt_no: String = r.try_get("receipt_no")?;
            let seq: i64 = r.try_get("seq")?;
            let at: i64 = r.try_get("at")?;
            let note = r
                .try_get::<Option<String>, _>("note")?
                .map(|n| sealer.open_text(&aad::event_note(&receipt_no, Some(seq)), &n))
                .transpose()?;
            let name = item_name(
                cat,
                &r.try_get::<String, _>("region")?,
                &r.try_get::<String, _>("item_id")?,
            );
            let mut message = format!("您申请的“{name}”状态更新为：{}", s.label());
            if let Some(n) = note {
                message.push_str(&format!("。说明：{n}"));
            }
            Ok(Notification {
                id: format!("{receipt_no}-{seq}"),
                receipt_no,
                item_name: name,
                status: Some(s),
                appointment: None,
                label: s.label().to_owned(),
                message,
                at: api::instant(millis(at, "application_events.at")?),
                read: at <= read,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let mut items = items;
    for step in crate::appointments::events::of_owner(store, owner, 100).await? {
        let when = millis(step.at, "appointment_events.at")?;
        items.push(Notification {
            id: format!("{}-{}", step.ref_id, step.at),
            receipt_no: String::new(),
            item_name: "我的预约".to_owned(),
            status: None,
            label: api::appointment_label(&step.status).to_owned(),
            // A clerk's reason is sealed with the step, never written into its message.
            message: match &step.note {
                Some(n) => format!("{}。原因：{n}", step.message),
                None => step.message,
            },
            at: api::instant(when),
            read: step.at <= read,
            appointment: Some(step.ref_id),
        });
    }
    items.sort_by(|a, b| b.at.cmp(&a.at));
    items.truncate(100);
    Ok(Inbox {
        unread: items.iter().filter(|n| !n.read).count(),
        items,
    })
}

/// Marks everything up to `up_to` read (a mark never moves back).
pub async fn mark_read(store: &Store, owner: &str, up_to: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notification_reads (owner, read_up_to) VALUES ($1, $2) \
         ON CONFLICT (owner) DO UPDATE SET read_up_to = \
         CASE WHEN excluded.read_up_to > notification_reads.read_up_to \
         THEN excluded.read_up_to ELSE notification_reads.read_up_to END",
    )
    .bind(owner)
    .bind(up_to.timestamp_millis())
    .execute(store.pool())
    .await?;
    Ok(())
}
