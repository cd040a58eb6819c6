//! `faults --gateway BIN --database-url URL [--clients 32] [--kill-after-ms 1500] [--log FILE]`
//!
//! The crash drill: starts the gateway (`--dev`) on URL — `sqlite://FILE` (the file is removed
//! first) or `postgres://…` (the caller passes a fresh, empty database) — loads it with
//! submissions, `kill -9`s it in the middle, restarts it on the same address and database, and
//! proves:
//! 1. every acknowledged receipt is stored, exactly once: its progress answers with the
//!    verifier, a replay of its Idempotency-Key answers 200 with the same receipt, and the
//!    database holds one application and one key row per acknowledged key;
//! 2. every request the crash left unanswered, retried with its Idempotency-Key and body,
//!    lands exactly once (201 if it had not been stored, 200 if it had been stored but its
//!    answer was lost), and the database holds nothing else.
//!
//! The rows are counted outside the gateway, with the `sqlite3` CLI (plus `PRAGMA
//! integrity_check`) or the `psql` CLI. Prints one JSON line with the counts; exits 1 if any
//! proof fails.
//!
//! The code lives in the library (`tongban_bench::faults`), native only: the crate's wasm build is
//! the in-browser validation bench.

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    tongban_bench::faults::main().await;
}

#[cfg(target_arch = "wasm32")]
fn main() {}
