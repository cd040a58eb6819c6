//! `load SCENARIO --url URL [--concurrency 1,50,200] [--seconds 3] [--warmup 0.5]
//!  [--timeline-ms MS] [--label TEXT] [--path /ceiling]`
//!
//! Closed-loop load on loopback: N simulated clients, each sending its next request as soon as
//! the previous one is answered, for `--seconds` after `--warmup`. Prints one JSON line per
//! concurrency level: answers by status (and error code), successes per second, p50/p99, and
//! with `--timeline-ms` the answers per time slot of their arrival (for the outage drill).
//!
//! Scenarios: `submit` (POST /api/v1/applications, a new valid transfer and Idempotency-Key each
//! time, Bearer session when the gateway has sessions), `lookup` (GET /api/v1/applications/{no}
//! with the verifier, over 200 receipts submitted first; each client from its own address as a
//! trusted proxy forwards it, so start the gateway with `TONGBAN_TRUSTED_PROXIES=127.0.0.1/32`),
//! `get` / `post` (any path: the ceiling).

use crate::client::{run_id, transfer, Answer, Api};
use crate::stats::Tally;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Submit,
    Lookup,
    Get,
    Post,
}

struct Args {
    scenario: Scenario,
    url: String,
    levels: Vec<usize>,
    seconds: f64,
    warmup: f64,
    timeline_ms: u64,
    label: String,
    path: String,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let scenario = match it.next().as_deref() {
        Some("submit") => Scenario::Submit,
        Some("lookup") => Scenario::Lookup,
        Some("get") => Scenario::Get,
        Some("post") => Scenario::Post,
        other => return Err(format!("unknown scenario {other:?}")),
    };
    let mut a = Args {
        scenario,
        url: "http://127.0.0.1:8080".into(),
        levels: vec![1, 50, 200],
        seconds: 3.0,
        warmup: 0.5,
        timeline_ms: 0,
        label: String::new(),
        path: "/ceiling".into(),
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--url" => a.url = value,
            "--concurrency" => {
                a.levels = value
                    .split(',')
                    .map(|v| v.parse().map_err(|_| format!("bad level {v}")))
                    .collect::<Result<_, _>>()?
            }
            "--seconds" => a.seconds = num(&value)?,
            "--warmup" => a.warmup = num(&value)?,
            "--timeline-ms" => a.timeline_ms = num(&value)? as u64,
            "--label" => a.label = value,
            "--path" => a.path = value,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(a)
}

/// What the clients share: the API, the receipts to look up, the submission counter.
struct Shared {
    api: Api,
    run: String,
    next: AtomicU64,
    receipts: Vec<(String, String)>,
    path: String,
    post_body: Value,
}

/// What one client saw during the measured window.
#[derive(Default)]
struct Seen {
    tally: Tally,
    labels: BTreeMap<String, u64>,
    /// bucket of the answer's arrival → (answers by label, slowest answer in ms)
    timeline: BTreeMap<u64, (BTreeMap<String, u64>, f64)>,
}

/// Client `c`'s real-name person: a session files only its own person's applications.
fn person(c: usize) -> u64 {
    5_000_000 + c as u64
}

/// The address client `c` looks up from (a private block, one address per simulated citizen).
fn address(c: usize) -> String {
    format!("10.77.{}.{}", c / 250, c % 250 + 1)
}

async fn one(
    shared: &Shared,
    scenario: Scenario,
    token: Option<&str>,
    i: u64,
    c: usize,
    from: &str,
) -> Answer {
    match scenario {
        Scenario::Submit => {
            // The client's own person's transfer: a session files only for its person.
            let n = shared.next.fetch_add(1, Ordering::Relaxed);
            let (body, _) = transfer(person(c));
            let key = format!("bench-{}-{n}", shared.run);
            shared.api.submit(token, &key, &body).await
        }
        Scenario::Lookup => {
            let (no, verifier) = &shared.receipts[(i as usize) % shared.receipts.len()];
            shared.api.progress(no, verifier, Some(from)).await
        }
        Scenario::Get => Answer::Status(shared.api.get(&shared.path).await, Value::Null),
        Scenario::Post => Answer::Status(
            shared.api.post(&shared.path, &shared.post_body).await,
            Value::Null,
        ),
    }
}

async fn level(shared: Arc<Shared>, a: &Args, clients: usize) -> Value {
    // Sessions are opened before the clock starts: a session is not what is measured.
    let mut tokens = Vec::with_capacity(clients);
    for c in 0..clients {
        tokens.push(if a.scenario == Scenario::Submit {
            let id = crate::forms::resident_id(person(c));
            shared.api.session_as(Some(&id)).await
        } else {
            None
        });
    }
    let sessions = tokens.iter().any(Option::is_some);
    let start = Instant::now();
    let started_unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let measure_from = start + Duration::from_secs_f64(a.warmup);
    let deadline = measure_from + Duration::from_secs_f64(a.seconds);
    let (scenario, timeline_ms) = (a.scenario, a.timeline_ms);
    let mut tasks = Vec::new();
    for (c, token) in tokens.into_iter().enumerate() {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Seen::default();
            let from = address(c);
            // A cheap per-client sequence spreads lookups over the receipts (coprime stride).
            let mut i = (c as u64).wrapping_mul(7919);
            while Instant::now() < deadline {
                let t0 = Instant::now();
                let answer = one(&shared, scenario, token.as_deref(), i, c, &from).await;
                let took = t0.elapsed();
                i = i.wrapping_add(104_729);
                if t0 < measure_from {
                    continue;
                }
                seen.tally.record(answer.status(), took);
                *seen.labels.entry(answer.label()).or_default() += 1;
                if let Some(bucket) =
                    ((t0 + took - start).as_millis() as u64).checked_div(timeline_ms)
                {
                    let slot = seen.timeline.entry(bucket).or_default();
                    *slot.0.entry(answer.label()).or_default() += 1;
                    slot.1 = slot.1.max(took.as_secs_f64() * 1000.0);
                }
                if answer.status() == 0 {
                    // No answer (the server is down): do not spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            seen
        }));
    }
    let mut all = Seen::default();
    for task in tasks {
        let seen = task.await.expect("a client task");
        all.tally.merge(seen.tally);
        for (l, n) in seen.labels {
            *all.labels.entry(l).or_default() += n;
        }
        for (b, (labels, max)) in seen.timeline {
            let slot = all.timeline.entry(b).or_default();
            for (l, n) in labels {
                *slot.0.entry(l).or_default() += n;
            }
            slot.1 = slot.1.max(max);
        }
    }
    let ok = match a.scenario {
        Scenario::Submit | Scenario::Post => all.tally.count(|s| s == 201),
        Scenario::Lookup | Scenario::Get => all.tally.count(|s| s == 200),
    };
    let timeline: Vec<Value> = all
        .timeline
        .into_iter()
        .map(|(b, (labels, max))| {
            json!({"t_ms": b * a.timeline_ms, "answers": labels, "slowest_ms": (max * 10.0).round() / 10.0})
        })
        .collect();
    let round = |v: f64| (v * 100.0).round() / 100.0;
    json!({
        "scenario": match a.scenario { Scenario::Submit => "submit", Scenario::Lookup => "lookup",
                                       Scenario::Get => "get", Scenario::Post => "post" },
        "label": a.label, "concurrency": clients, "seconds": a.seconds, "sessions": sessions,
        "ok": ok, "answers": all.labels, "rps": round(ok as f64 / a.seconds),
        "p50_ms": round(all.tally.quantile_ms(0.5)), "p99_ms": round(all.tally.quantile_ms(0.99)),
        "started_unix_ms": started_unix_ms, "timeline": timeline,
    })
}

