//! 预约上门's answers and its pages, apart from rendering: kept on the device as a draft (under
//! the drafts' prefix, so another citizen signing in on the phone removes it), the page it is
//! on included. Pure but for storage, so the page arithmetic has native tests.

use serde::{Deserialize, Serialize};
use tongban_rules::api::HomeVisitRequest;

/// One page of the request: one question, or the check of all the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Page {
    /// 为谁申请: only when the citizen acts for a bound family member.
    ForWhom,
    Reason,
    Address,
    Phone,
    Times,
    Check,
}

impl Page {
    /// The pages in order; 为谁申请 first when there is someone to choose.
    pub fn all(members: bool) -> Vec<Page> {
        let mut pages = vec![
            Page::Reason,
            Page::Address,
            Page::Phone,
            Page::Times,
            Page::Check,
        ];
        if members {
            pages.insert(0, Page::ForWhom);
        }
        pages
    }

    pub fn after(self, pages: &[Page]) -> Page {
        let i = pages.iter().position(|p| *p == self).unwrap_or(0);
        pages[(i + 1).min(pages.len() - 1)]
    }

    /// The page before, or none on the first.
    pub fn before(self, pages: &[Page]) -> Option<Page> {
        let i = pages.iter().position(|p| *p == self)?;
        i.checked_sub(1).map(|i| pages[i])
    }

    /// The page asking the request's `field` (`preferred.1` is asked with the times).
    pub fn asking(field: &str) -> Page {
        match field.split('.').next().unwrap_or(field) {
            "reason" => Page::Reason,
            "address" => Page::Address,
            "phone" => Page::Phone,
            "on_behalf_of" => Page::ForWhom,
            _ => Page::Times,
        }
    }

    pub fn asks(self, field: &str) -> bool {
        Page::asking(field) == self
    }

    /// The element a person is sent to when the page's answer is wrong.
    pub fn focus(self) -> &'static str {
        match self {
            Page::ForWhom => "visit-for-whom",
            Page::Reason => "visit-reason",
            Page::Address => "visit-address",
            Page::Phone => "visit-phone",
            Page::Times => "visit-times",
            Page::Check => "visit-check",
        }
    }

    /// The page's name in the page (`data-page`), which the browser journeys read.
    pub fn name(self) -> &'static str {
        match self {
            Page::ForWhom => "for-whom",
            Page::Reason => "reason",
            Page::Address => "address",
            Page::Phone => "phone",
            Page::Times => "times",
            Page::Check => "check",
        }
    }
}

/// What was answered so far, and the page shown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VisitDraft {
    /// The binding of the member it is for; `None`: 本人.
    #[serde(default)]
    pub for_whom: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// Two or three half days, `YYYY-MM-DD am|pm`.
    #[serde(default)]
    pub preferred: Vec<String>,
    /// The page the person went to; none yet: the first (为谁申请 once the bindings are known).
    #[serde(default)]
    pub page: Option<Page>,
}

impl VisitDraft {
    /// Under the drafts' prefix (`draft::clear_all` removes it with the others).
    pub fn storage_key(region: &str, item: &str) -> String {
        crate::draft::storage_key("visit", &format!("{region}.{item}"))
    }

    pub fn load(key: &str) -> Self {
        crate::json::load(key).unwrap_or_default()
    }

    pub fn save(&self, key: &str) {
        // A full or disabled storage only costs keeping the answers over a reload.
        crate::json::save(key, self);
    }

    pub fn clear(key: &str) {
        crate::draft::Draft::clear(key);
    }

    /// The page to show: the one the person went to if it is among `pages` (为谁申请 goes
    /// when the binding does), else the first.
    pub fn page_in(&self, pages: &[Page]) -> Page {
        match self.page {
            Some(p) if pages.contains(&p) => p,
            _ => pages[0],
        }
    }

    /// A half day chosen or unchosen; never more than three.
    pub fn toggle(&mut self, half: &str) {
        if let Some(i) = self.preferred.iter().position(|x| x == half) {
            self.preferred.remove(i);
        } else if self.preferred.len() < 3 {
            self.preferred.push(half.to_owned());
        }
    }

    pub fn request(&self, region: &str, item: &str) -> HomeVisitRequest {
        HomeVisitRequest {
            region: region.to_owned(),
            item_id: item.to_owned(),
            address: self.address.clone(),
            reason: self.reason.clone(),
            preferred: self.preferred.clone(),
            phone: self.phone.clone(),
            receipt_no: None,
            on_behalf_of: self.for_whom.clone(),
        }
    }
}

// Native tests: the logic is pure (`cargo test -p tongban-app --lib`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{Page, VisitDraft};

    #[test]
    fn the_pages_ask_for_whom_only_when_there_is_a_member_and_end_on_the_check() {
        let alone = Page::all(false);
        assert_eq!(alone[0], Page::Reason);
        assert_eq!(Page::Reason.before(&alone), None);
        assert_eq!(Page::Times.after(&alone), Page::Check);
        assert_eq!(Page::Check.after(&alone), Page::Check);
        let with = Page::all(true);
        assert_eq!(Page::Reason.before(&with), Some(Page::ForWhom));
        let d = VisitDraft {
            page: Some(Page::ForWhom),
            ..VisitDraft::default()
        };
        assert_eq!(d.page_in(&alone), Page::Reason, "no binding, no 为谁申请");
        assert_eq!(d.page_in(&with), Page::ForWhom);
        // Not moved yet: the first page, 为谁申请 once the bindings have come.
        let fresh = VisitDraft::default();
        assert_eq!(
            (fresh.page_in(&alone), fresh.page_in(&with)),
            (Page::Reason, Page::ForWhom)
        );
    }

    #[test]
    fn each_wrong_answer_leads_to_the_page_asking_it() {
        let d = VisitDraft::default();
        let pages: Vec<Page> = d
            .request("440000", "gd-05")
            .field_errors()
            .iter()
            .map(|e| Page::asking(&e.field))
            .collect();
        assert_eq!(
            pages,
            [Page::Reason, Page::Address, Page::Phone, Page::Times]
        );
        assert!(Page::Times.asks("preferred.1"));
    }

    #[test]
    fn no_more_than_three_half_days_and_a_second_tap_unchooses() {
        let mut d = VisitDraft::default();
        for h in ["a", "b", "c", "d"] {
            d.toggle(h);
        }
        assert_eq!(d.preferred, ["a", "b", "c"]);
        d.toggle("b");
        assert_eq!(d.preferred, ["a", "c"]);
    }
}
