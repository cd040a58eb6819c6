//! No source file over 400 lines (the model codebases' largest are 10–18 KB): a longer file is
//! split by what its parts do. Every file under the workspace's `src/` counts (Rust, SQL, TOML,
//! the fuzz dictionary), except lock files and what tools write into the ignored folders.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::workspace;

const MAX_LINES: usize = 400;

/// The files over the limit today (under `src/`). This list only shrinks:
/// `no_file_under_src_is_over_400_lines` fails on a long file not listed here, and
/// `every_listed_long_file_is_still_long` fails when one listed here is 400 lines or less (or
/// gone), so whoever splits a file removes its entry in the same commit.
const LONG_FILES: &[&str] = &[];

/// Folders no file of which is source: build output and the fuzzer's working sets.
const NOT_SOURCE: [&str; 4] = ["target", "corpus", "artifacts", "node_modules"];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a folder under src/") {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !NOT_SOURCE.contains(&name.as_str()) {
                out.extend(files(&path));
            }
        } else if name != "Cargo.lock" {
            out.push(path);
        }
    }
    out
}

/// Each file under `src/` with more than 400 lines, by its path under `src/`, with its length.
fn long_files() -> Vec<(String, usize)> {
    let src = workspace().join("src");
    let mut long: Vec<(String, usize)> = files(&src)
        .into_iter()
        .filter_map(|f| {
            let bytes = std::fs::read(&f).expect("read a file under src/");
            let lines = bytes.iter().filter(|b| **b == b'\n').count();
            let name = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (lines > MAX_LINES).then_some((name, lines))
        })
        .collect();
    long.sort();
    long
}

#[test]
fn no_file_under_src_is_over_400_lines() {
    let listed: BTreeSet<&str> = LONG_FILES.iter().copied().collect();
    let new: Vec<String> = long_files()
        .into_iter()
        .filter(|(name, _)| !listed.contains(name.as_str()))
        .map(|(name, lines)| format!("  src/{name}: {lines} lines"))
        .collect();
    assert!(
        new.is_empty(),
        "files over {MAX_LINES} lines: split each by what its parts do (LONG_FILES in \
         src/gateway/src/layers/sizes.rs lists only the ones from before this check)\n{}",
        new.join("\n")
    );
}

#[test]
fn every_listed_long_file_is_still_long() {
    let long: BTreeSet<String> = long_files().into_iter().map(|(name, _)| name).collect();
    let done: Vec<&str> = LONG_FILES
        .iter()
        .copied()
        .filter(|name| !long.contains(*name))
        .collect();
    assert!(
        done.is_empty(),
        "now {MAX_LINES} lines or less, or gone: remove from LONG_FILES in \
         src/gateway/src/layers/sizes.rs: {done:?}"
    );
}
