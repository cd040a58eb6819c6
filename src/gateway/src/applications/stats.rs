//! Operator statistics for a region: 全程网办率 and 即办件比例 over the region's applicable
//! items, working days used against the statutory limit over finished applications, and
//! 差评整改率 (bad ratings followed up). Also the rows of Guangdong's 工作进展情况表
//! (GD 附件 “跨省通办、省内通办”工作进展情况表), filled from the catalogue and the counts.

use super::targets::{self, ItemCounts, ItemMeasures, RegionMeasures};
use crate::{store::Store, AppError};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;
use tongban_rules::{
    calendar::Calendar,
    catalogue::{Channel, Item, Kind},
};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub region: String,
    pub items: usize,
    /// 全程网办率: applicable items offered fully online.
    pub online_rate: f64,
    /// 即办件比例: applicable items done at once.
    pub immediate_share: f64,
    pub applications: i64,
    pub completed: i64,
    /// Mean working days from acceptance to 办结 (finished applications with a known limit).
    pub avg_working_days_used: Option<f64>,
    /// Mean statutory limit of those same applications.
    pub avg_statutory_days: Option<f64>,
    pub bad_ratings: i64,
    /// 差评整改率: bad ratings (1–2) with a follow-up.
    pub bad_rating_fix_rate: Option<f64>,
    /// 跑动: the trips recorded for the region's applications (`visits`).
    pub visits: i64,
    /// 异地代收: applications this region's offices received for other regions (counted in
    /// theirs, not here).
    pub received_for_others: i64,
    /// QJ 二(六)'s measures, each with its target and verdict where a target applies.
    pub targets: RegionMeasures,
    /// The same per item: the applicable items and any other with applications.
    pub per_item: Vec<ItemMeasures>,
    /// For the operators: `calendar_notice_missing` from sixty days before a year without a
    /// State Council holiday notice begins (its due dates are estimates until it is added).
    pub warnings: Vec<crate::calendar::NoticeWarning>,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A China-time (UTC+8) day number, as the SQL below computes it from Unix ms.
fn day(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n + UNIX_EPOCH_CE_DAYS).ok()?)
}

/// Days from 0001-01-01 (CE day 1) to 1970-01-01.
const UNIX_EPOCH_CE_DAYS: i64 = 719_163;

/// Working days after `from` up to and including `to`.
pub fn working_days_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| calendar.is_working_day(*d))
        .count() as u32
}

