//! Delivers the outbox to `TONGBAN_WEBHOOK_URL`: every status change, signed with
//! `TONGBAN_WEBHOOK_SECRET` (`Tongban-Signature: t=<unix seconds>,v1=<HMAC of "t.body">`),
//! retried with exponential backoff per event until a 2xx. Receivers dedupe by `event_id`.
//!
//! Each copy runs a pusher. It claims due events under its name for a lease (`claim`), so
//! copies that live deliver each event once; a copy that dies mid-delivery leaves its claims to
//! expire, and another copy delivers them (at least once). Deliveries run concurrently, at most
//! `TONGBAN_PUSH_CONCURRENCY` at a time to the one receiver, so a slow receiver delays an event
//! by its own answer, not by every event before it. Asked to stop, a pusher claims nothing
//! more and finishes the deliveries it holds.

pub mod claim;

use crate::{identity::Keys, metrics::Metrics, store::Store};
use claim::Claimed;
use std::{sync::Arc, time::Duration};
use tokio::{sync::watch, task::JoinSet};

/// How often an idle pusher looks for due events.
const POLL: Duration = Duration::from_millis(300);

/// The wait after the n-th failure: 1 s, 2 s, 4 s … capped at 10 minutes.
pub fn backoff_ms(attempts: i64) -> i64 {
    1000_i64
        .saturating_mul(1 << attempts.clamp(0, 20))
        .min(600_000)
}

/// How a pusher delivers: its copy's name, the lease of a claim, and how many at once.
#[derive(Debug, Clone)]
pub struct Settings {
    pub holder: String,
    pub lease: Duration,
    pub concurrency: usize,
}

pub struct Pusher {
    pub store: Store,
    pub keys: Arc<Keys>,
    pub url: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    pub metrics: Arc<Metrics>,
}

impl Pusher {
    /// A request is given up after half the lease (at most 10 s), so a live copy answers for
    /// its claim before the lease lets another copy take it.
    pub fn new(
        store: Store,
        keys: Arc<Keys>,
        url: String,
        settings: Settings,
        metrics: Arc<Metrics>,
    ) -> Self {
        let timeout = (settings.lease / 2).min(Duration::from_secs(10));
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap_or_default();
        Self {
            store,
            keys,
            url,
            client,
            settings,
            metrics,
        }
    }

    /// Claims and delivers until `stop` turns true, then finishes the deliveries in flight.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let me = Arc::new(self);
        let mut flying = JoinSet::new();
        while !*stop.borrow() {
            while flying.try_join_next().is_some() {}
            let free = me.settings.concurrency.saturating_sub(flying.len());
            let mut claimed = 0;
            if free > 0 {
                let now = chrono::Utc::now().timestamp_millis();
                let until = now + me.settings.lease.as_millis() as i64;
                match claim::claim(&me.store, &me.settings.holder, now, until, free as i64).await {
                    Ok(events) => {
                        claimed = events.len();
                        for event in events {
                            let me = me.clone();
                            flying.spawn(async move { me.deliver(event).await });
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "outbox claim failed; retrying"),
                }
            }
            // Fewer due than free slots: nothing more is due now, so wait a poll (or a slot);
            // every slot taken: wait for one to free.
            tokio::select! {
                _ = tokio::time::sleep(POLL), if claimed < free => {}
                Some(_) = flying.join_next(), if !flying.is_empty() => {}
                _ = stop.changed() => {}
            }
        }
        while flying.join_next().await.is_some() {}
    }

    /// One attempt at `event`, and its outcome recorded.
    async fn deliver(&self, event: Claimed) {
        let result = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header(
                "tongban-signature",
                self.keys
                    .push_signature(chrono::Utc::now().timestamp(), event.payload.as_bytes()),
            )
            .header("tongban-event-id", &event.event_id)
            .body(event.payload.clone())
            .send()
            .await;
        let failure = match result {
            Ok(res) if res.status().is_success() => None,
            Ok(res) => Some(format!("HTTP {}", res.status().as_u16())),
            Err(e) if e.is_timeout() => Some("timeout".to_owned()),
            Err(_) => Some("unreachable".to_owned()),
        };
        let done = chrono::Utc::now().timestamp_millis();
        let outcome = if failure.is_some() {
            "failed"
        } else {
            "delivered"
        };
        self.metrics.deliveries.with_label_values(&[outcome]).inc();
        let recorded = match failure {
            None => claim::delivered(&self.store, &event, done).await,
            Some(reason) => {
                tracing::warn!(event_id = %event.event_id, attempts = event.attempts + 1, %reason, "push failed; will retry");
                let next = done + backoff_ms(event.attempts);
                claim::failed(&self.store, &event, next, &reason).await
            }
        };
        if let Err(e) = recorded {
            // The lease runs out and the event is due again: delivered twice at worst.
            tracing::warn!(event_id = %event.event_id, error = %e, "push outcome not recorded");
        }
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
