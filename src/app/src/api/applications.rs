//! Applications: submit (with an Idempotency-Key), progress, revoke, resubmit, rate. The
//! answers are the gateway's own types (`tongban_rules::api`), not copies.

use super::{fetch, get, post_json, ApiError, BASE};
use gloo::net::http::Request;
use serde::{Deserialize, Serialize};
use tongban_rules::form::Values;

pub use tongban_rules::api::{Asked, Progress, Receipt};

#[derive(Serialize)]
struct Submission<'a> {
    region: &'a str,
    item: &'a str,
    form: &'a Values,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    attachments: &'a [String],
    /// 亲情代办: the binding through which it is filed for a family member.
    #[serde(skip_serializing_if = "Option::is_none")]
    member: Option<&'a str>,
}

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
        region,
        item,
        form,
        attachments,
        member,
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
            let req = super::authed(Request::get(&format!("{BASE}/applications/{receipt_no}")))
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

#[derive(Serialize)]
struct Resubmission<'a> {
    form: &'a Values,
    attachments: &'a [String],
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
        &Resubmission { form, attachments },
        &[("Idempotency-Key", key)],
    )?)
    .await
}

#[derive(Serialize)]
struct RatingBody<'a> {
    grade: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// `POST /applications/{receipt_no}/rating` (好差评: 5 非常满意 … 1 非常不满意).
pub async fn rate(receipt_no: &str, grade: u8, reason: Option<&str>) -> Result<Progress, ApiError> {
    let path = format!("/applications/{receipt_no}/rating");
    fetch(post_json(&path, &RatingBody { grade, reason }, &[])?).await
}

#[derive(Serialize)]
struct Empty {}

fn serde_json_empty() -> Empty {
    Empty {}
}
