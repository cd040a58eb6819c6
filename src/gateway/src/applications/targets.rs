//! The targets of QJ 二(六) as live statistics. Qianjiang's 2021 plan (重庆市黔江区医疗保障局
//! 《2021年医疗保障政务服务工作方案》二(六)) sets, for 2021: 医疗保障公共服务事项38项 “全程网办”
//! ≥ 80 %, 依申请类行政权力事项17项 ≥ 70 %, 实际办理时间比法定时限平均减少80%以上, 平均跑动次数
//! 不超过0.3次, 即办件事项比例达到40%以上. They are a local measure: they are shown for QJ's
//! region only (the region of the document in `citation`); every other region's measures carry
//! no target and no verdict.
//!
//! How each is measured, per region and per item:
//! - 跑动次数: rows of `visits` (a window submission, an arrival for an appointment, a return
//!   that needed a visit: +1 each; an online submission adds none) per application.
//! - 办理时间减少: over completed applications with a statutory limit, the mean of
//!   1 − (working days used ÷ statutory working days).
//! - 全程网办率: the share of items the catalogue offers fully online — applicable
//!   public-service items (`item_type` 公共服务, or unnamed) apart from the administrative-power
//!   items (`item_type` 行政…), which this app lists for information only; `None` when the
//!   catalogue knows no channel for any of them.
//! - 即办件比例: the share of applicable items that are 即办件.

use serde::Serialize;
use std::collections::BTreeMap;
use tongban_rules::{
    catalogue::{Channel, Item, Kind},
    citation,
};

/// What one item's applications count in a region: the input of its measures.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ItemCounts {
    pub submitted: i64,
    pub completed: i64,
    /// Completions with both an acceptance and a 办结 time, and the working days they took in
    /// all (acceptance day excluded, 办结 day included).
    pub timed: u64,
    pub working_days_used: u64,
}

/// Where the targets come from (`citation::cite` reads it in full).
pub const SOURCE: &str = "QJ 二(六)";

/// Which way a value must lie from its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast,
    AtMost,
}

/// One target of QJ 二(六).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Target {
    pub bound: Bound,
    pub value: f64,
    /// As a person reads it: `≥ 80%`, `≤ 0.3`.
    pub label: String,
    /// The document and article, cited in full.
    pub source: String,
}

/// A measured value, with its target and whether it is met where a target applies.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Measure {
    /// `None`: nothing to measure yet (no application, no completion, no known channel).
    pub value: Option<f64>,
    /// `None`: no target in this region (QJ's targets are a local measure).
    pub target: Option<Target>,
    /// `None` when there is no target or no value.
    pub met: Option<bool>,
}

/// The five measures of a region.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RegionMeasures {
    /// The region QJ's targets apply to (`500114`); targets appear for that region only.
    pub targets_region: String,
    /// 平均跑动次数: visits per application (target ≤ 0.3).
    pub visits_per_application: Measure,
    /// 实际办理时间比法定时限平均减少 (target ≥ 80 %).
    pub time_reduction: Measure,
    /// 全程网办率 of the applicable public-service items (target ≥ 80 %).
    pub online_rate_public: Measure,
    /// 全程网办率 of the administrative-power items, listed for information (target ≥ 70 %).
    pub online_rate_administrative: Measure,
    /// 即办件比例 (target ≥ 40 %).
    pub immediate_share: Measure,
}

/// One item's measures.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ItemMeasures {
    pub item: String,
    pub name: String,
    pub applications: i64,
    pub completed: i64,
    pub visits: i64,
    pub visits_per_application: Measure,
    pub time_reduction: Measure,
    /// Counted among the public-service items (else an administrative-power item).
    pub public_service: bool,
    /// Offered fully online (全程网办).
    pub online: bool,
    /// 即办件.
    pub immediate: bool,
}

#[derive(Debug, Clone, Copy)]
enum Which {
    Visits,
    TimeReduction,
    OnlinePublic,
    OnlineAdministrative,
    Immediate,
}

/// The region whose document sets the targets.
pub fn targets_region() -> &'static str {
    citation::DOCUMENTS
        .iter()
        .find(|d| d.key == "QJ")
        .and_then(|d| d.region)
        .unwrap_or("500114")
}

fn target(which: Which) -> Target {
    let (bound, value, label) = match which {
        Which::Visits => (Bound::AtMost, 0.3, "≤ 0.3"),
        Which::TimeReduction => (Bound::AtLeast, 0.8, "≥ 80%"),
        Which::OnlinePublic => (Bound::AtLeast, 0.8, "≥ 80%"),
        Which::OnlineAdministrative => (Bound::AtLeast, 0.7, "≥ 70%"),
        Which::Immediate => (Bound::AtLeast, 0.4, "≥ 40%"),
    };
    Target {
        bound,
        value,
        label: label.to_owned(),
        source: citation::cite(SOURCE),
    }
}

/// `value` in `region`, with QJ's target when `region` is QJ's.
fn measure(region: &str, which: Which, value: Option<f64>) -> Measure {
    let target = (region == targets_region()).then(|| target(which));
    // A hair of tolerance: 0.8 computed as 4/5 must meet ≥ 80 %.
    let met = target.as_ref().zip(value).map(|(t, v)| match t.bound {
        Bound::AtLeast => v >= t.value - 1e-9,
        Bound::AtMost => v <= t.value + 1e-9,
    });
    Measure { value, target, met }
}

fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

fn is_administrative(item: &Item) -> bool {
    item.item_type
        .as_deref()
        .is_some_and(|t| t.starts_with("行政"))
}

fn is_online(item: &Item) -> bool {
    item.channels
        .known()
        .is_some_and(|c| c.contains(&Channel::Online))
}

fn is_immediate(item: &Item) -> bool {
    item.kind.known() == Some(&Kind::Immediate)
}

/// Completions with a statutory limit: (their number, the sum of 1 − used ÷ limit).
fn reduction(item: &Item, c: &ItemCounts) -> Option<(f64, f64)> {
    let statutory = f64::from(*item.statutory_days.known()?);
    let n = c.timed as f64;
    (statutory > 0.0 && n > 0.0).then(|| (n, n - c.working_days_used as f64 / statutory))
}

/// The measures of `region` and of each of its items (applicable, or with applications).
pub fn measures(
    region: &str,
    items: &[Item],
    counts: &BTreeMap<String, ItemCounts>,
    visits: &BTreeMap<String, i64>,
) -> (RegionMeasures, Vec<ItemMeasures>) {
    let none = ItemCounts::default();
    let mut per_item = Vec::new();
    let (mut apps, mut trips, mut timed, mut reduced) = (0i64, 0i64, 0.0, 0.0);
    for item in items {
        let c = counts.get(&item.id).unwrap_or(&none);
        let v = visits.get(&item.id).copied().unwrap_or(0);
        apps += c.submitted;
        trips += v;
        let red = reduction(item, c);
        if let Some((n, sum)) = red {
            timed += n;
            reduced += sum;
        }
        if !item.applicable.is_true() && c.submitted == 0 && v == 0 {
            continue;
        }
        per_item.push(ItemMeasures {
            item: item.id.clone(),
            name: item.name.clone(),
            applications: c.submitted,
            completed: c.completed,
            visits: v,
            visits_per_application: measure(
                region,
                Which::Visits,
                ratio(v as f64, c.submitted as f64),
            ),
            time_reduction: measure(
                region,
                Which::TimeReduction,
                red.and_then(|(n, sum)| ratio(sum, n)),
            ),
            public_service: !is_administrative(item),
            online: is_online(item),
            immediate: is_immediate(item),
        });
    }
    let applicable: Vec<&Item> = items.iter().filter(|i| i.applicable.is_true()).collect();
    let public: Vec<&&Item> = applicable
        .iter()
        .filter(|i| !is_administrative(i))
        .collect();
    let administrative: Vec<&Item> = items.iter().filter(|i| is_administrative(i)).collect();
    let share = |part: usize, whole: usize| ratio(part as f64, whole as f64);
    let admin_known = administrative.iter().any(|i| i.channels.known().is_some());
    let region_measures = RegionMeasures {
        targets_region: targets_region().to_owned(),
        visits_per_application: measure(region, Which::Visits, ratio(trips as f64, apps as f64)),
        time_reduction: measure(region, Which::TimeReduction, ratio(reduced, timed)),
        online_rate_public: measure(
            region,
            Which::OnlinePublic,
            share(public.iter().filter(|i| is_online(i)).count(), public.len()),
        ),
        online_rate_administrative: measure(
            region,
            Which::OnlineAdministrative,
            share(
                administrative.iter().filter(|i| is_online(i)).count(),
                administrative.len(),
            )
            .filter(|_| admin_known),
        ),
        immediate_share: measure(
            region,
            Which::Immediate,
            share(
                applicable.iter().filter(|i| is_immediate(i)).count(),
                applicable.len(),
            ),
        ),
    };
    (region_measures, per_item)
}

/// A measure as one CSV cell: the value, then the target and verdict where one applies.
pub fn cell(m: &Measure, percent: bool) -> String {
    let value = match m.value {
        None => "—".to_owned(),
        Some(v) if percent => format!("{:.1}%", v * 100.0),
        Some(v) => format!("{v:.2}"),
    };
    match (&m.target, m.met) {
        (Some(t), Some(met)) => {
            format!(
                "{value}（目标{}，{}）",
                t.label,
                if met { "达标" } else { "未达标" }
            )
        }
        (Some(t), None) => format!("{value}（目标{}）", t.label),
        (None, _) => format!("{value}（无目标）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_are_qianjiangs_and_cite_their_article() {
        assert_eq!(targets_region(), "500114");
        let m = measure("500114", Which::Visits, Some(0.25));
        assert_eq!(m.met, Some(true));
        assert!(m.target.unwrap().source.contains("二(六)"));
        let elsewhere = measure("420800", Which::Visits, Some(0.25));
        assert_eq!((elsewhere.target, elsewhere.met), (None, None));
        assert_eq!(
            measure("500114", Which::Immediate, Some(0.39)).met,
            Some(false)
        );
        assert_eq!(
            measure("500114", Which::TimeReduction, Some(0.8)).met,
            Some(true)
        );
        assert_eq!(measure("500114", Which::Visits, None).met, None);
    }
}
