//! `prepare --url URL --out DIR [--receipts 1000] [--sessions 64]`
//!
//! What the wrk scripts of `pkg-scripts/bench limits` (tests/bench/wrk/) read, written into DIR
//! against a running `--dev` gateway: `tokens.txt` (a session token a line, each a real-name
//! person of its own), `bodies.txt` (line by line that person's valid transfer, as JSON: a
//! session may submit only its own person's applications), `receipts.txt` (`number verifier` of
//! applications submitted now) and `owned.txt` (`token number`: who submitted each of them).

use crate::client::{run_id, transfer, Answer, Api};
use crate::forms::resident_id;
use std::fmt::Write as _;

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn count(name: &str, default: usize) -> usize {
    arg(name, &default.to_string()).parse().unwrap_or_else(|_| {
        eprintln!("prepare: {name} takes a number");
        std::process::exit(2);
    })
}

/// The binary's entry point.
pub async fn main() {
    let api = Api::new(&arg("--url", "http://127.0.0.1:8080"));
    let out = std::path::PathBuf::from(arg("--out", "."));
    let (receipts, sessions) = (count("--receipts", 1000), count("--sessions", 64));
    let person = |i: usize| 3_000_000 + i as u64;
    let mut tokens = Vec::new();
    for i in 0..sessions {
        match api.session_as(Some(&resident_id(person(i)))).await {
            Some(t) => tokens.push(t),
            None => {
                eprintln!("prepare: no session (is the gateway running with --dev?)");
                std::process::exit(1);
            }
        }
    }
    let run = run_id();
    let (mut seeded, mut owned) = (String::new(), String::new());
    let indices: Vec<usize> = (0..receipts).collect();
    for chunk in indices.chunks(16) {
        let mut tasks = Vec::new();
        for &i in chunk {
            let (api, token) = (api.clone(), tokens[i % sessions].clone());
            let key = format!("prepare-{run}-{i}");
            let n = person(i % sessions);
            tasks.push(tokio::spawn(async move {
                let (body, verifier) = transfer(n);
                let answer = api.submit(Some(&token), &key, &body).await;
                (answer, verifier, token)
            }));
        }
        for task in tasks {
            let (answer, verifier, token) = task.await.expect("a submission task");
            let Answer::Status(201, body) = answer else {
                eprintln!("prepare: a submission was refused: {}", answer.label());
                std::process::exit(1);
            };
            let no = body["receipt_no"].as_str().unwrap_or_default();
            let _ = writeln!(seeded, "{no} {verifier}");
            let _ = writeln!(owned, "{token} {no}");
        }
    }
    let bodies: String = (0..sessions)
        .map(|i| format!("{}\n", transfer(person(i)).0))
        .collect();
    let write = |name: &str, text: &str| {
        std::fs::write(out.join(name), text).unwrap_or_else(|e| {
            eprintln!("prepare: cannot write {name}: {e}");
            std::process::exit(1);
        })
    };
    write("tokens.txt", &(tokens.join("\n") + "\n"));
    write("bodies.txt", &bodies);
    write("receipts.txt", &seeded);
    write("owned.txt", &owned);
    eprintln!("prepare: {receipts} receipts, {sessions} sessions, written to {out:?}");
}
