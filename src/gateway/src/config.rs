//! Configuration from the environment, parsed once at start.

use crate::AppError;
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
    /// `--dev`: development mode, as `pkg-scripts/start` runs it. (When operator tokens and
    /// ticket secrets land, dev mode generates missing ones instead of refusing to start.)
    pub dev: bool,
}

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
        let database_url =
            get("TONGBAN_DATABASE_URL").unwrap_or_else(|| "sqlite://data/tongban.db".into());
        let static_dir = get("TONGBAN_STATIC_DIR")
            .unwrap_or_else(|| "dist".into())
            .into();
        Ok(Self {
            addr,
            database_url,
            static_dir,
            dev,
        })
    }
}
