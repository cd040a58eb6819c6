//! `cargo run --profile server -p tongban-gateway --example stats_bench [-- N [DATABASE_URL]]`:
//! `/operator/stats` over N (default 100,000) applications of one region, on a fresh SQLite
//! file (or the PostgreSQL database given). Two runs: Jingmen's completed applications (the
//! working days against the statutory limit), then Qianjiang's — the region QJ 二(六)'s targets
//! apply to — with a third received at a window (one `visits` row each, 跑动), every tenth
//! completed, and a few received by Qianjiang's hall for Jingmen (代收). Prints the time of
//! each stats call (all of QJ's measures, per region and per item) and of the progress CSV,
//! and the process's peak memory before and after. `pkg-scripts/bench stats` runs it.

use chrono::{Duration, FixedOffset, TimeZone};
use std::time::Instant;
use tongban_gateway::{applications::stats, store::Store};
use tongban_rules::{calendar::Calendar, catalogue::Catalogue};

fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("tongban-stats-bench-{}", std::process::id()));
    let url = args
        .next()
        .unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.display()));
    let store = Store::connect(&url).await.expect("store");
    let calendar = Calendar::embedded().unwrap();
    let items = Catalogue::embedded().unwrap().items("420800").unwrap();
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    let start = china.with_ymd_and_hms(2025, 1, 2, 9, 0, 0).unwrap();
    let filled = Instant::now();
    let mut tx = store.pool().begin().await.unwrap();
    for i in 0..n {
        // Spread over two years, 0–29 days each, a few items.
        let accepted = start + Duration::minutes((i as i64 * 7) % (2 * 365 * 24 * 60));
        let finished = accepted + Duration::hours((i as i64 % 30) * 24 + 3);
        let item = ["jm-transfer", "jm-filing-retiree", "jm-filing-long-term"][i % 3];
        sqlx::query(
            "INSERT INTO applications (receipt_no, region, item_id, owner, verifier_hash, status, \
             form_json, submitted_at, due_date, updated_at, accepted_at, finished_at) \
             VALUES ($1, '420800', $2, 'o', 'h', 'completed', '{}', $3, NULL, $3, $3, $4)",
        )
        .bind(format!("TB{i:016}"))
        .bind(item)
        .bind(accepted.timestamp_millis())
        .bind(finished.timestamp_millis())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let fill_secs = filled.elapsed().as_secs_f64();
    let before = peak_kb();
    let t = Instant::now();
    let s = stats::stats(&store, &calendar, "420800", &items)
        .await
        .unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let after = peak_kb();
    let qj = qianjiang(&store, &calendar, n).await;
    // For comparison, what the gateway did before: every application of the region loaded.
    let t = Instant::now();
    let rows = sqlx::query(
        "SELECT item_id, status, accepted_at, finished_at FROM applications WHERE region = $1",
    )
    .bind("420800")
    .fetch_all(store.pool())
    .await
    .unwrap();
    let old_ms = t.elapsed().as_secs_f64() * 1000.0;
    let old_peak = peak_kb();
    drop(rows);
    println!(
        "stats over {n} applications ({:?}, filled in {fill_secs:.1} s): {ms:.0} ms, peak RSS \
         {before} -> {after} kB; completed {}, mean working days {:.2}. Loading every row as \
         before, only the query: {old_ms:.0} ms, peak RSS -> {old_peak} kB",
        store.engine(),
        s.completed,
        s.avg_working_days_used.unwrap_or(0.0)
    );
    println!("{qj}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Seeds `n` applications of Qianjiang (500114) and times its stats and progress CSV.
async fn qianjiang(store: &Store, calendar: &Calendar, n: usize) -> String {
    let items = Catalogue::embedded().unwrap().items("500114").unwrap();
    let ids: Vec<&str> = items
        .iter()
        .filter(|i| i.applicable.is_true())
        .map(|i| i.id.as_str())
        .collect();
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    let start = china.with_ymd_and_hms(2025, 1, 2, 9, 0, 0).unwrap();
    let filled = Instant::now();
    let mut tx = store.pool().begin().await.unwrap();
    for i in 0..n {
        let accepted = start + Duration::minutes((i as i64 * 7) % (2 * 365 * 24 * 60));
        let done = i % 10 == 0;
        let finished = done.then(|| accepted + Duration::hours((i as i64 % 15) * 24 + 3));
        // One in a hundred is a Jingmen application received at Qianjiang's hall (代收).
        let (region, item) = if i % 100 == 1 {
            ("420800", "jm-transfer")
        } else {
            ("500114", ids[i % ids.len()])
        };
        let window = i % 3 == 0 || region == "420800";
        let no = format!("TQ{i:016}");
        sqlx::query(
            "INSERT INTO applications (receipt_no, region, item_id, owner, verifier_hash, status, \
             form_json, submitted_at, due_date, updated_at, accepted_at, finished_at, channel, \
             received_office) VALUES ($1, $2, $3, 'o', 'h', $4, '{}', $5, NULL, $5, $5, $6, $7, $8)",
        )
        .bind(&no)
        .bind(region)
        .bind(item)
        .bind(if done { "completed" } else { "accepted" })
        .bind(accepted.timestamp_millis())
        .bind(finished.map(|f| f.timestamp_millis()))
        .bind(if window { "window" } else { "online" })
        .bind(window.then_some("qj-district-hall"))
        .execute(&mut *tx)
        .await
        .unwrap();
        if window {
            sqlx::query(
                "INSERT INTO visits (id, receipt_no, appointment_id, region, item_id, kind, office, at) \
                 VALUES ($1, $1, NULL, $2, $3, 'window', 'qj-district-hall', $4)",
            )
            .bind(&no)
            .bind(region)
            .bind(item)
            .bind(accepted.timestamp_millis())
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    let fill_secs = filled.elapsed().as_secs_f64();
    let before = peak_kb();
    let t = Instant::now();
    let s = stats::stats(store, calendar, "500114", &items)
        .await
        .unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let csv = stats::progress_csv("重庆市黔江区", &items, &s);
    let csv_ms = t.elapsed().as_secs_f64() * 1000.0 + ms;
    let after = peak_kb();
    format!(
        "QJ targets over {n} applications ({} of Qianjiang, {} visits, {} received for Jingmen; \
         filled in {fill_secs:.1} s): stats {ms:.0} ms, progress CSV {csv_ms:.0} ms ({} rows), \
         peak RSS {after} kB (before the call: {before} kB); 跑动 {:.3} per application (met: {:?}), time \
         reduction {:.3} (met: {:?})",
        s.applications,
        s.visits,
        s.received_for_others,
        csv.lines().count(),
        s.targets.visits_per_application.value.unwrap_or(0.0),
        s.targets.visits_per_application.met,
        s.targets.time_reduction.value.unwrap_or(0.0),
        s.targets.time_reduction.met,
    )
}