/// Per item id: how many were submitted, completed, and the working days completions took.
///
/// The database does the counting, so memory is bounded by the calendar, not the number of
/// applications: one row per item, and one per item and China-time day on which completions
/// were accepted (or finished). The working days of one completion are `W(finished) −
/// W(accepted)`, where `W(d)` counts the working days up to `d`; so their sum over all
/// completions is `Σ n·W(finished day) − Σ n·W(accepted day)`, exactly what counting each
/// application's days with the holiday calendar gives.
pub async fn counts(
    store: &Store,
    calendar: &Calendar,
    region: &str,
) -> Result<BTreeMap<String, ItemCounts>, AppError> {
    let rows = sqlx::query(
        "SELECT item_id, COUNT(*) AS submitted, \
         SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed \
         FROM applications WHERE region = $1 GROUP BY item_id",
    )
    .bind(region)
    .fetch_all(store.pool())
    .await?;
    let mut out: BTreeMap<String, ItemCounts> = BTreeMap::new();
    for r in &rows {
        let c = out.entry(r.try_get("item_id")?).or_default();
        c.submitted = r.try_get("submitted")?;
        c.completed = r.try_get("completed")?;
    }
    // (item, day, completions, +1 for a 办结 day / −1 for an acceptance day)
    let mut days: Vec<(String, NaiveDate, i64, i64)> = Vec::new();
    for (column, sign) in [("finished_at", 1), ("accepted_at", -1)] {
        // UTC+8 day numbers: (ms + 8 h) / 1 day, integer division on both engines.
        let rows = sqlx::query(&format!(
            "SELECT item_id, ({column} + 28800000) / 86400000 AS day, COUNT(*) AS n \
             FROM applications WHERE region = $1 AND status = 'completed' \
             AND accepted_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY item_id, day"
        ))
        .bind(region)
        .fetch_all(store.pool())
        .await?;
        for r in &rows {
            let n: i64 = r.try_get("day")?;
            let d = day(n).ok_or_else(|| {
                AppError::Database(sqlx::Error::Decode(format!("day {n} out of range").into()))
            })?;
            days.push((r.try_get("item_id")?, d, r.try_get("n")?, sign));
        }
    }
    days.sort_by_key(|&(_, d, _, _)| d);
    // W(d) from the earliest day on, walking the calendar once.
    let mut walked = days.first().map(|&(_, d, _, _)| d);
    let mut w: i64 = 0;
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for (item, d, n, sign) in days {
        while let Some(at) = walked.filter(|&at| at < d) {
            let Some(next) = at.succ_opt() else { break };
            w += i64::from(calendar.is_working_day(next));
            walked = Some(next);
        }
        *totals.entry(item.clone()).or_default() += sign * n * w;
        if sign > 0 {
            out.entry(item).or_default().timed += n.max(0) as u64;
        }
    }
    for (item, total) in totals {
        // A 办结 before its acceptance would make a span negative: such rows count as 0 days.
        out.entry(item).or_default().working_days_used = total.max(0) as u64;
    }
    Ok(out)
}

/// Per item id: the trips (跑动) recorded for the region's applications, counted by the database.
pub async fn visits(store: &Store, region: &str) -> Result<BTreeMap<String, i64>, AppError> {
    let rows =
        sqlx::query("SELECT item_id, COUNT(*) AS n FROM visits WHERE region = $1 GROUP BY item_id")
            .bind(region)
            .fetch_all(store.pool())
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("item_id")?, r.try_get("n")?)))
        .collect()
}

pub async fn stats(
    store: &Store,
    calendar: &Calendar,
    region: &str,
    items: &[Item],
) -> Result<Stats, AppError> {
    let applicable: Vec<&Item> = items.iter().filter(|i| i.applicable.is_true()).collect();
    let online = applicable
        .iter()
        .filter(|i| {
            i.channels
                .known()
                .is_some_and(|c| c.contains(&Channel::Online))
        })
        .count();
    let immediate = applicable
        .iter()
        .filter(|i| i.kind.known() == Some(&Kind::Immediate))
        .count();
    let counts = counts(store, calendar, region).await?;
    let (mut used, mut limit, mut n) = (0u64, 0u64, 0u64);
    for item in items {
        let (Some(c), Some(&statutory)) = (counts.get(&item.id), item.statutory_days.known())
        else {
            continue;
        };
        used += c.working_days_used;
        limit += u64::from(statutory) * c.timed;
        n += c.timed;
    }
    let avg = |total: u64| (n > 0).then(|| total as f64 / n as f64);
    let (bad, fixed) = crate::ratings::bad_in_region(store, region).await?;
    let trips = visits(store, region).await?;
    let (measures, per_item) = targets::measures(region, items, &counts, &trips);
    Ok(Stats {
        region: region.to_owned(),
        items: applicable.len(),
        online_rate: share(online, applicable.len()),
        immediate_share: share(immediate, applicable.len()),
        applications: counts.values().map(|c| c.submitted).sum(),
        completed: counts.values().map(|c| c.completed).sum(),
        avg_working_days_used: avg(used),
        avg_statutory_days: avg(limit),
        bad_ratings: bad,
        bad_rating_fix_rate: (bad > 0).then(|| fixed as f64 / bad as f64),
        visits: trips.values().sum(),
        received_for_others: super::window::received_for_others(store, region).await?,
        targets: measures,
        per_item,
        warnings: crate::calendar::notice_warning(
            calendar,
            tongban_rules::api::china_today(chrono::Utc::now().timestamp_millis()),
        )
        .into_iter()
        .collect(),
    })
}

