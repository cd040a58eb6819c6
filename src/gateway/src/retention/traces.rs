//! Retention of what only a rule needed for a while and that names a person by a hash: the
//! escalating lookup locks (a receipt, a client or an ID hash), the person locks of the caps
//! (an ID hash) and the person a past hall booking was for (an ID hash).

use super::{Retention, TRACES};
use crate::AppError;
use chrono::{DateTime, Utc};

impl Retention {
    /// Locks past by `TRACES`, and the person of bookings whose day is that long past.
    pub(super) async fn traces(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let before = now - TRACES;
        let mut n = self
            .delete_batched("lookup_locks", "bucket", "locked_until < $1", before)
            .await?;
        n += self
            .delete_batched("person_locks", "key", "at < $1", before)
            .await?;
        let day = (before + chrono::Duration::hours(8))
            .date_naive()
            .to_string();
        n += sqlx::query(
            "UPDATE appointments SET person = NULL WHERE person IS NOT NULL AND day < $1",
        )
        .bind(day)
        .execute(self.store.pool())
        .await?
        .rows_affected();
        Ok(n)
    }
}
