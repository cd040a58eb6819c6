//! The audit trail (等保 2.0 安全审计): who read or moved which application, when, from where.
//! Append-only — this module INSERTs and SELECTs, nothing else touches the table (the tests in
//! `append_only.rs` read every statement of the gateway and its migrations to hold it). A row
//! names the operator, the action, the receipt number and region, the client address and at
//! most a short detail (filters, counts, an attachment id); never an answer of a form. A
//! refusal is a row too (`refused.401`, `refused.403`, `refused.404`): an operator token that is
//! unknown (named by a fingerprint, never the token), expired or revoked, a role or region the
//! operator lacks, an application of a region they do not serve. Each row keeps the regions the
//! operator served when it was written (`scope`), so an auditor sees the rows of their regions
//! and every row of the operators wholly within them, region or not. The database itself refuses
//! to change or remove a row (`audit_guard`).

use crate::{
    accounts::Regions,
    store::{Script, Store},
    AppError,
};
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
    /// The regions the operator serves (`None`: the console, or a token that names no one).
    pub scope: Option<&'a Regions>,
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
            scope: None,
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
            scope: None,
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

    /// Written by an operator serving `regions`.
    pub fn scope(mut self, regions: Option<&'a Regions>) -> Self {
        self.scope = regions;
        self
    }
}

/// What an unknown operator token is recorded as: a fingerprint (the first 12 hex digits of its
/// SHA-256), enough to tell one caller's attempts from another's and useless to sign in with.
pub fn fingerprint(token_hash: &str) -> String {
    format!("token:{}", token_hash.get(..12).unwrap_or(token_hash))
}

/// Appends `entry` at `now`. A read is answered only once it is recorded: a failure here fails
/// the request.
pub async fn record(store: &Store, entry: Entry<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    record_in(&mut *store.pool().acquire().await?, &entry, now).await?;
    Ok(())
}

/// [`record`] inside the transaction of the act it records (`db`: the transaction), so the act
/// and its row commit together or not at all.
pub async fn record_in(
    db: &mut sqlx::AnyConnection,
    entry: &Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut script = Script::new();
    add(&mut script, entry, now);
    script.run(db).await?;
    Ok(())
}

/// [`record_in`]'s row added to `script`: written with the act's other rows, kept with them or
/// not at all.
pub fn add(script: &mut Script, entry: &Entry<'_>, now: DateTime<Utc>) {
    script
        .push(INSERT)
        .bind(now.timestamp_millis())
        .bind(entry.operator)
        .bind(entry.action)
        .bind(entry.receipt_no)
        .bind(entry.region)
        .bind(entry.client)
        .bind(entry.detail.as_deref())
        .bind(entry.scope.map(Regions::stored));
}

const INSERT: &str =
    "INSERT INTO audit (at, operator, action, receipt_no, region, client, detail, scope) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

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

/// Which rows an auditor of `regions` reads, with placeholders from `$first`, and the values to
/// bind: a row of one of their regions, or a row of an operator whose every region is one of
/// theirs (the operator's `scope` with each of the auditor's regions taken out is empty). Rows
/// of no scope — the console, unknown tokens, the gateway's own sweeps — and of all-region
/// operators are for auditors of every region.
fn visible(regions: &Regions, first: usize) -> (String, Vec<String>) {
    let list = match regions {
        Regions::All => return (String::new(), Vec::new()),
        Regions::Only(list) if list.is_empty() => return ("AND 1 = 0".into(), Vec::new()),
        Regions::Only(list) => list,
    };
    let n = list.len();
    let marks: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    let mut rest = "',' || scope || ','".to_owned();
    for i in first + n..first + 2 * n {
        rest = format!("REPLACE({rest}, ${i}, ',')");
    }
    let sql = format!(
        "AND (region IN ({}) OR (scope IS NOT NULL AND scope <> '*' AND {rest} = ','))",
        marks.join(", ")
    );
    let mut values = list.clone();
    values.extend(list.iter().map(|r| format!(",{r},")));
    (sql, values)
}

/// The rows matching `filter` that an auditor of `regions` reads (`visible`).
pub async fn search(
    store: &Store,
    filter: &Filter,
    regions: &Regions,
) -> Result<Vec<Row>, AppError> {
    let (only, served) = visible(regions, 5);
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
