//! The audit trail is append-only (等保 2.0 安全审计: records protected from deletion and
//! alteration). The database enforces it (`audit_guard`: triggers on both engines, plus the
//! documented grants on PostgreSQL; the API tests `audit_refusals` and `audit_grants` try it);
//! these tests read every SQL statement the gateway can run — its sources and its migrations —
//! and fail when one changes or removes audit rows, when a module other than `audit.rs` writes
//! the table, or when the triggers go. Retention never purges audit rows: they are kept at least
//! the six months of 网络安全法 第二十一条 and as long as the bureau's rules say, and removed
//! after that only by the database's administrator (docs/operations.md, "Audit log").
//! Published list versions (`list_versions`) are only ever added too: applications name them.

use super::layers::{rust_files, src};
use std::path::{Path, PathBuf};

/// The statements that change or remove rows of a table, or the table itself, `{}` the table.
const ALTERING: [&str; 9] = [
    "update {}",
    "delete from {}",
    "truncate {}",
    "truncate table {}",
    "drop table {}",
    "drop table if exists {}",
    "replace into {}",
    "insert or replace into {}",
    "alter table {} rename",
];

/// Where a statement names a table.
const NAMING: [&str; 5] = ["from {}", "into {}", "join {}", "update {}", "table {}"];

/// The code of `text` as SQL reads it: comment lines dropped, lower case, quotes, backslashes
/// (Rust's line continuations) and schema prefixes gone, runs of white space one space.
fn code(text: &str, comment: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with(comment))
        .collect();
    let plain = kept
        .join("\n")
        .to_lowercase()
        .replace(['"', '\\', '`'], " ")
        .replace("public.", "");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The places in `code` where one of `patterns` is said of table `table` (a whole word).
fn said(code: &str, patterns: &[&str], table: &str) -> Vec<String> {
    let mut found = Vec::new();
    for p in patterns {
        let needle = p.replace("{}", table);
        for (at, _) in code.match_indices(&needle) {
            let end = at + needle.len();
            let whole = code[end..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let starts = code[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if whole && starts {
                found.push(code[at..(end + 40).min(code.len())].to_owned());
            }
        }
    }
    found
}

/// The gateway's Rust sources but this file (which spells the statements it looks for).
fn sources() -> Vec<(PathBuf, String)> {
    rust_files(&src())
        .into_iter()
        .filter(|f| *f != src().join("append_only.rs"))
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let c = code(&text, "//");
            (f, c)
        })
        .collect()
}

fn migrations() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the migrations") {
        let f = entry.unwrap().path();
        if f.extension().is_some_and(|e| e == "sql") {
            let text = std::fs::read_to_string(&f).unwrap();
            out.push((f.clone(), code(&text, "--")));
        }
    }
    out
}

#[test]
fn no_statement_of_the_gateway_or_its_migrations_updates_or_deletes_audit_rows() {
    let mut files = sources();
    files.extend(migrations());
    assert!(files.len() > 20, "found only {} files", files.len());
    for (file, code) in &files {
        let found = said(code, &ALTERING, "audit");
        assert!(
            found.is_empty(),
            "{} changes or removes audit rows: {found:?}; the audit trail is append-only",
            file.display()
        );
    }
}

#[test]
fn no_statement_changes_or_removes_a_published_list_version() {
    // An application names the version it was filed under: a version stays as published.
    let mut files = sources();
    files.extend(migrations());
    for (file, code) in &files {
        let found = said(code, &ALTERING, "list_versions");
        assert!(
            found.is_empty(),
            "{} changes or removes list versions: {found:?}; publish a new one instead",
            file.display()
        );
    }
}

#[test]
fn only_the_audit_module_writes_or_reads_the_audit_table_and_it_only_appends() {
    let audit = src().join("audit.rs");
    let mut seen_in_audit = Vec::new();
    for (file, code) in sources() {
        let named = said(&code, &NAMING, "audit");
        if file == audit {
            seen_in_audit = named;
            for upsert in ["on conflict", "do update", "returning"] {
                assert!(
                    !code.contains(upsert),
                    "audit.rs says `{upsert}`: the audit module only INSERTs and SELECTs"
                );
            }
        } else {
            assert!(
                named.is_empty(),
                "{} names the audit table in SQL: {named:?}; only audit.rs touches it",
                file.display()
            );
        }
    }
    // The reader sees the statements that are there: one append, one search.
    assert_eq!(seen_in_audit.len(), 2, "{seen_in_audit:?}");
    assert!(seen_in_audit[0].starts_with("from audit where"));
    assert!(seen_in_audit[1].starts_with("into audit (at, operator"));
}

#[test]
fn the_guard_refuses_update_and_delete_on_both_engines_and_truncate_on_postgresql() {
    let text = std::fs::read_to_string(src().join("audit_guard.rs")).unwrap();
    let guard = code(&text, "//");
    for needle in [
        "before update on audit",
        "before delete on audit",
        "before update or delete on audit for each row",
        "before truncate on audit",
        "raise(abort",
        "raise exception",
    ] {
        assert!(guard.contains(needle), "audit_guard.rs lost `{needle}`");
    }
    let store = std::fs::read_to_string(src().join("store.rs")).unwrap();
    assert!(
        store.contains("audit_guard::install("),
        "store.rs no longer installs the guard at connect"
    );
}

#[test]
fn the_reader_finds_an_update_or_delete_however_the_statement_is_written() {
    let rust = "sqlx::query(\n  \"DELETE FROM \\\n   audit WHERE at < $1\")";
    assert_eq!(said(&code(rust, "//"), &ALTERING, "audit").len(), 1);
    let sql = "-- never: UPDATE audit\nUpdate \"audit\" SET detail = NULL;";
    assert_eq!(said(&code(sql, "--"), &ALTERING, "audit").len(), 1);
    let other = "DELETE FROM audit_x; UPDATE auditors SET x = 1; SELECT * FROM audit";
    assert!(said(&code(other, "--"), &ALTERING, "audit").is_empty());
}
