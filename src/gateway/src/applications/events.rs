//! A status change is written three ways in one transaction: the timeline event, the push in
//! the outbox (delivered to the webhook at least once) — and the citizen's notification, which
//! is the event itself read through `notifications`.

use crate::store::Script;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Any, Transaction};
use tongban_rules::lifecycle::{Actor, Status};

/// What the webhook receives for each status change.
#[derive(Debug, Serialize)]
pub struct Push<'a> {
    pub event_id: String,
    pub receipt_no: &'a str,
    pub region: &'a str,
    pub item: &'a str,
    pub status: &'static str,
    pub status_label: &'static str,
    pub at: DateTime<Utc>,
    pub owner_shell: &'a str,
    pub owner_sub: &'a str,
}

/// The change being recorded.
pub struct Change<'a> {
    pub receipt_no: &'a str,
    pub region: &'a str,
    pub item: &'a str,
    pub owner: &'a str,
    pub seq: i64,
    pub status: Status,
    pub actor: Actor,
    /// The operator's name for an operator's move.
    pub operator: Option<&'a str>,
    /// The clerk's note, sealed (`sealing::registry::aad::event_note`).
    pub note: Option<&'a str>,
    pub at: DateTime<Utc>,
}

pub async fn record(tx: &mut Transaction<'_, Any>, c: &Change<'_>) -> Result<(), sqlx::Error> {
    let mut script = Script::new();
    add(&mut script, c);
    script.run(tx).await?;
    Ok(())
}

/// Adds the change's two rows (the event, its push) to `script`: a submission writes them with
/// its other rows in one round trip.
pub fn add(script: &mut Script, c: &Change<'_>) {
    let at = c.at.timestamp_millis();
    script
        .push(
            "INSERT INTO application_events (receipt_no, seq, status, actor, operator, note, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.receipt_no)
        .bind(c.seq)
        .bind(c.status.code())
        .bind(c.actor.code())
        .bind(c.operator)
        .bind(c.note)
        .bind(at);
    let (shell, sub) = c.owner.split_once(':').unwrap_or(("browser", c.owner));
    let push = Push {
        event_id: format!("{}-{}", c.receipt_no, c.seq),
        receipt_no: c.receipt_no,
        region: c.region,
        item: c.item,
        status: c.status.code(),
        status_label: c.status.label(),
        at: c.at,
        owner_shell: shell,
        owner_sub: sub,
    };
    script
        .push(
            "INSERT INTO outbox (event_id, payload, attempts, next_at, created_at) \
             VALUES ($1, $2, 0, $3, $3)",
        )
        .bind(&push.event_id)
        .bind(serde_json::to_string(&push).unwrap_or_default())
        .bind(at);
}
