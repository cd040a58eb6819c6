//! `cluster`: the many-copies drill (three gateway copies behind HAProxy on one PostgreSQL,
//! a kill -9 and a graceful restart under mixed load); see `tongban_bench::cluster`, and
//! `pkg-scripts/bench cluster`, which starts what it needs.

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    tongban_bench::cluster::main().await;
}

#[cfg(target_arch = "wasm32")]
fn main() {}
