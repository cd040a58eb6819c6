//! Retention of 亲情代办 data: a binding request refused or never decided, and a binding ended,
//! goes with its applicant block, agent name, hashes and relationship document (户口本, 出生证明)
//! once its period is over; an invitation goes a day after it expired. The history of who bound,
//! consented and ended (`family_events`, owners only) stays with the applications.

use super::{Retention, BATCH, ENDED_BINDING, EXPIRED_INVITATION, UNDECIDED_REQUEST};
use crate::AppError;
use chrono::{DateTime, Utc};

impl Retention {
    /// One batch of bindings past their period: documents (files, rows), then the binding.
    pub(super) async fn family_requests(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM family_bindings WHERE \
             (status = 'pending' AND created_at < $1) OR \
             (status IN ('refused', 'ended') AND COALESCE(ended_at, created_at) < $2) LIMIT {BATCH}"
        ))
        .bind((now - UNDECIDED_REQUEST).timestamp_millis())
        .bind((now - ENDED_BINDING).timestamp_millis())
        .fetch_all(self.store.pool())
        .await?;
        for id in &ids {
            let documents: Vec<String> =
                sqlx::query_scalar("SELECT id FROM attachments WHERE binding_id = $1")
                    .bind(id)
                    .fetch_all(self.store.pool())
                    .await?;
            for d in &documents {
                self.remove_file(d).await?;
            }
            let mut tx = self.store.pool().begin().await?;
            sqlx::query("DELETE FROM attachments WHERE binding_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // Only if it is still past its period (a clerk may have approved it meanwhile).
            sqlx::query(
                "DELETE FROM family_bindings WHERE id = $1 AND status IN ('pending', 'refused', 'ended')",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(ids.len() as u64)
    }

    /// Invitations expired for a day, used or not.
    pub(super) async fn invitations(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        self.delete_batched(
            "family_invitations",
            "id",
            "expires_at < $1",
            now - EXPIRED_INVITATION,
        )
        .await
    }
}
