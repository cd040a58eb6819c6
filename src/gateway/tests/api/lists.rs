//! The bureau's lists as published versions: `lists check` and `lists publish` refuse a broken
//! file and store nothing; a publication is served by every running copy over the same
//! database within the reload interval (here 1 s: `TONGBAN_LISTS_RELOAD_SECS`), and audited.

use crate::helpers::{fresh_data_dir, restart, spawn_app_with, transfer, TestApp};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tongban_gateway::accounts::Role;
use tongban_gateway::lists::versions;

const RELOAD: (&str, &str) = ("TONGBAN_LISTS_RELOAD_SECS", "1");

/// A copy of the build's lists (`assets/`) for an editor to change.
pub fn copy_assets() -> PathBuf {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    let to = fresh_data_dir().join("lists");
    for sub in tongban_gateway::lists::files::FOLDERS {
        std::fs::create_dir_all(to.join(sub)).unwrap();
        for e in std::fs::read_dir(assets.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, to.join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    to
}

/// `tongban-gateway lists <args>` against `db`, signed with `token`.
pub fn lists(db: &str, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongban-gateway"))
        .arg("lists")
        .args(args)
        .env("TONGBAN_DATABASE_URL", db)
        .env("TONGBAN_EDITOR_TOKEN", token)
        .output()
        .expect("run the gateway binary")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// Jingmen's transfer (`jm-transfer`, the first item of `regions/420800.json`) with its first
/// material renamed; the new name.
pub fn rename_first_material(dir: &Path) -> String {
    let path = dir.join("catalogue/regions/420800.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\"materials\": [").unwrap();
    let name = at + text[at..].find("\"name\": \"").unwrap() + 9;
    let end = name + text[name..].find('"').unwrap();
    let renamed = format!("原件：{}", &text[name..end]);
    std::fs::write(&path, format!("{}{renamed}{}", &text[..name], &text[end..])).unwrap();
    renamed
}

/// The first material's name of `jm-transfer` as `app` serves it, with the list version.
async fn served(app: &TestApp) -> (String, i64) {
    let (status, item) = app
        .get_json("/api/v1/items/jm-transfer?region=420800")
        .await;
    assert_eq!(status, 200, "{item}");
    let name = item["materials"][0]["name"].as_str().unwrap().to_owned();
    (name, item["list"]["number"].as_i64().unwrap())
}

/// Waits (bounded: 30 s, far past the 1 s interval) until `app` serves list version `number`.
pub async fn wait_for_version(app: &TestApp, number: i64) {
    let start = Instant::now();
    loop {
        if served(app).await.1 == number {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{} still serves an older version",
            app.url
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn check_and_publish_refuse_a_broken_file_with_its_file_line_and_reason_and_store_nothing() {
    let app = spawn_app_with(0, &[RELOAD]).await;
    let editor = app.add_operator("editor-1", Role::Editor, "*", None).await;
    let dir = copy_assets();
    let region = dir.join("catalogue/regions/420800.json");
    let original = std::fs::read_to_string(&region).unwrap();
    // Line 3 loses its first quote.
    let mut lines: Vec<String> = original.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replacen('"', "", 1);
    std::fs::write(&region, lines.join("\n")).unwrap();
    let told = format!("{}:3: ", region.display());
    for cmd in ["check", "publish"] {
        let out = lists(&app.db, &editor, &[cmd, dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with(&told), "{cmd}: {stdout}");
        assert!(
            stdout.contains("key must be a string"),
            "{cmd}: the reason: {stdout}"
        );
        assert!(text(&out.stderr).contains("1 refusal(s)"), "{cmd}");
    }
    let newest = versions::newest(&app.store).await.unwrap().unwrap();
    assert_eq!(newest.info.number, 1, "nothing was published");
    assert_eq!(newest.info.author, versions::ASSETS);
    assert_eq!(served(&app).await.1, 1);
}

#[tokio::test]
async fn a_clerk_cannot_publish_lists() {
    let app = spawn_app_with(0, &[RELOAD]).await;
    let out = lists(
        &app.db,
        &app.clerk,
        &["publish", copy_assets().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("only an editor publishes lists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        versions::newest(&app.store)
            .await
            .unwrap()
            .unwrap()
            .info
            .number,
        1
    );
}

#[tokio::test]
async fn a_published_material_is_served_by_two_running_copies_of_one_database_and_audited() {
    // Two copies over one database: SQLite here, one PostgreSQL database with
    // TONGBAN_TEST_POSTGRES_URL (pkg-scripts/test).
    let one = spawn_app_with(0, &[RELOAD]).await;
    let two = restart(&one, &[RELOAD], "clerk-two").await;
    let (before, version) = served(&one).await;
    assert_eq!(version, 1);
    let res = one
        .client
        .get(one.at("/api/v1/catalog?region=420800"))
        .send()
        .await
        .unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("\"v1."), "{etag}");
    let editor = one.add_operator("editor-1", Role::Editor, "*", None).await;
    let dir = copy_assets();
    let renamed = rename_first_material(&dir);
    assert_ne!(renamed, before);
    let out = lists(
        &one.db,
        &editor,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--source",
            "荆门市医保局 办事指南 2026-12",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("published list version 2"), "{stdout}");
    assert!(stdout.contains("materials ~1"), "{stdout}");
    for app in [&one, &two] {
        wait_for_version(app, 2).await;
        assert_eq!(served(app).await.0, renamed, "{}", app.url);
        let (_, item) = app
            .get_json("/api/v1/items/jm-transfer?region=420800")
            .await;
        assert_eq!(item["list"]["sources"][0], "荆门市医保局 办事指南 2026-12");
        // The old ETag is stale; the new one answers 304.
        let res = app
            .get_if_none_match("/api/v1/catalog?region=420800", &etag)
            .await;
        assert_eq!(res.status().as_u16(), 200);
        let new_etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["list_version"], 2);
        assert!(new_etag.starts_with("\"v2."), "{new_etag}");
        let res = app
            .get_if_none_match("/api/v1/catalog?region=420800", &new_etag)
            .await;
        assert_eq!(res.status().as_u16(), 304);
    }
    // The publication's audit row: the editor, the version, its diff's counts.
    let auditor = one
        .add_operator("auditor-1", Role::Auditor, "*", None)
        .await;
    let (status, rows) = one
        .operator_as(&auditor, "/api/v1/operator/audit?operator=editor-1", None)
        .await;
    assert_eq!(status, 200, "{rows}");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["action"], "lists.publish");
    let detail = rows[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("version=2 effective="), "{detail}");
    assert!(detail.contains("materials ~1"), "{detail}");
    let stored = versions::newest(&one.store).await.unwrap().unwrap();
    assert_eq!(stored.info.author, "editor-1");
    assert_eq!(stored.diff.materials_changed, ["420800/jm-transfer"]);
}

#[tokio::test]
async fn an_application_keeps_the_rules_of_the_version_it_was_filed_under() {
    let app = spawn_app_with(0, &[RELOAD]).await;
    let (status, old) = app
        .submit("lists-key-0000001", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{old}");
    assert_eq!(old["list_version"], 1);
    let old_no = old["receipt_no"].as_str().unwrap().to_owned();
    // Version 2 renames the item.
    let dir = copy_assets();
    let path = dir.join("catalogue/regions/420800.json");
    let renamed = std::fs::read_to_string(&path).unwrap().replacen(
        "\"name\": \"医保关系转移接续\"",
        "\"name\": \"基本医保关系转移接续\"",
        1,
    );
    std::fs::write(&path, renamed).unwrap();
    let editor = app.add_operator("editor-1", Role::Editor, "*", None).await;
    let out = lists(&app.db, &editor, &["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    wait_for_version(&app, 2).await;
    let (status, new) = app
        .submit("lists-key-0000002", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{new}");
    assert_eq!(new["list_version"], 2);
    let new_no = new["receipt_no"].as_str().unwrap();
    // The clerk's view and the applicant's progress show each one's own version.
    for (no, version, name) in [
        (old_no.as_str(), 1, "医保关系转移接续"),
        (new_no, 2, "基本医保关系转移接续"),
    ] {
        let (status, p) = app
            .operator(&format!("/api/v1/operator/applications/{no}"), None)
            .await;
        assert_eq!(status, 200, "{p}");
        assert_eq!(
            (p["list_version"].as_i64(), p["item_name"].as_str()),
            (Some(version), Some(name))
        );
        let res = app
            .client
            .get(app.at(&format!("/api/v1/applications/{no}")))
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let p: Value = res.json().await.unwrap();
        assert_eq!(
            (p["list_version"].as_i64(), p["item_name"].as_str()),
            (Some(version), Some(name))
        );
    }
}

#[tokio::test]
async fn an_item_carries_its_list_version_and_answers_304_to_its_etag() {
    let app = spawn_app_with(0, &[RELOAD]).await;
    let path = "/api/v1/items/jm-transfer?region=420800";
    let res = app.client.get(app.at(path)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("\"v1."), "{etag}");
    let item: Value = res.json().await.unwrap();
    assert_eq!(item["list"]["number"], 1);
    assert!(item["list"]["effective_at"]
        .as_str()
        .unwrap()
        .ends_with('Z'));
    let again = app.get_if_none_match(path, &etag).await;
    assert_eq!(again.status().as_u16(), 304);
}

#[tokio::test]
async fn a_version_effective_later_is_stored_at_once_and_served_from_its_time() {
    let app = spawn_app_with(0, &[RELOAD]).await;
    let editor = app.add_operator("editor-1", Role::Editor, "*", None).await;
    let dir = copy_assets();
    rename_first_material(&dir);
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let out = lists(
        &app.db,
        &editor,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--effective",
            &later.to_rfc3339(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let now = chrono::Utc::now();
    assert_eq!(versions::served_at(&app.store, now).await.unwrap(), Some(1));
    let at_its_time = later + chrono::Duration::seconds(1);
    assert_eq!(
        versions::served_at(&app.store, at_its_time).await.unwrap(),
        Some(2)
    );
    assert_eq!(
        versions::newest(&app.store)
            .await
            .unwrap()
            .unwrap()
            .info
            .effective_at
            .timestamp(),
        later.timestamp()
    );
}
