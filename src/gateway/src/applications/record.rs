//! One stored application, read back as domain values; lists of them. A row that does not
//! read back as what this version writes is `AppError::Corrupt` (500 `corrupt_record`), never
//! a default value: a bad form is not an empty form, an unknown status is not "submitted".

use crate::{catalogue::item_name, store::Store, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{any::AnyRow, Row};
use tongban_rules::{api, catalogue::Catalogue, form::Values, lifecycle::Status};

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

/// Logs which column of which table did not read back (never its value) and answers why.
pub fn corrupt(what: &'static str) -> AppError {
    tracing::error!(column = what, "a stored row does not read back");
    AppError::Corrupt { what }
}

/// A stored instant (Unix milliseconds).
pub fn millis(ms: i64, what: &'static str) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| corrupt(what))
}

/// A stored status code.
pub fn status(code: &str, what: &'static str) -> Result<Status, AppError> {
    Status::from_code(code).ok_or_else(|| corrupt(what))
}

/// A stored `YYYY-MM-DD` date.
pub fn date(text: Option<&str>, what: &'static str) -> Result<Option<NaiveDate>, AppError> {
    text.map(|d| d.parse().map_err(|_| corrupt(what)))
        .transpose()
}

impl Record {
    pub fn from_row(row: &AnyRow) -> Result<Self, AppError> {
        let form: String = row.try_get("form_json")?;
        let due: Option<String> = row.try_get("due_date")?;
        let asked: Option<String> = row.try_get("asked_materials")?;
        let optional_millis = |column: &str, what| {
            row.try_get::<Option<i64>, _>(column)?
                .map(|ms| millis(ms, what))
                .transpose()
        };
        Ok(Self {
            receipt_no: row.try_get("receipt_no")?,
            region: row.try_get("region")?,
            item: row.try_get("item_id")?,
            owner: row.try_get("owner")?,
            verifier_hash: row.try_get("verifier_hash")?,
            status: status(&row.try_get::<String, _>("status")?, "applications.status")?,
            form: serde_json::from_str(&form).map_err(|_| corrupt("applications.form_json"))?,
            submitted_at: millis(row.try_get("submitted_at")?, "applications.submitted_at")?,
            due_date: date(due.as_deref(), "applications.due_date")?,
            asked_note: row.try_get("asked_note")?,
            asked_materials: asked
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|_| corrupt("applications.asked_materials"))?
                .unwrap_or_default(),
            accepted_at: optional_millis("accepted_at", "applications.accepted_at")?,
            finished_at: optional_millis("finished_at", "applications.finished_at")?,
        })
    }

    pub async fn load(store: &Store, receipt_no: &str) -> Result<Option<Self>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM applications WHERE receipt_no = $1"
        ))
        .bind(receipt_no)
        .fetch_optional(store.pool())
        .await?;
        row.as_ref().map(Self::from_row).transpose()
    }

    pub fn field(&self, path: &str) -> &str {
        self.form.get(path).map_or("", String::as_str)
    }

    /// One line of a list, with the item's name from the catalogue.
    pub fn summary(&self, cat: &Catalogue) -> api::Summary {
        api::Summary {
            receipt_no: self.receipt_no.clone(),
            region: self.region.clone(),
            item: self.item.clone(),
            item_name: item_name(cat, &self.region, &self.item),
            status: self.status,
            status_label: self.status.label().to_owned(),
            submitted_at: api::instant(self.submitted_at),
            due_date: self.due_date.map(|d| d.to_string()),
        }
    }
}

fn summaries(rows: &[AnyRow], cat: &Catalogue) -> Result<Vec<api::Summary>, AppError> {
    rows.iter()
        .map(|r| Ok(Record::from_row(r)?.summary(cat)))
        .collect()
}

/// The citizen's own applications, newest first.
pub async fn of_owner(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
) -> Result<Vec<api::Summary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE owner = $1 ORDER BY submitted_at DESC LIMIT 200"
    ))
    .bind(owner)
    .fetch_all(store.pool())
    .await?;
    summaries(&rows, cat)
}

/// What the operator's queue is narrowed to (every filter optional).
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub item: Option<String>,
    pub region: Option<String>,
}

/// The operator's queue, oldest first: it is worked in order of arrival.
pub async fn queue(
    store: &Store,
    cat: &Catalogue,
    filter: QueueFilter,
) -> Result<Vec<api::Summary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE ($1 IS NULL OR status = $1) \
         AND ($2 IS NULL OR item_id = $2) AND ($3 IS NULL OR region = $3) \
         ORDER BY submitted_at LIMIT 500"
    ))
    .bind(filter.status.map(Status::code))
    .bind(filter.item)
    .bind(filter.region)
    .fetch_all(store.pool())
    .await?;
    summaries(&rows, cat)
}
