//! `prepare --url URL --out DIR [--receipts 1000] [--sessions 64]`: the data
//! files the wrk scripts of `pkg-scripts/bench limits` read (`tongban_bench::prepare`).

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    tongban_bench::prepare::main().await;
}

#[cfg(target_arch = "wasm32")]
fn main() {}
