//! `GET /api/v1/openapi.json`: the API published for integrators, collected from the very
//! registrations that route the requests (`routes::api`, each handler's `#[utoipa::path]`) and
//! the wire types' schemas (`tongban_rules::api` with its `openapi` feature), so the document
//! cannot drift from the code. `GET /api/v1/reference`: the same document as a readable page
//! (Scalar). A test checks that the router answers every documented operation, and
//! schemathesis that every answer is one the document lists.

use super::window;
use crate::applications::{attachments::Uploaded, stats::Stats, submit::Submission};
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::LazyLock;
use tongban_rules::api::{
    Acceptance, Acting, BindingRequest, BoundApplicant, Invitation, InvitationLookup,
    InvitationPreview, InvitationRequest, Member, MemberApplicant, Objection, PendingBinding,
};
use tongban_rules::api::{
    Actions, Applicant, Asked, Attached, ErrorBody, Event, Inbox, Notification, Progress, Rating,
    Receipt, Summary,
};
use tongban_rules::api::{
    Appointment, Booking, HomeVisit, HomeVisitMove, HomeVisitRequest, HomeVisitStep,
    MyAppointments, OfficeSlots, Slot,
};
use tongban_rules::{lifecycle::Status, FieldError};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tongban gateway",
        version = "1",
        description = "通办 medical-insurance service gateway. Every error answers one shape, \
            `ErrorBody` `{code, message, field?, errors?}`: `code` and `message` in English for \
            integrators, `errors[].message` in Chinese for citizens. Instants are RFC 3339 in \
            UTC, dates `YYYY-MM-DD` (Beijing). Webhook pushes: see docs/api.md."
    ),
    servers((url = "/api/v1")),
    components(schemas(
        ErrorBody, FieldError, Status, Receipt, Progress, Event, Applicant, Asked, Attached,
        Rating, Actions, Summary, Inbox, Notification, Submission, Uploaded, Stats,
        Acting, InvitationRequest, Invitation, InvitationLookup, InvitationPreview, Acceptance, MemberApplicant, Member,
        BoundApplicant, Objection, BindingRequest, PendingBinding, window::WindowSubmission, window::VisitBody,
        Slot, OfficeSlots, Booking, Appointment, HomeVisitRequest, HomeVisit, HomeVisitStep,
        HomeVisitMove, MyAppointments,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "catalogue", description = "Items, forms, offices and the working-day calendar: anyone"),
        (name = "session", description = "A shell's signed ticket for a session token"),
        (name = "applications", description = "Submitting and following an application"),
        (name = "me", description = "The citizen's own lists and 即时知 inbox"),
        (name = "family", description = "亲情代办: binding family members and filing for them"),
        (name = "attachments", description = "Uploaded materials"),
        (name = "appointments", description = "预约到厅 (a place in an office's slot) and 预约上门 (a home visit)"),
        (name = "operator", description = "The office's queue, moves, statistics and reports; the audit log"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The three ways a caller proves who they are.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |what: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(what))
                    .build(),
            )
        };
        components.add_security_scheme(
            "citizen_session",
            bearer("The session token from `POST /session` (12 hours)."),
        );
        components.add_security_scheme(
            "operator_token",
            bearer(
                "A named operator's token (`tongban-gateway operator add`): a clerk's for the \
                 queue, an auditor's for the audit log.",
            ),
        );
        components.add_security_scheme(
            "verifier",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Tongban-Verifier",
                "The last 6 characters of the applicant's ID number: reads one application's \
                 progress without a session (10 failures per 10 minutes, then 429).",
            ))),
        );
    }
}

/// Every operation an operator's token opens may also answer 429 `too_many_refusals`: past
/// [`RECORDED_PER_MINUTE`] made-up tokens a minute from one address (`identity::flood`). Added
/// here, after the routes are collected, so no handler's list can miss it.
pub(super) fn with_token_floods(doc: &mut utoipa::openapi::OpenApi) {
    use crate::identity::flood::RECORDED_PER_MINUTE;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let said = format!(
        "`too_many_refusals`: more than {RECORDED_PER_MINUTE} unknown operator tokens from this \
         address this minute; `Retry-After` and `retry_after_secs` say how long"
    );
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            let by_operator =
                serde_json::to_string(&op.security).is_ok_and(|s| s.contains("\"operator_token\""));
            if !by_operator {
                continue;
            }
            match op.responses.responses.get_mut("429") {
                Some(RefOr::T(r)) => r.description = format!("{}; {said}", r.description),
                _ => {
                    let body = ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build();
                    let r = ResponseBuilder::new()
                        .description(said.clone())
                        .content("application/json", body)
                        .build();
                    op.responses.responses.insert("429".into(), RefOr::T(r));
                }
            }
        }
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    super::document()
        .to_json()
        .expect("the OpenAPI document serialises")
});

static REFERENCE: LazyLock<String> =
    LazyLock::new(|| utoipa_scalar::Scalar::new(super::document()).to_html());

/// The page's own policy: Scalar's script and styles come from its CDN.
const REFERENCE_CSP: &str = "default-src 'self'; script-src https://cdn.jsdelivr.net; \
     style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.scalar.com; \
     font-src 'self' data: https://cdn.jsdelivr.net https://fonts.scalar.com; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1", body = serde_json::Value)))]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// This document as a readable API reference (Scalar).
#[utoipa::path(get, path = "/reference", tag = "meta",
    responses((status = 200, description = "an HTML page", content_type = "text/html", body = String)))]
pub async fn reference() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, REFERENCE_CSP),
        ],
        REFERENCE.as_str(),
    )
}
