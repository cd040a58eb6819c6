//! Lookups by receipt number + verifier write only on failure. Correct lookups, even many at
//! once, never count and never lock a receipt; wrong guesses are stopped at `MAX_FAILURES`, also
//! when they come all at once.

use crate::helpers::{spawn_app, spawn_app_with, transfer, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use tongban_gateway::applications::limits::{self, Buckets, Guesser};

const ID: &str = "11010519491231002X";
const RIGHT: &str = "31002X";
const WRONG: &str = "000000";

async fn stored(app: &TestApp, key: &str) -> String {
    let (status, r) = app.submit(key, &transfer(ID)).await;
    assert_eq!(status, 201, "{r}");
    r["receipt_no"].as_str().unwrap().to_owned()
}

fn request(
    app: &TestApp,
    no: &str,
    verifier: &str,
    from: Option<String>,
) -> reqwest::RequestBuilder {
    let req = app
        .client
        .get(app.at(&format!("/api/v1/applications/{no}")))
        .header("Tongban-Verifier", verifier);
    match from {
        Some(addr) => req.header("X-Forwarded-For", addr),
        None => req,
    }
}

async fn status(req: reqwest::RequestBuilder) -> (u16, Option<String>) {
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    (status, body["code"].as_str().map(str::to_owned))
}

/// Every row of the limit tables.
async fn limit_rows(app: &TestApp) -> (i64, i64) {
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    (count("lookup_failures").await, count("lookup_locks").await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_correct_lookups_all_answer_write_nothing_and_lock_nothing() {
    let app = spawn_app().await;
    let no = stored(&app, "many-right-12345").await;
    let tries: Vec<_> = (0..64)
        .map(|_| tokio::spawn(status(request(&app, &no, RIGHT, None))))
        .collect();
    for t in tries {
        assert_eq!(t.await.unwrap(), (200, None));
    }
    assert_eq!(status(request(&app, &no, RIGHT, None)).await, (200, None));
    assert_eq!(
        limit_rows(&app).await,
        (0, 0),
        "a correct lookup writes nothing"
    );
}

#[tokio::test]
async fn ten_wrong_guesses_lock_the_receipt_and_correct_lookups_between_them_change_nothing() {
    let app = spawn_app().await;
    let no = stored(&app, "ten-wrong-123456").await;
    crate::limit_window::with_a_window_ahead().await;
    for n in 1..=10 {
        assert_eq!(
            status(request(&app, &no, WRONG, None)).await.0,
            404,
            "guess {n}"
        );
        if n == 5 {
            // A correct lookup neither counts nor gives a failure back.
            assert_eq!(status(request(&app, &no, RIGHT, None)).await.0, 200);
        }
    }
    assert_eq!(
        status(request(&app, &no, RIGHT, None)).await,
        (429, Some("lookup_locked".to_owned())),
        "after ten failures even the right verifier is refused"
    );
    // One row per bucket (the receipt, the address) and the lock: nothing else was written.
    assert_eq!(limit_rows(&app).await, (2, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_wrong_guesses_get_exactly_the_limit_of_answers() {
    let app = spawn_app_with(0, &[("TONGBAN_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128")]).await;
    let no = stored(&app, "many-wrong-12345").await;
    crate::limit_window::with_a_window_ahead().await;
    let tries: Vec<_> = (0..64)
        .map(|n| {
            let req = request(&app, &no, WRONG, Some(format!("203.0.113.{n}")));
            tokio::spawn(status(req))
        })
        .collect();
    let mut answers = Vec::new();
    for t in tries {
        answers.push(t.await.unwrap());
    }
    let max = limits::MAX_FAILURES as usize;
    // One copy answers no guess past the limit, however many come at once (docs/api.md).
    let mut wrong = answers.iter().filter(|a| a.0 == 404).count();
    assert!(wrong <= max, "{wrong} 404s: {answers:?}");
    // Every other answer is a refusal: locked, or (a guess kept waiting past its bound on a
    // slow machine) too many at once — never an answer to the guess.
    assert!(
        answers.iter().all(|a| a.0 == 404 || a.0 == 429),
        "{answers:?}"
    );
    // Guessing on, one at a time, until the receipt is locked: exactly the limit in all.
    for n in 0.. {
        let req = request(&app, &no, WRONG, Some(format!("198.51.100.{n}")));
        match status(req).await {
            (404, _) => wrong += 1,
            (429, Some(code)) if code == "lookup_locked" => break,
            other => panic!("guess {n} after the storm: {other:?}"),
        }
    }
    assert_eq!(wrong, max);
    // Each answered guess was counted once against the receipt.
    let any = Guesser::Address("203.0.113.1".parse().unwrap());
    let target = Buckets::receipt(&no, &any).target;
    let counted: i64 = sqlx::query_scalar("SELECT failures FROM lookup_failures WHERE bucket = $1")
        .bind(&target)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(counted as usize, max);
    let late = request(&app, &no, RIGHT, Some("198.51.100.9".into()));
    assert_eq!(status(late).await, (429, Some("lookup_locked".to_owned())));
}

#[tokio::test]
async fn a_lookup_reads_every_move_in_order_and_the_rating_and_only_the_owner_sees_the_materials() {
    let app = spawn_app().await;
    let no = stored(&app, "view-in-one-12345").await;
    for action in ["accept", "start", "complete"] {
        let path = format!("/api/v1/operator/applications/{no}/{action}");
        let (code, body) = app.operator(&path, Some(&json!({"note": action}))).await;
        assert_eq!(code, 200, "{action}: {body}");
    }
    let path = format!("/api/v1/applications/{no}/rating");
    let rating = json!({"grade": 2, "reason": "等了很久"});
    let (code, body) = app
        .send(Method::POST, &path, Some(&app.token), Some(&rating))
        .await;
    assert!(code == 200 || code == 201, "{body}");
    let res = request(&app, &no, RIGHT, None).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let held: Value = res.json().await.unwrap();
    let owned = app
        .send(
            Method::GET,
            &format!("/api/v1/applications/{no}"),
            Some(&app.token),
            None,
        )
        .await
        .1;
    for (who, view) in [("holder", &held), ("owner", &owned)] {
        let timeline = view["timeline"].as_array().unwrap();
        let moves: Vec<_> = timeline
            .iter()
            .map(|e| (&e["status"], &e["note"]))
            .collect();
        assert_eq!(
            moves,
            [
                (&json!("submitted"), &Value::Null),
                (&json!("accepted"), &json!("accept")),
                (&json!("in_progress"), &json!("start")),
                (&json!("completed"), &json!("complete")),
            ],
            "{who}: each move once, in order, its note opened"
        );
        assert!(
            timeline.iter().all(|e| e.get("by").is_none()),
            "{who}: {view}"
        );
        assert_eq!(view["rating"]["grade"], 2, "{who}");
        assert_eq!(view["rating"]["reason"], "等了很久", "{who}");
    }
    assert!(held.get("attachments").is_none(), "{held}");
    assert_eq!(owned["actions"]["rate"], false, "rated already: {owned}");
}

#[tokio::test]
async fn the_owners_view_lists_each_move_once_and_its_materials_in_the_operators_order() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let res = app
            .upload(
                "参保缴费凭证",
                "application/pdf",
                format!("%PDF-1.4 {n}").into(),
            )
            .await;
        assert_eq!(res.status().as_u16(), 201);
        let id = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push(id);
    }
    let mut body = transfer(ID);
    body["attachments"] = json!(ids);
    let (code, r) = app.submit("view-materials-1234", &body).await;
    assert_eq!(code, 201, "{r}");
    let no = r["receipt_no"].as_str().unwrap().to_owned();
    for action in ["accept", "start"] {
        let path = format!("/api/v1/operator/applications/{no}/{action}");
        assert_eq!(app.operator(&path, Some(&json!({}))).await.0, 200);
    }
    let path = format!("/api/v1/applications/{no}");
    let (code, owned) = app.send(Method::GET, &path, Some(&app.token), None).await;
    assert_eq!(code, 200, "{owned}");
    let (code, seen) = app
        .operator(&format!("/api/v1/operator/applications/{no}"), None)
        .await;
    assert_eq!(code, 200, "{seen}");
    let statuses: Vec<_> = owned["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["submitted", "accepted", "in_progress"],
        "{owned}"
    );
    let files = |v: &Value| -> Vec<String> {
        v["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut uploaded = ids.clone();
    uploaded.sort();
    let mut shown = files(&owned);
    assert_eq!(shown, files(&seen), "the operators' order");
    shown.sort();
    assert_eq!(shown, uploaded, "each material once");
}
