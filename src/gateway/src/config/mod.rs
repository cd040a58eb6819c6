//! Configuration from the environment, parsed once at start.
//!
//! One job a file: the secrets and keys (`secrets`), the web-facing settings: origins, base
//! path, proxies (`web`); here the struct itself, the addresses and paths, and the limits.

mod cluster;
mod secrets;
mod tickets;
mod web;

pub use cluster::Cluster;
pub use secrets::{keep_dev_session_key, Secret, DEV_SESSION_KEY_FILE};
pub use tickets::{hmac_refused_from, DEFAULT_AUDIENCE};

use crate::{client_addr::Cidr, AppError};
use std::{net::SocketAddr, path::PathBuf};

/// Everything the gateway reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `TONGBAN_ADDR`, default `127.0.0.1:8080`; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// `TONGBAN_DATABASE_URL`: `sqlite://…` (default `./data/tongban.db`) or `postgres://…`.
    pub database_url: String,
    /// `TONGBAN_STATIC_DIR`, default `dist/`: the built app.
    pub static_dir: PathBuf,
    /// `TONGBAN_DATA_DIR`, default `data/`: attachments live under `attachments/` here.
    pub data_dir: PathBuf,
    /// `TONGBAN_TICKET_ISSUERS`: the integrators' public keys, each with its `kid`, `iss`,
    /// shells, units flag and retired flag (inline, or a file's path; `identity::issuers`).
    pub ticket_issuers: Vec<crate::identity::issuers::IssuerKey>,
    /// `TONGBAN_TICKET_AUDIENCE`, default `tongban`: the `aud` every ticket must name.
    pub ticket_audience: String,
    /// `TONGBAN_TICKET_SECRET`: the old secret shared with integrators (`v1` tickets). Read
    /// only with `ticket_hmac_until`; otherwise `v1` tickets are refused.
    pub ticket_secret: Option<Secret>,
    /// `TONGBAN_TICKET_HMAC_UNTIL=YYYY-MM-DD`: the last day (UTC+8) of the `v1` transition.
    pub ticket_hmac_until: Option<chrono::NaiveDate>,
    /// `TONGBAN_SESSION_KEY`: signs citizens' sessions; never leaves the gateway.
    pub session_key: Secret,
    /// `TONGBAN_WEBHOOK_SECRET` (shared with the webhook receiver): signs pushes.
    pub webhook_secret: Secret,
    /// `TONGBAN_ID_HASH_KEY` (shared with the integrator's backend): the HMAC key of the
    /// real-name ID hash (`idh` in a citizen's ticket; docs/integrators.md).
    pub id_hash_key: Secret,
    /// `TONGBAN_DATA_KEY` (base64): seals form answers and attachment files. Required in
    /// production; `--dev` keeps one in `<data dir>/dev-data-key` instead (`None` here).
    pub data_key: Option<Secret>,
    /// `TONGBAN_DATA_KEYS_OLD`: comma-separated earlier data keys, read after a rotation.
    pub data_keys_old: Vec<Secret>,
    /// `TONGBAN_VERIFIER_KEY`: the HMAC key of the verifier hashes (`sealing::verifier`), of
    /// this gateway alone. Required in production; `--dev` derives one from its data key.
    pub verifier_key: Option<Secret>,
    /// `TONGBAN_VERIFIER_KEYS_OLD`: comma-separated earlier verifier keys, matched after a
    /// rotation until `rekey` re-derived every hash.
    pub verifier_keys_old: Vec<Secret>,
    /// `TONGBAN_CIPHER`: `aes-256-gcm` (default) or `sm4-gcm`.
    pub cipher: crate::sealing::Algorithm,
    /// `TONGBAN_RETENTION_DAYS`, default 1095: how long the answers and files of a final
    /// application are kept before they are purged (the bureau's decision).
    pub retention_days: i64,
    /// `TONGBAN_PUBLIC_URL`: the origin citizens reach the app at, for every link and QR code
    /// the gateway writes (required, `https://`, outside `--dev`; `None`: `--dev`'s listen
    /// address). Never taken from a request's `Host` or `X-Forwarded-*` headers.
    pub public_url: Option<String>,
    /// `TONGBAN_WEBHOOK_URL`: where status changes are pushed (the shell's own backend).
    pub webhook_url: Option<String>,
    /// `TONGBAN_SCRIPT_ORIGINS`: comma-separated `https://` origins the CSP lets serve scripts,
    /// for bridges a platform requires from its own host (e.g. a provincial app's ZWJSBridge).
    pub script_origins: Vec<String>,
    /// `TONGBAN_CONNECT_ORIGINS`: comma-separated `https://` (or `wss://`; `http://` under
    /// `--dev`) origins of the deployment beside its own: the CSP lets the page send requests
    /// to them (the API on another origin, 浙里办's zwlog reports), and the API answers them by
    /// CORS, without credentials (sessions travel as bearer tokens, never cookies).
    pub connect_origins: Vec<String>,
    /// `TONGBAN_BASE_PATH`: the path the app and its API are served under (`/h5`: the app at
    /// `/h5/`, the API at `/h5/api/v1`); empty (the default) for the site root.
    pub base_path: String,
    /// `TONGBAN_VERIFY_DIR`: platforms' domain-verification files (`MP_verify_….txt`), served
    /// at the site root; kept outside `dist/`, which every build replaces.
    pub verify_dir: Option<PathBuf>,
    /// `TONGBAN_CALENDAR_DIR`: State Council holiday notices published after the build
    /// (`<year>.json`, the format of `assets/calendar`); each adds or replaces its year.
    pub calendar_dir: Option<PathBuf>,
    /// `TONGBAN_LISTS_RELOAD_SECS`: how often a running copy asks the database for a newly
    /// effective list version (and re-reads `TONGBAN_CALENDAR_DIR`); 60 by default, 1 to 60.
    pub lists_reload: std::time::Duration,
    /// `TONGBAN_TRUSTED_PROXIES`: comma-separated CIDRs of the proxies in front; only from them
    /// is `X-Forwarded-For` believed (none by default: the TCP peer is the client).
    pub trusted_proxies: Vec<Cidr>,
    /// `--dev`: development mode, as `pkg-scripts/start` runs it. Missing secrets are generated
    /// (and announced), and `POST /api/v1/session/dev-ticket` issues local identity tickets.
    pub dev: bool,
    /// The names of the secrets generated because dev mode found them missing.
    pub generated: Vec<&'static str>,
    /// Running many copies on one database (`cluster`).
    pub cluster: Cluster,
}

