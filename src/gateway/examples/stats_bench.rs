//! `cargo run --profile server -p tongban-gateway --example stats_bench [-- N [DATABASE_URL]]`:
//! `/operator/stats` arithmetic over N (default 100,000) completed applications of one region,
//! on a fresh SQLite file (or the PostgreSQL database given). Prints the time of one stats
//! call and the process's peak memory before and after it.

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
    let _ = std::fs::remove_dir_all(&dir);
}
