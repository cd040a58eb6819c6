//! The gateway's API as the load generator and the fault drills use it.
//!
//! Sessions: when the gateway offers `POST /api/v1/session/dev-ticket` (it runs with `--dev`),
//! every simulated citizen gets a ticket, exchanges it at `POST /api/v1/session` and sends the
//! token as `Authorization: Bearer`; a gateway without sessions yet is used anonymously.

use crate::forms::resident_id;
use serde_json::{json, Value};
use std::time::Duration;

/// One HTTP client (a connection pool) for every simulated citizen of a run.
#[derive(Clone)]
pub struct Api {
    base: String,
    http: reqwest::Client,
}

/// How a request ended: the status and JSON body, or no answer at all.
#[derive(Debug, Clone)]
pub enum Answer {
    Status(u16, Value),
    /// Connection refused or reset, or no answer within the timeout.
    None,
}

impl Answer {
    pub fn status(&self) -> u16 {
        match self {
            Answer::Status(s, _) => *s,
            Answer::None => 0,
        }
    }

    /// `"503 unavailable"`: the status and the error body's `code`, for the reports.
    pub fn label(&self) -> String {
        match self {
            Answer::Status(s, body) => match body.get("code").and_then(Value::as_str) {
                Some(code) => format!("{s} {code}"),
                None => s.to_string(),
            },
            Answer::None => "no answer".into(),
        }
    }
}

impl Api {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        Self {
            base: base.trim_end_matches('/').to_string(),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The pooled HTTP client, for calls this module does not wrap.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub async fn answer(req: reqwest::RequestBuilder) -> Answer {
        match req.send().await {
            Ok(res) => {
                let status = res.status().as_u16();
                let body = res.bytes().await.unwrap_or_default();
                Answer::Status(status, serde_json::from_slice(&body).unwrap_or(Value::Null))
            }
            Err(_) => Answer::None,
        }
    }

    /// A session token for the real-name person with `id_number` (the one whose own
    /// applications it may submit), or for a new random citizen.
    pub async fn session_as(&self, id_number: Option<&str>) -> Option<String> {
        let req = self
            .http
            .post(self.url("/api/v1/session/dev-ticket"))
            .json(&json!({"shell": "browser", "id_number": id_number}));
        let Answer::Status(200, body) = Self::answer(req).await else {
            return None;
        };
        self.exchange(body.get("ticket")?.as_str()?).await
    }

    /// `POST /api/v1/session` with an identity ticket (a dev ticket, or one an integrator
    /// signed); the session token.
    pub async fn exchange(&self, ticket: &str) -> Option<String> {
        let req = self
            .http
            .post(self.url("/api/v1/session"))
            .json(&json!({ "ticket": ticket }));
        match Self::answer(req).await {
            Answer::Status(200, body) => body.get("token")?.as_str().map(String::from),
            _ => None,
        }
    }

    /// `POST /api/v1/applications` with an Idempotency-Key.
    pub async fn submit(&self, token: Option<&str>, key: &str, body: &Value) -> Answer {
        let mut req = self
            .http
            .post(self.url("/api/v1/applications"))
            .header("Idempotency-Key", key)
            .json(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        Self::answer(req).await
    }

    /// `GET /api/v1/applications/{receipt_no}` with the verifier header; `from`: the citizen's
    /// own address, as a trusted proxy in front of the gateway forwards it (`X-Forwarded-For`),
    /// so that each simulated citizen has the per-client lookup limit of its own.
    pub async fn progress(&self, receipt_no: &str, verifier: &str, from: Option<&str>) -> Answer {
        let mut req = self
            .http
            .get(self.url(&format!("/api/v1/applications/{receipt_no}")))
            .header("Tongban-Verifier", verifier);
        if let Some(address) = from {
            req = req.header("X-Forwarded-For", address);
        }
        Self::answer(req).await
    }

    /// Any GET (the ceiling, `/readyz`); the status only.
    pub async fn get(&self, path: &str) -> u16 {
        Self::answer(self.http.get(self.url(path))).await.status()
    }

    /// Any JSON POST (the ceiling); the status only.
    pub async fn post(&self, path: &str, body: &Value) -> u16 {
        Self::answer(self.http.post(self.url(path)).json(body))
            .await
            .status()
    }

    /// Waits until `/readyz` answers 200 (the database answers too), at most `limit`.
    pub async fn wait_ready(&self, limit: Duration) -> bool {
        let until = tokio::time::Instant::now() + limit;
        while tokio::time::Instant::now() < until {
            if self.get("/readyz").await == 200 {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

/// Applicant `n`'s complete Jingmen transfer (JM 1–4), the form the gateway's API tests use,
/// and its verifier (the last 6 characters of the ID number).
pub fn transfer(n: u64) -> (Value, String) {
    let id = resident_id(n);
    let verifier = tongban_rules::validate::identifier::last_chars(&id, 6).to_owned();
    let body = json!({"region": "420800", "item": "jm-transfer", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": id, "applicant.phone": "13800138000",
        "transfer.direction": "in", "transfer.from_region": "440106",
        "transfer.to_region": "420802", "transfer.insurance_type": "employee"}});
    (body, verifier)
}

/// A run-unique prefix for Idempotency-Keys, so reruns against one database never collide.
pub fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{:x}", nanos % (1 << 48))
}
