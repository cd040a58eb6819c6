//! No import circles. These tests read the sources of the gateway, the app and the rules as text
//! (the app compiles only for wasm32, so its check lives here), build the graph of which file
//! names which (`use crate::…`, `use super::…` and paths written out in code, such as
//! `crate::qr::svg(…)`; a path goes to the longest module it names that is a file) and fail on
//! a circle: files that reach each other (a strongly connected component of more than one file).
//!
//! What is not an edge: `mod` declarations, `use self::…` and a `mod.rs` naming its own
//! children without `crate::`/`super::`, and a file's own inline modules (`mod tests { use
//! super::*; }` is the file itself).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::paths::mentions;
use super::{rust_files, workspace};

/// The crates whose sources are checked, by their `src` folder under the workspace's `src/`.
const CRATES: [&str; 3] = ["gateway/src", "app/src", "rules/src"];

/// Circles tolerated for now, each by its files (under `src/`, sorted): none since the last
/// ones were broken. This list only shrinks: `no_import_circle_beyond_the_known_ones` fails on a
/// circle not listed here, and `every_known_circle_still_exists` fails when one listed here is
/// gone or has changed.
const KNOWN_CIRCLES: &[&[&str]] = &[];

#[test]
fn no_import_circle_beyond_the_known_ones() {
    let graph = Graph::of_workspace();
    let known = known();
    let mut new = Vec::new();
    for circle in graph.circles() {
        if !known.contains(&circle) {
            new.push(graph.explain(&circle));
        }
    }
    assert!(
        new.is_empty(),
        "import circles not in KNOWN_CIRCLES (src/gateway/src/layers/circles.rs); a lower \
         module takes what both need, or one side stops naming the other:\n\n{}",
        new.join("\n")
    );
}

#[test]
fn every_known_circle_still_exists() {
    let circles: BTreeSet<_> = Graph::of_workspace().circles().into_iter().collect();
    let gone: Vec<_> = known()
        .into_iter()
        .filter(|c| !circles.contains(c))
        .map(|c| c.into_iter().collect::<Vec<_>>().join(", "))
        .collect();
    assert!(
        gone.is_empty(),
        "these circles of KNOWN_CIRCLES are gone or changed: remove their entries (or, when \
         one only shrank, list what is left of it, which the other test names):\n{}",
        gone.join("\n")
    );
}

fn known() -> Vec<BTreeSet<String>> {
    KNOWN_CIRCLES
        .iter()
        .map(|files| files.iter().map(|f| f.to_string()).collect())
        .collect()
}

struct Graph {
    /// file (under `src/`) → the files it names, each with the first line that does.
    edges: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Graph {
    fn of_workspace() -> Self {
        let src = workspace().join("src");
        let mut edges = BTreeMap::new();
        for krate in CRATES {
            let root = src.join(krate);
            let files: Vec<PathBuf> = rust_files(&root)
                .into_iter()
                // `main.rs` is a crate of its own (the binary), which names the library by name.
                .filter(|f| f.parent() != Some(root.as_path()) || !f.ends_with("main.rs"))
                .collect();
            let modules: BTreeMap<Vec<String>, String> = files
                .iter()
                .map(|f| (module_of(&root, f), under(&src, f)))
                .collect();
            for file in &files {
                let from = under(&src, file);
                let text = std::fs::read_to_string(file).expect("read a source file");
                let mut named = BTreeMap::new();
                for m in mentions(&module_of(&root, file), &text) {
                    let target = (0..=m.segments.len())
                        .rev()
                        .find_map(|n| modules.get(&m.segments[..n]));
                    if let Some(to) = target.filter(|to| **to != from) {
                        named.entry(to.clone()).or_insert(m.line);
                    }
                }
                edges.insert(from, named);
            }
        }
        Graph { edges }
    }

    /// Tarjan's strongly connected components of more than one file, each sorted.
    fn circles(&self) -> Vec<BTreeSet<String>> {
        struct Walk<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            found: Vec<BTreeSet<String>>,
        }
        impl<'a> Walk<'a> {
            fn visit(&mut self, v: &'a str) {
                let i = self.index.len();
                self.index.insert(v, i);
                self.low.insert(v, i);
                self.stack.push(v);
                for w in self.graph.edges[v].keys() {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let lw = self.low[w];
                        let lv = self.low.get_mut(v).unwrap();
                        *lv = (*lv).min(lw);
                    } else if self.stack.contains(&w) {
                        let iw = self.index[w];
                        let lv = self.low.get_mut(v).unwrap();
                        *lv = (*lv).min(iw);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = BTreeSet::new();
                    while let Some(w) = self.stack.pop() {
                        component.insert(w.to_string());
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        self.found.push(component);
                    }
                }
            }
        }
        let mut walk = Walk {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            found: Vec::new(),
        };
        for v in self.edges.keys() {
            if !walk.index.contains_key(v.as_str()) {
                walk.visit(v);
            }
        }
        walk.found
    }

    /// The circle's files and, for each, the line that names another file of it.
    fn explain(&self, circle: &BTreeSet<String>) -> String {
        let mut out = format!("circle of {} files:\n", circle.len());
        for from in circle {
            for (to, line) in &self.edges[from] {
                if circle.contains(to) {
                    out += &format!("  src/{from}:{line} -> src/{to}\n");
                }
            }
        }
        out
    }
}

/// `gateway/src/applications/record.rs` for a file of the workspace's `src/`.
fn under(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src/");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The module a file is: `applications/record.rs` → `[applications, record]`, `mod.rs` → its
/// folder, `lib.rs` → the crate root `[]`.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(root).expect("a file of the crate");
    let mut segments: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(segments.last().map(String::as_str), Some("mod" | "lib")) {
        segments.pop();
    }
    segments
}
