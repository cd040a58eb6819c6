//! The audit trail (等保 2.0 安全审计): who read or moved which application, when, from where.
//! Append-only — this module INSERTs and SELECTs, nothing else touches the table (the tests in
//! `append_only.rs` read every statement of the gateway and its migrations to hold it). A row
//! names the operator, the action, the receipt number and region, the client address and at
//! most a short detail (filters, counts, an attachment id); never an answer of a form.

use crate::{accounts::Regions, store::Store, AppError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row as _;

/// Who the operator-management commands run at the server's console are recorded as.
pub const CONSOLE: &str = "console";

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub operator: &'a str,
    pub action: &'static str,
    pub receipt_no: Option<&'a str>,
    pub region: Option<&'a str>,
    pub client: &'a str,
    pub detail: Option<String>,
}

impl<'a> Entry<'a> {
    /// The operator `operator`, calling from `client`, did `action` (e.g. `application.read`,
    /// `move.accept`, `queue.read`). Routes start one from their extractor (`Operator::audit`).
    pub fn by(operator: &'a str, client: &'a str, action: &'static str) -> Self {
        Self {
            operator,
            action,
            receipt_no: None,
            region: None,
            client,
            detail: None,
        }
    }

    /// A command run at the console (`tongban-gateway operator …`).
    pub fn console(action: &'static str, detail: String) -> Self {
        Self {
            operator: CONSOLE,
            action,
            receipt_no: None,
            region: None,
            client: "local",
            detail: Some(detail),
        }
    }

    /// On the application `receipt_no` of `region`.
    pub fn on(mut self, receipt_no: &'a str, region: &'a str) -> Self {
        self.receipt_no = Some(receipt_no);
        self.region = Some(region);
        self
    }

    pub fn region(mut self, region: Option<&'a str>) -> Self {
        self.region = region;
        self
    }

    pub fn detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Appends `entry` at `now`. A read is answered only once it is recorded: a failure here fails
/// the request.
pub async fn record(store: &Store, entry: Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    record_in(store.pool(), &entry, now).await?;
    Ok(())
}

/// [`record`] inside the transaction of the act it records (`db`: the transaction), so the act
/// and its row commit together or not at all.
pub async fn record_in<'e, E>(
    db: E,
    entry: &Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit (at, operator, action, receipt_no, region, client, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now.timestamp_millis())
    .bind(entry.operator)
    .bind(entry.action)
    .bind(entry.receipt_no)
    .bind(entry.region)
    .bind(entry.client)
    .bind(entry.detail.as_deref())
    .execute(db)
    .await?;
    Ok(())
}

/// `GET /operator/audit` filters; times are RFC 3339 (`2026-11-25T00:00:00Z`), `to` exclusive.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    pub receipt_no: Option<String>,
    pub operator: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// One row of the audit log as the auditor reads it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Row {
    /// RFC 3339, UTC.
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    pub operator: String,
    pub action: String,
    pub receipt_no: Option<String>,
    pub region: Option<String>,
    pub client: String,
    pub detail: Option<String>,
}

/// At most this many rows per answer, newest first; narrow with `from`/`to` for more.
pub const PAGE: i64 = 1000;

/// The rows matching `filter` within `regions` (rows of no region — console commands, queue
/// reads over every region — are for auditors of every region).
pub async fn search(
    store: &Store,
    filter: &Filter,
    regions: &Regions,
) -> Result<Vec<Row>, AppError> {
    let (only, served) = regions.sql_filter(5);
    let sql = format!(
        "SELECT at, operator, action, receipt_no, region, client, detail FROM audit \
         WHERE ($1 IS NULL OR receipt_no = $1) AND ($2 IS NULL OR operator = $2) \
         AND ($3 IS NULL OR at >= $3) AND ($4 IS NULL OR at < $4) {only} \
         ORDER BY at DESC LIMIT {PAGE}"
    );
    let mut query = sqlx::query(&sql)
        .bind(filter.receipt_no.as_deref())
        .bind(filter.operator.as_deref())
        .bind(filter.from.map(|t| t.timestamp_millis()))
        .bind(filter.to.map(|t| t.timestamp_millis()));
    for region in served {
        query = query.bind(region);
    }
    let rows = query.fetch_all(store.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(Row {
                at: DateTime::from_timestamp_millis(r.try_get("at")?).unwrap_or_default(),
                operator: r.try_get("operator")?,
                action: r.try_get("action")?,
                receipt_no: r.try_get("receipt_no")?,
                region: r.try_get("region")?,
                client: r.try_get("client")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}
