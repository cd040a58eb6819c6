//! A property through the live router: for generated applicant answers (spaces of every kind,
//! U+3000, full-width digits, a lower-case x, values past any length limit), whatever
//! `/validate` accepts, `POST /applications` stores and the verifier finds; whatever it refuses,
//! submission refuses with the same errors; and no answer is ever a 5xx.

use crate::helpers::{spawn_app, transfer, TestApp};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use tongban_rules::validate::identifier;

/// Bounded so the property runs in a few seconds on either engine.
const CASES: u32 = 64;

const IDS: [&str; 3] = [
    "11010519491231002X",
    "44010319800101001X",
    "420802200002290015",
];
const SPACES: [char; 5] = [' ', '\u{3000}', '\t', '\u{a0}', '\u{2009}'];

/// `base` as a citizen might type it: spaces of any kind here and there, some digits and
/// letters full-width, a lower-case x, sometimes a character too many or too few.
fn typed(base: &'static str) -> impl Strategy<Value = String> {
    let n = base.chars().count();
    (
        proptest::collection::vec((0..=n, 0..SPACES.len()), 0..4),
        proptest::collection::vec(any::<bool>(), n),
        any::<bool>(),
        0u8..16,
    )
        .prop_map(move |(spaces, wide, lower, length)| {
            let mut chars: Vec<char> = base
                .chars()
                .zip(&wide)
                .map(|(c, &w)| match c {
                    'X' if lower => 'x',
                    c if w => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                    c => c,
                })
                .collect();
            match length {
                0 => chars.push('7'),
                1 => chars.truncate(chars.len().saturating_sub(1)),
                _ => {}
            }
            for (at, s) in spaces {
                chars.insert(at.min(chars.len()), SPACES[s]);
            }
            chars.into_iter().collect()
        })
}

fn id_number() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0..IDS.len()).prop_flat_map(|i| typed(IDS[i])),
        1 => "\\PC{0,24}",
        1 => "[0-9]{19,80}",
    ]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => typed("13800138000"),
        2 => typed("+8613800138000"),
        1 => "\\PC{0,16}",
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just("王小明".to_owned()),
        1 => "[\u{4e00}-\u{9fa5}]{25,40}",
        1 => "\\PC{0,12}",
    ]
}

async fn check(app: &TestApp, n: u32, id: &str, phone: &str, name: &str) -> Result<(), String> {
    let mut body = transfer(id);
    body["form"]["applicant.phone"] = json!(phone);
    body["form"]["applicant.name"] = json!(name);
    // The citizen files for themself: their session's real-name person is the typed ID.
    let token = app.session_as(&format!("property-{n}"), Some(id)).await;
    let (status, checked) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/validate",
            Some(&token),
            Some(&body),
        )
        .await;
    if status != 200 {
        return Err(format!("/validate answered {status}: {checked}"));
    }
    let res = app
        .client
        .post(app.at("/api/v1/applications"))
        .bearer_auth(&token)
        .header("Idempotency-Key", format!("property-key-{n:06}"))
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let answer: Value = res.json().await.unwrap_or(Value::Null);
    if checked["ok"] == json!(true) {
        if status != 201 {
            return Err(format!(
                "/validate accepted, submission answered {status}: {answer}"
            ));
        }
        let no = answer["receipt_no"].as_str().unwrap_or_default();
        let tail = identifier::last_chars(&identifier::id_number(id), 6).to_owned();
        let res = app
            .client
            .get(app.at(&format!("/api/v1/applications/{no}")))
            .header("Tongban-Verifier", tail.as_str())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if res.status() != 200 {
            return Err(format!("the verifier {tail} answered {}", res.status()));
        }
    } else if status != 422 || answer["errors"] != checked["errors"] {
        return Err(format!(
            "/validate refused with {}, submission answered {status}: {answer}",
            checked["errors"]
        ));
    }
    Ok(())
}

#[test]
fn what_validate_accepts_is_stored_and_found_and_what_it_refuses_is_refused_alike() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt.block_on(spawn_app());
    let n = AtomicU32::new(0);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(id_number(), phone(), name()), |(id, phone, name)| {
        let case = n.fetch_add(1, Ordering::Relaxed);
        rt.block_on(check(&app, case, &id, &phone, &name))
            .map_err(|e| TestCaseError::fail(format!("id {id:?} phone {phone:?}: {e}")))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