/// One CSV cell: quoted when it must be, and a cell a spreadsheet would run as a formula
/// (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The 工作进展情况表 as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), with
/// QJ 二(六)'s measures after GD's columns, per item, and a last row for the whole region.
pub fn progress_csv(region_name: &str, items: &[Item], stats: &Stats) -> String {
    let header = [
        "序号",
        "事项名称（主项）",
        "事项名称（子项）",
        "实施层级",
        "通办目标",
        "通办业务模式",
        "已实现通办范围",
        "主要措施成效及存在问题",
        "电子证照和数据共享需求",
        "对法律法规、业务规则清理完善需求",
        "下一步措施",
        "备注",
        "跑动次数",
        "平均跑动次数",
        "办理时间比法定时限减少",
        "全程网办",
        "即办件",
    ];
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push('\n');
    let mut push = |row: Vec<String>| {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    let yes = |b: bool| if b { "是" } else { "否" }.to_owned();
    for (n, item) in items.iter().filter(|i| i.applicable.is_true()).enumerate() {
        let join = |v: Vec<&str>| v.join("；");
        let m = stats.per_item.iter().find(|m| m.item == item.id);
        let (submitted, completed) = m.map_or((0, 0), |m| (m.applications, m.completed));
        let effect = format!("受理{submitted}件，办结{completed}件");
        push(vec![
            (n + 1).to_string(),
            item.parent_name
                .clone()
                .unwrap_or_else(|| item.name.clone()),
            item.name.clone(),
            join(item.levels.iter().map(|l| l.label()).collect()),
            join(item.scopes.iter().map(|s| s.label()).collect()),
            item.channels
                .known()
                .map(|c| join(c.iter().map(|c| c.label()).collect()))
                .unwrap_or_default(),
            region_name.to_owned(),
            effect,
            String::new(),
            String::new(),
            String::new(),
            item.remarks.clone().unwrap_or_default(),
            m.map_or(0, |m| m.visits).to_string(),
            m.map_or_else(String::new, |m| {
                targets::cell(&m.visits_per_application, false)
            }),
            m.map_or_else(String::new, |m| targets::cell(&m.time_reduction, true)),
            m.map_or_else(String::new, |m| yes(m.online)),
            m.map_or_else(String::new, |m| yes(m.immediate)),
        ]);
    }
    let t = &stats.targets;
    let summary = format!(
        "全程网办率（公共服务事项）{}；全程网办率（行政权力事项）{}；即办件比例{}；异地代收{}件",
        targets::cell(&t.online_rate_public, true),
        targets::cell(&t.online_rate_administrative, true),
        targets::cell(&t.immediate_share, true),
        stats.received_for_others,
    );
    let mut row = vec![String::new(); header.len()];
    row[0] = "合计".to_owned();
    row[1] = region_name.to_owned();
    row[6] = region_name.to_owned();
    row[7] = format!(
        "受理{}件，办结{}件；{summary}",
        stats.applications, stats.completed
    );
    row[12] = stats.visits.to_string();
    row[13] = targets::cell(&t.visits_per_application, false);
    row[14] = targets::cell(&t.time_reduction, true);
    push(row);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends_and_the_start_day() {
        let cal = Calendar::embedded().unwrap();
        // Friday 2026-11-20 → Monday 2026-11-23: one working day (the Monday).
        let fri = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mon = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(working_days_between(&cal, fri, mon), 1);
        assert_eq!(working_days_between(&cal, mon, mon), 0);
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tcmd"), "'\tcmd");
        assert_eq!(csv_field("\rcmd"), "\"'\rcmd\"");
        assert_eq!(
            csv_field("市级=县级"),
            "市级=县级",
            "only the first character counts"
        );
    }

    #[test]
    fn csv_fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("市级；县级"), "市级；县级");
    }
}
