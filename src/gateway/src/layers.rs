//! The gateway's dependencies point one way (README, "The gateway's layers"): these tests read
//! the sources and fail when a route runs SQL or a domain module reaches back for the state or a
//! route.

use std::path::{Path, PathBuf};

pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

pub(crate) fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_file_under_routes_runs_a_query() {
    for file in rust_files(&src().join("routes")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for needle in [
            "sqlx::", ".pool()", "SELECT ", "INSERT ", "UPDATE ", "DELETE ",
        ] {
            assert!(
                !text.contains(needle),
                "{} contains `{needle}`: SQL belongs in a domain module",
                file.display()
            );
        }
    }
}

#[test]
fn domain_modules_never_take_the_state_or_call_a_route() {
    let domain = [
        "applications",
        "catalogue.rs",
        "offices.rs",
        "ratings.rs",
        "inbox.rs",
        "accounts",
        "audit.rs",
        "retention.rs",
        "sealing",
    ];
    for part in domain {
        let path = src().join(part);
        let files = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path]
        };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for needle in ["AppState", "crate::routes", "crate::state", "startup::"] {
                assert!(
                    !text.contains(needle),
                    "{} mentions `{needle}`: domain code takes what it needs, never the state",
                    file.display()
                );
            }
        }
    }
}
