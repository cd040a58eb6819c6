//! `cluster --gateway BIN --database-url URL --proxy-url URL --ports A,B,C --receiver-port P
//!  [--seconds 120] [--clients 24] [--log-dir DIR] [--out FILE]`
//!
//! The many-copies drill (`pkg-scripts/bench cluster` starts PostgreSQL and HAProxy first and
//! exports the shared production secrets): starts three gateway copies on the ports given, a
//! webhook receiver taking 50 ms per call, and runs mixed load ([`load`]) through the load
//! balancer. At 35 % of the run it `kill -9`s copy b, at a moment it holds webhook
//! deliveries (waiting up to 5 s for one), and starts it again 5 s later; at 65 % it
//! restarts copy c gracefully (SIGTERM, wait for its exit, start, ready). Then it waits for the
//! outbox to empty and reports: acknowledged vs stored (lost, stored twice), deliveries per
//! event (duplicates, not delivered; the events the killed copy held, and the claims the
//! gracefully stopped copy left), uploads read through each copy directly, failed requests (no
//! answer or 5xx) from the SIGTERM to 2 s after the copy is ready again, p50/p99. Prints one
//! JSON line and writes the Markdown table ([`report`]) to `--out`.

pub mod citizen;
pub mod copies;
pub mod load;
pub mod receiver;
pub mod report;

use crate::client::{run_id, Api};
use crate::stats::Tally;
use copies::{psql, Copy};
use load::{Kind, Rec, Shared};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

struct Args {
    gateway: String,
    database_url: String,
    proxy_url: String,
    ports: Vec<u16>,
    receiver_port: u16,
    seconds: u64,
    clients: usize,
    log_dir: String,
    out: String,
}

fn args() -> Args {
    let mut a = Args {
        gateway: "target/server/tongban-gateway".into(),
        database_url: String::new(),
        proxy_url: String::new(),
        ports: Vec::new(),
        receiver_port: 0,
        seconds: 120,
        clients: 24,
        log_dir: "target/bench/cluster".into(),
        out: "/dev/null".into(),
    };
    let mut it = std::env::args().skip(1);
    while let (Some(flag), Some(v)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--gateway" => a.gateway = v,
            "--database-url" => a.database_url = v,
            "--proxy-url" => a.proxy_url = v,
            "--ports" => a.ports = v.split(',').map(|p| p.parse().expect("a port")).collect(),
            "--receiver-port" => a.receiver_port = v.parse().expect("--receiver-port N"),
            "--seconds" => a.seconds = v.parse().expect("--seconds N"),
            "--clients" => a.clients = v.parse().expect("--clients N"),
            "--log-dir" => a.log_dir = v,
            "--out" => a.out = v,
            _ => panic!("unknown flag {flag}"),
        }
    }
    assert!(a.ports.len() == 3, "--ports A,B,C: three copies");
    assert!(!a.database_url.is_empty() && !a.proxy_url.is_empty());
    a
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set (pkg-scripts/bench cluster)"))
}

fn failed(r: &Rec) -> bool {
    r.status == 0 || r.status >= 500
}

