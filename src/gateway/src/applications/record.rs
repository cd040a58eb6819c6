//! One stored application, read back as domain values.

use crate::{store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{any::AnyRow, Row};
use tongban_rules::{form::Values, lifecycle::Status};

#[derive(Debug, Clone)]
pub struct Record {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    pub owner: String,
    pub verifier_hash: String,
    pub status: Status,
    pub form: Values,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    pub asked_note: Option<String>,
    pub asked_materials: Vec<String>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

pub const COLUMNS: &str = "receipt_no, region, item_id, owner, verifier_hash, status, form_json, \
     submitted_at, due_date, asked_note, asked_materials, accepted_at, finished_at";

pub fn millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A stored status code; an unknown one (never written by this version) reads as submitted.
pub fn status(code: &str) -> Status {
    Status::from_code(code).unwrap_or(Status::Submitted)
}

impl Record {
    pub fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        let form: String = row.try_get("form_json")?;
        let due: Option<String> = row.try_get("due_date")?;
        let asked: Option<String> = row.try_get("asked_materials")?;
        Ok(Self {
            receipt_no: row.try_get("receipt_no")?,
            region: row.try_get("region")?,
            item: row.try_get("item_id")?,
            owner: row.try_get("owner")?,
            verifier_hash: row.try_get("verifier_hash")?,
            status: status(&row.try_get::<String, _>("status")?),
            form: serde_json::from_str(&form).unwrap_or_default(),
            submitted_at: millis(row.try_get("submitted_at")?),
            due_date: due.as_deref().and_then(|d| d.parse().ok()),
            asked_note: row.try_get("asked_note")?,
            asked_materials: asked
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or_default(),
            accepted_at: row.try_get::<Option<i64>, _>("accepted_at")?.map(millis),
            finished_at: row.try_get::<Option<i64>, _>("finished_at")?.map(millis),
        })
    }

    pub async fn load(store: &Store, receipt_no: &str) -> Result<Option<Self>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM applications WHERE receipt_no = $1"
        ))
        .bind(receipt_no)
        .fetch_optional(store.pool())
        .await?;
        Ok(row.as_ref().map(Self::from_row).transpose()?)
    }

    pub fn field(&self, path: &str) -> &str {
        self.form.get(path).map_or("", String::as_str)
    }
}

/// One line of a list (my applications, the operator's queue).
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    pub item_name: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub submitted_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
}

impl Summary {
    /// The summaries of rows selected with [`COLUMNS`].
    pub fn list(
        rows: &[AnyRow],
        state: &crate::startup::AppState,
    ) -> Result<Vec<Self>, sqlx::Error> {
        rows.iter()
            .map(|r| Ok(Self::of(&Record::from_row(r)?, state)))
            .collect()
    }

    pub fn of(r: &Record, state: &crate::startup::AppState) -> Self {
        let item_name = item_name(state, &r.region, &r.item);
        Self {
            receipt_no: r.receipt_no.clone(),
            region: r.region.clone(),
            item: r.item.clone(),
            item_name,
            status: r.status.code(),
            status_label: r.status.label(),
            submitted_at: r.submitted_at,
            due_date: r.due_date,
        }
    }
}

/// The item's name in the catalogue (its id when the catalogue no longer has it).
pub fn item_name(state: &crate::startup::AppState, region: &str, item: &str) -> String {
    state
        .catalogue
        .catalogue()
        .item(region, item)
        .map_or_else(|_| item.to_owned(), |i| i.name)
}
