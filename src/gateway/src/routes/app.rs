//! Serves the built H5 app from `dist/`: precompressed `.br`/`.gz` files when the client accepts
//! them, content-hashed assets cached for a year (WeChat keeps H5 caches, so a name must change
//! when its content does), `index.html` always revalidated, and every unknown path answered with
//! `index.html` so the app's own routes survive a reload.
//!
//! `index.html` carries the default region's catalogue in a JSON script element
//! (`<script type="application/json" id="catalog">`), so a first visit's list needs no second
//! round trip; its ETag covers the page and the catalogue's version, as `/catalog`'s does.

use crate::catalogue::{fnv1a, CatalogueView};
use axum::{
    body::Body,
    handler::HandlerWithoutStateExt,
    http::{header, HeaderMap, HeaderValue, Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get_service, MethodRouter},
};
use std::{
    path::{Path, PathBuf},
    sync::Arc,
};
use tower_http::{compression::CompressionLayer, services::ServeDir};

pub fn service<S: Clone + Send + Sync + 'static>(
    dir: &Path,
    catalogue: Arc<CatalogueView>,
) -> MethodRouter<S> {
    let html = dir.join("index.html");
    let index = move |headers: HeaderMap| index_page(html.clone(), catalogue.clone(), headers);
    let index = tower::ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .service(index.into_service());
    // No index.html for "/": the page with the catalogue in it comes from the fallback.
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    get_service(files).layer(middleware::from_fn(cache_headers))
}

/// `index.html` with the default region's catalogue before `</body>`; 304 when unchanged.
async fn index_page(html: PathBuf, catalogue: Arc<CatalogueView>, headers: HeaderMap) -> Response {
    let Ok(page) = tokio::fs::read_to_string(&html).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = match catalogue.body(None) {
        Ok((_, json)) => with_catalog(&page, json),
        Err(_) => page,
    };
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

/// The page with `json` in a data block before `</body>`. `<` only occurs inside JSON strings,
/// where `\u003c` means the same, so nothing in the catalogue can close the element.
fn with_catalog(page: &str, json: &str) -> String {
    let block = format!(
        "<script type=\"application/json\" id=\"catalog\">{}</script>\n",
        json.replace('<', "\\u003c")
    );
    match page.rfind("</body>") {
        Some(at) => format!("{}{block}{}", &page[..at], &page[at..]),
        None => page.to_owned(),
    }
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
    use super::{is_hashed_asset, with_catalog};

    #[test]
    fn the_catalogue_goes_before_the_body_end_and_cannot_close_its_element() {
        let page = with_catalog("<body><p>x</p></body>", r#"{"name":"</script><b>"}"#);
        assert_eq!(
            page,
            "<body><p>x</p><script type=\"application/json\" id=\"catalog\">\
             {\"name\":\"\\u003c/script>\\u003cb>\"}</script>\n</body>"
        );
    }

    #[test]
    fn hashed_asset_names_are_recognised() {
        assert!(is_hashed_asset("/tongban_app-0123456789abcdef.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/apply/transfer"));
    }
}
