//! Settings for running many copies on one database: the copy's name, the outbox's claims, the
//! metrics endpoint and the drain on SIGTERM.

use super::Secret;
use crate::AppError;
use std::{net::SocketAddr, time::Duration};

/// The cluster settings read from the environment.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// `TONGBAN_COPY_NAME`: this copy's name in the outbox's and the jobs' claims (default: the
    /// host name and a random suffix, new at each start).
    pub copy_name: String,
    /// `TONGBAN_PUSH_CONCURRENCY`, default 16 (1–256): deliveries to the webhook at once.
    pub push_concurrency: usize,
    /// `TONGBAN_PUSH_LEASE_SECS`, default 60 (2–3600): how long a claimed event is this copy's
    /// before another may take it; a delivery gives up after half of it (at most 10 s).
    pub push_lease: Duration,
    /// `TONGBAN_METRICS_ADDR`: a separate listener serving only `/metrics`, unauthenticated
    /// (bind it where only the scraper reaches).
    pub metrics_addr: Option<SocketAddr>,
    /// `TONGBAN_METRICS_TOKEN` (≥ 32 characters): `/metrics` on the main listener, for
    /// `Authorization: Bearer <token>`. Neither set: no metrics are served.
    pub metrics_token: Option<Secret>,
    /// `TONGBAN_DRAIN_SECS`, default 5 (0 with `--dev`; 0–300): after SIGTERM, how long
    /// `/readyz` answers 503 while requests are still served, so the load balancer stops
    /// sending before the listener closes.
    pub drain: Duration,
}

fn number(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, AppError> {
    match get(name).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            AppError::Config(format!(
                "{name} `{v}` must be a whole number from {} to {}",
                range.start(),
                range.end()
            ))
        }),
    }
}

fn default_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "copy".into());
    format!("{host}-{:08x}", rand::random::<u32>())
}

pub(super) fn read(dev: bool, get: &impl Fn(&str) -> Option<String>) -> Result<Cluster, AppError> {
    let metrics_addr = match get("TONGBAN_METRICS_ADDR").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => Some(v.parse().map_err(|_| {
            AppError::Config(format!(
                "TONGBAN_METRICS_ADDR `{v}` is not an address like 127.0.0.1:9100"
            ))
        })?),
    };
    let metrics_token = match get("TONGBAN_METRICS_TOKEN").filter(|v| !v.is_empty()) {
        Some(t) if t.len() < 32 => {
            return Err(AppError::Config(
                "TONGBAN_METRICS_TOKEN must be at least 32 characters".into(),
            ))
        }
        t => t.map(Secret::new),
    };
    Ok(Cluster {
        copy_name: get("TONGBAN_COPY_NAME")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(default_name),
        push_concurrency: number(get, "TONGBAN_PUSH_CONCURRENCY", 16, 1..=256)? as usize,
        push_lease: Duration::from_secs(number(get, "TONGBAN_PUSH_LEASE_SECS", 60, 2..=3600)?),
        metrics_addr,
        metrics_token,
        drain: Duration::from_secs(number(
            get,
            "TONGBAN_DRAIN_SECS",
            if dev { 0 } else { 5 },
            0..=300,
        )?),
    })
}
