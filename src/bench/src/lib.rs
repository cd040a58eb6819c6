//! Tongban's benchmarks (`pkg-scripts/bench`; not part of the test run).
//!
//! - [`forms`]: complete, valid answers for any form of the catalogue (all targets; the
//!   in-browser validation bench and the load generator share them).
//! - Native only: [`stats`] (percentiles), [`client`] (the gateway's API as the load generator
//!   uses it: dev session, submission, progress lookup), [`cluster`] (the many-copies drill) and
//!   the binaries `load`, `ceiling`, `faults`, `cluster` and `prepare` (the data of the wrk
//!   scripts).

pub mod forms;

#[cfg(not(target_arch = "wasm32"))]
pub mod ceiling;
#[cfg(not(target_arch = "wasm32"))]
pub mod client;
#[cfg(not(target_arch = "wasm32"))]
pub mod cluster;
#[cfg(not(target_arch = "wasm32"))]
pub mod faults;
#[cfg(not(target_arch = "wasm32"))]
pub mod load;
#[cfg(not(target_arch = "wasm32"))]
pub mod prepare;
#[cfg(not(target_arch = "wasm32"))]
pub mod stats;