/// The secrets of a production deployment. `--dev` refuses to start when any is set: a dev
/// gateway signs tickets for anyone (`POST /session/dev-ticket`), so with a production session
/// key it would mint production sessions, and with the data or ID-hash key read production data.
pub const PRODUCTION_SECRETS: [&str; 8] = [
    "TONGBAN_SESSION_KEY",
    "TONGBAN_WEBHOOK_SECRET",
    "TONGBAN_ID_HASH_KEY",
    "TONGBAN_DATA_KEY",
    "TONGBAN_DATA_KEYS_OLD",
    "TONGBAN_VERIFIER_KEY",
    "TONGBAN_VERIFIER_KEYS_OLD",
    "TONGBAN_TICKET_SECRET",
];

/// Why `--dev` must not start with this address and environment, if it must not: it serves
/// only on a loopback address (whoever reaches it can sign in as anyone), and never with a
/// production secret (`PRODUCTION_SECRETS`).
pub fn dev_refusal(addr: SocketAddr, get: impl Fn(&str) -> Option<String>) -> Option<String> {
    if !addr.ip().is_loopback() {
        return Some(format!(
            "--dev serves only on a loopback address (127.0.0.1 or [::1]), not {addr}: its dev \
             tickets let whoever reaches it sign in as anyone; set TONGBAN_ADDR=127.0.0.1:<port>"
        ));
    }
    let set: Vec<&str> = PRODUCTION_SECRETS
        .into_iter()
        .filter(|k| get(k).is_some_and(|v| !v.is_empty()))
        .collect();
    (!set.is_empty()).then(|| {
        format!(
            "--dev refuses to start with production secrets set ({}): it would sign dev tickets \
             and sessions with them; unset them (--dev makes its own) or start without --dev",
            set.join(", ")
        )
    })
}

