//! Builds the router and binds the listener; tests start a real gateway on port 0.

use crate::{config::Config, routes, routes::catalogue::CatalogueView, store::Store, AppError};
use axum::Router;
use std::sync::Arc;
use std::{future::Future, net::SocketAddr};
use tokio::net::TcpListener;
use tongban_rules::{calendar::Calendar, catalogue::Catalogue};

/// Shared by every handler; cheap to clone (the pool is reference-counted).
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub catalogue: Arc<CatalogueView>,
    pub calendar: Arc<Calendar>,
}

/// A gateway bound to its address, ready to serve.
pub struct Gateway {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
}

impl Gateway {
    /// Connects storage, runs migrations and binds `config.addr` (port 0: a free port).
    pub async fn start(config: Config) -> Result<Self, AppError> {
        let store = Store::connect(&config.database_url).await?;
        tracing::info!(engine = ?store.engine(), "storage ready");
        let catalogue = Arc::new(CatalogueView::new(Catalogue::embedded()?)?);
        let calendar = Arc::new(Calendar::embedded()?);
        let state = AppState {
            store,
            catalogue,
            calendar,
        };
        let router = routes::router(state, &config);
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        Ok(Self {
            listener,
            router,
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until `signal` resolves, then lets requests in flight finish.
    pub async fn serve_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(signal)
            .await?;
        Ok(())
    }
}
