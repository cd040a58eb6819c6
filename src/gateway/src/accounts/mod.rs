//! Named operator accounts: who they are, their role, the regions they serve, and their bearer
//! token, of which only a SHA-256 is stored. Managed with `tongban-gateway operator …` (`cli`).

pub mod cli;
pub mod lifetime;

use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// What an operator may do: a clerk works the queue of their regions; an auditor reads the
/// audit log of their regions and nothing else; the system (the core 经办 system's own account)
/// reads the queue and the applications of its regions and makes the moves, nothing else; an
/// editor publishes the bureau's lists (`tongban-gateway lists publish`) and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Clerk,
    Auditor,
    System,
    Editor,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Auditor => "auditor",
            Role::System => "system",
            Role::Editor => "editor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "clerk" => Some(Role::Clerk),
            "auditor" => Some(Role::Auditor),
            "system" => Some(Role::System),
            "editor" => Some(Role::Editor),
            _ => None,
        }
    }
}

/// The regions an operator serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    All,
    Only(Vec<String>),
}

impl Regions {
    /// `*` or a comma-separated list of region codes, as stored.
    pub fn parse(text: &str) -> Self {
        if text.trim() == "*" {
            return Regions::All;
        }
        Regions::Only(
            text.split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    pub fn stored(&self) -> String {
        match self {
            Regions::All => "*".into(),
            Regions::Only(list) => list.join(","),
        }
    }

    /// The SQL condition limiting a `region` column to these regions, with placeholders from
    /// `$first`, and the values to bind to them. No region at all matches nothing.
    pub fn sql_filter(&self, first: usize) -> (String, Vec<String>) {
        match self {
            Regions::All => (String::new(), Vec::new()),
            Regions::Only(list) if list.is_empty() => ("AND 1 = 0".into(), Vec::new()),
            Regions::Only(list) => {
                let marks: Vec<String> = (first..first + list.len())
                    .map(|i| format!("${i}"))
                    .collect();
                (
                    format!("AND region IN ({})", marks.join(", ")),
                    list.clone(),
                )
            }
        }
    }

    pub fn covers(&self, region: &str) -> bool {
        match self {
            Regions::All => true,
            Regions::Only(list) => list.iter().any(|r| r == region),
        }
    }
}

/// A signed-in operator, as the extractor found them.
#[derive(Debug, Clone)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub regions: Regions,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Why a presented token does not sign anyone in, and whose it was (for the audit trail).
#[derive(Debug, Clone)]
pub enum Refusal {
    Unknown,
    Expired(Account),
    Revoked(Account),
}

/// A new token: 32 random bytes, hex, behind a prefix that says what it is.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("tbo_{}", crate::hex::lower(&bytes))
}

pub fn token_hash(token: &str) -> String {
    crate::hex::lower(&Sha256::digest(token.trim().as_bytes()))
}

fn millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

fn account(row: &sqlx::any::AnyRow) -> Result<Account, AppError> {
    let role: String = row.try_get("role")?;
    Ok(Account {
        name: row.try_get("name")?,
        role: Role::from_code(&role)
            .ok_or_else(|| AppError::Config(format!("operator with unknown role `{role}`")))?,
        regions: Regions::parse(&row.try_get::<String, _>("regions")?),
        expires_at: millis(row.try_get("expires_at")?),
        revoked_at: millis(row.try_get("revoked_at")?),
    })
}

const COLUMNS: &str = "name, role, regions, expires_at, revoked_at";

/// Creates operator `name` and answers their token: the only time it is ever seen. The token
/// expires at `expires_at`, or (`None`) after the longest life of its role (`lifetime`).
pub async fn add(
    store: &Store,
    name: &str,
    role: Role,
    regions: &Regions,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let expires_at =
        expires_at.unwrap_or_else(|| now + chrono::Duration::days(lifetime::max_days(role)));
    let token = new_token();
    let done = sqlx::query(
        "INSERT INTO operators (name, token_hash, role, regions, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(token_hash(&token))
    .bind(role.code())
    .bind(regions.stored())
    .bind(now.timestamp_millis())
    .bind(expires_at.timestamp_millis())
    .execute(store.pool())
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict {
            code: "operator_exists",
            message: format!(
                "an operator named `{name}` exists already; revoke it or pick another name"
            ),
        });
    }
    Ok(token)
}