/// Submits `n` applications (10 at a time, by 10 real-name people) for the lookups to read back.
async fn seed(api: &Api, run: &str, n: u64) -> Vec<(String, String)> {
    let seeder = |i: u64| 1_000_000 + i % 10;
    let mut tokens = Vec::new();
    for i in 0..10 {
        let id = crate::forms::resident_id(seeder(i));
        tokens.push(api.session_as(Some(&id)).await);
    }
    let mut out = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(10) {
        let mut tasks = Vec::new();
        for &i in chunk {
            let (api, key) = (api.clone(), format!("seed-{run}-{i}"));
            let token = tokens[(i % 10) as usize].clone();
            tasks.push(tokio::spawn(async move {
                let (body, verifier) = transfer(seeder(i));
                let answer = api.submit(token.as_deref(), &key, &body).await;
                (answer, verifier)
            }));
        }
        for task in tasks {
            if let (Answer::Status(201, body), verifier) = task.await.expect("seed task") {
                if let Some(no) = body.get("receipt_no").and_then(Value::as_str) {
                    out.push((no.to_string(), verifier));
                }
            }
        }
    }
    out
}

/// The binary's entry point.
pub async fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let api = Api::new(&a.url);
    let run = run_id();
    let receipts = if a.scenario == Scenario::Lookup {
        let r = seed(&api, &run, 200).await;
        if r.is_empty() {
            eprintln!("load: could not submit any application to look up");
            std::process::exit(1);
        }
        r
    } else {
        Vec::new()
    };
    let shared = Arc::new(Shared {
        api,
        run,
        next: AtomicU64::new(0),
        receipts,
        path: a.path.clone(),
        post_body: transfer(0).0,
    });
    for &clients in &a.levels {
        let result = level(shared.clone(), &a, clients).await;
        eprintln!(
            "load {} {} c={clients}: {} ok/s p50 {} ms p99 {} ms {}",
            result["scenario"].as_str().unwrap_or_default(),
            a.label,
            result["rps"],
            result["p50_ms"],
            result["p99_ms"],
            result["answers"]
        );
        println!("{result}");
    }
}