/// The binary's entry point.
pub async fn main() {
    let a = args();
    let counts = receiver::start(a.receiver_port).await;
    let issuer = citizen::Issuer::new(&env("BENCH_TICKET_SEED"), &env("TONGBAN_ID_HASH_KEY"))
        .unwrap_or_else(|e| panic!("{e}"));
    let reg = issuer.registration();
    let mut copies: Vec<Copy> = ["a", "b", "c"]
        .iter()
        .zip(&a.ports)
        .map(|(n, p)| Copy::new(&a.gateway, &format!("copy-{n}"), *p, &a.log_dir, &reg))
        .collect();
    // The first copy runs the migrations; the others start on a migrated database.
    copies[0].start();
    assert!(copies[0].ready().await, "copy a did not become ready");
    copies[1].start();
    copies[2].start();
    for c in &copies[1..] {
        assert!(c.ready().await, "{} did not become ready", c.name);
    }
    let clerk = copies::clerk_token(&a.gateway).expect("operator add printed no token");
    let api = Api::new(&a.proxy_url);
    assert!(
        api.wait_ready(Duration::from_secs(30)).await,
        "the load balancer answers no /readyz"
    );

    let t0 = Instant::now();
    let shared = Arc::new(Shared {
        api,
        issuer,
        run: run_id(),
        clerk,
        t0,
        deadline: t0 + Duration::from_secs(a.seconds),
        next: Default::default(),
        receipts: Default::default(),
        moves: Default::default(),
        uploads: Default::default(),
        acked: Default::default(),
    });
    let tasks: Vec<_> = (0..a.clients)
        .map(|c| {
            let s = shared.clone();
            tokio::spawn(async move { s.client(c).await })
        })
        .collect();
    let ms = |t: Instant| (t - t0).as_millis() as u64;
    tokio::time::sleep_until(t0 + Duration::from_millis(a.seconds * 350)).await;
    // Killed while it delivers, so the drill proves another copy takes its claims over.
    let until = Instant::now() + Duration::from_secs(5);
    while undelivered_claims(&a.database_url, "copy-b").is_empty() && Instant::now() < until {
        tokio::task::yield_now().await;
    }
    let killed_ms = ms(Instant::now());
    copies[1].kill().await;
    // What copy-b was delivering when it died: claimed under its name, not recorded as delivered.
    let held_by_killed = undelivered_claims(&a.database_url, "copy-b");
    eprintln!(
        "cluster: kill -9 copy-b at {killed_ms} ms; it held {} events",
        held_by_killed.len()
    );
    tokio::time::sleep(Duration::from_secs(5)).await;
    copies[1].start();
    let b_back = copies[1].ready().await;
    tokio::time::sleep_until(t0 + Duration::from_millis(a.seconds * 650)).await;
    let term_ms = ms(Instant::now());
    let exited = copies[2].terminate().await;
    let exit_ms = ms(Instant::now());
    let claims_left_by_graceful = undelivered_claims(&a.database_url, "copy-c").len();
    copies[2].start();
    let c_back = copies[2].ready().await;
    let ready_ms = ms(Instant::now());
    eprintln!(
        "cluster: SIGTERM copy-c at {term_ms} ms, exited at {exit_ms} ms, ready at {ready_ms} ms"
    );
    let mut recs: Vec<Rec> = Vec::new();
    for t in tasks {
        recs.extend(t.await.expect("a client"));
    }

    // The outbox empties (a dead copy's claims expire after TONGBAN_PUSH_LEASE_SECS).
    let url = &a.database_url;
    let drained_from = Instant::now();
    let backlog = |url: &str| {
        psql(
            url,
            "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL;",
        )
    };
    while backlog(url) != "0" && drained_from.elapsed() < Duration::from_secs(180) {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let backlog_left: u64 = backlog(url).parse().unwrap_or(u64::MAX);
    let drain_secs = drained_from.elapsed().as_secs_f64();
    let events: Vec<String> = psql(url, "SELECT event_id FROM outbox;")
        .lines()
        .map(String::from)
        .collect();
    let delivered = counts.lock().expect("counts").clone();
    let not_delivered = events
        .iter()
        .filter(|e| !delivered.contains_key(*e))
        .count();
    let duplicates: u64 = delivered
        .values()
        .map(|n| u64::from(n.saturating_sub(1)))
        .sum();
    let events_duplicated = delivered.values().filter(|n| **n > 1).count();
    let unknown = delivered.keys().filter(|e| !events.contains(e)).count();
    let mut by_count: BTreeMap<u32, u64> = BTreeMap::new();
    for e in &events {
        *by_count
            .entry(delivered.get(e).copied().unwrap_or(0))
            .or_default() += 1;
    }
    // At least once: an event the killed copy was delivering may have reached the receiver
    // before the copy could record it, and is delivered again after its lease. Any other event
    // delivered twice would be two live copies delivering one event.
    let held_again = held_by_killed
        .iter()
        .filter(|e| delivered.get(*e).is_some_and(|n| *n > 1))
        .count();
    let twice_otherwise = delivered
        .iter()
        .filter(|(e, n)| **n > 1 && !held_by_killed.contains(*e))
        .count();

    let acked: BTreeSet<String> = shared
        .acked
        .lock()
        .expect("acked")
        .iter()
        .cloned()
        .collect();
    let stored: BTreeSet<String> = psql(url, "SELECT receipt_no FROM applications;")
        .lines()
        .map(String::from)
        .collect();
    let acked_stored = acked.intersection(&stored).count();
    // Every drill citizen submits once, with one Idempotency-Key: two rows of one owner would be
    // a retried submission stored twice.
    let duplicated: u64 = psql(
        url,
        "SELECT COUNT(*) - COUNT(DISTINCT owner) FROM applications;",
    )
    .parse()
    .unwrap_or(u64::MAX);

    // Uploads: each of the first 50 read by its owner through every copy directly.
    let mut readable: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let uploads = shared
        .uploads
        .lock()
        .expect("uploads")
        .iter()
        .take(50)
        .map(|u| (u.token.clone(), u.id.clone()))
        .collect::<Vec<_>>();
    for c in &copies {
        for (token, id) in &uploads {
            let req = c
                .api
                .http()
                .get(c.api.url(&format!("/api/v1/attachments/{id}")))
                .bearer_auth(token);
            let ok = Api::answer(req).await.status() == 200;
            let e = readable.entry(c.name.clone()).or_default();
            e.0 += u64::from(ok);
            e.1 += 1;
        }
    }
    for c in &mut copies {
        c.terminate().await;
    }

    let window = term_ms..=ready_ms + 2000;
    let in_window: Vec<&Rec> = recs
        .iter()
        .filter(|r| window.contains(&r.start_ms))
        .collect();
    let graceful_failed = in_window.iter().filter(|r| failed(r)).count();
    let kill_window = killed_ms..=killed_ms + 10_000;
    let in_kill_window: Vec<&Rec> = recs
        .iter()
        .filter(|r| kill_window.contains(&r.start_ms))
        .collect();
    let kill_failed = in_kill_window.iter().filter(|r| failed(r)).count();
    let mut all = Tally::default();
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    for r in &recs {
        let took = Duration::from_micros(r.took_us);
        all.record(r.status, took);
        by_kind
            .entry(format!("{:?}", r.kind).to_lowercase())
            .or_default()
            .record(r.status, took);
    }
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let kinds: BTreeMap<String, serde_json::Value> = by_kind
        .iter_mut()
        .map(|(k, t)| {
            (
                k.clone(),
                json!({"requests": t.latencies_us.len() + t.count(|s| s == 0) as usize,
            "failed": t.count(|s| s == 0 || s >= 500), "p50_ms": round(t.quantile_ms(0.5)),
            "p99_ms": round(t.quantile_ms(0.99))}),
            )
        })
        .collect();
    let statuses: BTreeMap<String, u64> = all
        .statuses
        .iter()
        .map(|(s, n)| (s.to_string(), *n))
        .collect();
    let submissions = recs.iter().filter(|r| r.kind == Kind::Submit).count();
    let summary = json!({
        "seconds": a.seconds, "clients": a.clients, "requests": recs.len(), "statuses": statuses,
        "submit_attempts": submissions, "acknowledged": acked.len(), "acknowledged_stored": acked_stored,
        "stored_rows": stored.len(), "acknowledged_lost": acked.len() - acked_stored,
        "applications_duplicated": duplicated, "events": events.len(), "deliveries": delivered.values().map(|n| u64::from(*n)).sum::<u64>(),
        "duplicate_deliveries": duplicates, "events_delivered_twice_or_more": events_duplicated,
        "events_not_delivered": not_delivered, "deliveries_of_unknown_events": unknown,
        "events_by_delivery_count": by_count.iter().map(|(n, e)| (n.to_string(), *e)).collect::<BTreeMap<_, _>>(),
        "held_by_killed": held_by_killed.len(), "held_by_killed_delivered_twice": held_again,
        "events_delivered_twice_otherwise": twice_otherwise,
        "claims_left_by_graceful": claims_left_by_graceful, "backlog_left": backlog_left, "outbox_drain_secs": round(drain_secs),
        "uploads_readable": readable, "killed_ms": killed_ms, "b_back": b_back,
        "sigterm_ms": term_ms, "c_exited_ms": exit_ms, "c_exited": exited, "c_ready_ms": ready_ms, "c_back": c_back,
        "graceful_window_requests": in_window.len(), "graceful_window_failed": graceful_failed,
        "kill_window_failed": kill_failed, "kill_window_requests": in_kill_window.len(),
        "p50_ms": round(all.quantile_ms(0.5)), "p99_ms": round(all.quantile_ms(0.99)), "kinds": kinds,
    });
    println!("{summary}");
    let _ = std::fs::write(&a.out, report::table(&summary));
}

/// The outbox events `holder` has claimed and not recorded as delivered.
fn undelivered_claims(url: &str, holder: &str) -> Vec<String> {
    psql(
        url,
        &format!(
            "SELECT event_id FROM outbox WHERE claimed_by = '{holder}' AND delivered_at IS NULL;"
        ),
    )
    .lines()
    .map(String::from)
    .collect()
}
