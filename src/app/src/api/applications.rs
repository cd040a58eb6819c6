//! Applications: submit (with an Idempotency-Key), progress, revoke, resubmit, rate.

use super::{fetch, get, post_json, ApiError, BASE};
use gloo::net::http::Request;
use serde::{Deserialize, Serialize};
use tongban_rules::form::Values;

/// What a submission answers (201, or 200 on a replay of the same key and body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub receipt_no: String,
    pub status: String,
    pub status_label: String,
    pub submitted_at: String,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub due_estimated: bool,
}

#[derive(Serialize)]
struct Submission<'a> {
    region: &'a str,
    item: &'a str,
    form: &'a Values,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    attachments: &'a [String],
}

/// `POST /applications` with `Idempotency-Key`: a retry with the same key never makes a
/// second application.
pub async fn submit(
    region: &str,
    item: &str,
    form: &Values,
    attachments: &[String],
    key: &str,
) -> Result<Receipt, ApiError> {
    let body = Submission {
        region,
        item,
        form,
        attachments,
    };
    fetch(post_json(
        "/applications",
        &body,
        &[("Idempotency-Key", key)],
    )?)
    .await
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    pub status: String,
    pub label: String,
    pub at: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Applicant {
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Asked {
    pub note: String,
    #[serde(default)]
    pub materials: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Attached {
    pub id: String,
    pub material: String,
    #[serde(default)]
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Rating {
    pub grade: u8,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
pub struct Actions {
    pub revoke: bool,
    pub resubmit: bool,
    pub rate: bool,
}

/// 办理进度 of one application.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Progress {
    pub receipt_no: String,
    pub region: String,
    pub item: String,
    #[serde(default)]
    pub item_name: String,
    pub status: String,
    pub status_label: String,
    pub submitted_at: String,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub applicant: Applicant,
    pub timeline: Vec<Event>,
    #[serde(default)]
    pub asked: Option<Asked>,
    /// The materials on file (the owner's view).
    #[serde(default)]
    pub attachments: Vec<Attached>,
    #[serde(default)]
    pub rating: Option<Rating>,
    #[serde(default)]
    pub actions: Actions,
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
