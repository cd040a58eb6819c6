//! tongban-gateway: a small, stateless HTTP gateway. It serves the built H5 app, re-validates
//! every submission with `tongban-rules`, stores it (SQLite by default, PostgreSQL at scale) and
//! answers progress lookups. Many copies can run behind a load balancer on one PostgreSQL.
//!
//! Dependencies point one way: `routes/` (extract, call the domain, respond; no SQL) uses
//! `state::AppState` and the domain modules — `applications/`, `catalogue`, `offices`,
//! `ratings`, `inbox`, `accounts`, `audit`, `retention`, `sealing`, `push`, `jobs`,
//! `background`, `metrics` (SQL and rules) — which take the one piece they need (`&Store`,
//! `&Catalogue`, `&Calendar`) and never the state or a route. Below them, `store`. The wire
//! types are `tongban_rules::api`'s, shared with the app; `error::AppError` is the one error.

pub mod accounts;
#[cfg(test)]
mod append_only;
pub mod applications;
pub mod appointments;
pub mod audit;
pub mod audit_guard;
pub mod background;
pub mod calendar;
pub mod caps;
pub mod catalogue;
pub mod client_addr;
pub mod config;
pub mod error;
pub mod family;
pub mod hex;
pub mod identity;
pub mod inbox;
pub mod jobs;
#[cfg(test)]
mod layers;
pub mod lists;
pub mod metrics;
pub mod offices;
pub mod panics;
pub mod push;
pub mod qr;
pub mod ratings;
pub mod retention;
pub mod routes;
pub mod sealing;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;

pub use error::AppError;

// The catch-panic layer (`panics`) needs unwinding: built with `panic = "abort"`, the gateway
// would die with every request in flight on the first bug one input finds.
#[cfg(panic = "abort")]
compile_error!("build the gateway with `--profile server` (it unwinds), not `--release`");
