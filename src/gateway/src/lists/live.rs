//! The lists every handler reads: the version served now, held behind an `Arc` that a reload
//! swaps (a read clones the `Arc` under a read lock held for no longer than that: cheap, and a
//! handler keeps the version it started with to its end). Every running copy asks the
//! database every reload interval (`TONGBAN_LISTS_RELOAD_SECS`, 60 s by default) for the
//! newest version whose effective time has passed, and re-reads `TONGBAN_CALENDAR_DIR`; so a
//! publication is served by every copy behind the load balancer within a minute of its
//! effective time, without a restart. Older versions are built when an application filed
//! under one is read, and kept.

use super::set::Lists;
use super::versions;
use crate::{store::Store, AppError};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

#[derive(Debug)]
pub struct LiveLists {
    current: RwLock<Arc<Lists>>,
    /// Versions built for applications filed under them, by number.
    older: Mutex<BTreeMap<i64, Arc<Lists>>>,
    store: Store,
    calendar_dir: Option<PathBuf>,
    /// `TONGBAN_CALENDAR_DIR`'s files when last read.
    seen: Mutex<Vec<(PathBuf, String)>>,
    every: Duration,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

async fn build(
    store: &Store,
    number: i64,
    calendar_dir: Option<&Path>,
) -> Result<Arc<Lists>, AppError> {
    let stored = versions::load(store, number)
        .await?
        .ok_or_else(|| AppError::Config(format!("no list version {number}")))?;
    Ok(Arc::new(Lists::build(
        stored.info,
        &stored.files,
        calendar_dir,
    )?))
}

impl LiveLists {
    /// Stores version 1 from the build when the database has none, then builds the version
    /// served at `now`; an error stops the start.
    pub async fn start(
        store: Store,
        calendar_dir: Option<PathBuf>,
        every: Duration,
        now: DateTime<Utc>,
    ) -> Result<Arc<Self>, AppError> {
        // No audit row: nobody acted; the version names its author, `assets`.
        if versions::seed(&store, now).await? {
            tracing::info!("list version 1 stored from the build's assets");
        }
        let number = versions::served_at(&store, now).await?.unwrap_or(1);
        let seen = calendar_dir
            .as_deref()
            .map(crate::calendar::snapshot)
            .unwrap_or_default();
        let current = build(&store, number, calendar_dir.as_deref()).await?;
        tracing::info!(version = number, "lists ready");
        Ok(Arc::new(Self {
            current: RwLock::new(current),
            older: Mutex::default(),
            store,
            calendar_dir,
            seen: Mutex::new(seen),
            every,
        }))
    }

    /// The version served now.
    pub fn current(&self) -> Arc<Lists> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Version `number` (`None`: filed before versions existed, version 1), built once.
    pub async fn version(&self, number: Option<i64>) -> Result<Arc<Lists>, AppError> {
        let number = number.unwrap_or(1);
        let current = self.current();
        if current.version.number == number {
            return Ok(current);
        }
        if let Some(lists) = lock(&self.older).get(&number) {
            return Ok(lists.clone());
        }
        let lists = build(&self.store, number, self.calendar_dir.as_deref()).await?;
        lock(&self.older).insert(number, lists.clone());
        Ok(lists)
    }

    /// Serves the version effective at `now` if it is not the one served, or rebuilds the
    /// calendar when `TONGBAN_CALENDAR_DIR` changed. Whether anything was replaced. A version
    /// that does not build (or a broken notice file) is logged and the lists in force kept.
    pub async fn reload(&self, now: DateTime<Utc>) -> Result<bool, AppError> {
        let number = versions::served_at(&self.store, now).await?.unwrap_or(1);
        let dir = self.calendar_dir.as_deref();
        let files = dir.map(crate::calendar::snapshot).unwrap_or_default();
        let dir_changed = *lock(&self.seen) != files;
        if number == self.current().version.number && !dir_changed {
            return Ok(false);
        }
        *lock(&self.seen) = files;
        let lists = build(&self.store, number, dir).await?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = lists;
        lock(&self.older).clear();
        tracing::info!(version = number, "lists reloaded");
        Ok(true)
    }

    /// Reloads every interval, for as long as the process runs.
    pub async fn run(self: Arc<Self>) {
        loop {
            tokio::time::sleep(self.every).await;
            if let Err(e) = self.reload(Utc::now()).await {
                tracing::warn!(error = %e, "lists not reloaded: the version in force is kept");
            }
        }
    }
}
