//! Runs the real binary with debug logging through a whole journey and greps what it printed:
//! no ID number, phone, name or verifier may appear in any log line, nor a panic's message
//! (`tests/panics.rs` proves a handler's panic logs its location only).

use crate::helpers::{
    id_hash, test_issuers, ticket_with, transfer, DATA_KEY, ID_HASH_KEY, SESSION_KEY,
    TICKET_SECRET, WEBHOOK_SECRET,
};
use serde_json::json;
use std::{
    io::{BufRead, BufReader, Read},
    process::{Command, Stdio},
    sync::{Arc, Mutex},
};

const ID: &str = "11010519491231002X";
const SPACED_ID: &str = "11010519491231\u{3000}002X";

#[tokio::test]
async fn no_personal_data_reaches_the_logs_of_a_full_journey() {
    let dir = std::env::temp_dir().join(format!("tongban-logs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = format!("sqlite://{}/t.db", dir.display());
    let operator_token =
        crate::operators::cli(&db, &["add", "--name", "log-clerk", "--regions", "all"])
            .lines()
            .last()
            .unwrap()
            .to_owned();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
        .env("TONGBAN_ADDR", "127.0.0.1:0")
        .env("TONGBAN_DATABASE_URL", &db)
        .env("TONGBAN_DATA_DIR", &dir)
        .env("TONGBAN_STATIC_DIR", dir.join("dist"))
        .env("TONGBAN_TICKET_SECRET", TICKET_SECRET)
        .env("TONGBAN_TICKET_ISSUERS", test_issuers())
        .env("TONGBAN_SESSION_KEY", SESSION_KEY)
        .env("TONGBAN_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .env("TONGBAN_ID_HASH_KEY", ID_HASH_KEY)
        .env("TONGBAN_DATA_KEY", DATA_KEY)
        .env("TONGBAN_VERIFIER_KEY", crate::helpers::VERIFIER_KEY)
        .env("TONGBAN_WEBHOOK_URL", "http://127.0.0.1:9/hook")
        .env("TONGBAN_PUBLIC_URL", crate::helpers::PUBLIC_URL)
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the gateway binary");
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let err_log = log.clone();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        err_log.lock().unwrap().push_str(&s);
    });
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let url = loop {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the gateway exited:\n{}",
            log.lock().unwrap()
        );
        log.lock().unwrap().push_str(&line);
        if let Some(url) = line.split("serving at ").nth(1) {
            break url.trim().to_owned();
        }
    };
    let out_log = log.clone();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        out_log.lock().unwrap().push_str(&s);
    });

    let c = reqwest::Client::new();
    let exp = chrono::Utc::now().timestamp() + 60;
    let session: serde_json::Value = c
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"ticket": ticket_with(json!({"sub": "citizen-log", "shell": "wechat", "exp": exp, "idh": id_hash(ID)}))}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap();
    let mut bad = transfer(ID);
    bad["form"]["applicant.phone"] = json!("1380013800");
    c.post(format!("{url}/api/v1/validate"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    let receipt: serde_json::Value = c
        .post(format!("{url}/api/v1/applications"))
        .bearer_auth(token)
        .header("Idempotency-Key", "log-key-1234567")
        .json(&transfer(ID))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let no = receipt["receipt_no"].as_str().unwrap();
    // The same ID number typed with a full-width space (U+3000) once crashed the request and
    // wrote the whole number into the panic message.
    let spaced = c
        .post(format!("{url}/api/v1/applications"))
        .bearer_auth(token)
        .header("Idempotency-Key", "log-key-ideographic")
        .json(&transfer(SPACED_ID))
        .send()
        .await
        .expect("the gateway answers a U+3000 in an ID number");
    assert_eq!(spaced.status().as_u16(), 201);
    let spaced: serde_json::Value = spaced.json().await.unwrap();
    let spaced_no = spaced["receipt_no"].as_str().unwrap();
    let found = c
        .get(format!("{url}/api/v1/applications/{spaced_no}"))
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    assert_eq!(found.status().as_u16(), 200);
    for verifier in ["31002X", "999999"] {
        c.get(format!("{url}/api/v1/applications/{no}"))
            .header("Tongban-Verifier", verifier)
            .send()
            .await
            .unwrap();
    }
    for action in ["accept", "complete"] {
        c.post(format!("{url}/api/v1/operator/applications/{no}/{action}"))
            .bearer_auth(&operator_token)
            .send()
            .await
            .unwrap();
    }
    // Let the pusher try (and fail) at least once, then stop the process.
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let _ = child.kill();
    let _ = child.wait();
    out_reader.join().unwrap();
    err_reader.join().unwrap();

    let log = log.lock().unwrap();
    assert!(
        log.contains(no),
        "the journey was logged by receipt number:\n{log}"
    );
    for secret in [
        ID,
        SPACED_ID,
        "11010519491231",
        "31002X",
        "13800138000",
        "1380013800",
        "王小明",
        TICKET_SECRET,
        SESSION_KEY,
        WEBHOOK_SECRET,
        ID_HASH_KEY,
        DATA_KEY,
        &operator_token,
        token,
    ] {
        assert!(
            !log.contains(secret),
            "`{secret}` appears in the logs:\n{log}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
