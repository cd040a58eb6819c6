//! The bureau's lists (catalogue, forms, offices, calendar years) as published versions.
//! `tongban-gateway lists check DIR` is the editor's check before publishing; `lists publish
//! DIR` (`publish`) stores the set as the next version; every running copy serves the newest
//! effective one (`live`). DIR is laid out as `assets/`: `catalogue/` (`regions.json`,
//! `national.json`, `regions/<code>.json`, `forms/<id>.json`), `offices/<region>.json` and
//! `calendar/<year>.json`. Every refusal is told with its file, its line where one is known,
//! and the reason: each file that does not parse, a calendar file named for another year, then
//! the catalogue's cross-checks (unique ids, known templates, forms and regions).

pub mod diff;
pub mod files;
pub mod live;
pub mod publish;
pub mod set;
pub mod versions;

use std::fmt;
use std::path::{Path, PathBuf};
use tongban_rules::calendar::Calendar;
use tongban_rules::catalogue::Catalogue;
use tongban_rules::Error;

/// One refusal: the file, the line (1-based) where known, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.reason),
            None => write!(f, "{}: {}", self.file.display(), self.reason),
        }
    }
}

/// The `N` of serde_json's "… at line N column M".
fn serde_line(reason: &str) -> Option<usize> {
    let rest = &reason[reason.rfind(" at line ")? + " at line ".len()..];
    rest.split_whitespace().next()?.parse().ok()
}

/// The line of `text` where `"word"` first appears (an id named by a cross-check's reason).
fn line_of(text: &str, word: &str) -> Option<usize> {
    let quoted = format!("\"{word}\"");
    text.lines()
        .position(|l| l.contains(&quoted))
        .map(|i| i + 1)
}

/// The `.json` files of `dir` by stem, sorted; none when the folder is missing.
fn json_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_owned(), p)))
        .collect();
    out.sort();
    out
}

struct Files {
    out: Vec<Refusal>,
}

impl Files {
    fn read(&mut self, path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| {
            self.out.push(Refusal {
                file: path.to_owned(),
                line: None,
                reason: format!("cannot read: {e}"),
            });
            String::new()
        })
    }
}

/// Every refusal of the lists in `dir`; empty when they can be published.
pub fn check(dir: &Path) -> Vec<Refusal> {
    let mut files = Files { out: Vec::new() };
    let cat = dir.join("catalogue");
    let regions = files.read(&cat.join("regions.json"));
    let national = files.read(&cat.join("national.json"));
    let region_files: Vec<(String, PathBuf, String)> = json_files(&cat.join("regions"))
        .into_iter()
        .map(|(code, p)| {
            let text = files.read(&p);
            (code, p, text)
        })
        .collect();
    let form_files: Vec<(String, PathBuf, String)> = json_files(&cat.join("forms"))
        .into_iter()
        .map(|(id, p)| {
            let text = files.read(&p);
            (id, p, text)
        })
        .collect();
    if files.out.is_empty() {
        let pairs = |v: &[(String, PathBuf, String)]| -> Vec<(String, String)> {
            v.iter().map(|(k, _, t)| (k.clone(), t.clone())).collect()
        };
        let (rp, fp) = (pairs(&region_files), pairs(&form_files));
        let r: Vec<(&str, &str)> = rp.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect();
        let f: Vec<(&str, &str)> = fp.iter().map(|(k, t)| (k.as_str(), t.as_str())).collect();
        for e in Catalogue::check(&regions, &national, &r, &f) {
            let (what, reason, parse) = match &e {
                Error::Parse { what, reason } => (what.clone(), reason.clone(), true),
                Error::Inconsistent { what, reason } => (what.clone(), reason.clone(), false),
                other => (String::new(), other.to_string(), false),
            };
            // `what` names the file inside catalogue/ (`regions/420800.json`, `national.json`).
            let file = cat.join(&what);
            let text = region_files
                .iter()
                .chain(&form_files)
                .find(|(_, p, _)| *p == file)
                .map(|(_, _, t)| t.as_str())
                .or_else(|| (what == "national.json").then_some(national.as_str()))
                .or_else(|| (what == "regions.json").then_some(regions.as_str()))
                .unwrap_or("");
            let line = if parse {
                serde_line(&reason)
            } else {
                reason
                    .split_whitespace()
                    .find_map(|w| line_of(text, w.trim_matches(|c: char| c == '`')))
            };
            files.out.push(Refusal { file, line, reason });
        }
    }
    for (_, path) in json_files(&dir.join("offices")) {
        let text = files.read(&path);
        if let Err(e) = crate::offices::parse_file(&text) {
            let reason = e.to_string();
            files.out.push(Refusal {
                line: serde_line(&reason),
                file: path,
                reason,
            });
        }
    }
    for (stem, path) in json_files(&dir.join("calendar")) {
        let text = files.read(&path);
        match Calendar::parse_year(&text) {
            Ok(year) if year.year.to_string() == stem => {}
            Ok(year) => files.out.push(Refusal {
                file: path,
                line: line_of(&text, "year").or(Some(1)),
                reason: format!(
                    "the file holds year {}: name it {}.json",
                    year.year, year.year
                ),
            }),
            Err(e) => {
                let reason = e.to_string();
                files.out.push(Refusal {
                    line: serde_line(&reason),
                    file: path,
                    reason,
                });
            }
        }
    }
    files.out
}

