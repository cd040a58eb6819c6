//! Security headers on every answer, and CORS only for the deployment's own other origins
//! (`TONGBAN_CONNECT_ORIGINS`, the same list the CSP's connect-src names).
//!
//! The CSP allows the app's own scripts and its WebAssembly: `'wasm-unsafe-eval'` is the modern
//! grant, and `'unsafe-eval'` is kept because WebViews before Chrome 97 / iOS 16 (elderly
//! users' phones, older WeChat engines) know no other way to allow `WebAssembly.instantiate`.
//! The app never calls `eval` itself. `https://appx` is Alipay's web-view bridge script, which
//! the Alipay client serves locally. `TONGBAN_SCRIPT_ORIGINS` adds the hosts of bridges an
//! integrator must load from their platform (e.g. the provincial app's ZWJSBridge script, and
//! 浙里办's zwlog), `TONGBAN_CONNECT_ORIGINS` the hosts the page may send requests to (zwlog's
//! reports, an exchange endpoint on another origin). `base-uri 'self'`: the bundle's own
//! `<base href>` (`TONGBAN_BASE_PATH`) and nothing else.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::{cors::CorsLayer, set_header::SetResponseHeaderLayer};

/// The policy, with `extra_scripts` allowed to serve scripts and `extra_connects` to be
/// fetched from (both already checked origins).
pub fn csp(extra_scripts: &[String], extra_connects: &[String]) -> String {
    let list = |origins: &[String]| -> String { origins.iter().map(|o| format!(" {o}")).collect() };
    let (extra, connect) = (list(extra_scripts), list(extra_connects));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' https://appx{extra}; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'{connect}; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    )
}

pub fn headers(
    extra_scripts: &[String],
    extra_connects: &[String],
) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let csp = HeaderValue::from_str(&csp(extra_scripts, extra_connects))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let mut layers = vec![SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        csp,
    )];
    let fixed = [
        // HTTPS only, for a year (the gateway sits behind TLS; browsers ignore it over http).
        (header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self)",
        ),
    ];
    layers.extend(fixed.into_iter().map(|(name, value)| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    }));
    layers
}

/// `None` when no origin is configured: browsers then refuse cross-origin calls. Never
/// `Access-Control-Allow-Credentials`: a session is a bearer token the page holds, so a
/// browser sends nothing on its own that another origin could ride on. `wss://` entries are
/// not page origins and take no part.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter(|o| o.starts_with("https://") || o.starts_with("http://"))
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
            .allow_credentials(false)
    })
}

/// API answers are personal unless they say otherwise: anything without its own cache policy
/// (the catalogue's ETag answers have one) is `no-store`, so no shared cache or back-button
/// history keeps an application, a session or an operator's list.
pub fn api_no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    )
}
