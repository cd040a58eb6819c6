//! A list set as files: each file's path inside the lists folder (`catalogue/regions.json`,
//! `catalogue/national.json`, `catalogue/regions/<code>.json`, `catalogue/forms/<id>.json`,
//! `offices/<region>.json`, `calendar/<year>.json`) and its text. This is what a version stores
//! and what it is rebuilt from: the files themselves, so a version reads back exactly as the
//! editor checked it.

use crate::AppError;
use std::collections::BTreeMap;
use std::path::Path;
use tongban_rules::calendar::{Calendar, EMBEDDED};
use tongban_rules::catalogue::embedded;

/// Path inside the lists folder → text.
pub type Files = BTreeMap<String, String>;

/// The folders a list set is read from, each with its `.json` files.
pub const FOLDERS: [&str; 5] = [
    "catalogue",
    "catalogue/regions",
    "catalogue/forms",
    "offices",
    "calendar",
];

/// The `.json` files of `dir`'s list folders ([`FOLDERS`]); a file that cannot be read stops.
pub fn read(dir: &Path) -> Result<Files, AppError> {
    let mut files = Files::new();
    for folder in FOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if path.is_file() && name.ends_with(".json") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| AppError::Config(format!("{}: {e}", path.display())))?;
                files.insert(format!("{folder}/{name}"), text);
            }
        }
    }
    Ok(files)
}

/// The lists compiled into this build (`assets/`): the version a new database starts with.
pub fn embedded() -> Result<Files, AppError> {
    let mut files = Files::new();
    files.insert("catalogue/regions.json".into(), embedded::REGIONS.into());
    files.insert("catalogue/national.json".into(), embedded::NATIONAL.into());
    for (code, text) in embedded::REGION_FILES {
        files.insert(format!("catalogue/regions/{code}.json"), text.into());
    }
    for (id, text) in embedded::FORM_FILES {
        files.insert(format!("catalogue/forms/{id}.json"), text.into());
    }
    for text in crate::offices::FILES {
        let (region, _) =
            crate::offices::parse_file(text).map_err(|e| AppError::Config(e.to_string()))?;
        files.insert(format!("offices/{region}.json"), text.into());
    }
    for text in EMBEDDED {
        let year = Calendar::parse_year(text)?.year;
        files.insert(format!("calendar/{year}.json"), text.into());
    }
    Ok(files)
}

/// The files directly in `folder` (`catalogue/regions`), as (stem, text), by stem.
pub fn under<'a>(files: &'a Files, folder: &str) -> Vec<(&'a str, &'a str)> {
    let prefix = format!("{folder}/");
    files
        .iter()
        .filter_map(|(path, text)| {
            let name = path.strip_prefix(&prefix)?;
            let stem = name.strip_suffix(".json")?;
            (!stem.contains('/')).then_some((stem, text.as_str()))
        })
        .collect()
}

/// The text of `path`, or why the set cannot be used.
pub fn text<'a>(files: &'a Files, path: &str) -> Result<&'a str, AppError> {
    files
        .get(path)
        .map(String::as_str)
        .ok_or_else(|| AppError::Config(format!("the lists have no {path}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_s_lists_read_from_assets_are_the_compiled_in_ones() {
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
        let read = read(&assets).unwrap();
        let embedded = embedded().unwrap();
        // Every compiled-in file is in assets/ as it was compiled (the folder may hold more
        // than one build compiles in only while a helper adds files; the check names them).
        for (path, text) in &embedded {
            assert_eq!(read.get(path), Some(text), "{path}");
        }
        assert_eq!(under(&embedded, "catalogue/regions").len(), 4);
        assert!(under(&embedded, "catalogue")
            .iter()
            .any(|(s, _)| *s == "national"));
    }
}
