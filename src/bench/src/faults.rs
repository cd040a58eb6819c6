//! `faults --gateway BIN --database-url URL [--clients 32] [--kill-after-ms 1500] [--log FILE]`
//!
//! The crash drill: starts the gateway on URL — `sqlite://FILE` (the file is removed first) or
//! `postgres://…` (the caller passes a fresh, empty database) — loads it with submissions,
//! `kill -9`s it in the middle, restarts it on the same address and database, and proves:
//! 1. every acknowledged receipt is stored, exactly once: its progress answers with the
//!    verifier, a replay of its Idempotency-Key answers 200 with the same receipt, and the
//!    database holds one application and one key row per acknowledged key;
//! 2. every request the crash left unanswered, retried with its Idempotency-Key and body,
//!    lands exactly once (201 if it had not been stored, 200 if it had been stored but its
//!    answer was lost), and the database holds nothing else.
//!
//! The gateway runs as a deployment runs it, not with `--dev`: in production mode, with the
//! configuration the caller exported (`pkg-scripts/bench`'s `deployment_env`: the secrets and
//! keys, `TONGBAN_PUBLIC_URL`, `TONGBAN_DATA_DIR`), the same for both starts, so the restarted
//! gateway holds the keys the first one held (`--dev` makes a new ID-hash key at each start, and
//! a session from before the crash would no longer match its applicant). The drill plays the
//! integrator: `BENCH_TICKET_SEED` is its Ed25519 key, registered as `TONGBAN_TICKET_ISSUERS`,
//! and each client's session comes from a ticket it signs.
//!
//! The rows are counted outside the gateway: with the `sqlite3` CLI (plus `PRAGMA
//! integrity_check`) or the `psql` CLI (no integrity check there: `"integrity"` says so).
//!
//! Prints one JSON line with the counts; exits 1 if any proof fails.

use crate::client::{run_id, transfer, Answer, Api};
use crate::cluster::citizen::Issuer;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};

struct Args {
    gateway: String,
    database_url: String,
    clients: usize,
    kill_after_ms: u64,
    log: String,
}

fn args() -> Args {
    let mut a = Args {
        gateway: "target/server/tongban-gateway".into(),
        database_url: String::new(),
        clients: 32,
        kill_after_ms: 1500,
        log: "/dev/null".into(),
    };
    let mut it = std::env::args().skip(1);
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--gateway" => a.gateway = value,
            "--database-url" => a.database_url = value,
            "--clients" => a.clients = value.parse().expect("--clients N"),
            "--kill-after-ms" => a.kill_after_ms = value.parse().expect("--kill-after-ms N"),
            "--log" => a.log = value,
            _ => panic!("unknown flag {flag}"),
        }
    }
    assert!(
        !a.database_url.is_empty(),
        "--database-url sqlite://FILE or postgres://… is required"
    );
    a
}

/// The database under the gateway, read with its own CLI.
enum Db {
    Sqlite(String),
    Postgres(String),
}

impl Db {
    fn from_url(url: &str) -> Db {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let file = rest.split('?').next().unwrap_or(rest);
            assert!(!file.is_empty(), "sqlite://FILE needs a file");
            Db::Sqlite(file.to_string())
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Db::Postgres(url.to_string())
        } else {
            panic!("--database-url must be sqlite://FILE or postgres://…, not {url}")
        }
    }

    fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Runs one statement; its rows, one a line (columns as the statement joins them).
    fn query(&self, sql: &str) -> String {
        let (cli, out) = match self {
            Db::Sqlite(file) => (
                "sqlite3",
                std::process::Command::new("sqlite3")
                    .arg(file)
                    .arg(sql)
                    .output(),
            ),
            Db::Postgres(url) => (
                "psql",
                std::process::Command::new("psql")
                    .arg(url)
                    .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
                    .output(),
            ),
        };
        let out = out.unwrap_or_else(|e| panic!("run {cli}: {e}"));
        if !out.status.success() {
            eprintln!(
                "faults: {cli} failed on {sql}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// `PRAGMA integrity_check` on SQLite; PostgreSQL has no counterpart to run here.
    fn integrity(&self) -> Option<String> {
        match self {
            Db::Sqlite(_) => Some(self.query("PRAGMA integrity_check;")),
            Db::Postgres(_) => None,
        }
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("address").port()
}

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} must be set (pkg-scripts/bench faults exports it)"))
}

fn start(a: &Args, port: u16, issuers: &str) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&a.log)
        .expect("the gateway's log file");
    // Production mode: every other setting (the secrets and keys) comes from the environment
    // the caller exported, the same for both starts.
    Command::new(&a.gateway)
        .env("TONGBAN_ADDR", format!("127.0.0.1:{port}"))
        .env("TONGBAN_DATABASE_URL", &a.database_url)
        .env("TONGBAN_TICKET_ISSUERS", issuers)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .expect("start the gateway")
}

