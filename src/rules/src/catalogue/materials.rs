//! The catalogue check of 申请材料: every material of a template or of a region's list has an
//! id (once in its list), a name, and a source that names a document of the citation table or a
//! government page; every fact it states (原件/复印件, copies, when, 容缺, 免提交) is sourced the
//! same way; copies are at least one; no text a citizen reads carries a short key. A list
//! marked complete has materials and a source. Kinds (`paper`, `exempt`) are closed enums, so
//! an unknown kind already fails to parse.

use super::model::{Fact, Material};
use crate::citation::{is_citable, short_key_in};
use crate::Error;
use std::collections::BTreeSet;

fn refuse(what: &str, owner: &str, reason: String) -> Error {
    Error::Inconsistent {
        what: what.into(),
        // The owner's id first: `lists check` finds its line by the first quoted word.
        reason: format!("{owner} {reason}"),
    }
}

fn sourced<T>(fact: &Fact<T>) -> bool {
    fact.source().is_none_or(is_citable)
}

/// Checks `materials` of `owner` (a template or item id) in the file `what`.
pub(crate) fn check(
    what: &str,
    owner: &str,
    materials: &[Material],
    complete: &Fact<bool>,
) -> Result<(), Error> {
    let mut ids = BTreeSet::new();
    for m in materials {
        let bad = |reason: &str| refuse(what, owner, format!("(material `{}`) {reason}", m.id));
        if m.id.trim().is_empty() || !ids.insert(m.id.as_str()) {
            return Err(bad("has an empty or repeated id"));
        }
        if m.name.trim().is_empty() {
            return Err(bad("has no name"));
        }
        if !is_citable(&m.source) {
            return Err(bad(&format!(
                "cites {:?}: name a document of citation::DOCUMENTS or a government page's https address",
                m.source
            )));
        }
        let facts = [
            ("paper", sourced(&m.paper)),
            ("copies", sourced(&m.copies)),
            ("may_defer", sourced(&m.may_defer)),
            ("exempt", sourced(&m.exempt)),
            (
                "when",
                m.when.as_ref().is_none_or(|w| is_citable(&w.source)),
            ),
        ];
        if let Some((name, _)) = facts.iter().find(|(_, ok)| !ok) {
            return Err(bad(&format!("states `{name}` without a citable source")));
        }
        if m.copies.known() == Some(&0) {
            return Err(bad("asks for 0 copies"));
        }
        let when = m.when.as_ref().map(|w| w.value.as_str());
        if when.is_some_and(|w| w.trim().is_empty()) {
            return Err(bad("has an empty `when`"));
        }
        for text in [Some(m.name.as_str()), when].into_iter().flatten() {
            if let Some(key) = short_key_in(text) {
                return Err(bad(&format!("shows the short key {key} to citizens")));
            }
        }
    }
    if complete.is_true() && materials.is_empty() {
        return Err(refuse(
            what,
            owner,
            "marks an empty materials list complete".into(),
        ));
    }
    if !sourced(complete) {
        return Err(refuse(
            what,
            owner,
            "states `materials_complete` without a citable source".into(),
        ));
    }
    Ok(())
}
