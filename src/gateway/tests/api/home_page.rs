//! The home page as served carries its first screen as static markup: the default region's first
//! list with links to the guides, from the list version in force, every text escaped.

use crate::helpers::{fresh_data_dir, spawn_app_with};
use crate::lists::{copy_assets, lists, wait_for_version};
use tongban_gateway::accounts::Role;
use tongban_rules::catalogue::home;

/// `www/index.html`'s skeleton: the home page's intro and the skeleton's lines.
const INDEX: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<base href="/"></head><body><main><!--home--><p class="lead">首页</p><!--/home-->
<!--wait--><p class="skeleton-line"></p><!--/wait--></main></body></html>"#;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn dist() -> std::path::PathBuf {
    let dir = fresh_data_dir().join("dist");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    dir
}

#[tokio::test]
async fn the_home_page_shows_the_default_region_s_first_list_with_links_to_its_guides() {
    let dist = dist();
    let app = spawn_app_with(0, &[("TONGBAN_STATIC_DIR", dist.to_str().unwrap())]).await;
    let page = app.client.get(app.at("/")).send().await.unwrap();
    let page = page.text().await.unwrap();
    let (status, catalog) = app.get_json("/api/v1/catalog").await;
    assert_eq!(status, 200);
    let region = catalog["region"].as_str().unwrap();
    let items = catalog["items"].as_array().unwrap();
    assert!(!items.is_empty());

    assert!(page.contains(&format!("<p class=\"lead\">{}</p>", home::LEAD)));
    assert!(
        !page.contains("skeleton-line"),
        "the list in the skeleton's place"
    );
    assert_eq!(
        page.matches("<li class=\"item-card\"").count(),
        items.len().min(home::PAGE),
        "the list's first page"
    );
    // 高频事项 first, each card a link to its guide under the page's base.
    let frequent = items
        .iter()
        .find(|i| i["high_frequency"]["value"] == true && i["applicable"]["value"] == true)
        .expect("a frequent item");
    let first_card = page.find("<li class=\"item-card\"").unwrap();
    assert!(page[..first_card].ends_with(&format!(
        "<section class=\"group\"><h3>{}</h3><ul class=\"items\">",
        home::FREQUENT
    )));
    let id = frequent["id"].as_str().unwrap();
    assert!(page.contains(&format!(
        "<a class=\"item-link\" href=\"items/{region}/{id}\"><span class=\"item-name\">{}</span>",
        esc(frequent["name"].as_str().unwrap())
    )));

    for path in ["/me", "/items/420800/jm-transfer", "/offices"] {
        let other = app.client.get(app.at(path)).send().await.unwrap();
        let other = other.text().await.unwrap();
        assert!(!other.contains("item-card"), "no list on {path}");
        assert!(other.contains("skeleton-line"), "the skeleton on {path}");
    }
}

#[tokio::test]
async fn an_item_s_title_from_a_published_list_is_escaped_in_the_home_page() {
    let dist = dist();
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_STATIC_DIR", dist.to_str().unwrap()),
            ("TONGBAN_LISTS_RELOAD_SECS", "1"),
        ],
    )
    .await;
    let editor = app.add_operator("editor-1", Role::Editor, "*", None).await;
    let dir = copy_assets();
    let path = dir.join("catalogue/regions/440000.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let name = "\"name\": \"医保定点医疗机构基础信息变更\"";
    assert!(text.contains(name));
    let title = r#"</a><script>alert('x')</script> & "q""#;
    let renamed = format!("\"name\": {}", serde_json::to_string(title).unwrap());
    std::fs::write(&path, text.replacen(name, &renamed, 1)).unwrap();
    let out = lists(&app.db, &editor, &["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    wait_for_version(&app, 2).await;

    let page = app.client.get(app.at("/")).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(
        page.contains(&format!("<span class=\"item-name\">{}</span>", esc(title))),
        "the new title, escaped"
    );
    assert!(!page.contains("<script>alert"), "never as markup");
}
