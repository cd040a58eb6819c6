//! What every handler shares. Routes depend on it; domain modules never do: they take the one
//! piece they need (`&Store`, `&Catalogue`, `&Calendar`).

use crate::lists::live::LiveLists;
use crate::{identity::Keys, store::Store};
use std::sync::Arc;

/// Shared by every handler; cheap to clone: one reference count for the whole state (axum
/// clones it for every handler and middleware that takes it, several times a request).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
#[derive(Debug)]
pub struct Shared {
    pub store: Store,
    /// The list version in force (catalogue, calendar, offices): `lists.current()` at the
    /// start of a handler, held to its end; reloaded every interval from the database.
    pub lists: Arc<LiveLists>,
    pub keys: Arc<Keys>,
    pub data_dir: Arc<std::path::PathBuf>,
    /// `TONGBAN_TRUSTED_PROXIES`: whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<Vec<crate::client_addr::Cidr>>,
    /// `TONGBAN_PUBLIC_URL` (or `--dev`'s `http://<listen address>`), no trailing slash: the
    /// origin of every link the gateway writes; never a request's `Host`.
    pub public_url: Arc<str>,
    /// `TONGBAN_BASE_PATH` (`/h5`, or empty at the root): where the app's pages are, for links
    /// the gateway writes (the printed receipt's QR code).
    pub base_path: Arc<str>,
    /// Verifier lookups and family codes in flight in this copy (`applications::limits`).
    pub lookups: crate::applications::limits::InFlight,
    /// What operators see of this copy: metrics, and whether it is draining.
    pub ops: Arc<Ops>,
    /// Made-up operator tokens per client address: how many refusals get a row each.
    pub unknown_tokens: Arc<crate::identity::flood::UnknownTokens>,
}

/// This copy's metrics, whether it is draining (SIGTERM: `/readyz` answers 503 while requests
/// are still served) and the token `/metrics` asks for on the main listener.
#[derive(Debug, Default)]
pub struct Ops {
    pub metrics: Arc<crate::metrics::Metrics>,
    pub draining: std::sync::atomic::AtomicBool,
    pub metrics_token: Option<crate::config::Secret>,
}
