//! What a publication changes against the version before: items added, removed and changed
//! (`<region>/<id>`), items whose materials changed, forms and offices files changed, calendar
//! years added or replaced. Stored with the version; its counts go to the audit row.

use super::files::{self, Files};
use super::set::catalogue;
use crate::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tongban_rules::catalogue::{Catalogue, Item};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diff {
    pub items_added: Vec<String>,
    pub items_removed: Vec<String>,
    pub items_changed: Vec<String>,
    pub materials_changed: Vec<String>,
    pub forms_changed: Vec<String>,
    pub offices_changed: Vec<String>,
    pub calendar_years_added: Vec<String>,
    pub calendar_years_changed: Vec<String>,
}

fn items(cat: &Catalogue) -> BTreeMap<String, Item> {
    cat.regions()
        .iter()
        .flat_map(|r| cat.items(&r.code).unwrap_or_default())
        .map(|i| (format!("{}/{}", i.region, i.id), i))
        .collect()
}

/// The stems of `folder` added in `new`, and those whose text changed.
fn files_changed(old: &Files, new: &Files, folder: &str) -> (Vec<String>, Vec<String>) {
    let before: BTreeMap<_, _> = files::under(old, folder).into_iter().collect();
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    for (stem, text) in files::under(new, folder) {
        match before.get(stem) {
            None => added.push(stem.to_owned()),
            Some(t) if *t != text => changed.push(stem.to_owned()),
            Some(_) => {}
        }
    }
    let gone = before
        .keys()
        .filter(|s| !new.contains_key(&format!("{folder}/{s}.json")))
        .map(|s| format!("{s} (removed)"));
    changed.extend(gone);
    (added, changed)
}

/// `new` against `old` (both valid list sets).
pub fn diff(old: &Files, new: &Files) -> Result<Diff, AppError> {
    let (before, after) = (items(&catalogue(old)?), items(&catalogue(new)?));
    let mut d = Diff::default();
    for (key, item) in &after {
        match before.get(key) {
            None => d.items_added.push(key.clone()),
            Some(old) if old != item => {
                d.items_changed.push(key.clone());
                if old.materials != item.materials {
                    d.materials_changed.push(key.clone());
                }
            }
            Some(_) => {}
        }
    }
    d.items_removed = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .cloned()
        .collect();
    let (added, changed) = files_changed(old, new, "catalogue/forms");
    d.forms_changed = added.into_iter().chain(changed).collect();
    let (added, changed) = files_changed(old, new, "offices");
    d.offices_changed = added.into_iter().chain(changed).collect();
    (d.calendar_years_added, d.calendar_years_changed) = files_changed(old, new, "calendar");
    Ok(d)
}

impl Diff {
    /// The counts, for the audit row and the editor's terminal.
    pub fn summary(&self) -> String {
        format!(
            "items +{} -{} ~{}, materials ~{}, forms ~{}, offices ~{}, calendar +{} ~{}",
            self.items_added.len(),
            self.items_removed.len(),
            self.items_changed.len(),
            self.materials_changed.len(),
            self.forms_changed.len(),
            self.offices_changed.len(),
            self.calendar_years_added.len(),
            self.calendar_years_changed.len(),
        )
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_material_and_an_added_year_are_told() {
        let old = files::embedded().unwrap();
        let mut new = old.clone();
        let path = "catalogue/regions/420800.json".to_owned();
        let text = new[&path].clone();
        let changed = crate::lists::tests_support::rename_first_material(&text);
        assert_ne!(changed, text);
        new.insert(path, changed);
        new.insert(
            "calendar/2027.json".into(),
            include_str!("../../../rules/tests/fixtures/calendar-2027.json").into(),
        );
        let d = diff(&old, &new).unwrap();
        assert!(!d.materials_changed.is_empty(), "{d:?}");
        assert!(
            d.items_added.is_empty() && d.items_removed.is_empty(),
            "{d:?}"
        );
        assert_eq!(d.calendar_years_added, ["2027"]);
        assert!(d.summary().contains("calendar +1"), "{}", d.summary());
        assert!(diff(&old, &old).unwrap().is_empty());
    }
}
