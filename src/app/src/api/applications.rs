//! Applications: submit (with an Idempotency-Key), progress, revoke, resubmit, rate. The
//! requests and the answers are the gateway's own types (`tongban_rules::api`), not copies.

use super::{base, fetch, get, post_json, ApiError};
use gloo::net::http::Request;
use serde::{Deserialize, Serialize};
use tongban_rules::form::Values;

pub use tongban_rules::api::{Asked, Progress, Receipt};
use tongban_rules::api::{RatingRequest, Resubmission, Submission};

/// `POST /applications` with `Idempotency-Key`: a retry with the same key never makes a
/// second application.
pub async fn submit(
    region: &str,
    item: &str,
    form: &Values,
    attachments: &[String],
    key: &str,
    member: Option<&str>,
) -> Result<Receipt, ApiError> {
    let body = Submission {
        region: region.to_owned(),
        item: item.to_owned(),
        form: form.clone(),
        attachments: attachments.to_vec(),
        member: member.map(str::to_owned),
    };
    fetch(post_json(
        "/applications",
        &body,
        &[("Idempotency-Key", key)],
    )?)
    .await
}

/// `GET /applications/{receipt_no}`: by the owner's session, or with the verifier (the last 6
/// characters of the ID number) in the `Tongban-Verifier` header — never in the URL.
pub async fn progress(receipt_no: &str, verifier: Option<&str>) -> Result<Progress, ApiError> {
    match verifier {
        None => get(&format!("/applications/{receipt_no}")).await,
        Some(v) => {
            let req = super::authed(Request::get(&format!(
                "{}/applications/{receipt_no}",
                base()
            )))
            .header("Tongban-Verifier", v)
            .build()
            .map_err(|_| ApiError::Decode)?;
            fetch(req).await
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Answers {
    pub form: Values,
}

/// `GET /applications/{receipt_no}/form`: the stored answers, for the owner, only while the
/// application is returned for correction (nothing stays on the device after a submission).
pub async fn answers(receipt_no: &str) -> Result<Values, ApiError> {
    get::<Answers>(&format!("/applications/{receipt_no}/form"))
        .await
        .map(|a| a.form)
}

/// `POST /applications/{receipt_no}/revoke`
pub async fn revoke(receipt_no: &str) -> Result<Progress, ApiError> {
    let path = format!("/applications/{receipt_no}/revoke");
    fetch(post_json(&path, &serde_json_empty(), &[])?).await
}

/// `POST /applications/{receipt_no}/resubmit` after 退回补正, with an Idempotency-Key and the
/// uploads of the materials the office asked for.
pub async fn resubmit(
    receipt_no: &str,
    form: &Values,
    attachments: &[String],
    key: &str,
) -> Result<Progress, ApiError> {
    let path = format!("/applications/{receipt_no}/resubmit");
    fetch(post_json(
        &path,
        &Resubmission {
            form: form.clone(),
            attachments: attachments.to_vec(),
        },
        &[("Idempotency-Key", key)],
    )?)
    .await
}

/// `POST /applications/{receipt_no}/rating` (好差评: 5 非常满意 … 1 非常不满意).
pub async fn rate(receipt_no: &str, grade: u8, reason: Option<&str>) -> Result<Progress, ApiError> {
    let path = format!("/applications/{receipt_no}/rating");
    let body = RatingRequest {
        grade,
        reason: reason.map(str::to_owned),
    };
    fetch(post_json(&path, &body, &[])?).await
}

#[derive(Serialize)]
struct Empty {}

fn serde_json_empty() -> Empty {
    Empty {}
}
