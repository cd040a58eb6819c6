//! A copy's background work, started with the gateway and stopped with it: the outbox's
//! pusher (every copy claims and delivers) and the periodic jobs (run once per cluster by
//! lease, `jobs`). Dropped without `stop` — the process killed — the tasks end where they are
//! and their claims expire for the other copies.

use crate::{
    appointments::hall::remind_now, config::Config, identity::Keys, jobs, lists::live::LiveLists,
    metrics::Metrics, push, retention::Retention, store::Store,
};
use std::{sync::Arc, time::Duration};
use tokio::{sync::watch, task::JoinSet};

/// How long `stop` waits for deliveries and a running job to finish before it cuts them off.
const STOP_WAIT: Duration = Duration::from_secs(30);

/// What the background work reads.
pub struct Parts {
    pub store: Store,
    pub keys: Arc<Keys>,
    pub lists: Arc<LiveLists>,
    pub metrics: Arc<Metrics>,
}

pub struct Background {
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl Background {
    pub fn start(config: &Config, p: Parts) -> Self {
        let (stop, stopped) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let holder = config.cluster.copy_name.clone();
        match &config.webhook_url {
            Some(url) => {
                let settings = push::Settings {
                    holder: holder.clone(),
                    lease: config.cluster.push_lease,
                    concurrency: config.cluster.push_concurrency,
                };
                let pusher = push::Pusher::new(
                    p.store.clone(),
                    p.keys.clone(),
                    url.clone(),
                    settings,
                    p.metrics.clone(),
                );
                tasks.spawn(pusher.run(stopped.clone()));
            }
            None => {
                tracing::warn!("TONGBAN_WEBHOOK_URL is not set: status changes wait in the outbox")
            }
        }
        let retention = Arc::new(Retention {
            store: p.store.clone(),
            data_dir: config.data_dir.clone(),
            final_days: config.retention_days,
        });
        let clock: crate::retention::Clock = Arc::new(chrono::Utc::now);
        let sweep = jobs::Job {
            name: "retention",
            every: crate::retention::EVERY,
            run: move || {
                let (retention, clock) = (retention.clone(), clock.clone());
                async move { retention.once(&clock).await }
            },
        };
        tasks.spawn(jobs::run(
            p.store.clone(),
            holder.clone(),
            sweep,
            p.metrics.clone(),
            stopped.clone(),
        ));
        let store = p.store.clone();
        let reminders = jobs::Job {
            name: "reminders",
            every: Duration::from_secs(3600),
            run: move || {
                let (store, lists) = (store.clone(), p.lists.clone());
                async move { remind_now(&store, &lists).await }
            },
        };
        tasks.spawn(jobs::run(p.store, holder, reminders, p.metrics, stopped));
        Self { stop, tasks }
    }

    /// Claims nothing more, lets the deliveries and a job in flight finish (30 s at most).
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        let drained = tokio::time::timeout(STOP_WAIT, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!("background work cut off after 30 s");
        }
    }
}
