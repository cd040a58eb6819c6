//! The home page's words and the shape of its first list, once: the app's home page renders
//! them, and the gateway writes the same words and the default region's first list into the
//! served page as static markup (`routes/home_markup.rs` in the gateway), so the first paint
//! shows the list before the app has started, and the app then renders it in the same place.

use super::Item;
use std::collections::BTreeMap;

pub const TITLE: &str = "医保业务，掌上通办";
pub const LEAD: &str = "参保登记、转移接续、异地就医备案、费用报销，在手机上申请，随时查进度。";
/// The shortcuts' landmark and its two links (我的办件, 办事网点).
pub const SHORTCUTS: &str = "常用";
pub const MINE: &str = "查办理进度";
pub const OFFICES: &str = "附近网点";
pub const REGION: &str = "办理地区";
pub const LOCATE: &str = "按我的位置选择地区";
pub const SEARCH: &str = "搜索事项";
pub const SEARCH_HINT: &str = "例如：备案、报销，或拼音首字母 ydjy";
/// The first group of the list: 高频事项 that can be applied for in the region.
pub const FREQUENT: &str = "高频事项";

/// How many cards the list shows at first, and how many more each 显示更多 adds: a catalogue of
/// thousands of items renders only what a phone screen can use, not one card per item.
pub const PAGE: usize = 20;

/// Whether an item goes in the first group, 高频事项: frequent and applicable here.
pub fn frequent(item: &Item) -> bool {
    item.high_frequency.is_true() && item.applicable.is_true()
}

/// The found items in the order shown: [`FREQUENT`] first, then each category (by name).
/// `frequent` and `category` read an item, whichever type the list holds.
pub fn sections<'a, T>(
    found: impl IntoIterator<Item = &'a T>,
    frequent: impl Fn(&T) -> bool,
    category: impl Fn(&'a T) -> &'a str,
) -> Vec<(&'a str, Vec<&'a T>)> {
    let mut first = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for item in found {
        if frequent(item) {
            first.push(item);
        } else {
            groups.entry(category(item)).or_default().push(item);
        }
    }
    let mut out = Vec::with_capacity(groups.len() + 1);
    if !first.is_empty() {
        out.push((FREQUENT, first));
    }
    out.extend(groups);
    out
}

/// The sections cut after their first `limit` items; returns them and how many were left out.
pub fn first_items<T>(sections: Vec<(&str, Vec<T>)>, limit: usize) -> (Vec<(&str, Vec<T>)>, usize) {
    let mut room = limit;
    let mut hidden = 0;
    let mut shown = Vec::new();
    for (title, mut items) in sections {
        let keep = items.len().min(room);
        hidden += items.len() - keep;
        room -= keep;
        items.truncate(keep);
        if !items.is_empty() {
            shown.push((title, items));
        }
    }
    (shown, hidden)
}

#[cfg(test)]
mod tests {
    use super::{first_items, sections, FREQUENT};

    #[test]
    fn frequent_items_come_first_then_each_category_by_name() {
        let items = [("b", false), ("x", true), ("a", false), ("b", false)];
        let found = sections(items.iter(), |i| i.1, |i| i.0);
        let names: Vec<(&str, usize)> = found.iter().map(|(t, v)| (*t, v.len())).collect();
        assert_eq!(names, [(FREQUENT, 1), ("a", 1), ("b", 2)]);
    }

    #[test]
    fn the_first_items_stop_at_the_limit_and_count_the_rest() {
        let (shown, hidden) = first_items(vec![("a", vec![1, 2]), ("b", vec![3, 4])], 3);
        assert_eq!(shown, [("a", vec![1, 2]), ("b", vec![3])]);
        assert_eq!(hidden, 1);
    }
}
