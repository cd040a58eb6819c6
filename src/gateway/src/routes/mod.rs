//! The HTTP surface: the API under `/api/v1`, health probes, and the built app.

mod app;
mod applicant;
mod applications;
mod appointment_desk;
mod appointments;
mod attachments;
mod audit;
mod calendar;
mod catalogue;
mod extract;
mod family;
mod guide_markup;
mod health;
mod home_markup;
mod html;
mod index_page;
mod me;
mod metrics;
mod offices;
mod openapi;
mod operator;
mod refusals;
mod security;
mod session;
mod validate;
mod verify;
mod window;

use crate::{config::Config, state::AppState};
use axum::{extract::DefaultBodyLimit, middleware, routing::get, Router};
use index_page::PageData;
use tower_http::compression::CompressionLayer;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

async fn no_such_route() -> crate::AppError {
    crate::AppError::NotFound {
        // #16 asks for the same `not_found` as every other unknown thing.
        code: "not_found",
        message: "no API operation at this path; see /api/v1/openapi.json".into(),
    }
}

/// JSON bodies are small: a whole form is a few KB.
const JSON_LIMIT: usize = 64 * 1024;

/// The API: each handler is registered once, here, from its `#[utoipa::path]` (method and
/// path), and the OpenAPI document is collected from the same registrations, so the router
/// and the published document cannot disagree.
fn api() -> OpenApiRouter<AppState> {
    // Uploads carry a file, so they get a body limit of their own.
    let uploads = OpenApiRouter::new()
        .routes(routes!(attachments::upload))
        .route_layer(middleware::from_fn(metrics::label))
        .layer(DefaultBodyLimit::max(attachments::MAX_BYTES + 1));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(openapi::document))
        .routes(routes!(openapi::reference))
        .routes(routes!(catalogue::regions))
        .routes(routes!(catalogue::catalog))
        .routes(routes!(catalogue::item))
        .routes(routes!(offices::offices))
        .routes(routes!(appointments::slots))
        .routes(routes!(appointments::book))
        .routes(routes!(appointments::cancel))
        .routes(routes!(appointments::mine))
        .routes(routes!(appointments::request_visit))
        .routes(routes!(appointments::half_days))
        .routes(routes!(appointments::cancel_visit))
        .routes(routes!(appointment_desk::day))
        .routes(routes!(appointment_desk::arrived))
        .routes(routes!(appointment_desk::visits))
        .routes(routes!(appointment_desk::visit))
        .routes(routes!(appointment_desk::move_visit))
        .routes(routes!(calendar::deadline))
        .routes(routes!(validate::validate))
        .routes(routes!(session::create))
        .routes(routes!(session::dev_ticket))
        .routes(routes!(session::logout))
        .routes(routes!(applications::create))
        .routes(routes!(applications::show))
        .routes(routes!(applicant::revoke))
        .routes(routes!(applicant::answers))
        .routes(routes!(applicant::resubmit))
        .routes(routes!(applicant::rate))
        .routes(routes!(me::applications))
        .routes(routes!(me::notifications))
        .routes(routes!(me::mark_read))
        .routes(routes!(family::invite))
        .routes(routes!(family::preview))
        .routes(routes!(family::accept))
        .routes(routes!(family::members))
        .routes(routes!(family::applicant))
        .routes(routes!(family::end))
        .routes(routes!(family::object))
        .routes(routes!(family::request))
        .routes(routes!(family::pending))
        .routes(routes!(family::decide))
        .routes(routes!(attachments::download))
        .routes(routes!(operator::queue, window::submit))
        .routes(routes!(window::print))
        .routes(routes!(operator::show))
        .routes(routes!(window::return_visit))
        .routes(routes!(operator::follow_up))
        .routes(routes!(operator::act))
        .routes(routes!(operator::stats))
        .routes(routes!(audit::log))
        .routes(routes!(operator::progress_csv))
        // Each request is labelled with its route's template for the metrics.
        .route_layer(middleware::from_fn(metrics::label))
        // An unknown path under /api/v1 is a JSON 404, never the app's index.html.
        .fallback(no_such_route)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        // API answers are compressed on the fly (the built app's files are precompressed);
        // a region's catalogue shrinks from 15 KB to about 2 KB.
        .layer(CompressionLayer::new())
        .merge(uploads)
        .layer(security::api_no_store())
}

/// The OpenAPI document of [`api`]: what `GET /api/v1/openapi.json` serves.
pub(crate) fn document() -> utoipa::openapi::OpenApi {
    let mut doc = api().into_openapi();
    openapi::with_token_floods(&mut doc);
    doc
}

pub fn router(state: AppState, config: &Config) -> Router {
    let (api, _) = api().split_for_parts();
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::guarded))
        .route_layer(middleware::from_fn(metrics::label))
        .merge(site(
            api,
            config,
            &PageData {
                lists: state.lists.clone(),
                home: Default::default(),
            },
        ))
        // Platforms' verification files at the host's root (TONGBAN_VERIFY_DIR).
        .layer(middleware::from_fn_with_state(
            config.verify_dir.clone(),
            verify::serve,
        ))
        // A panic answers 500 in the JSON error shape instead of dropping the connection.
        .layer(crate::panics::layer())
        // The request log: method, path and status; paths never carry personal data.
        .layer(crate::telemetry::request_log());
    for layer in security::headers(&config.script_origins, &config.connect_origins) {
        router = router.layer(layer);
    }
    if let Some(cors) = security::cors(&config.connect_origins) {
        router = router.layer(cors);
    }
    // Outermost: every request is counted, whatever answered it.
    let metrics = state.ops.metrics.clone();
    router
        .layer(middleware::from_fn_with_state(metrics, metrics::track))
        .with_state(state)
}

/// The separate metrics listener's (`TONGBAN_METRICS_ADDR`): `/metrics` alone.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics::open))
        .with_state(state)
}

/// The app and its API, at the root or under `TONGBAN_BASE_PATH` (`/h5/…`, `/h5/api/v1`).
fn site(api: Router<AppState>, config: &Config, data: &PageData) -> Router<AppState> {
    let base = config.base_path.as_str();
    let dir = &config.static_dir;
    let site = Router::new()
        .nest("/api/v1", api)
        .route("/", app::index(dir, base, data, true))
        .route("/index.html", app::index(dir, base, data, true))
        .fallback_service(app::service::<()>(dir, base, data));
    if base.is_empty() {
        return site;
    }
    // `nest` answers `/h5` and `/h5/…`; `/h5/` itself is the app's home too.
    Router::new()
        .nest(base, site)
        .route(&format!("{base}/"), app::index(dir, base, data, true))
}
