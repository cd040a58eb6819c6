//! Serves the built H5 app from `dist/`: precompressed `.br`/`.gz` files when the client accepts
//! them, content-hashed assets cached for a year (WeChat keeps H5 caches, so a name must change
//! when its content does), `index.html` always revalidated, and every unknown path answered with
//! `index.html` so the app's own routes survive a reload.

use axum::{
    body::Body,
    http::{header, HeaderValue, Request},
    middleware::{self, Next},
    response::Response,
    routing::{get_service, MethodRouter},
};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn service<S: Clone + Send + Sync + 'static>(dir: &Path) -> MethodRouter<S> {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    get_service(files).layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(req: Request<Body>, next: Next) -> Response {
    let immutable = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    let value = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// `pkg-scripts/build` names assets `<stem>-<16 hex>.<ext>`.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_asset_names_are_recognised() {
        assert!(is_hashed_asset("/tongban_app-0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/apply/transfer"));
    }
}
