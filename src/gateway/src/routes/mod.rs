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
mod health;
mod index_page;
mod me;
mod offices;
mod openapi;
mod operator;
mod security;
mod session;
mod validate;
mod verify;
mod window;

use crate::{config::Config, state::AppState};
use axum::{
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post},
    Router,
};
use index_page::PageData;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

async fn no_such_route() -> crate::AppError {
    crate::AppError::NotFound {
        // #16 asks for the same `not_found` as every other unknown thing.
        code: "not_found",
        message: "no API operation at this path; see /api/v1/openapi.json".into(),
    }
}

/// JSON bodies are small: a whole form is a few KB.
const JSON_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState, config: &Config) -> Router {
    let uploads = Router::new()
        .route("/attachments", post(attachments::upload))
        .layer(DefaultBodyLimit::max(attachments::MAX_BYTES + 1));
    let api = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/reference", get(openapi::reference))
        .route("/regions", get(catalogue::regions))
        .route("/catalog", get(catalogue::catalog))
        .route("/items/{id}", get(catalogue::item))
        .route("/offices", get(offices::offices))
        .route("/offices/{office}/slots", get(appointments::slots))
        .route("/appointments", post(appointments::book))
        .route("/appointments/{id}/cancel", post(appointments::cancel))
        .route("/me/appointments", get(appointments::mine))
        .route("/home-visits", post(appointments::request_visit))
        .route("/home-visits/half-days", get(appointments::half_days))
        .route("/home-visits/{id}/cancel", post(appointments::cancel_visit))
        .route("/operator/appointments", get(appointment_desk::day))
        .route(
            "/operator/appointments/{id}/arrived",
            post(appointment_desk::arrived),
        )
        .route("/operator/home-visits", get(appointment_desk::visits))
        .route("/operator/home-visits/{id}", get(appointment_desk::visit))
        .route(
            "/operator/home-visits/{id}/{action}",
            post(appointment_desk::move_visit),
        )
        .route("/calendar/deadline", get(calendar::deadline))
        .route("/validate", post(validate::validate))
        .route("/session", post(session::create))
        .route("/session/dev-ticket", post(session::dev_ticket))
        .route("/session/logout", post(session::logout))
        .route("/applications", post(applications::create))
        .route("/applications/{receipt_no}", get(applications::show))
        .route("/applications/{receipt_no}/revoke", post(applicant::revoke))
        .route("/applications/{receipt_no}/form", get(applicant::answers))
        .route(
            "/applications/{receipt_no}/resubmit",
            post(applicant::resubmit),
        )
        .route("/applications/{receipt_no}/rating", post(applicant::rate))
        .route("/me/applications", get(me::applications))
        .route("/me/notifications", get(me::notifications))
        .route("/me/notifications/read", post(me::mark_read))
        .route("/me/family/invitations", post(family::invite))
        .route("/me/family/invitations/preview", post(family::preview))
        .route("/me/family/acceptances", post(family::accept))
        .route("/me/family/members", get(family::members))
        .route("/me/family/members/{id}/applicant", get(family::applicant))
        .route("/me/family/members/{id}/end", post(family::end))
        .route("/me/family/objections", post(family::object))
        .route("/me/family/requests", post(family::request))
        .route("/operator/family/requests", get(family::pending))
        .route(
            "/operator/family/requests/{id}/{decision}",
            post(family::decide),
        )
        .route("/attachments/{id}", get(attachments::download))
        .route(
            "/operator/applications",
            get(operator::queue).post(window::submit),
        )
        .route("/receipt/{receipt_no}/print", get(window::print))
        .route("/operator/applications/{receipt_no}", get(operator::show))
        .route(
            "/operator/applications/{receipt_no}/visits",
            post(window::return_visit),
        )
        .route(
            "/operator/applications/{receipt_no}/follow-up",
            post(operator::follow_up),
        )
        .route(
            "/operator/applications/{receipt_no}/{action}",
            post(operator::act),
        )
        .route("/operator/stats", get(operator::stats))
        .route("/operator/audit", get(audit::log))
        .route(
            "/operator/reports/progress.csv",
            get(operator::progress_csv),
        )
        // An unknown path under /api/v1 is a JSON 404, never the app's index.html.
        .fallback(no_such_route)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        // API answers are compressed on the fly (the built app's files are precompressed);
        // a region's catalogue shrinks from 15 KB to about 2 KB.
        .layer(CompressionLayer::new())
        .merge(uploads)
        .layer(security::api_no_store());
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(site(
            api,
            config,
            &PageData {
                catalogue: state.catalogue.clone(),
                calendar: state.calendar.clone(),
            },
        ))
        // Platforms' verification files at the host's root (TONGBAN_VERIFY_DIR).
        .layer(middleware::from_fn_with_state(
            config.verify_dir.clone(),
            verify::serve,
        ))
        // A panic answers 500 in the JSON error shape instead of dropping the connection.
        .layer(crate::panics::layer())
        // The trace layer logs method, path and status; paths never carry personal data.
        .layer(TraceLayer::new_for_http());
    for layer in security::headers(&config.script_origins, &config.connect_origins) {
        router = router.layer(layer);
    }
    if let Some(cors) = security::cors(&config.cors_origins) {
        router = router.layer(cors);
    }
    router.with_state(state)
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
