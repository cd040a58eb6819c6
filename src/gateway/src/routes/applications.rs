//! The citizen's side of an application: `POST /applications` (session + Idempotency-Key) and
//! `GET /applications/{receipt_no}` (owner's session or the `Tongban-Verifier` header). The
//! applicant's moves on it are `applicant.rs`'s.

use super::extract::{answer, JsonBody, ReceiptPath};
use super::validate::parse_answers;
use crate::applications::{
    limits,
    receipt::is_receipt_no,
    record::Record,
    submit::{submit_with, Caller, Filing, Outcome, Submission},
    timeline::{self, not_found, verifier_matches, Read, Viewer},
    units, view,
};
use crate::{
    catalogue::applicable_form,
    client_addr, family,
    identity::{
        extract::{Citizen, MaybeSession},
        real_name,
    },
    state::AppState,
    AppError,
};
use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use std::net::SocketAddr;
use tongban_rules::api::ErrorBody;
use tongban_rules::api::{china_today, Progress, Receipt};

fn today() -> chrono::NaiveDate {
    china_today(chrono::Utc::now().timestamp_millis())
}

pub const VERIFIER_HEADER: &str = "tongban-verifier";

pub fn idempotency_key(headers: &HeaderMap) -> Result<&str, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if (8..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(AppError::BadRequest {
            code: "idempotency_key_required",
            message: "send an Idempotency-Key header of 8 to 100 printable characters".into(),
            field: None,
        })
    }
}

