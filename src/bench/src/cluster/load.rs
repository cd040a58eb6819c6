//! The drill's mixed load through the load balancer: each client in turn submits with an
//! upload (a new real-name citizen each time: ticket, session, upload, submission), looks up
//! progress with the verifier, and moves an application as the clerk (accept → start →
//! complete). A submission with no answer or a 502/503/504 is retried with its Idempotency-Key,
//! as the app does.

use super::citizen::{jpeg, text, Issuer};
use crate::client::{transfer, Answer, Api};
use crate::forms::resident_id;
use serde_json::json;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// What a request was for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Session,
    Upload,
    Submit,
    Lookup,
    Move,
}

/// One request: when it started (ms since the run's start), how long it took, its status
/// (0: no answer).
#[derive(Clone, Copy, Debug)]
pub struct Rec {
    pub kind: Kind,
    pub start_ms: u64,
    pub took_us: u64,
    pub status: u16,
}

/// A citizen whose upload was stored: their session and the file's id.
pub struct Upload {
    pub token: String,
    pub id: String,
}

/// What the clients share.
pub struct Shared {
    pub api: Api,
    pub issuer: Issuer,
    pub run: String,
    pub clerk: String,
    pub t0: Instant,
    pub deadline: Instant,
    pub next: AtomicU64,
    pub receipts: Mutex<Vec<(String, String)>>,
    pub moves: Mutex<VecDeque<(String, usize)>>,
    pub uploads: Mutex<Vec<Upload>>,
    pub acked: Mutex<Vec<String>>,
}

const MOVES: [&str; 3] = ["accept", "start", "complete"];
const RETRIED: [u16; 4] = [0, 502, 503, 504];

impl Shared {
    async fn timed(&self, kind: Kind, recs: &mut Vec<Rec>, req: reqwest::RequestBuilder) -> Answer {
        let start = Instant::now();
        let answer = Api::answer(req).await;
        recs.push(Rec {
            kind,
            start_ms: (start - self.t0).as_millis() as u64,
            took_us: start.elapsed().as_micros() as u64,
            status: answer.status(),
        });
        answer
    }

    /// Sends a request made by `make` until it is answered other than 0/502/503/504 (at most 8
    /// times, 250 ms apart): the app's retry with the same Idempotency-Key.
    async fn retried(
        &self,
        kind: Kind,
        recs: &mut Vec<Rec>,
        make: impl Fn() -> reqwest::RequestBuilder,
    ) -> Answer {
        let mut answer = Answer::None;
        for _ in 0..8 {
            answer = self.timed(kind, recs, make()).await;
            if !RETRIED.contains(&answer.status()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        answer
    }

    async fn submit_one(&self, recs: &mut Vec<Rec>) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id_number = resident_id(n);
        let sub = format!("bench-{}-{n}", self.run);
        let ticket = self.issuer.ticket(&sub, &id_number, &sub);
        let http = self.api.http();
        let session = self
            .retried(Kind::Session, recs, || {
                http.post(self.api.url("/api/v1/session"))
                    .json(&json!({ "ticket": ticket }))
            })
            .await;
        let Answer::Status(200, body) = session else {
            return;
        };
        let Some(token) = text(&body, "token") else {
            return;
        };
        let file = jpeg(n);
        let uploaded = self
            .retried(Kind::Upload, recs, || {
                http.post(
                    self.api
                        .url("/api/v1/attachments?material=%E8%BA%AB%E4%BB%BD%E8%AF%81"),
                )
                .bearer_auth(&token)
                .header("content-type", "image/jpeg")
                .body(file.clone())
            })
            .await;
        let Answer::Status(201, body) = uploaded else {
            return;
        };
        let Some(upload) = text(&body, "id") else {
            return;
        };
        let (mut form, verifier) = transfer(n);
        form["attachments"] = json!([upload]);
        let key = format!("cluster-{}-{n}", self.run);
        let answer = self
            .retried(Kind::Submit, recs, || {
                http.post(self.api.url("/api/v1/applications"))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", &key)
                    .json(&form)
            })
            .await;
        if let Answer::Status(200 | 201, body) = answer {
            if let Some(no) = text(&body, "receipt_no") {
                self.acked.lock().expect("acked").push(no.clone());
                self.receipts
                    .lock()
                    .expect("receipts")
                    .push((no.clone(), verifier));
                self.moves.lock().expect("moves").push_back((no, 0));
                self.uploads
                    .lock()
                    .expect("uploads")
                    .push(Upload { token, id: upload });
            }
        }
    }

    async fn lookup_one(&self, recs: &mut Vec<Rec>, i: u64, from: &str) -> bool {
        let pick = {
            let r = self.receipts.lock().expect("receipts");
            (!r.is_empty()).then(|| r[(i as usize) % r.len()].clone())
        };
        let Some((no, verifier)) = pick else {
            return false;
        };
        let req = self
            .api
            .http()
            .get(self.api.url(&format!("/api/v1/applications/{no}")))
            .header("Tongban-Verifier", verifier)
            .header("X-Forwarded-For", from);
        self.timed(Kind::Lookup, recs, req).await;
        true
    }

    async fn move_one(&self, recs: &mut Vec<Rec>) -> bool {
        let Some((no, stage)) = self.moves.lock().expect("moves").pop_front() else {
            return false;
        };
        let url = self.api.url(&format!(
            "/api/v1/operator/applications/{no}/{}",
            MOVES[stage]
        ));
        let req = self.api.http().post(url).bearer_auth(&self.clerk);
        let status = self.timed(Kind::Move, recs, req).await.status();
        let next = if status == 200 { stage + 1 } else { stage };
        // 409: the move was made by an attempt whose answer was lost; go on from there.
        let next = if status == 409 { stage + 1 } else { next };
        if next < MOVES.len() {
            self.moves.lock().expect("moves").push_back((no, next));
        }
        true
    }

    /// Client `c`'s loop until the deadline: 3 submissions, 5 lookups, 2 moves in every 10.
    pub async fn client(&self, c: usize) -> Vec<Rec> {
        let mut recs = Vec::new();
        let from = format!("10.78.{}.{}", c / 250, c % 250 + 1);
        let mut i = (c as u64).wrapping_mul(7919);
        let mut turn = c as u64;
        while Instant::now() < self.deadline {
            turn += 1;
            i = i.wrapping_add(104_729);
            let done = match turn % 10 {
                0..=2 => false,
                3..=7 => self.lookup_one(&mut recs, i, &from).await,
                _ => self.move_one(&mut recs).await,
            };
            if !done {
                self.submit_one(&mut recs).await;
            }
        }
        recs
    }
}
