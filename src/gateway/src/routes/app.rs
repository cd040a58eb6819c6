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
//! `index.html` also carries the default region's catalogue in a JSON data block
//! (`<script type="application/json" id="catalog">`), so a first visit's list needs no second
//! round trip: the `/catalog` answer with each item cut to the members a list reads
//! (`tongban_rules::catalogue::LISTED`). Its ETag covers the page and the catalogue's version,
//! as `/catalog`'s does.

use crate::catalogue::{fnv1a, CatalogueView};
use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, get_service, MethodRouter},
};
use std::{
    path::{Path, PathBuf},
    sync::Arc,
};
use tower_http::{compression::CompressionLayer, services::ServeDir};

/// The bundle's own base, which `pkg-scripts/build` writes into `index.html`.
const ROOT_BASE: &str = r#"<base href="/">"#;

/// Around the home page's title and lead in `index.html`'s skeleton: static text, so the first
/// paint of the home page already shows what the app then renders in the same place.
const HOME_START: &str = "<!--home-->";
const HOME_END: &str = "<!--/home-->";

/// `index.html` for `/`, `/index.html` (`home`) and every path that is not a file (not `home`:
/// a deep link, whose page is not the home page, so its skeleton leaves out the home page's
/// title and lead that `www/index.html` marks `<!--home-->…<!--/home-->`).
pub fn index<S: Clone + Send + Sync + 'static>(
    dir: &Path,
    base_path: &str,
    catalogue: &Arc<CatalogueView>,
    home: bool,
) -> MethodRouter<S> {
    let (file, base, catalogue) = (
        dir.join("index.html"),
        format!(r#"<base href="{base_path}/">"#),
        catalogue.clone(),
    );
    get(move |headers: HeaderMap| {
        serve_index(file.clone(), base.clone(), catalogue.clone(), home, headers)
    })
    // Made on each request, so compressed on the fly (the listing: 4 KB, under 1 KB in br).
    .layer(CompressionLayer::new())
    .layer(middleware::from_fn(cache_headers))
}

/// Read on every request (it is small, and a rebuilt or repackaged bundle must not be served
/// with the previous one's file names).
/// With the default region's catalogue before `</body>`; 304 when unchanged.
async fn serve_index(
    file: PathBuf,
    base: String,
    catalogue: Arc<CatalogueView>,
    home: bool,
    headers: HeaderMap,
) -> Response {
    let Ok(html) = tokio::fs::read_to_string(&file).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut html = html.replacen(ROOT_BASE, &base, 1);
    if !home {
        html = without_home_intro(&html);
    }
    let page = match catalogue.listing() {
        "" => html,
        listing => with_catalog(&html, listing),
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

/// The page without the home page's title and lead in its skeleton (`<!--home-->…<!--/home-->`).
fn without_home_intro(page: &str) -> String {
    match (page.find(HOME_START), page.find(HOME_END)) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &page[..a], &page[b + HOME_END.len()..]),
        _ => page.to_owned(),
    }
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

pub fn service<S: Clone + Send + Sync + 'static>(
    dir: &Path,
    base_path: &str,
    catalogue: &Arc<CatalogueView>,
) -> MethodRouter<S> {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(index::<()>(dir, base_path, catalogue, false));
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
    use super::{is_hashed_asset, with_catalog, without_home_intro};

    #[test]
    fn a_deep_link_s_skeleton_leaves_out_the_home_page_s_intro() {
        let page =
            "<main><!--home--><h2>首页</h2><!--/home--><p class=\"skeleton-line\"></p></main>";
        assert_eq!(
            without_home_intro(page),
            "<main><p class=\"skeleton-line\"></p></main>"
        );
        assert_eq!(without_home_intro("<main></main>"), "<main></main>");
    }

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
