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

/// A gateway bound to its address, ready to serve.
pub struct Gateway {
    store: Store,
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
}

impl Gateway {
    /// Connects storage, runs migrations and binds `config.addr` (port 0: a free port).
    pub async fn start(config: Config) -> Result<Self, AppError> {
        let sealer = Arc::new(crate::sealing::keys::load(&config)?);
        let store = Store::connect(&config.database_url)
            .await?
            .with_sealer(sealer.clone());
        tracing::info!(cipher = sealer.algorithm().name(), key_id = %sealer.key_id(), "data key ready");
        tracing::info!(engine = ?store.engine(), "storage ready");
        let catalogue = Arc::new(CatalogueView::new(Catalogue::embedded()?)?);
        let calendar = Arc::new(crate::calendar::LiveCalendar::load(
            config.calendar_dir.as_deref(),
        )?);
        tokio::spawn(calendar.clone().run());
        let keys = Arc::new(Keys::new(&config));
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
        let state = AppState {
            store: store.clone(),
            catalogue,
            calendar,
            keys,
            offices,
            data_dir: Arc::new(config.data_dir.clone()),
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            base_path: Arc::from(config.base_path.as_str()),
        };
        let router = routes::router(state, &config);
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
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