/// One submission as its client saw it.
#[derive(Clone)]
struct Sent {
    key: String,
    body: Value,
    verifier: String,
    token: Option<String>,
    receipt: Option<String>,
    /// How it was answered before the crash: "201", or "no answer".
    label: String,
}

/// The binary's entry point.
pub async fn main() {
    let a = args();
    let db = Db::from_url(&a.database_url);
    if let Db::Sqlite(file) = &db {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
    }
    let issuer = Issuer::new(&env("BENCH_TICKET_SEED"), &env("TONGBAN_ID_HASH_KEY"))
        .unwrap_or_else(|e| panic!("{e}"));
    let issuers = issuer.registration();
    let port = free_port();
    let api = Api::new(&format!("http://127.0.0.1:{port}"));
    let mut gateway = start(&a, port, &issuers);
    assert!(
        api.wait_ready(Duration::from_secs(30)).await,
        "the gateway did not start"
    );
    assert_eq!(
        db.query("SELECT COUNT(*) FROM applications;"),
        "0",
        "the database is not fresh: pass an empty one"
    );

    let run = run_id();
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..a.clients {
        let (api, run, next) = (api.clone(), run.clone(), next.clone());
        // Each client a real-name person of its own, submitting its own applications (the
        // gateway refuses an applicant other than the session's person).
        let person = 7_000_000 + c as u64;
        let sub = format!("crash-{run}-{c}");
        let ticket = issuer.ticket(&sub, &crate::forms::resident_id(person), &sub);
        let token = api.exchange(&ticket).await;
        assert!(token.is_some(), "the gateway gave client {c} no session");
        tasks.push(tokio::spawn(async move {
            let mut sent = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let (body, verifier) = transfer(person);
                let key = format!("crash-{run}-{n}");
                let answer = api.submit(token.as_deref(), &key, &body).await;
                let receipt = match &answer {
                    Answer::Status(201, b) => b["receipt_no"].as_str().map(String::from),
                    _ => None,
                };
                let done = receipt.is_none();
                let label = answer.label();
                sent.push(Sent {
                    key,
                    body,
                    verifier,
                    token: token.clone(),
                    receipt,
                    label,
                });
                // The first unanswered request is the one the crash caught in flight.
                if done {
                    return sent;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(a.kill_after_ms)).await;
    gateway.start_kill().expect("kill -9 the gateway");
    let _ = gateway.wait().await;
    let mut sent: Vec<Sent> = Vec::new();
    for t in tasks {
        sent.extend(t.await.expect("client"));
    }
    let acked: Vec<&Sent> = sent.iter().filter(|s| s.receipt.is_some()).collect();
    let unacked: Vec<&Sent> = sent.iter().filter(|s| s.receipt.is_none()).collect();
    let mut failures: Vec<String> = unacked
        .iter()
        .filter(|s| s.label != "no answer" && !s.label.starts_with("201"))
        .map(|s| format!("{} answered {} before the crash", s.key, s.label))
        .collect();
    let stored_at_crash = db.query("SELECT COUNT(*) FROM applications;");
    eprintln!(
        "faults ({}): killed after {} ms: {} acknowledged, {} in flight; {} rows in the database",
        db.engine(),
        a.kill_after_ms,
        acked.len(),
        unacked.len(),
        stored_at_crash
    );

    let mut gateway = start(&a, port, &issuers);
    let t_restart = std::time::Instant::now();
    assert!(
        api.wait_ready(Duration::from_secs(30)).await,
        "the gateway did not restart"
    );
    let restart_ms = t_restart.elapsed().as_millis();

    // Retry every unanswered request with its key and body.
    let mut retried: BTreeMap<&str, u64> = BTreeMap::new();
    let mut landed: BTreeMap<String, String> = BTreeMap::new(); // key -> receipt
    for s in &unacked {
        match api.submit(s.token.as_deref(), &s.key, &s.body).await {
            Answer::Status(code @ (200 | 201), b) => {
                *retried
                    .entry(if code == 201 {
                        "201 stored now"
                    } else {
                        "200 was stored, answer lost"
                    })
                    .or_default() += 1;
                landed.insert(s.key.clone(), b["receipt_no"].as_str().unwrap_or("").into());
            }
            other => failures.push(format!("retry of {} answered {}", s.key, other.label())),
        }
    }
    // Every acknowledged receipt: progress with the verifier, and a replay of its key.
    for s in &acked {
        let no = s.receipt.as_deref().unwrap_or_default();
        let status = api.progress(no, &s.verifier, None).await.status();
        if status != 200 {
            failures.push(format!("progress of acknowledged {no} answered {status}"));
        }
        match api.submit(s.token.as_deref(), &s.key, &s.body).await {
            Answer::Status(200, b) if b["receipt_no"] == no => {}
            other => failures.push(format!("replay of {} answered {}", s.key, other.label())),
        }
        landed.insert(s.key.clone(), no.to_string());
    }
    let _ = gateway.start_kill();
    let _ = gateway.wait().await;

    // The database itself: one application and one key row per key sent, the acknowledged
    // receipts.
    let rows: BTreeMap<String, String> = db
        .query("SELECT key || ' ' || receipt_no FROM idempotency_keys;")
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(k, r)| (k.to_string(), r.to_string()))
        .collect();
    let applications: BTreeSet<String> = db
        .query("SELECT receipt_no FROM applications;")
        .lines()
        .map(String::from)
        .collect();
    let app_rows: usize = db
        .query("SELECT COUNT(*) FROM applications;")
        .parse()
        .unwrap_or(0);
    if rows != landed {
        failures.push(format!(
            "idempotency_keys holds {} keys, the clients landed {}",
            rows.len(),
            landed.len()
        ));
    }
    let landed_receipts: BTreeSet<String> = landed.values().cloned().collect();
    if applications != landed_receipts || app_rows != landed.len() {
        failures.push(format!(
            "applications holds {app_rows} rows ({} distinct), the clients landed {}",
            applications.len(),
            landed.len()
        ));
    }
    let integrity = db.integrity();
    if let Some(check) = integrity.as_deref().filter(|c| *c != "ok") {
        failures.push(format!("integrity_check: {check}"));
    }
    let summary = json!({
        "engine": db.engine(), "clients": a.clients, "kill_after_ms": a.kill_after_ms, "sent": sent.len(),
        "acknowledged": acked.len(), "unanswered": unacked.len(),
        "rows_at_crash": stored_at_crash.parse::<u64>().unwrap_or(0),
        "retried": retried, "restart_ready_ms": restart_ms,
        "rows_after": app_rows, "keys_after": rows.len(), "integrity": integrity.unwrap_or_else(|| "n/a (PostgreSQL)".into()),
        // The first 20 failures, and how many there were (one cause can fail every request).
        "failures": failures.iter().take(20).collect::<Vec<_>>(), "failures_count": failures.len(),
    });
    println!("{summary}");
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
