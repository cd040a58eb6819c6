//! The drill's Markdown table (docs/performance.md, "Several copies"), from its JSON summary.

use serde_json::Value;

/// One row: what, the figure, the goal.
fn row(what: &str, figure: impl std::fmt::Display, goal: &str) -> String {
    format!("| {what} | {figure} | {goal} |")
}

/// The table of `s`, the summary `cluster` prints.
pub fn table(s: &Value) -> String {
    let mut rows = vec![
        "| what | figure | goal |".to_string(),
        "|---|---:|---|".into(),
        row(
            "run",
            format!(
                "{} s, {} clients, {} requests",
                s["seconds"], s["clients"], s["requests"]
            ),
            "",
        ),
        row(
            "submissions acknowledged / of them stored",
            format!("{} / {}", s["acknowledged"], s["acknowledged_stored"]),
            "equal",
        ),
        row(
            "acknowledged submissions lost",
            &s["acknowledged_lost"],
            "0",
        ),
        row(
            "applications stored twice (one citizen, one Idempotency-Key, two rows)",
            &s["applications_duplicated"],
            "0",
        ),
        row(
            "webhook events / deliveries",
            format!("{} / {}", s["events"], s["deliveries"]),
            "",
        ),
        row(
            "events by delivery count",
            s["events_by_delivery_count"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(n, events)| format!("{n}×: {events}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            "1×, but the row below",
        ),
        row(
            "events copy-b was delivering when killed / of them delivered again by another copy",
            format!(
                "{} / {}",
                s["held_by_killed"], s["held_by_killed_delivered_twice"]
            ),
            "at least once (receivers dedupe by event_id)",
        ),
        row(
            "other events delivered more than once",
            &s["events_delivered_twice_otherwise"],
            "0",
        ),
        row(
            "events not delivered (backlog left)",
            format!("{} ({})", s["events_not_delivered"], s["backlog_left"]),
            "0",
        ),
        row(
            "claims copy-c left behind after its graceful stop",
            &s["claims_left_by_graceful"],
            "0",
        ),
    ];
    if let Some(m) = s["uploads_readable"].as_object() {
        for (copy, v) in m {
            rows.push(row(
                &format!("uploads read by their owner through {copy}"),
                format!("{} of {}", v[0], v[1]),
                "all",
            ));
        }
    }
    rows.push(row(
        "copy-c: SIGTERM → exit → ready again, ms",
        format!(
            "{} → {} → {}",
            s["sigterm_ms"], s["c_exited_ms"], s["c_ready_ms"]
        ),
        "",
    ));
    rows.push(row(
        "failed requests (no answer or 5xx) from SIGTERM to ready + 2 s",
        format!(
            "{} of {}",
            s["graceful_window_failed"], s["graceful_window_requests"]
        ),
        "0",
    ));
    rows.push(row(
        "failed requests in the 10 s after kill -9",
        format!(
            "{} of {}",
            s["kill_window_failed"], s["kill_window_requests"]
        ),
        "",
    ));
    rows.push(row(
        "latency p50 / p99, ms (all requests)",
        format!("{} / {}", s["p50_ms"], s["p99_ms"]),
        "",
    ));
    if let Some(k) = s["kinds"].as_object() {
        for (kind, v) in k {
            rows.push(row(
                &format!("{kind}: requests, failed, p50 / p99 ms"),
                format!(
                    "{}, {}, {} / {}",
                    v["requests"], v["failed"], v["p50_ms"], v["p99_ms"]
                ),
                "",
            ));
        }
    }
    rows.join("\n") + "\n"
}
