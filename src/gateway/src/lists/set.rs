//! One list version as every handler reads it: the catalogue (served per region, with its
//! ETag), the holiday calendar and the offices, built once from the version's files.

use super::files::{self, Files};
use crate::{catalogue::CatalogueView, offices::Offices, AppError};
use chrono::{DateTime, Utc};
use std::path::Path;
use tongban_rules::api::{self, ListVersion};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;

/// Who published a version, when, from when it is served and what it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub number: i64,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub effective_at: DateTime<Utc>,
    pub sources: Vec<String>,
}

impl VersionInfo {
    /// As the API says it.
    pub fn wire(&self) -> ListVersion {
        ListVersion {
            number: self.number,
            effective_at: api::instant(self.effective_at),
            sources: self.sources.clone(),
        }
    }
}

/// A list version, built.
#[derive(Debug)]
pub struct Lists {
    pub version: VersionInfo,
    pub catalogue: CatalogueView,
    pub calendar: Calendar,
    pub offices: Offices,
}

/// The catalogue of a set of files (checked: the cross-checks of `Catalogue::parse`).
pub fn catalogue(files: &Files) -> Result<Catalogue, AppError> {
    let regions = files::text(files, "catalogue/regions.json")?;
    let national = files::text(files, "catalogue/national.json")?;
    let region_files = files::under(files, "catalogue/regions");
    let form_files = files::under(files, "catalogue/forms");
    Ok(Catalogue::parse(
        regions,
        national,
        &region_files,
        &form_files,
    )?)
}

/// The calendar years of a set of files, as text, by year.
pub fn calendar_years(files: &Files) -> Vec<&str> {
    files::under(files, "calendar")
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// What a version cites: `extra` (the editor's), then each region's source and each calendar
/// notice's, once each, in that order.
pub fn sources(files: &Files, extra: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = extra.to_vec();
    let cat = catalogue(files)?;
    let notices = calendar_years(files)
        .into_iter()
        .map(|t| Calendar::parse_year(t).map(|y| y.source))
        .collect::<Result<Vec<_>, _>>()?;
    for s in cat
        .regions()
        .iter()
        .map(|r| r.source.clone())
        .chain(notices)
    {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

impl Lists {
    /// The version `info` of `files`, its calendar with `calendar_dir`'s notices over it.
    pub fn build(
        info: VersionInfo,
        files: &Files,
        calendar_dir: Option<&Path>,
    ) -> Result<Self, AppError> {
        let catalogue = CatalogueView::new(catalogue(files)?, info.number)?;
        let calendar = crate::calendar::load_over(&calendar_years(files), calendar_dir)?;
        let offices: Vec<&str> = files::under(files, "offices")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        Ok(Self {
            version: info,
            catalogue,
            calendar,
            offices: Offices::parse(&offices)?,
        })
    }
}
