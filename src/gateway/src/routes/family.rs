//! 亲情代办: `/me/family/*` — invite a family member (a one-time code), accept an invitation in
//! one's own session, list and end bindings, fill a form's applicant block from a binding, and
//! object (不同意此代办) to an application filed for oneself; for someone without a phone, a
//! binding request on a relationship document, reviewed by a clerk of its region
//! (`/operator/family/requests`, audited).

use super::extract::JsonBody;
use super::refusals::on_request;
use crate::applications::{access, limits, receipt::typed};
use crate::identity::extract::{Citizen, Clerk};
use crate::{audit, family, state::AppState, AppError};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use tongban_rules::api::{
    Acceptance, BindingRequest, BoundApplicant, ErrorBody, Invitation, InvitationLookup,
    InvitationPreview, InvitationRequest, Member, Objection, PendingBinding,
};

#[utoipa::path(
    post, path = "/me/family/invitations", tag = "family",
    security(("citizen_session" = [])),
    request_body = InvitationRequest,
    responses((status = 201, description = "a one-time code (9 digits, valid 15 minutes) and its QR code", body = Invitation),
              (status = 400, description = "`bad_json`, `agent_name_required`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: the session has no real-name identity", body = ErrorBody),
              (status = 409, description = "`family_full`: 5 members already", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn invite(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(body): JsonBody<InvitationRequest>,
) -> Result<(StatusCode, Json<Invitation>), AppError> {
    let now = chrono::Utc::now();
    let agent = family::Person {
        owner: &citizen.owner,
        idh: citizen.real_name()?,
    };
    let inv = family::invitations::invite(
        &state.store,
        &agent,
        &citizen.display,
        &body.agent_name,
        now,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(inv)))
}

#[utoipa::path(
    post, path = "/me/family/invitations/preview", tag = "family",
    security(("citizen_session" = [])),
    request_body = InvitationLookup,
    responses((status = 200, description = "who is asking: the inviter's real-name label, before the member consents", body = InvitationPreview),
              (status = 400, description = "`bad_json`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: the session has no real-name identity", body = ErrorBody),
              (status = 404, description = "`invitation_unknown`", body = ErrorBody),
              (status = 409, description = "`invitation_used`, `invitation_expired`, `own_invitation`", body = ErrorBody),
              (status = 429, description = "`lookup_locked`, `too_many_failed_lookups`: wrong codes count as an acceptance's do; `Retry-After` says when to try again", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn preview(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(body): JsonBody<InvitationLookup>,
) -> Result<Json<InvitationPreview>, AppError> {
    let now = chrono::Utc::now();
    let member = family::Person {
        owner: &citizen.owner,
        idh: citizen.real_name()?,
    };
    // The same buckets as an acceptance: looking a code up is guessing it.
    let buckets = limits::Buckets::family_code(member.idh, &citizen.session);
    let admitted = limits::admit(&state.store, &state.lookups, &buckets, now).await?;
    let found = family::invitations::preview(&state.store, &member, &body.code, now).await;
    if is_wrong_code(&found) {
        admitted.failed(&state.store, &buckets, now).await?;
    } else {
        drop(admitted);
    }
    Ok(Json(found?))
}

/// Whether a lookup or an acceptance failed on the code itself (a guess to count).
fn is_wrong_code<T>(r: &Result<T, AppError>) -> bool {
    matches!(
        r,
        Err(AppError::NotFound {
            code: "invitation_unknown",
            ..
        }) | Err(AppError::Conflict {
            code: "invitation_used" | "invitation_expired",
            ..
        })
    )
}

#[utoipa::path(
    post, path = "/me/family/acceptances", tag = "family",
    security(("citizen_session" = [])),
    request_body = Acceptance,
    responses((status = 201, description = "the binding, made by this consent (the inviter seen as 经办人)", body = Member),
              (status = 400, description = "`bad_json`, `unknown_relation`, `consent_required`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: the session has no real-name identity; `applicant_not_self`: the applicant block is not the accepting session's real-name person", body = ErrorBody),
              (status = 404, description = "`invitation_unknown`", body = ErrorBody),
              (status = 409, description = "`invitation_used`, `invitation_expired`, `own_invitation` (also from the inviter's identity in another shell), `already_bound`, `family_full`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: the applicant block, as a form's", body = ErrorBody),
              (status = 429, description = "`lookup_locked` (this person guessed too many codes), `too_many_failed_lookups` (this session did); `Retry-After` says when to try again", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn accept(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(body): JsonBody<Acceptance>,
) -> Result<(StatusCode, Json<Member>), AppError> {
    let now = chrono::Utc::now();
    // Only a real-name person consents, for themself: the binding records their identity.
    let member = family::Person {
        owner: &citizen.owner,
        idh: citizen.real_name()?,
    };
    let applicant_idh = state.keys.id_hash(&body.applicant.id_number);
    // A code is 9 digits: wrong guesses are limited per person and per session (`limits`), in
    // buckets of their own, in the database so every copy of the gateway shares the count. Only
    // a wrong code is counted; a right one writes nothing to the limits.
    let buckets = limits::Buckets::family_code(member.idh, &citizen.session);
    let admitted = limits::admit(&state.store, &state.lookups, &buckets, now).await?;
    let accepted =
        family::invitations::accept(&state.store, &member, &applicant_idh, &body, now).await;
    if is_wrong_code(&accepted) {
        admitted.failed(&state.store, &buckets, now).await?;
    } else {
        drop(admitted);
    }
    Ok((StatusCode::CREATED, Json(accepted?)))
}

#[utoipa::path(
    get, path = "/me/family/members", tag = "family",
    security(("citizen_session" = [])),
    responses((status = 200, description = "every binding I am on either side of, newest first", body = [Member]),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn members(
    State(state): State<AppState>,
    citizen: Citizen,
) -> Result<Json<Vec<Member>>, AppError> {
    Ok(Json(
        family::bindings::of_owner(&state.store, &citizen.owner).await?,
    ))
}

#[utoipa::path(
    get, path = "/me/family/members/{id}/applicant", tag = "family",
    security(("citizen_session" = [])),
    params(("id" = String, Path, example = "0123456789abcdef0123456789abcdef")),
    responses((status = 200, description = "the member's applicant block, to fill a form with (the agent of a live binding only)", body = BoundApplicant),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`binding_not_found`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn applicant(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<BoundApplicant>, AppError> {
    Ok(Json(
        family::bindings::applicant_for(&state.store, &citizen.owner, &id).await?,
    ))
}

#[utoipa::path(
    post, path = "/me/family/members/{id}/end", tag = "family",
    security(("citizen_session" = [])),
    params(("id" = String, Path, example = "0123456789abcdef0123456789abcdef")),
    responses((status = 200, description = "the binding, ended (either side may; applications already made stay)", body = Member),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`binding_not_found`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn end(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(id): Path<String>,
) -> Result<Json<Member>, AppError> {
    let now = chrono::Utc::now();
    Ok(Json(
        family::bindings::end(&state.store, &citizen.owner, &id, now).await?,
    ))
}

#[utoipa::path(
    post, path = "/me/family/objections", tag = "family",
    security(("citizen_session" = [])),
    request_body = Objection,
    responses((status = 204, description = "不同意此代办 recorded: from now on only the applicant may revoke it"),
              (status = 400, description = "`bad_json`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 404, description = "`not_found`: not an application of mine", body = ErrorBody),
              (status = 409, description = "`not_filed_by_agent`", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn object(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(body): JsonBody<Objection>,
) -> Result<StatusCode, AppError> {
    let record = access::owned(&state.store, &citizen.owner, &typed(&body.receipt_no)).await?;
    let now = chrono::Utc::now();
    family::acting::object(&state.store, &citizen.owner, &record, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/me/family/requests", tag = "family",
    security(("citizen_session" = [])),
    request_body = BindingRequest,
    responses((status = 201, description = "the binding, `pending` until a clerk of `region` approves the document", body = Member),
              (status = 400, description = "`bad_json`, `unknown_relation`, `agent_name_required`, `unknown_region`, `unknown_attachment`", body = ErrorBody),
              (status = 401, description = "`session_required`, `session_invalid`, `session_expired`", body = ErrorBody),
              (status = 403, description = "`real_name_required`: the session has no real-name identity", body = ErrorBody),
              (status = 409, description = "`family_full`, `own_invitation` (the applicant block is the requester's own)", body = ErrorBody),
              (status = 413, description = "`body_too_large`", body = ErrorBody),
              (status = 422, description = "`validation_failed`: the applicant block, as a form's", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
/// Binding someone without a phone (a child, an elder) on a relationship document.
pub async fn request(
    State(state): State<AppState>,
    citizen: Citizen,
    JsonBody(body): JsonBody<BindingRequest>,
) -> Result<(StatusCode, Json<Member>), AppError> {
    let now = chrono::Utc::now();
    let agent = family::Person {
        owner: &citizen.owner,
        idh: citizen.real_name()?,
    };
    let member_idh = state.keys.id_hash(&body.applicant.id_number);
    let member = family::requests::request(&state.store, &agent, &member_idh, &body, now).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

#[utoipa::path(
    get, path = "/operator/family/requests", tag = "operator",
    security(("operator_token" = [])),
    responses((status = 200, description = "亲情代办 binding requests awaiting review in my regions, oldest first", body = [PendingBinding]),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: a clerk's", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn pending(
    State(state): State<AppState>,
    Clerk(op): Clerk,
) -> Result<Json<Vec<PendingBinding>>, AppError> {
    let list = family::requests::pending(&state.store, &op.account.regions).await?;
    let entry = op
        .audit("family.requests.read")
        .detail(format!("n={}", list.len()));
    audit::record(&state.store, entry, chrono::Utc::now()).await?;
    Ok(Json(list))
}

#[utoipa::path(
    post, path = "/operator/family/requests/{id}/{decision}", tag = "operator",
    security(("operator_token" = [])),
    params(("id" = String, Path, example = "0123456789abcdef0123456789abcdef"),
           ("decision" = String, Path, description = "`approve` or `refuse`", example = "approve")),
    responses((status = 200, description = "the binding, `live` or `refused`", body = Member),
              (status = 401, description = "`operator_token_required`, `operator_token_invalid`, `operator_token_expired`, `operator_token_revoked`", body = ErrorBody),
              (status = 403, description = "`role_forbidden`: a clerk's", body = ErrorBody),
              (status = 404, description = "`binding_not_found` (not pending, or not of my regions), `unknown_action`", body = ErrorBody),
              (status = 503, description = "`storage_unavailable`: retry", body = ErrorBody))
)]
pub async fn decide(
    State(state): State<AppState>,
    Clerk(op): Clerk,
    Path((id, decision)): Path<(String, String)>,
) -> Result<Json<Member>, AppError> {
    let approve = match decision.as_str() {
        "approve" => true,
        "refuse" => false,
        _ => {
            return Err(AppError::NotFound {
                code: "unknown_action",
                message: format!("`{decision}` is not approve or refuse"),
            })
        }
    };
    let now = chrono::Utc::now();
    let regions = &op.account.regions;
    let action = if approve {
        "family.request.approve"
    } else {
        "family.request.refuse"
    };
    let entry = op.audit(action).detail(format!("binding={id}"));
    let decided =
        family::requests::decide(&state.store, regions, op.name(), &id, approve, &entry, now).await;
    let member = on_request(&state, &op, decided).await?;
    Ok(Json(member))
}
