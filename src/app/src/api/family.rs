//! 亲情代办: `/me/family/*` — invite, accept, list, end, and the member's applicant block.

use super::{fetch, fetch_empty, get, post_json, ApiError};
use tongban_rules::api::{
    family::RELATIONS, Acceptance, BindingRequest, BoundApplicant, Invitation, InvitationLookup,
    InvitationPreview, InvitationRequest, Member,
};

pub use tongban_rules::api::MemberApplicant;

/// `POST /me/family/invitations`: a one-time code for a family member.
pub async fn invite(agent_name: &str) -> Result<Invitation, ApiError> {
    let body = InvitationRequest {
        agent_name: agent_name.into(),
    };
    fetch(post_json("/me/family/invitations", &body, &[])?).await
}

/// `POST /me/family/invitations/preview`: who is asking, before the member consents.
pub async fn preview(code: &str) -> Result<InvitationPreview, ApiError> {
    let body = InvitationLookup { code: code.into() };
    fetch(post_json("/me/family/invitations/preview", &body, &[])?).await
}

/// `POST /me/family/acceptances`: the member accepts a code and consents (the list, reloaded,
/// shows the binding).
pub async fn accept(a: &Acceptance) -> Result<(), ApiError> {
    fetch_empty(post_json("/me/family/acceptances", a, &[])?).await
}

/// `POST /me/family/requests`: binding someone without a phone on a relationship document,
/// for a clerk to review (the list, reloaded, shows it 待审核).
pub async fn request(r: &BindingRequest) -> Result<(), ApiError> {
    fetch_empty(post_json("/me/family/requests", r, &[])?).await
}

/// `GET /me/family/members`
pub async fn members() -> Result<Vec<Member>, ApiError> {
    get("/me/family/members").await
}

/// The members this citizen may act for now (the agent's side of live bindings); none when
/// there is no session or the list cannot be had (the choice is then not offered).
pub async fn live_members() -> Vec<Member> {
    if crate::session::ensure().await.is_none() {
        return vec![];
    }
    members()
        .await
        .map(|all| {
            all.into_iter()
                .filter(|m| m.side == "agent" && m.status == "live")
                .collect()
        })
        .unwrap_or_default()
}

/// `GET /me/family/members/{id}/applicant`: fills a form's applicant block.
pub async fn applicant(id: &str) -> Result<BoundApplicant, ApiError> {
    get(&format!("/me/family/members/{id}/applicant")).await
}

/// `POST /me/family/members/{id}/end`
pub async fn end(id: &str) -> Result<(), ApiError> {
    fetch_empty(post_json(
        &format!("/me/family/members/{id}/end"),
        &(),
        &[],
    )?)
    .await
}

/// `POST /me/family/objections`: 不同意此代办 on an application filed for me.
pub async fn object(receipt_no: &str) -> Result<(), ApiError> {
    let body = tongban_rules::api::Objection {
        receipt_no: receipt_no.into(),
    };
    fetch_empty(post_json("/me/family/objections", &body, &[])?).await
}

/// The relations a member may name: (code, label).
pub fn relations() -> &'static [(&'static str, &'static str)] {
    RELATIONS
}
