//! The citizen's own lists: `GET /me/applications`, and 即时知 — `GET /me/notifications` (every
//! status change of their applications) and `POST /me/notifications/read`.

use super::extract::OptJ;
use crate::applications::record::{item_name, millis, status, Summary, COLUMNS};
use crate::{identity::extract::Citizen, startup::AppState, AppError};
use axum::{extract::State, http::StatusCode, Json};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

pub async fn applications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Vec<Summary>>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE owner = $1 ORDER BY submitted_at DESC LIMIT 200"
    ))
    .bind(&citizen.owner)
    .fetch_all(state.store.pool())
    .await?;
    Ok(Json(Summary::list(&rows, &state)?))
}

#[derive(Debug, Serialize)]
pub struct Notification {
    pub id: String,
    pub receipt_no: String,
    pub item_name: String,
    pub status: &'static str,
    pub label: &'static str,
    pub message: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Serialize)]
pub struct Inbox {
    pub unread: usize,
    pub items: Vec<Notification>,
}

async fn read_up_to(state: &AppState, owner: &str) -> Result<i64, AppError> {
    let up_to: Option<i64> =
        sqlx::query_scalar("SELECT read_up_to FROM notification_reads WHERE owner = $1")
            .bind(owner)
            .fetch_optional(state.store.pool())
            .await?;
    Ok(up_to.unwrap_or(0))
}

pub async fn notifications(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Inbox>, AppError> {
    let read = read_up_to(&state, &citizen.owner).await?;
    let rows = sqlx::query(
        "SELECT e.receipt_no, e.seq, e.status, e.note, e.at, a.region, a.item_id \
         FROM application_events e JOIN applications a ON a.receipt_no = e.receipt_no \
         WHERE a.owner = $1 ORDER BY e.at DESC, e.seq DESC LIMIT 100",
    )
    .bind(&citizen.owner)
    .fetch_all(state.store.pool())
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            let s = status(&r.try_get::<String, _>("status")?);
            let receipt_no: String = r.try_get("receipt_no")?;
            let seq: i64 = r.try_get("seq")?;
            let at: i64 = r.try_get("at")?;
            let note: Option<String> = r.try_get("note")?;
            let name = item_name(
                &state,
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
                status: s.code(),
                label: s.label(),
                message,
                at: millis(at),
                read: at <= read,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Json(Inbox {
        unread: items.iter().filter(|n| !n.read).count(),
        items,
    }))
}

#[derive(Debug, Deserialize, Default)]
pub struct ReadBody {
    /// The `at` of the newest notification the citizen saw; absent: everything until now.
    #[serde(default)]
    pub up_to: Option<DateTime<Utc>>,
}

pub async fn mark_read(
    State(state): State<AppState>,
    citizen: Citizen,
    OptJ(body): OptJ<ReadBody>,
) -> Result<StatusCode, AppError> {
    let up_to = body.up_to.unwrap_or_else(Utc::now).timestamp_millis();
    sqlx::query(
        "INSERT INTO notification_reads (owner, read_up_to) VALUES ($1, $2) \
         ON CONFLICT (owner) DO UPDATE SET read_up_to = \
         CASE WHEN excluded.read_up_to > notification_reads.read_up_to \
         THEN excluded.read_up_to ELSE notification_reads.read_up_to END",
    )
    .bind(&citizen.owner)
    .bind(up_to)
    .execute(state.store.pool())
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