/// `TONGBAN_DATABASE_URL` when unset.
pub const DEFAULT_DATABASE: &str = "sqlite://data/tongban.db";

impl Config {
    pub fn from_env(dev: bool) -> Result<Self, AppError> {
        Self::from_lookup(dev, |k| std::env::var(k).ok())
    }

    /// Reads the configuration through `get`, so tests need not touch the process environment.
    pub fn from_lookup(dev: bool, get: impl Fn(&str) -> Option<String>) -> Result<Self, AppError> {
        let addr_text = get("TONGBAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let addr = addr_text.parse().map_err(|_| {
            AppError::Config(format!(
                "TONGBAN_ADDR `{addr_text}` is not an address like 127.0.0.1:8080"
            ))
        })?;
        let database_url = get("TONGBAN_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE.into());
        let static_dir = get("TONGBAN_STATIC_DIR")
            .unwrap_or_else(|| "dist".into())
            .into();
        let data_dir = get("TONGBAN_DATA_DIR")
            .unwrap_or_else(|| "data".into())
            .into();
        let s = secrets::read(dev, &get)?;
        let t = tickets::read(s.ticket_secret.is_some(), &get)?;
        let retention_days = retention_days(&get)?;
        let w = web::read(dev, &get)?;
        Ok(Self {
            addr,
            trusted_proxies: w.trusted_proxies,
            database_url,
            static_dir,
            data_dir,
            ticket_issuers: t.issuers,
            ticket_audience: t.audience,
            ticket_secret: s.ticket_secret,
            ticket_hmac_until: t.hmac_until,
            session_key: s.session_key,
            webhook_secret: s.webhook_secret,
            id_hash_key: s.id_hash_key,
            data_key: s.data_key,
            data_keys_old: s.data_keys_old,
            verifier_key: s.verifier_key,
            verifier_keys_old: s.verifier_keys_old,
            cipher: s.cipher,
            retention_days,
            public_url: w.public_url,
            webhook_url: w.webhook_url,
            script_origins: w.script_origins,
            connect_origins: w.connect_origins,
            base_path: w.base_path,
            verify_dir: w.verify_dir,
            calendar_dir: get("TONGBAN_CALENDAR_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            lists_reload: lists_reload(&get)?,
            dev,
            generated: s.generated,
            cluster: cluster::read(dev, &get)?,
        })
    }
}

/// `TONGBAN_LISTS_RELOAD_SECS`: whole seconds from 1 to 60 (a published version is served
/// within a minute of its effective time), 60 when unset.
fn lists_reload(get: &impl Fn(&str) -> Option<String>) -> Result<std::time::Duration, AppError> {
    match get("TONGBAN_LISTS_RELOAD_SECS").filter(|v| !v.is_empty()) {
        None => Ok(std::time::Duration::from_secs(60)),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(s @ 1..=60) => Ok(std::time::Duration::from_secs(s)),
            _ => Err(AppError::Config(format!(
                "TONGBAN_LISTS_RELOAD_SECS must be whole seconds from 1 to 60, not `{v}`"
            ))),
        },
    }
}

/// `TONGBAN_RETENTION_DAYS`: whole days from 1 to 36500, `retention::DEFAULT_DAYS` when unset.
fn retention_days(get: &impl Fn(&str) -> Option<String>) -> Result<i64, AppError> {
    match get("TONGBAN_RETENTION_DAYS").filter(|v| !v.is_empty()) {
        None => Ok(crate::retention::DEFAULT_DAYS),
        Some(v) => v
            .parse()
            .ok()
            .filter(|d| (1..=36500).contains(d))
            .ok_or_else(|| {
                AppError::Config(format!(
                    "TONGBAN_RETENTION_DAYS `{v}` must be a whole number of days from 1 to 36500"
                ))
            }),
    }
}

#[cfg(test)]
mod tests;
