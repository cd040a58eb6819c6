//! Delivers the outbox to `TONGBAN_WEBHOOK_URL`: every status change, at least once, signed
//! with `TONGBAN_WEBHOOK_SECRET` (`Tongban-Signature: t=<unix seconds>,v1=<HMAC of "t.body">`),
//! retried with exponential backoff until a 2xx. Receivers dedupe by `event_id`. Each copy of the gateway runs a worker; two copies may
//! both deliver an event (at least once), never none.

use crate::{identity::Keys, store::Store, AppError};
use sqlx::Row;
use std::{sync::Arc, time::Duration};

/// The wait after the n-th failure: 1 s, 2 s, 4 s … capped at 10 minutes.
pub fn backoff_ms(attempts: i64) -> i64 {
    1000_i64
        .saturating_mul(1 << attempts.clamp(0, 20))
        .min(600_000)
}

pub struct Pusher {
    pub store: Store,
    pub keys: Arc<Keys>,
    pub url: String,
    pub client: reqwest::Client,
}

impl Pusher {
    pub fn new(store: Store, keys: Arc<Keys>, url: String) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self {
            store,
            keys,
            url,
            client,
        }
    }

    /// Runs until the process ends, polling for due events.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(0) | Err(_) => tokio::time::sleep(Duration::from_millis(300)).await,
                Ok(_) => {}
            }
        }
    }

    /// Delivers what is due now; returns how many were attempted.
    pub async fn deliver_due(&self) -> Result<usize, AppError> {
        let now = chrono::Utc::now().timestamp_millis();
        let rows = sqlx::query(
            "SELECT event_id, payload, attempts FROM outbox \
             WHERE delivered_at IS NULL AND next_at <= $1 ORDER BY next_at LIMIT 50",
        )
        .bind(now)
        .fetch_all(self.store.pool())
        .await?;
        for row in &rows {
            let event_id: String = row.try_get("event_id")?;
            let payload: String = row.try_get("payload")?;
            let attempts: i64 = row.try_get("attempts")?;
            let result = self
                .client
                .post(&self.url)
                .header("content-type", "application/json")
                .header(
                    "tongban-signature",
                    self.keys
                        .push_signature(chrono::Utc::now().timestamp(), payload.as_bytes()),
                )
                .header("tongban-event-id", &event_id)
                .body(payload)
                .send()
                .await;
            let failure = match result {
                Ok(res) if res.status().is_success() => None,
                Ok(res) => Some(format!("HTTP {}", res.status().as_u16())),
                Err(e) => Some(
                    if e.is_timeout() {
                        "timeout"
                    } else {
                        "unreachable"
                    }
                    .to_owned(),
                ),
            };
            let done = chrono::Utc::now().timestamp_millis();
            match failure {
                None => {
                    sqlx::query(
                        "UPDATE outbox SET delivered_at = $1, attempts = $2 WHERE event_id = $3",
                    )
                    .bind(done)
                    .bind(attempts + 1)
                    .bind(&event_id)
                    .execute(self.store.pool())
                    .await?;
                }
                Some(reason) => {
                    tracing::warn!(event_id = %event_id, attempts = attempts + 1, %reason, "push failed; will retry");
                    sqlx::query(
                        "UPDATE outbox SET attempts = $1, next_at = $2, last_error = $3 WHERE event_id = $4",
                    )
                    .bind(attempts + 1)
                    .bind(done + backoff_ms(attempts))
                    .bind(reason)
                    .bind(&event_id)
                    .execute(self.store.pool())
                    .await?;
                }
            }
        }
        Ok(rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_and_is_capped_at_ten_minutes() {
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(3), 8000);
        assert_eq!(backoff_ms(40), 600_000);
    }
}
