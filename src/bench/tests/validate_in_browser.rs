//! In-browser validation timing (`pkg-scripts/bench`; run by wasm-bindgen-test-runner in
//! headless Chromium, release build, the same MVP wasm the app ships):
//! - whole-form validation of the catalogue's largest form, filled completely and validly (every
//!   validator runs to the end: the cost of a submit press, and of the gateway's re-validation);
//! - one field's validation as the citizen leaves it (the ID number: the costliest validator).
//!
//! Timing: `performance.now()` around batches (Chromium coarsens the clock to 0.1 ms without
//! cross-origin isolation, so single calls are too short to time); the per-call figure is the
//! median over the batches. Prints `BENCH {json}` lines; `pkg-scripts/bench` passes --nocapture.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use tongban_bench::forms::{fill, largest};
use tongban_rules::{
    catalogue::Catalogue,
    division::{self, Divisions},
    form::{validate_field, validate_form},
};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const BATCHES: usize = 60;
const PER_BATCH: usize = 200;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Median over `BATCHES` of the per-call time (µs) of `f` called `PER_BATCH` times.
fn median_us(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut sink = 0;
    for _ in 0..PER_BATCH {
        sink += f(); // warm up
    }
    let mut per_call: Vec<f64> = (0..BATCHES)
        .map(|_| {
            let t0 = now();
            for _ in 0..PER_BATCH {
                sink += f();
            }
            (now() - t0) * 1000.0 / PER_BATCH as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    (per_call[BATCHES / 2], sink)
}

#[wasm_bindgen_test]
fn validation_of_the_largest_form() {
    let t0 = now();
    let catalogue = Catalogue::embedded().expect("the embedded catalogue");
    let load_ms = now() - t0;
    // The division list, as the app installs it once fetched (a form with a region field: the
    // largest form has one); the fetch is not what this times.
    let divisions = Divisions::parse(include_str!("../../../assets/divisions/divisions.txt"))
        .expect("the division list");
    division::install(divisions);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let form = largest(catalogue.forms());
    let values = fill(form, 977, today);
    let refused = validate_form(form, &values, today);
    assert!(
        refused.is_empty(),
        "filled answers refused: {refused:?} ({values:?})"
    );
    let (whole_us, _) = median_us(|| validate_form(form, &values, today).len());

    // The same form empty: every required field refused (what a premature submit shows).
    let empty = Default::default();
    let refused = validate_form(form, &empty, today).len();
    let (empty_us, _) = median_us(|| validate_form(form, &empty, today).len());

    let id_field = form
        .fields()
        .find(|f| f.path == "applicant.id_number")
        .expect("the applicant block");
    let (field_us, _) =
        median_us(|| usize::from(validate_field(id_field, &values, today).is_some()));

    console_log!(
        "BENCH {}",
        serde_json::json!({
            "form": form.id, "fields": form.fields().count(), "refused_when_empty": refused,
            "whole_form_valid_us": whole_us, "whole_form_empty_us": empty_us,
            "id_number_field_us": field_us, "catalogue_parse_ms": load_ms,
            "batches": BATCHES, "per_batch": PER_BATCH,
        })
    );
}
