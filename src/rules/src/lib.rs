//! tongban-rules: the item catalogue, form schema, validators, working-day calendar and the
//! application life cycle of Tongban (通办).
//!
//! Pure Rust with no web or server dependencies: the app compiles it to wasm32 and validates as
//! the citizen types; the gateway compiles it natively and validates again before it stores a
//! submission. One crate, one set of rules, so the gateway never refuses what the app accepted
//! for a reason the app could have shown.

pub mod api;
pub mod calendar;
pub mod catalogue;
pub mod citation;
pub mod datum;
pub mod division;
pub mod error;
pub mod filing;
pub mod form;
pub mod lifecycle;
pub mod receipt_no;
pub mod search;
pub mod validate;

pub use error::Error;
pub use validate::{FieldError, FieldPath};

// The crate's unit tests also run in headless Chromium: on wasm32 `#[test]` is wasm-bindgen-test's.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
