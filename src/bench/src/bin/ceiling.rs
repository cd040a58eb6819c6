//! `ceiling [ADDR]`: the ceiling the gateway's figures are divided by — bare axum handlers on
//! the same loopback, the same HTTP stack and the same load generator, doing no work:
//! `GET /ceiling` answers a fixed JSON body; `POST /ceiling` parses the JSON it is sent and
//! answers 201 with a fixed body. Prints `serving at http://ADDR` once it listens.
//!
//! The code lives in the library (`tongban_bench::ceiling`), native only: the crate's wasm build is
//! the in-browser validation bench.

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    tongban_bench::ceiling::main().await;
}

#[cfg(target_arch = "wasm32")]
fn main() {}
