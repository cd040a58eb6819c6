//! One stored application, read back as domain values; lists of them. A row that does not
//! read back as what this version writes is `AppError::Corrupt` (500 `corrupt_record`), never
//! a default value: a bad form is not an empty form, an unknown status is not "submitted".

use crate::{
    accounts::Regions,
    catalogue::item_name,
    sealing::{registry::aad, Sealer},
    store::Store,
    AppError,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
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
    /// `online` or `window` (migration 0008).
    pub channel: String,
    /// The office that received it at a window, when it came that way.
    pub received_office: Option<String>,
    /// 经办单位: the credit code of the unit that filed it for its employee (migration 0010).
    pub acting_unit: Option<String>,
    /// The ID hash (`Keys::id_hash`) of the applicant's ID number, never the number.
    pub applicant_idh: Option<String>,
    /// 亲情代办 (migration 0009): the agent who filed it for the owner, the binding it went
    /// through, and the agent's name (opened).
    pub agent: Option<String>,
    pub binding_id: Option<String>,
    pub agent_name: Option<String>,
    /// The list version it was filed under (migration 0014; none before versions existed).
    pub list_version: Option<i64>,
}

pub const COLUMNS: &str = "receipt_no, region, item_id, owner, verifier_hash, status, form_json, \
     submitted_at, due_date, asked_note, asked_materials, accepted_at, finished_at, channel, \
     received_office, acting_unit, applicant_idh, agent, binding_id, agent_name, list_version";

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
    /// The record of `row`, its answers opened with `sealer` (`sealing`).
    pub fn from_row(row: &impl crate::store::Columns, sealer: &Sealer) -> Result<Self, AppError> {
        let receipt_no: String = row.get("receipt_no")?;
        let sealed: String = row.get("form_json")?;
        // Purged by retention: the answers are gone, the record stays.
        let form = if sealed.is_empty() {
            Values::default()
        } else {
            serde_json::from_str(&sealer.open_text(&receipt_no, &sealed)?)
                .map_err(|_| corrupt("applications.form_json"))?
        };
        let due: Option<String> = row.get("due_date")?;
        let asked: Option<String> = row.get("asked_materials")?;
        let optional_millis = |column: &str, what| {
            row.get::<Option<i64>>(column)?
                .map(|ms| millis(ms, what))
                .transpose()
        };
        Ok(Self {
            receipt_no: receipt_no.clone(),
            region: row.get("region")?,
            item: row.get("item_id")?,
            owner: row.get("owner")?,
            verifier_hash: row.get("verifier_hash")?,
            status: status(&row.get::<String>("status")?, "applications.status")?,
            form,
            submitted_at: millis(row.get("submitted_at")?, "applications.submitted_at")?,
            due_date: date(due.as_deref(), "applications.due_date")?,
            asked_note: row
                .get::<Option<String>>("asked_note")?
                .map(|n| sealer.open_text(&aad::asked_note(&receipt_no, None), &n))
                .transpose()?,
            asked_materials: asked
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|_| corrupt("applications.asked_materials"))?
                .unwrap_or_default(),
            accepted_at: optional_millis("accepted_at", "applications.accepted_at")?,
            finished_at: optional_millis("finished_at", "applications.finished_at")?,
            channel: row.get("channel")?,
            received_office: row.get("received_office")?,
            acting_unit: row.get("acting_unit")?,
            applicant_idh: row.get("applicant_idh")?,
            agent: row.get("agent")?,
            binding_id: row.get("binding_id")?,
            agent_name: row
                .get::<Option<String>>("agent_name")?
                .map(|n| sealer.open_text(&receipt_no, &n))
                .transpose()?,
            list_version: row.get("list_version")?,
        })
    }

    pub async fn load(store: &Store, receipt_no: &str) -> Result<Option<Self>, AppError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM applications WHERE receipt_no = $1"
        ))
        .bind(receipt_no)
        .fetch_optional(store.pool())
        .await?;
        let sealer = store.sealer()?;
        row.as_ref().map(|r| Self::from_row(r, sealer)).transpose()
    }

    pub fn field(&self, path: &str) -> &str {
        self.form.get(path).map_or("", String::as_str)
    }

    /// 代办: who filed it for the applicant (`api::Acting`); `None` when the applicant filed it
    /// online for themselves.
    pub fn acting(&self) -> Option<api::Acting> {
        let acting = api::Acting {
            window_office: self
                .received_office
                .clone()
                .filter(|_| self.channel == "window"),
            unit: self.acting_unit.clone(),
            agent: self.agent_name.as_deref().map(api::mask::name),
            received_by: super::received::received_by(
                self.received_office.as_deref(),
                &self.region,
            ),
        };
        (acting != api::Acting::default()).then_some(acting)
    }

    /// One line of a list, with the item's name from the catalogue.
    pub fn summary(&self, cat: &Catalogue) -> api::Summary {
        api::Summary {
            receipt_no: self.receipt_no.clone(),
            region: self.region.clone(),
            region_name: tongban_rules::division::region_name(&self.region),
            item: self.item.clone(),
            item_name: item_name(cat, &self.region, &self.item),
            status: self.status,
            status_label: self.status.label().to_owned(),
            submitted_at: api::instant(self.submitted_at),
            due_date: self.due_date.map(|d| d.to_string()),
            acting: self.acting(),
        }
    }
}

