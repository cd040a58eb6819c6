//! `load SCENARIO --url URL [--concurrency 1,50,200] [--seconds 3] [--warmup 0.5]
//!  [--timeline-ms MS] [--label TEXT] [--path /ceiling]`
//!
//! Closed-loop load on loopback: N simulated clients, each sending its next request as soon as
//! the previous one is answered, for `--seconds` after `--warmup`. Prints one JSON line per
//! concurrency level: answers by status (and error code), successes per second, p50/p99.
//!
//! Scenarios: `submit` (POST /api/v1/applications, a new valid transfer and Idempotency-Key each
//! time, Bearer session when the gateway has sessions), `lookup` (GET /api/v1/applications/{no}
//! with the verifier, over 200 receipts submitted first), `get` / `post` (any path: the ceiling).
//!
//! The code lives in the library (`tongban_bench::load`), native only: the crate's wasm build is
//! the in-browser validation bench.

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    tongban_bench::load::main().await;
}

#[cfg(target_arch = "wasm32")]
fn main() {}
