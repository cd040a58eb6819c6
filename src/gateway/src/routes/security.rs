//! Security headers on every answer, and CORS only for configured origins.
//!
//! The CSP allows the app's own scripts and its WebAssembly: `'wasm-unsafe-eval'` is the modern
//! grant, and `'unsafe-eval'` is kept because WebViews before Chrome 97 / iOS 16 (elderly
//! users' phones, older WeChat engines) know no other way to allow `WebAssembly.instantiate`.
//! The app never calls `eval` itself. `https://appx` is Alipay's web-view bridge script, which
//! the Alipay client serves locally.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::{cors::CorsLayer, set_header::SetResponseHeaderLayer};

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' \
     https://appx; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
     font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'self'";

pub fn headers() -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self)",
        ),
    ];
    fixed
        .into_iter()
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

/// `None` when no origin is configured: browsers then refuse cross-origin calls.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    (!allowed.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(allowed)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static("tongban-verifier"),
            ])
    })
}
