//! Builds the router and binds the listener; tests start a real gateway on port 0.

use crate::{
    catalogue::CatalogueView, config::Config, identity::Keys, offices::Offices, push::Pusher,
    routes, state::AppState, store::Store, AppError,
};
use axum::Router;
use std::sync::Arc;
use std::{future::Future, net::SocketAddr};
use tokio::net::TcpListener;
use tongban_rules::catalogue::Catalogue;

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
        let catalogue = Arc::new(CatalogueView::new(Catalogue::embedded()?)?);
        let calendar = Arc::new(crate::calendar::LiveCalendar::load(
            config.calendar_dir.as_deref(),
        )?);
        tokio::spawn(calendar.clone().run());
        let keys = Arc::new(Keys::new(&config));
        log_tickets(&config, &keys);
        for name in &config.generated {
            tracing::warn!(
                secret = name,
                "dev mode: generated a random secret for this run"
            );
        }
        match &config.webhook_url {
            Some(url) => {
                tokio::spawn(Pusher::new(store.clone(), keys.clone(), url.clone()).run());
            }
            None => {
                tracing::warn!("TONGBAN_WEBHOOK_URL is not set: status changes wait in the outbox")
            }
        }
        let retention = crate::retention::Retention {
            store: store.clone(),
            data_dir: config.data_dir.clone(),
            final_days: config.retention_days,
        };
        tokio::spawn(retention.run(Arc::new(chrono::Utc::now)));
        let offices = Arc::new(Offices::embedded()?);
        tokio::spawn(crate::appointments::hall::run_reminders(
            store.clone(),
            catalogue.clone(),
            offices.clone(),
            calendar.clone(),
        ));
        // Bound before the router is built: `--dev` links to the port it got.
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let state = AppState {
            store: store.clone(),
            catalogue,
            calendar,
            keys,
            offices,
            data_dir: Arc::new(config.data_dir.clone()),
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            public_url: Arc::from(public_url.as_str()),
            base_path: Arc::from(config.base_path.as_str()),
            lookups: Default::default(),
        };
        let router = routes::router(state, &config);
        Ok(Self {
            store,
            listener,
            router,
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The storage it serves from (the binary's `--dev` clerk, and tests, add operators here).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Serves until `signal` resolves, then lets requests in flight finish.
    pub async fn serve_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(signal)
            .await?;
        Ok(())
    }
}