/// Every operator, revoked ones included (they stay for the audit trail), by name.
pub async fn list(store: &Store) -> Result<Vec<Account>, AppError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM operators ORDER BY name"))
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(account).collect()
}

/// Revokes `name`'s token at once; answers whether there was a live one to revoke.
pub async fn revoke(store: &Store, name: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let done =
        sqlx::query("UPDATE operators SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(name)
            .execute(store.pool())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives live operator `name` a new token expiring at `expires_at` and answers it; the old
/// token signs no one in from then on. `None`: no live operator has that name.
pub async fn renew(
    store: &Store,
    name: &str,
    expires_at: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let token = new_token();
    let done = sqlx::query(
        "UPDATE operators SET token_hash = $1, expires_at = $2 \
         WHERE name = $3 AND revoked_at IS NULL",
    )
    .bind(token_hash(&token))
    .bind(expires_at.timestamp_millis())
    .bind(name)
    .execute(store.pool())
    .await?;
    Ok((done.rows_affected() == 1).then_some(token))
}

/// The name of `--dev`'s clerk; no one else may have it (`operator add` refuses it).
pub const DEV_OPERATOR: &str = "dev";

/// Replaces the dev clerk (all regions) of a `--dev` run and answers its fresh token.
pub async fn dev_clerk(store: &Store, now: DateTime<Utc>) -> Result<String, AppError> {
    sqlx::query("DELETE FROM operators WHERE name = $1")
        .bind(DEV_OPERATOR)
        .execute(store.pool())
        .await?;
    add(store, DEV_OPERATOR, Role::Clerk, &Regions::All, None, now).await
}

/// At a start without `--dev`: removes the dev clerk a `--dev` run left in this database, so
/// its token (printed to a console, all regions) signs no one in; says so in the log. Answers
/// whether there was one (the caller records it in the audit trail).
pub async fn remove_dev_operators(store: &Store) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM operators WHERE name = $1")
        .bind(DEV_OPERATOR)
        .execute(store.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    tracing::warn!(
        operator = DEV_OPERATOR,
        "removed the dev clerk a --dev run left in this database: its token no longer works"
    );
    Ok(true)
}

/// The operator `token` signs in, if any, at `now`.
pub async fn authenticate(
    store: &Store,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Result<Account, Refusal>, AppError> {
    // Looked up by hash: the stored value is useless to whoever reads the table.
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM operators WHERE token_hash = $1"
    ))
    .bind(token_hash(token))
    .fetch_optional(store.pool())
    .await?;
    let Some(row) = row else {
        return Ok(Err(Refusal::Unknown));
    };
    let account = account(&row)?;
    Ok(if account.revoked_at.is_some() {
        Err(Refusal::Revoked(account))
    } else if account.expires_at.is_some_and(|t| t <= now) {
        Err(Refusal::Expired(account))
    } else {
        Ok(account)
    })
}

/// Sets operator `name`'s 工号 and work phone (each kept as it is when `None`): what a citizen
/// reads on a home visit's card that names the operator as its clerk. `false`: no such operator.
pub async fn set_contact(
    store: &Store,
    name: &str,
    work_no: Option<&str>,
    phone: Option<&str>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE operators SET work_no = COALESCE($1, work_no), phone = COALESCE($2, phone) \
         WHERE name = $3",
    )
    .bind(work_no)
    .bind(phone)
    .bind(name)
    .execute(store.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_stored_and_read_back_and_star_means_all() {
        let r = Regions::parse("440000, 420800");
        assert_eq!(Regions::parse(&r.stored()), r);
        assert!(r.covers("420800") && !r.covers("110000"));
        assert!(Regions::parse("*").covers("110000"));
    }

    #[test]
    fn an_operator_of_no_region_matches_no_row() {
        assert_eq!(Regions::parse("").sql_filter(4).0, "AND 1 = 0");
        assert!(!Regions::parse("").covers("440000"));
        let (sql, values) = Regions::parse("440000,420800").sql_filter(4);
        assert_eq!((sql.as_str(), values.len()), ("AND region IN ($4, $5)", 2));
        assert_eq!(Regions::All.sql_filter(4), (String::new(), Vec::new()));
    }

    #[test]
    fn tokens_are_long_random_and_stored_only_as_a_hash() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert!(!token_hash(&a).contains(&a[4..]));
    }
}
