//! The gateway's dependencies point one way (docs/architecture.md, "The gateway's layers"):
//! these tests read the sources and fail when a route runs SQL or a domain module reaches back
//! for the state or a route. `circles` fails on an import circle in the gateway, the app or the
//! rules; `sizes` on a source file over 400 lines.

use std::path::{Path, PathBuf};

mod circles;
mod paths;
mod sizes;

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

/// The workspace's root folder (the gateway is `src/gateway` in it).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What may take the state or name a route: the routes, the extractors, the wiring, the
/// crate's root and these tests. Every other file of the gateway is domain code (or below it).
const ROUTE_LAYER: [&str; 8] = [
    "routes",
    "identity/extract.rs",
    "state.rs",
    "startup.rs",
    "main.rs",
    "lib.rs",
    "layers.rs",
    "layers",
];

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
    let root = src();
    let files = rust_files(&root);
    assert!(files.len() > 50, "the gateway's sources were not found");
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if ROUTE_LAYER
            .iter()
            .any(|r| rel == *r || rel.starts_with(&format!("{r}/")))
        {
            continue;
        }
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

#[test]
fn every_file_the_route_layer_names_exists() {
    for part in ROUTE_LAYER {
        assert!(
            src().join(part).exists(),
            "src/gateway/src/{part} is gone: update ROUTE_LAYER"
        );
    }
}