fn summaries(
    rows: &[AnyRow],
    cat: &Catalogue,
    sealer: &Sealer,
) -> Result<Vec<api::Summary>, AppError> {
    rows.iter()
        .map(|r| Ok(Record::from_row(r, sealer)?.summary(cat)))
        .collect()
}

/// The citizen's own applications, and those they filed for a family member through a binding
/// that is still live (亲情代办), newest first.
pub async fn of_owner(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
) -> Result<Vec<api::Summary>, AppError> {
    of_citizen(store, cat, owner, None).await
}

/// 我的办件: what `owner` filed (a unit: what it filed for its employees, and its own unit
/// items) and, with the session's real-name ID hash `idh`, what others filed for that ID
/// (a unit, a family member, a clerk at the window), newest first.
pub async fn of_citizen(
    store: &Store,
    cat: &Catalogue,
    owner: &str,
    idh: Option<&str>,
) -> Result<Vec<api::Summary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM applications WHERE owner = $1 OR applicant_idh = $2 \
         OR (agent = $1 AND binding_id IN \
         (SELECT id FROM family_bindings WHERE agent = $1 AND status = 'live')) \
         ORDER BY submitted_at DESC LIMIT 200"
    ))
    .bind(owner)
    .bind(idh)
    .fetch_all(store.pool())
    .await?;
    summaries(&rows, cat, store.sealer()?)
}

/// What the operator's queue is narrowed to (every filter optional, but `served`).
#[derive(Debug)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub item: Option<String>,
    pub region: Option<String>,
    /// The regions the clerk serves: the queue holds only these.
    pub served: Regions,
}

/// The operator's queue, oldest first: it is worked in order of arrival.
pub async fn queue(
    store: &Store,
    cat: &Catalogue,
    filter: QueueFilter,
) -> Result<Vec<api::Summary>, AppError> {
    // A clerk's queue holds only the regions they serve: `region IN ($4, $5, …)`.
    let (only, served) = filter.served.sql_filter(4);
    let sql = format!(
        "SELECT {COLUMNS} FROM applications WHERE ($1 IS NULL OR status = $1) \
         AND ($2 IS NULL OR item_id = $2) AND ($3 IS NULL OR region = $3) {only} \
         ORDER BY submitted_at LIMIT 500"
    );
    let mut query = sqlx::query(&sql)
        .bind(filter.status.map(Status::code))
        .bind(filter.item)
        .bind(filter.region);
    for region in served {
        query = query.bind(region);
    }
    let rows = query.fetch_all(store.pool()).await?;
    summaries(&rows, cat, store.sealer()?)
}
