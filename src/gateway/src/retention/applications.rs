//! Retention of applications and their uploads: loose uploads, and the personal data of
//! applications final for the retention period or returned for 补正 and left that long. What
//! is cleared is every `Class::Application` entry of the registry of sealed data, and the
//! hashes that link the application to a person.

use super::{Retention, BATCH, LOOSE_UPLOAD};
use crate::{
    sealing::registry::{clear_sql, Class},
    AppError,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

impl Retention {
    /// Uploads never attached to an application or a binding, older than a day: file, then row.
    pub(super) async fn loose_uploads(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT id FROM attachments WHERE receipt_no IS NULL AND binding_id IS NULL \
             AND created_at < $1 LIMIT {BATCH}"
        ))
        .bind((now - LOOSE_UPLOAD).timestamp_millis())
        .fetch_all(self.store.pool())
        .await?;
        for id in &ids {
            self.remove_file(id).await?;
            // Linked meanwhile by a submission: then it stays.
            sqlx::query(
                "DELETE FROM attachments WHERE id = $1 AND receipt_no IS NULL AND binding_id IS NULL",
            )
            .bind(id)
            .execute(self.store.pool())
            .await?;
        }
        Ok(ids.len() as u64)
    }

    /// Applications final for longer than the retention period, or returned for 补正 and left
    /// without a move that long: their answers, notes, rating texts, files and linkable hashes
    /// go; receipt, item, region, statuses and dates stay.
    pub(super) async fn purge_applications(&self, now: DateTime<Utc>) -> Result<u64, AppError> {
        let before = (now - Duration::days(self.final_days)).timestamp_millis();
        let receipts: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT receipt_no FROM applications WHERE purged_at IS NULL AND \
             ((finished_at IS NOT NULL AND finished_at < $1) \
              OR (status = 'returned' AND updated_at < $1)) LIMIT {BATCH}"
        ))
        .bind(before)
        .fetch_all(self.store.pool())
        .await?;
        for receipt_no in &receipts {
            let files = sqlx::query("SELECT id FROM attachments WHERE receipt_no = $1")
                .bind(receipt_no)
                .fetch_all(self.store.pool())
                .await?;
            for f in &files {
                self.remove_file(&f.try_get::<String, _>("id")?).await?;
            }
            let mut tx = self.store.pool().begin().await?;
            let mut statements = vec![
                "DELETE FROM attachments WHERE receipt_no = $1".to_owned(),
                "DELETE FROM idempotency_keys WHERE receipt_no = $1".to_owned(),
                "UPDATE unit_filings SET applicant = '' WHERE receipt_no = $1".to_owned(),
            ];
            for table in ["application_events", "ratings"] {
                statements.push(format!(
                    "UPDATE {table} SET {} WHERE receipt_no = $1",
                    clear_sql(table, Class::Application)
                ));
            }
            for sql in &statements {
                sqlx::query(sql).bind(receipt_no).execute(&mut *tx).await?;
            }
            sqlx::query(&format!(
                "UPDATE applications SET {}, asked_materials = NULL, purged_at = $1 \
                 WHERE receipt_no = $2",
                clear_sql("applications", Class::Application)
            ))
            .bind(now.timestamp_millis())
            .bind(receipt_no)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        Ok(receipts.len() as u64)
    }

    /// Applications purged by a version that kept their real-name hash and agent's name.
    pub(super) async fn purged_hashes(&self) -> Result<u64, AppError> {
        Ok(sqlx::query(
            "UPDATE applications SET applicant_idh = NULL, agent_name = NULL \
             WHERE purged_at IS NOT NULL AND (applicant_idh IS NOT NULL OR agent_name IS NOT NULL)",
        )
        .execute(self.store.pool())
        .await?
        .rows_affected())
    }
}