/// Prints each refusal; whether there were none.
fn told(dir: &str, refusals: &[Refusal]) -> bool {
    for r in refusals {
        println!("{r}");
    }
    if refusals.is_empty() {
        return true;
    }
    eprintln!(
        "{} refusal(s): nothing in {dir} was published",
        refusals.len()
    );
    false
}

/// `lists check DIR` | `lists publish DIR …`: what they print; the exit code. `publish` works
/// on the database of `TONGBAN_DATABASE_URL`.
pub async fn command(args: &[String]) -> i32 {
    match args {
        [cmd, dir] if cmd == "check" => {
            if told(dir, &check(Path::new(dir))) {
                println!("ok: {dir} can be published");
                0
            } else {
                1
            }
        }
        [cmd, rest @ ..] if cmd == "publish" => match run_publish(rest).await {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tongban-gateway: {e}");
                2
            }
        },
        _ => {
            eprintln!("usage: tongban-gateway lists check DIR\n{}", publish::USAGE);
            2
        }
    }
}

async fn run_publish(args: &[String]) -> Result<i32, crate::AppError> {
    let req = publish::parse(args)?;
    let token = req
        .token
        .clone()
        .or_else(|| std::env::var("TONGBAN_EDITOR_TOKEN").ok())
        .ok_or_else(|| crate::AppError::Config(format!("no editor token\n{}", publish::USAGE)))?;
    let url = std::env::var("TONGBAN_DATABASE_URL")
        .unwrap_or_else(|_| crate::config::DEFAULT_DATABASE.into());
    let store = crate::store::Store::connect(&url).await?;
    let now = chrono::Utc::now();
    Ok(match publish::publish(&store, &req, &token, now).await? {
        publish::Outcome::Refused(refusals) => {
            told(&req.dir, &refusals);
            1
        }
        publish::Outcome::Published { number, summary } => {
            let at = req
                .effective
                .unwrap_or(now)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            println!("published list version {number}, effective {at}: {summary}");
            0
        }
    })
}

/// Test edits of list files.
#[cfg(test)]
pub(crate) mod tests_support {
    /// `text` (a region file) with its first material's name changed.
    pub fn rename_first_material(text: &str) -> String {
        let at = text.find("\"materials\": [").expect("a materials list");
        let name = at + text[at..].find("\"name\": \"").expect("a material name") + 9;
        format!("{}原件：{}", &text[..name], &text[name..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets")
    }

    /// A copy of `assets/catalogue` and `assets/calendar` to break.
    fn copy() -> PathBuf {
        let to = std::env::temp_dir().join(format!(
            "tongban-lists-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&to);
        for sub in [
            "catalogue",
            "catalogue/regions",
            "catalogue/forms",
            "calendar",
        ] {
            std::fs::create_dir_all(to.join(sub)).unwrap();
            for e in std::fs::read_dir(assets().join(sub)).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    std::fs::copy(&p, to.join(sub).join(p.file_name().unwrap())).unwrap();
                }
            }
        }
        to
    }

    #[test]
    fn the_shipped_lists_pass() {
        assert_eq!(check(&assets()), []);
    }

    #[test]
    fn each_broken_file_is_told_with_its_line() {
        let dir = copy();
        let region = dir.join("catalogue/regions/420800.json");
        let text = std::fs::read_to_string(&region).unwrap();
        // Line 3 loses its closing quote.
        let mut lines: Vec<&str> = text.lines().collect();
        let broken = lines[2].replacen('"', "", 1);
        lines[2] = &broken;
        std::fs::write(&region, lines.join("\n")).unwrap();
        std::fs::write(
            dir.join("calendar/2030.json"),
            "{\n  \"year\": 2030,\n  oops\n}",
        )
        .unwrap();
        let refusals = check(&dir);
        assert_eq!(refusals.len(), 2, "{refusals:?}");
        assert_eq!(refusals[0].file, region);
        assert_eq!(refusals[0].line, Some(3), "{}", refusals[0]);
        assert_eq!(refusals[1].file, dir.join("calendar/2030.json"));
        assert_eq!(refusals[1].line, Some(3), "{}", refusals[1]);
    }

    #[test]
    fn a_cross_check_names_the_line_of_the_item() {
        let dir = copy();
        let region = dir.join("catalogue/regions/420800.json");
        let text = std::fs::read_to_string(&region).unwrap().replacen(
            "\"template\": \"transfer\"",
            "\"template\": \"no-such-template\"",
            1,
        );
        std::fs::write(&region, &text).unwrap();
        let refusals = check(&dir);
        assert_eq!(refusals.len(), 1, "{refusals:?}");
        assert!(
            refusals[0].reason.contains("no-such-template"),
            "{}",
            refusals[0]
        );
        let line = refusals[0].line.expect("a line");
        assert!(
            text.lines().nth(line - 1).unwrap().contains("jm-transfer"),
            "{}",
            refusals[0]
        );
    }

    #[test]
    fn a_calendar_file_named_for_another_year_is_refused() {
        let dir = copy();
        std::fs::copy(
            dir.join("calendar/2026.json"),
            dir.join("calendar/2027.json"),
        )
        .unwrap();
        let refusals = check(&dir);
        assert_eq!(refusals.len(), 1, "{refusals:?}");
        assert!(
            refusals[0].reason.contains("holds year 2026"),
            "{}",
            refusals[0]
        );
    }
}