#[utoipa::path(
    post, path = "/applications", tag = "applications",
    security(("citizen_session" = [])),
    params(("Idempotency-Key" = String, Header, description = "8 to 100 printable characters; a retry with the same key and body answers the same receipt", example = "3f2a9c1e-submit-1")),
    request_body = Submission,
    responses((status = 201, description = "stored", body = Receipt),
              (status = 200, description = "a replay: same key and body, same receipt", body = Receipt),
              (status = 400, description = "`bad_json`, `idempotency_key_required`, `item_not_applicable`, `unknown_attachment`, `materials_missing`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: a person's session without a real-name identity files nothing; `applicant_not_self`: the applicant is not the session's real-name person (on `applicant.id_number`, with the citizen's message in `errors[]`); `unit_session_required`: a unit item (`subject: unit`) needs the session of the unit whose credit code the form names; `not_for_units`: a unit's session files for its employees only the items its region lets units file (单位代办); `applicant_not_member`, `not_the_agent` (亲情代办 through `member`: the applicant must be the member whose consent the binding recorded)", body = ErrorBody),
              (status = 404, description = "`unknown_item`, `binding_not_found`", body = ErrorBody),
              (status = 409, description = "`idempotency_key_reused` for another body; `receipt_no` names the application the key made (the caller's own); `binding_ended`; `not_online`: the item's channels exclude filing online (apply at the window)", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: the rules refused the form; `errors[]` as `/validate`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn create(
    State(state): State<AppState>,
    citizen: Citizen,
    headers: HeaderMap,
    JsonBody(sub): JsonBody<Submission>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    let lists = state.lists.current();
    let key = idempotency_key(&headers)?;
    let (item, form) = applicable_form(lists.catalogue.catalogue(), &sub.region, &sub.item)?;
    crate::catalogue::require_online(&item)?; // issue 28: channels enforced (`not_online`)
    let today = today();
    let parsed = parse_answers(form, &sub.form)?;
    let filer = units::authorize(citizen.unit.as_ref(), &item, &parsed)?;
    let applicant_idh = state.keys.applicant_id_hash(&parsed);
    // Who may be the applicant: a person's session files for its own real-name person, or —
    // 亲情代办, through a live binding — for the member whose identity their own consent
    // recorded; the application is then the member's. A unit's session is `units::authorize`'s.
    let agent = match &sub.member {
        Some(binding) => {
            citizen.real_name()?;
            let member = applicant_idh.as_deref();
            let agent = family::acting::for_submission(
                &state.store,
                &citizen.owner,
                binding,
                &parsed,
                member,
            )
            .await?;
            Some(agent)
        }
        None if citizen.is_person() => {
            real_name::is_self(&citizen, applicant_idh.as_deref())?;
            None
        }
        None => None,
    };
    let caller = Caller {
        owner: agent.as_ref().map_or(&citizen.owner, |a| &a.member),
        key,
        agent: agent.as_ref(),
    };
    let filing = Filing {
        acting_unit: filer.acting_unit(),
        applicant_idh,
        at_window: None,
        list_version: Some(lists.version.number),
    };
    let now = chrono::Utc::now();
    match submit_with(
        &state.store,
        &caller,
        &filing,
        &sub,
        &parsed,
        &item,
        &lists.calendar,
        now,
        today,
    )
    .await?
    {
        Outcome::Created(r) => Ok((StatusCode::CREATED, Json(r))),
        // A retry answers the same receipt, with who filed it (`submit::replay`).
        Outcome::Replayed(r) => Ok((StatusCode::OK, Json(r))),
    }
}

#[utoipa::path(
    get, path = "/applications/{receipt_no}", tag = "applications",
    security(("citizen_session" = []), ("verifier" = [])),
    params(("receipt_no" = String, Path, example = "TB7K2M9Q4R8T1V6W3X")),
    responses((status = 200, description = "the progress (applicant masked; materials on file for the owner only)", body = Progress),
              (status = 401, description = "`session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found`: the same for an unknown number, someone else's, or a wrong verifier", body = ErrorBody),
              (status = 429, description = "`too_many_failed_lookups` (10 failures per 10 minutes per person or session; 200 per client address without a session) or `lookup_locked` (per receipt: 1 h, then 24 h); `Retry-After` and `retry_after_secs` say how long", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn show(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ReceiptPath(receipt_no): ReceiptPath,
    headers: HeaderMap,
) -> Result<Json<Progress>, AppError> {
    let well_formed = is_receipt_no(&receipt_no);
    // A session's revocation is read with the record, its timeline, rating and materials on
    // file, in one statement (`view`): an ended session is refused here as by any other route.
    let (citizen, view, materials) = match session {
        Some(s) if well_formed => {
            let read = view::for_session(&state.store, &receipt_no, s.session()).await?;
            (Some(s.confirm(read.revoked)?), read.view, read.materials)
        }
        Some(s) => (Some(s.check(&state.store).await?), None, Vec::new()),
        None => (None, None, Vec::new()),
    };
    if let (Some(c), Some((r, _))) = (&citizen, &view) {
        if r.owner == c.owner {
            let Some((r, mut read)) = view else {
                return Err(not_found());
            };
            read.attachments = materials;
            let Json(mut progress) = shown(&state, &r, read, Viewer::Owner).await?;
            progress.actions.object = family::acting::may_object(&state.store, &r).await?;
            return Ok(Json(progress));
        }
        // 亲情代办: the agent, while the binding is live, with the agent's own moves.
        if family::acting::is_live_agent(&state.store, &c.owner, r).await? {
            let Json(mut progress) = answer(&state, r, Viewer::Owner).await?;
            progress.actions =
                family::acting::agent_actions(&state.store, r, progress.actions).await?;
            return Ok(Json(progress));
        }
        // Filed for this citizen by someone else (a unit, …): theirs to read, not to act on.
        if c.idh.is_some() && r.applicant_idh == c.idh {
            let Some((r, read)) = view else {
                return Err(not_found());
            };
            return shown(&state, &r, read, Viewer::Holder).await;
        }
    }
    // The verifier is part of an ID number: it travels in a header, never in the URL, so it
    // cannot reach access logs, proxies or browser history.
    let verifier = headers
        .get(VERIFIER_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let now = chrono::Utc::now();
    // Counted per person where the session has a real-name identity, per session without one,
    // and per address (sized for carrier NAT) only for callers with no session.
    let client = client_addr::client(peer.ip(), &headers, &state.trusted_proxies);
    let guesser = match &citizen {
        Some(c) => match &c.idh {
            Some(idh) => limits::Guesser::Person(idh),
            None => limits::Guesser::Session(&c.session),
        },
        None => limits::Guesser::Address(client),
    };
    // Reads only; a right verifier writes nothing, a wrong one is counted (`limits`). With no
    // session the application is read with the limits, in one statement after the seats are
    // taken (`limits::admit_reading`); a session's lookup read it above.
    let buckets = limits::Buckets::receipt(&receipt_no, &guesser);
    let (admitted, view) = if citizen.is_none() && well_formed {
        let (store, b, no) = (&state.store, &buckets, receipt_no.as_str());
        let read = move || view::with_limits(store, no, b, now);
        limits::admit_reading(&state.lookups, &buckets, now, read).await?
    } else {
        let admitted = limits::admit(&state.store, &state.lookups, &buckets, now).await?;
        (admitted, view)
    };
    let verifier_keys = state.store.verifier()?;
    match view.filter(|(r, _)| verifier_matches(verifier_keys, r, verifier)) {
        Some((r, read)) => {
            drop(admitted);
            shown(&state, &r, read, Viewer::Holder).await
        }
        None => {
            admitted.failed(&state.store, &buckets, now).await?;
            Err(not_found())
        }
    }
}

/// The progress of `record` as `viewer` sees it, from what `view` read with it, by the
/// rules of the list version it was filed under.
async fn shown(
    state: &AppState,
    record: &Record,
    read: Read,
    viewer: Viewer,
) -> Result<Json<Progress>, AppError> {
    let lists = state.lists.version(record.list_version).await?;
    let item = lists.catalogue.item(&record.region, &record.item);
    Ok(Json(timeline::build(record, item, viewer, read)))
}
