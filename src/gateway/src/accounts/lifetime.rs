//! How long an operator's token lives. Every token expires: a person's after at most
//! `PERSON_DAYS`, the core 经办 system's after at most `SYSTEM_DAYS`.
//!
//! 等保 2.0 level 3 (GB/T 22239-2019, 8.1.4.1 身份鉴别 a) asks that authentication credentials
//! be replaced periodically; a bearer token is such a credential, and an assessor reads
//! "periodically" for a person's credential as at most 90 days, the period most bureaus already
//! set for their passwords. A person's token therefore lives 90 days by default and
//! `--expires-days` may only shorten it: a longer life is refused, not clamped. The core
//! system's account is a machine credential held in that system's secret store and handed over
//! between two systems' administrators: a year, and its rotation is planned (add the next
//! account, switch, revoke the old one; docs/operations.md, "Operators").

use super::Role;
use crate::{store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

/// The longest (and default) life of a person's token (clerk, auditor), in days.
pub const PERSON_DAYS: i64 = 90;
/// The longest (and default) life of the core system's token, in days.
pub const SYSTEM_DAYS: i64 = 365;

/// The longest (and default) life of a token of `role`, in days.
pub fn max_days(role: Role) -> i64 {
    match role {
        Role::System => SYSTEM_DAYS,
        Role::Clerk | Role::Auditor | Role::Editor => PERSON_DAYS,
    }
}

/// When a token of `role` made at `now` expires: after `days` if given (1 to the role's
/// longest), else after the role's longest; a longer `days` is refused with the reason.
pub fn expiry(role: Role, days: Option<i64>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let max = max_days(role);
    match days {
        None => Ok(now + Duration::days(max)),
        Some(d) if (1..=max).contains(&d) => Ok(now + Duration::days(d)),
        Some(d) if d > max => Err(format!(
            "--expires-days {d} is longer than a {} token may live ({max} days, the default): \
             it may only be shortened",
            role.code()
        )),
        Some(_) => Err(format!("--expires-days is a whole number from 1 to {max}")),
    }
}

/// At every start: every live token of a deployed database that never expires, or lives longer
/// than its role now allows (made before tokens expired by default, or with a longer
/// `--expires-days`), is set to expire at `now` + its role's longest life. Answers each
/// operator so bounded, with the new expiry, for the log and the audit trail (`startup`).
pub async fn bound_lifetimes(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Vec<(String, DateTime<Utc>)>, AppError> {
    let mut bounded = Vec::new();
    for role in [Role::Clerk, Role::Auditor, Role::System, Role::Editor] {
        let until = now + Duration::days(max_days(role));
        let names = sqlx::query(
            "SELECT name FROM operators WHERE role = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2) ORDER BY name",
        )
        .bind(role.code())
        .bind(until.timestamp_millis())
        .fetch_all(store.pool())
        .await?;
        for row in names {
            let name: String = row.try_get("name")?;
            // Only a row still unbounded: another copy starting at once may have done it.
            let done = sqlx::query(
                "UPDATE operators SET expires_at = $1 WHERE name = $2 AND revoked_at IS NULL \
                 AND (expires_at IS NULL OR expires_at > $1)",
            )
            .bind(until.timestamp_millis())
            .bind(&name)
            .execute(store.pool())
            .await?;
            if done.rows_affected() == 1 {
                tracing::warn!(
                    operator = %name,
                    role = role.code(),
                    expires = %until.to_rfc3339(),
                    "an operator token that never expired (or lived too long) now expires"
                );
                bounded.push((name, until));
            }
        }
    }
    Ok(bounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_token_lives_90_days_and_may_only_be_shortened() {
        let now = Utc::now();
        assert_eq!(expiry(Role::Clerk, None, now), Ok(now + Duration::days(90)));
        assert_eq!(
            expiry(Role::Auditor, Some(30), now),
            Ok(now + Duration::days(30))
        );
        let err = expiry(Role::Clerk, Some(91), now).unwrap_err();
        assert!(err.contains("may only be shortened"), "{err}");
        assert!(expiry(Role::Clerk, Some(0), now).is_err());
    }

    #[test]
    fn the_systems_token_lives_a_year_at_most() {
        let now = Utc::now();
        assert_eq!(
            expiry(Role::System, None, now),
            Ok(now + Duration::days(365))
        );
        assert!(expiry(Role::System, Some(366), now).is_err());
        assert!(expiry(Role::System, Some(200), now).is_ok());
    }
}
