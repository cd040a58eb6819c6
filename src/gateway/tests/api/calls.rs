//! What a test does with its gateway: requests as a citizen or an operator, sessions for a
//! real-name person, operators added as the CLI adds them, uploads and submissions.

use crate::helpers::*;
use serde_json::{json, Value};
use tongban_gateway::accounts::{self, Regions, Role};

impl TestApp {
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// A session token for the citizen `sub` (a fresh signed ticket exchanged at /session),
    /// with a real-name identity of its own: [`ME`], the applicant of the tests' forms, for
    /// `citizen-1` (the default session), and [`id_for`]`(sub)` for anyone else.
    pub async fn session(&self, sub: &str) -> String {
        let id = if sub == "citizen-1" {
            ME.to_owned()
        } else {
            id_for(sub)
        };
        self.session_as(sub, Some(&id)).await
    }

    /// The real-name ID number of a session this app made.
    pub fn id_of(&self, token: &str) -> String {
        self.ids
            .lock()
            .unwrap()
            .get(token)
            .cloned()
            .unwrap_or_default()
    }

    /// A session of `sub` as the real-name person with this ID number (`None`: a session
    /// whose ticket carried no real-name identity).
    pub async fn session_as(&self, sub: &str, id_number: Option<&str>) -> String {
        let mut claims =
            json!({"sub": sub, "shell": "wechat", "exp": chrono::Utc::now().timestamp() + 300});
        if let Some(id) = id_number {
            let id = tongban_rules::validate::identifier::id_number(id);
            let tail: String = id
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            claims["idh"] = json!(id_hash(&id));
            claims["idt"] = json!(tail);
            claims["nm"] = json!("王*明");
        }
        let token = self.exchange(&ticket_with(claims)).await;
        if let Some(id) = id_number {
            self.ids
                .lock()
                .unwrap()
                .insert(token.clone(), id.to_owned());
        }
        token
    }

    /// `POST /session` with `ticket`: the session token.
    pub async fn exchange(&self, ticket: &str) -> String {
        let (status, body) = self
            .send(
                reqwest::Method::POST,
                "/api/v1/session",
                None,
                Some(&json!({"ticket": ticket})),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// One request with an optional bearer token and JSON body; the status and JSON answer.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, self.at(path));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// `POST /session/logout` with the session `token`: the status.
    pub async fn logout(&self, token: &str) -> u16 {
        let path = "/api/v1/session/logout";
        self.send(reqwest::Method::POST, path, Some(token), None)
            .await
            .0
    }

    /// A call by `clerk`, the clerk of every region: GET, or POST with a body.
    pub async fn operator(&self, path: &str, body: Option<&Value>) -> (u16, Value) {
        self.operator_as(&self.clerk, path, body).await
    }

    /// A call with operator token `token`: GET, or POST with a body.
    pub async fn operator_as(&self, token: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let method = if body.is_some() {
            reqwest::Method::POST
        } else {
            reqwest::Method::GET
        };
        self.send(method, path, Some(token), body).await
    }

    /// Adds operator `name` (as `tongban-gateway operator add` does) and answers its token.
    pub async fn add_operator(
        &self,
        name: &str,
        role: Role,
        regions: &str,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> String {
        accounts::add(
            &self.store,
            name,
            role,
            &Regions::parse(regions),
            expires_at,
            chrono::Utc::now(),
        )
        .await
        .expect("operator added")
    }

    /// Uploads `bytes` as the default citizen for `material` (`POST /attachments`).
    pub async fn upload(
        &self,
        material: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(self.at("/api/v1/attachments"))
            .query(&[("material", material)])
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .expect("request")
    }

    /// Submits `body` as the default citizen under `key`.
    pub async fn submit(&self, key: &str, body: &Value) -> (u16, Value) {
        self.submit_as(&self.token, key, body).await
    }

    /// Submits `body` with the session `token` under `key`.
    pub async fn submit_as(&self, token: &str, key: &str, body: &Value) -> (u16, Value) {
        self.post_keyed("/api/v1/applications", token, key, body)
            .await
    }

    /// POSTs `body` to `path` with bearer `token` and `Idempotency-Key: key`: the status and
    /// JSON answer.
    pub async fn post_keyed(
        &self,
        path: &str,
        token: &str,
        key: &str,
        body: &Value,
    ) -> (u16, Value) {
        let res = self
            .client
            .post(self.at(path))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self
            .client
            .get(self.at(path))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// GET `path` as a cache that holds `etag` revalidates it: 304 while it is current.
    pub async fn get_if_none_match(&self, path: &str, etag: &str) -> reqwest::Response {
        self.client
            .get(self.at(path))
            .header("if-none-match", etag)
            .send()
            .await
            .expect("request")
    }

    /// GET attachment `id` with bearer `token` (a citizen's session or an operator's token).
    pub async fn attachment(&self, token: &str, id: &str) -> reqwest::Response {
        self.client
            .get(self.at(&format!("/api/v1/attachments/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}
