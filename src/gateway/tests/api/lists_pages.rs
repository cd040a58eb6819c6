//! `index.html` follows the published lists: its catalogue and a guide's item are the version
//! in force when the page is served.

use crate::helpers::{fresh_data_dir, spawn_app_with};
use crate::lists::{copy_assets, lists, rename_first_material, wait_for_version};
use tongban_gateway::accounts::Role;

/// The JSON data block `id` of a served page, parsed.
fn data_block(page: &str, id: &str) -> serde_json::Value {
    let open = format!(r#"<script type="application/json" id="{id}">"#);
    let block = page.split(open.as_str()).nth(1).unwrap();
    serde_json::from_str(block.split("</script>").next().unwrap()).unwrap()
}

#[tokio::test]
async fn index_html_inlines_the_list_version_in_force() {
    let dist = fresh_data_dir().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><base href=\"/\"></head><body></body></html>",
    )
    .unwrap();
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_STATIC_DIR", dist.to_str().unwrap()),
            ("TONGBAN_LISTS_RELOAD_SECS", "1"),
        ],
    )
    .await;
    let page = || async {
        let res = app
            .client
            .get(app.at("/items/420800/jm-transfer"))
            .send()
            .await
            .unwrap();
        res.text().await.unwrap()
    };
    let before = page().await;
    assert_eq!(data_block(&before, "catalog")["list_version"], 1);
    assert_eq!(data_block(&before, "item")["list"]["number"], 1);
    let editor = app.add_operator("editor-1", Role::Editor, "*", None).await;
    let dir = copy_assets();
    let renamed = rename_first_material(&dir);
    let out = lists(&app.db, &editor, &["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    wait_for_version(&app, 2).await;
    let after = page().await;
    let catalog = data_block(&after, "catalog");
    assert_eq!(catalog["list_version"], 2);
    assert!(catalog["version"].as_str().unwrap().starts_with("v2."));
    let item = data_block(&after, "item");
    assert_eq!(item["list"]["number"], 2);
    assert_eq!(item["materials"][0]["name"], renamed.as_str());
}
