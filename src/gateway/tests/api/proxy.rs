//! Lookup limits behind a proxy: the gateway with `TONGBAN_TRUSTED_PROXIES=127.0.0.1/32` (the
//! tests' own address stands for the proxy), requests carrying different `X-Forwarded-For`
//! values; and the same requests to a gateway that trusts no proxy.

use crate::helpers::{fresh_store, spawn_app, spawn_app_with, transfer, TestApp};
use chrono::{Duration, TimeZone, Utc};
use serde_json::Value;
use tongban_gateway::applications::limits::{self, Buckets};

/// A receipt number that has the right shape and exists nowhere.
fn absent(n: u32) -> String {
    format!("TB{n:016}")
}

async fn lookup(app: &TestApp, receipt: &str, verifier: &str, forwarded: &str) -> (u16, Value) {
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{receipt}")))
        .header("Tongban-Verifier", verifier)
        .header("X-Forwarded-For", forwarded)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or_default())
}

async fn behind_proxy() -> TestApp {
    spawn_app_with(0, &[("TONGBAN_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128")]).await
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another() {
    let app = behind_proxy().await;
    crate::limit_window::with_a_window_ahead().await;
    // Without a session, failures count per address, sized for carrier NAT.
    let max = limits::ADDRESS_FAILURES as u32;
    for n in 0..max {
        let (status, _) = lookup(&app, &absent(n), "000000", "203.0.113.7").await;
        assert_eq!(status, 404);
    }
    let (status, body) = lookup(&app, &absent(max), "000000", "203.0.113.7").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("too_many_failed_lookups"))
    );
    assert!(body["retry_after_secs"].as_u64().unwrap() <= 600, "{body}");
    let (status, _) = lookup(&app, &absent(max + 1), "000000", "198.51.100.9").await;
    assert_eq!(
        status, 404,
        "another citizen behind the same proxy is not locked out"
    );
    let (status, _) = lookup(
        &app,
        &absent(max + 2),
        "000000",
        "198.51.100.9, 203.0.113.7",
    )
    .await;
    assert_eq!(
        status, 429,
        "an address written to the left of the header by the client itself changes nothing"
    );
}

#[tokio::test]
async fn a_forwarded_header_from_an_untrusted_peer_changes_nothing() {
    let app = spawn_app().await;
    crate::limit_window::with_a_window_ahead().await;
    let max = limits::ADDRESS_FAILURES as u32;
    for n in 0..max {
        let forwarded = format!("203.0.113.{}", n % 250);
        let (status, _) = lookup(&app, &absent(n), "000000", &forwarded).await;
        assert_eq!(status, 404);
    }
    let (status, _) = lookup(&app, &absent(max), "000000", "198.51.100.9").await;
    assert_eq!(status, 429, "the peer is the client; its header is ignored");
}

#[tokio::test]
async fn a_guessed_receipt_is_locked_for_an_hour_with_the_wait_said_and_its_owner_still_reads_it() {
    let app = behind_proxy().await;
    let (_, r) = app
        .submit("locked-key-123456", &transfer("11010519491231002X"))
        .await;
    let no = r["receipt_no"].as_str().unwrap();
    crate::limit_window::with_a_window_ahead().await;
    for n in 0..10 {
        let (status, _) = lookup(&app, no, "000000", &format!("203.0.113.{n}")).await;
        assert_eq!(status, 404);
    }
    let (status, body) = lookup(&app, no, "31002X", "198.51.100.9").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("lookup_locked")),
        "{body}"
    );
    let wait = body["retry_after_secs"].as_u64().unwrap();
    assert!((3500..=3600).contains(&wait), "locked for an hour: {wait}");
    let path = format!("/api/v1/applications/{no}");
    let (status, _) = app
        .send(reqwest::Method::GET, &path, Some(&app.token), None)
        .await;
    assert_eq!(status, 200, "the owner's session is never locked out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_get_at_most_the_limit_of_answers() {
    let app = behind_proxy().await;
    let (_, r) = app
        .submit("race-key-1234567", &transfer("11010519491231002X"))
        .await;
    let no = r["receipt_no"].as_str().unwrap().to_owned();
    crate::limit_window::with_a_window_ahead().await;
    let tries: Vec<_> = (0..30)
        .map(|n| {
            let req = app
                .client
                .get(app.at(&format!("/api/v1/applications/{no}")))
                .header("Tongban-Verifier", "000000")
                .header("X-Forwarded-For", format!("203.0.113.{n}"));
            tokio::spawn(async move { req.send().await.unwrap().status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    // A failure is counted after its compare, but one copy of the gateway lets a guess compare
    // only while the guesses seated before it could all fail within the limit: none past it.
    let answered = statuses.iter().filter(|&&s| s == 404).count();
    // (Fewer when a guess waited past its bound for a seat on a slow machine: refused, not
    // answered; `lookups::sixty_four_concurrent_wrong_guesses…` guesses on until the lock.)
    assert!(answered <= limits::MAX_FAILURES as usize, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        30 - answered,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_receipt_locked_again_within_a_day_is_locked_for_24_hours() {
    let store = fresh_store().await;
    let b = |n: u32| Buckets {
        caller: format!("ip:{n}"),
        target: "receipt:r1".into(),
        caller_max: 10,
    };
    let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let wait = |e: tongban_gateway::AppError| match e {
        tongban_gateway::AppError::RateLimited {
            retry_after_secs, ..
        } => retry_after_secs,
        other => panic!("{other}"),
    };
    // A failed lookup: checked (reads only), then counted.
    let guess = |n: u32, at| {
        let store = &store;
        let b = b(n);
        async move {
            limits::check(store, &b, at).await?;
            limits::failed(store, &b, at).await
        }
    };
    for n in 0..10 {
        guess(n, t0).await.unwrap();
    }
    let first = wait(guess(10, t0).await.unwrap_err());
    assert_eq!(first, 3600);
    let later = t0 + Duration::minutes(30);
    let still = wait(guess(11, later).await.unwrap_err());
    assert_eq!(still, 1800, "the lock holds, and says how long is left");

    let t1 = t0 + Duration::minutes(61);
    for n in 20..30 {
        guess(n, t1).await.unwrap();
    }
    let second = wait(guess(30, t1).await.unwrap_err());
    assert_eq!(second, 24 * 3600, "locked again within the day: 24 hours");

    let t2 = t1 + Duration::hours(49);
    for n in 40..50 {
        guess(n, t2).await.unwrap();
    }
    let fresh = wait(guess(50, t2).await.unwrap_err());
    assert_eq!(
        fresh, 3600,
        "a day after the last lock ended, it starts again at an hour"
    );
}
