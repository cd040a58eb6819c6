//! Builds the router and binds the listener; tests start a real gateway on port 0.

use crate::{
    background::{Background, Parts},
    config::Config,
    identity::Keys,
    lists::live::LiveLists,
    routes,
    state::{AppState, Ops, Shared},
    store::Store,
    AppError,
};
use axum::Router;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::{future::Future, net::SocketAddr};
use tokio::net::TcpListener;

/// Says at start whose tickets are believed, and whether the old `v1` tickets still are.
fn log_tickets(config: &Config, keys: &Keys) {
    tracing::info!(tickets = %keys.ticket_summary(), "ticket issuers ready");
    let now = chrono::Utc::now().timestamp();
    match (&config.ticket_secret, config.ticket_hmac_until) {
        (Some(_), Some(until)) if now < crate::config::hmac_refused_from(until) => {
            tracing::warn!(
                "v1 (shared-secret) tickets are accepted until the end of {until} (UTC+8), \
                 then refused: every integrator moves to its own key (docs/integrators.md)"
            )
        }
        (Some(_), Some(until)) => tracing::warn!(
            "the v1 ticket transition ended with {until}: v1 tickets are refused; unset \
             TONGBAN_TICKET_SECRET and TONGBAN_TICKET_HMAC_UNTIL"
        ),
        (Some(_), None) => tracing::warn!(
            "TONGBAN_TICKET_SECRET is set without TONGBAN_TICKET_HMAC_UNTIL: v1 (shared-secret) \
             tickets are refused"
        ),
        (None, _) => tracing::info!("v1 (shared-secret) tickets are refused"),
    }
}

/// A gateway bound to its address, ready to serve.
pub struct Gateway {
    store: Store,
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    background: Background,
    ops: Arc<Ops>,
    drain: std::time::Duration,
    /// `TONGBAN_METRICS_ADDR`'s listener and router.
    metrics: Option<(TcpListener, Router)>,
}

impl Gateway {
    /// Connects storage, runs migrations and binds `config.addr` (port 0: a free port).
    pub async fn start(mut config: Config) -> Result<Self, AppError> {
        crate::config::keep_dev_session_key(&mut config)?;
        let sealer = Arc::new(crate::sealing::keys::load(&config)?);
        let verifier = Arc::new(crate::sealing::keys::load_verifier(&config)?);
        let store = Store::connect(&config.database_url)
            .await?
            .with_sealer(sealer.clone())
            .with_verifier(verifier.clone());
        tracing::info!(cipher = sealer.algorithm().name(), key_id = %sealer.key_id(), "data key ready");
        let migrated = crate::sealing::rederive::migrate(&store, &sealer, &verifier).await?;
        if migrated > 0 {
            tracing::info!(
                count = migrated,
                "verifier hashes re-derived under TONGBAN_VERIFIER_KEY"
            );
        }
        tracing::info!(engine = ?store.engine(), "storage ready");
        if !config.dev && crate::accounts::remove_dev_operators(&store).await? {
            let name = crate::accounts::DEV_OPERATOR;
            let entry = crate::audit::Entry::console("operator.remove_dev", format!("name={name}"));
            crate::audit::record(&store, entry, chrono::Utc::now()).await?;
        }
        let now = chrono::Utc::now();
        for (name, until) in crate::accounts::lifetime::bound_lifetimes(&store, now).await? {
            let detail = format!("name={name} expires={}", until.to_rfc3339());
            let entry = crate::audit::Entry::console("operator.expiry_set", detail);
            crate::audit::record(&store, entry, now).await?;
        }
        let lists = LiveLists::start(
            store.clone(),
            config.calendar_dir.clone(),
            config.lists_reload,
            now,
        )
        .await?;
        tokio::spawn(lists.clone().run());
        let keys = Arc::new(Keys::new(&config));
        log_tickets(&config, &keys);
        for name in &config.generated {
            tracing::warn!(
                secret = name,
                "dev mode: generated a random secret for this run"
            );
        }
        let ops = Arc::new(Ops {
            metrics: Default::default(),
            draining: Default::default(),
            metrics_token: config.cluster.metrics_token.clone(),
        });
        let background = Background::start(
            &config,
            Parts {
                store: store.clone(),
                keys: keys.clone(),
                lists: lists.clone(),
                metrics: ops.metrics.clone(),
            },
        );
        tracing::info!(copy = %config.cluster.copy_name, "background work started");
        // Bound before the router is built: `--dev` links to the port it got.
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let state = AppState::new(Shared {
            store: store.clone(),
            lists,
            keys,
            data_dir: Arc::new(config.data_dir.clone()),
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            public_url: Arc::from(public_url.as_str()),
            base_path: Arc::from(config.base_path.as_str()),
            lookups: Default::default(),
            unknown_tokens: Default::default(),
            ops: ops.clone(),
        });
        let metrics = match config.cluster.metrics_addr {
            Some(at) => Some((
                TcpListener::bind(at).await?,
                routes::metrics_router(state.clone()),
            )),
            None => None,
        };
        let router = routes::router(state, &config);
        Ok(Self {
            store,
            listener,
            router,
            addr,
            background,
            ops,
            drain: config.cluster.drain,
            metrics,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The storage it serves from (the binary's `--dev` clerk, and tests, add operators here).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The address of `TONGBAN_METRICS_ADDR`'s listener, when there is one.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    /// Serves until `signal` resolves, then drains: `/readyz` answers 503 for
    /// `TONGBAN_DRAIN_SECS` while requests are still served (the load balancer stops sending),
    /// the listener closes and requests in flight finish, then the pusher finishes its
    /// deliveries and a running job its run. Dropped while serving (the task aborted, as by
    /// `kill -9`), nothing is finished: the claims it held expire for the other copies.
    pub async fn serve_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let (ops, drain) = (self.ops.clone(), self.drain);
        let metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(async move {
                signal.await;
                ops.draining.store(true, Ordering::Relaxed);
                tracing::info!(secs = drain.as_secs(), "draining: /readyz answers 503");
                tokio::time::sleep(drain).await;
            })
            .await;
        self.background.stop().await;
        if let Some(task) = metrics {
            task.abort();
        }
        served?;
        Ok(())
    }
}
