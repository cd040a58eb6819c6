//! The catalogue: regions, national templates and each region's rows, checked on load.

pub mod badges;
pub mod embedded;
pub mod guide;
pub mod home;
mod item;
mod materials;
pub mod model;

pub use item::{Item, Limit, MaterialsKnown, LISTED};
pub use model::{
    Channel, Cited, Exempt, Fact, Kind, Level, Material, Paper, Region, Scope, Subject, Template,
};

use crate::form::{parse_form, Form};
use crate::Error;
use model::{NationalFile, RegionFile, RegionRow, RegionsFile};
use std::collections::{BTreeMap, BTreeSet};

/// The closed list of form ids a template may name (`assets/catalogue/README.md`).
pub const FORM_IDS: [&str; 16] = [
    "institution-change",
    "unit-enrolment",
    "unit-change",
    "person-enrolment",
    "person-change",
    "transfer",
    "filing",
    "reimbursement",
    "maternity-payment",
    "maternity-allowance",
    "prenatal-confirmation",
    "chronic-disease",
    "certificate",
    "ehealth-card",
    "account-withdrawal",
    "general",
];

#[derive(Debug, Clone)]
pub struct Catalogue {
    regions: Vec<Region>,
    templates: BTreeMap<String, Template>,
    rows: BTreeMap<String, Vec<RegionRow>>,
    forms: BTreeMap<String, Form>,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::Parse {
        what: what.into(),
        reason: e.to_string(),
    })
}

fn inconsistent(what: &str, reason: String) -> Error {
    Error::Inconsistent {
        what: what.into(),
        reason,
    }
}

impl Catalogue {
    /// The catalogue compiled into this build from `assets/catalogue`.
    pub fn embedded() -> Result<Self, Error> {
        Self::parse(
            embedded::REGIONS,
            embedded::NATIONAL,
            &embedded::REGION_FILES,
            &embedded::FORM_FILES,
        )
    }

    /// Every refusal of a set of catalogue files, for an editor checking lists before they are
    /// published: each file that does not parse (all of them, not only the first), then, when
    /// all parse, the cross-check of [`Catalogue::parse`] they fail. Empty: they make a catalogue.
    pub fn check(
        regions: &str,
        national: &str,
        region_files: &[(&str, &str)],
        form_files: &[(&str, &str)],
    ) -> Vec<Error> {
        let mut out = Vec::new();
        for (id, text) in form_files {
            if let Err(e) = parse_form(&format!("forms/{id}.json"), text) {
                out.push(e);
            }
        }
        if let Err(e) = parse::<RegionsFile>("regions.json", regions) {
            out.push(e);
        }
        if let Err(e) = parse::<NationalFile>("national.json", national) {
            out.push(e);
        }
        for (code, text) in region_files {
            if let Err(e) = parse::<RegionFile>(&format!("regions/{code}.json"), text) {
                out.push(e);
            }
        }
        if out.is_empty() {
            if let Err(e) = Self::parse(regions, national, region_files, form_files) {
                out.push(e);
            }
        }
        out
    }

    /// Parses and cross-checks the files: unique ids, known templates, regions and forms.
    pub fn parse(
        regions: &str,
        national: &str,
        region_files: &[(&str, &str)],
        form_files: &[(&str, &str)],
    ) -> Result<Self, Error> {
        let mut forms = BTreeMap::new();
        for (id, text) in form_files {
            let what = format!("forms/{id}.json");
            let form = parse_form(&what, text)?;
            if form.id != *id || !FORM_IDS.contains(id) {
                return Err(inconsistent(
                    &what,
                    format!("form id {} is not {id} or not in FORM_IDS", form.id),
                ));
            }
            forms.insert(form.id.clone(), form);
        }
        let regions: RegionsFile = parse("regions.json", regions)?;
        let national: NationalFile = parse("national.json", national)?;
        let mut templates = BTreeMap::new();
        for t in national.templates {
            if let Some(form) = &t.form {
                if !forms.contains_key(form) {
                    return Err(inconsistent(
                        "national.json",
                        format!("template {} names unknown form {form}", t.id),
                    ));
                }
            }
            materials::check("national.json", &t.id, &t.materials, &t.materials_complete)?;
            if let Some(old) = templates.insert(t.id.clone(), t) {
                return Err(inconsistent(
                    "national.json",
                    format!("template id {} twice", old.id),
                ));
            }
        }
        let mut rows = BTreeMap::new();
        let mut ids = BTreeSet::new();
        for (code, text) in region_files {
            let what = format!("regions/{code}.json");
            let file: RegionFile = parse(&what, text)?;
            if file.region != *code || !regions.regions.iter().any(|r| r.code == *code) {
                return Err(inconsistent(
                    &what,
                    format!(
                        "region {} is not {code} or not in regions.json",
                        file.region
                    ),
                ));
            }
            for row in &file.items {
                if !templates.contains_key(&row.template) {
                    return Err(inconsistent(
                        &what,
                        format!("{} names unknown template {}", row.id, row.template),
                    ));
                }
                let o = &row.overrides;
                match (&o.materials, &o.materials_complete) {
                    (Some(list), complete) => materials::check(
                        &what,
                        &row.id,
                        list,
                        complete.as_ref().unwrap_or(&model::unknown()),
                    )?,
                    (None, Some(_)) => {
                        return Err(inconsistent(
                            &what,
                            format!("{}: materials_complete without its materials", row.id),
                        ))
                    }
                    (None, None) => {}
                }
                if !ids.insert(row.id.clone()) {
                    return Err(inconsistent(
                        &what,
                        format!("item id {} is not unique", row.id),
                    ));
                }
            }
            rows.insert(file.region, file.items);
        }
        Ok(Self {
            regions: regions.regions,
            templates,
            rows,
            forms,
        })
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// A form by id (`Item::form`).
    pub fn form(&self, id: &str) -> Result<&Form, Error> {
        self.forms.get(id).ok_or_else(|| Error::Unknown {
            kind: "form",
            id: id.into(),
        })
    }

    pub fn forms(&self) -> impl Iterator<Item = &Form> {
        self.forms.values()
    }

    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.templates.values()
    }

    /// Every item of a region, resolved, in seed order.
    pub fn items(&self, region: &str) -> Result<Vec<Item>, Error> {
        let rows = self.rows.get(region).ok_or_else(|| Error::Unknown {
            kind: "region",
            id: region.into(),
        })?;
        Ok(rows
            .iter()
            .map(|row| Item::resolve(region, row, &self.templates[&row.template]))
            .collect())
    }

    /// One item of a region, resolved.
    pub fn item(&self, region: &str, id: &str) -> Result<Item, Error> {
        let rows = self.rows.get(region).ok_or_else(|| Error::Unknown {
            kind: "region",
            id: region.into(),
        })?;
        let row = rows
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::Unknown {
                kind: "item",
                id: id.into(),
            })?;
        Ok(Item::resolve(region, row, &self.templates[&row.template]))
    }
}
