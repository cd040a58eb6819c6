//! Serves the built H5 app from `dist/`: precompressed `.br`/`.gz` files when the client accepts
//! them, content-hashed assets cached for a year (WeChat keeps H5 caches, so a name must change
//! when its content does), `index.html` always revalidated, and every unknown path answered with
//! `index.html` so the app's own routes survive a reload.
//!
//! The bundle names every file relative to its `<base href="/">`; under `TONGBAN_BASE_PATH`
//! (`/h5`) `index.html` is answered with `<base href="/h5/">`, so the same `dist/` serves at
//! any prefix, its routes and the API (`/h5/api/v1`) beside it. A bundle packaged for hash
//! routing has no `<base>` and is answered as it is.
//!
//! `index.html` also carries data for its first paint (`index_page.rs`); its ETag covers the
//! whole page as served.

use super::index_page::PageData;
use crate::catalogue::fnv1a;
use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, Request, StatusCode, Uri},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, get_service, MethodRouter},
};
use std::path::{Path, PathBuf};
use tower_http::{compression::CompressionLayer, services::ServeDir};

/// The bundle's own base, which `pkg-scripts/build` writes into `index.html`.
const ROOT_BASE: &str = r#"<base href="/">"#;

/// `index.html` for `/`, `/index.html` (`home`) and every path that is not a file (not `home`:
/// a deep link into the app).
pub fn index<S: Clone + Send + Sync + 'static>(
    dir: &Path,
    base_path: &str,
    data: &PageData,
    home: bool,
) -> MethodRouter<S> {
    let (file, base, data) = (
        dir.join("index.html"),
        format!(r#"<base href="{base_path}/">"#),
        data.clone(),
    );
    get(move |uri: Uri, headers: HeaderMap| {
        serve_index(file.clone(), base.clone(), data.clone(), home, uri, headers)
    })
    // Made on each request, so compressed on the fly (the listing: 4 KB, under 1 KB in br).
    .layer(CompressionLayer::new())
    .layer(middleware::from_fn(cache_headers))
}

/// Read on every request (it is small, and a rebuilt or repackaged bundle must not be served
/// with the previous one's file names).
/// With its data blocks (`index_page.rs`); 304 when unchanged.
async fn serve_index(
    file: PathBuf,
    base: String,
    data: PageData,
    home: bool,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Ok(html) = tokio::fs::read_to_string(&file).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = data.page(&html.replacen(ROOT_BASE, &base, 1), uri.path(), home);
    let etag = format!("\"{:016x}\"", fnv1a(page.as_bytes()));
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    let content_type = HeaderValue::from_static("text/html; charset=utf-8");
    (
        [
            (header::ETAG, etag_value),
            (header::CONTENT_TYPE, content_type),
        ],
        page,
    )
        .into_response()
}

pub fn service<S: Clone + Send + Sync + 'static>(
    dir: &Path,
    base_path: &str,
    data: &PageData,
) -> MethodRouter<S> {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(index::<()>(dir, base_path, data, false));
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
