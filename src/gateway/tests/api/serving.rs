//! Where the app is served: under `TONGBAN_BASE_PATH` with its API beside it, platforms'
//! verification files from `TONGBAN_VERIFY_DIR` at the root, and the CSP's configured origins.

use crate::helpers::{fresh_data_dir, spawn_app_with};
use std::path::PathBuf;

const INDEX: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<base href="/"><link rel="stylesheet" href="style-0123456789abcdef.css"></head><body></body></html>"#;

/// `www/index.html`'s skeleton: the home page's intro, which a guide's page has its own in place of.
const INDEX_WITH_INTRO: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<base href="/"></head><body><main><!--home--><p class="lead">首页</p><!--/home--></main></body></html>"#;

/// A built bundle's shape: index.html with its `<base href="/">` and one hashed asset.
fn dist() -> PathBuf {
    dist_of(INDEX)
}

fn dist_of(index: &str) -> PathBuf {
    let dir = fresh_data_dir().join("dist");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(dir.join("style-0123456789abcdef.css"), "body{}").unwrap();
    dir
}

async fn get(url: &str) -> (u16, String, reqwest::header::HeaderMap) {
    let res = reqwest::get(url).await.unwrap();
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    (status, res.text().await.unwrap(), headers)
}

#[tokio::test]
async fn under_a_base_path_the_app_its_routes_and_its_api_answer_beside_each_other() {
    let static_dir = dist();
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_BASE_PATH", "/h5/"),
            ("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap()),
        ],
    )
    .await;
    let root = app.url.trim_end_matches("/h5").to_owned();
    assert!(app.url.ends_with("/h5"), "{}", app.url);

    // The bare prefix too: the page's <base href> makes its relative paths the same.
    for path in ["/h5", "/h5/", "/h5/index.html", "/h5/apply/440000/gd-17"] {
        let (status, body, headers) = get(&format!("{root}{path}")).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(r#"<base href="/h5/">"#), "{path}: {body}");
        assert!(!body.contains(r#"<base href="/">"#), "{path}");
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
    }

    let (status, body, headers) = get(&format!("{root}/h5/style-0123456789abcdef.css")).await;
    assert_eq!((status, body.as_str()), (200, "body{}"));
    assert!(headers["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));

    let (status, body, _) = get(&format!("{root}/h5/api/v1/regions")).await;
    assert_eq!(status, 200);
    assert!(body.contains("440000"), "{body}");
    assert_eq!(
        get(&format!("{root}/api/v1/regions")).await.0,
        404,
        "nothing at the root"
    );
    assert_eq!(
        get(&format!("{root}/healthz")).await.0,
        200,
        "probes stay at the root"
    );
}

#[tokio::test]
async fn at_the_root_index_html_keeps_its_own_base() {
    let static_dir = dist();
    let app = spawn_app_with(0, &[("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap())]).await;
    for path in ["/", "/index.html", "/offices"] {
        let (status, body, _) = get(&app.at(path)).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(r#"<base href="/">"#), "{path}: {body}");
    }
}

#[tokio::test]
async fn index_html_carries_the_default_catalogue_cut_to_what_a_list_reads() {
    let static_dir = dist();
    let app = spawn_app_with(0, &[("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap())]).await;
    let (_, page, _) = get(&app.at("/")).await;
    let open = r#"<script type="application/json" id="catalog">"#;
    let block = page
        .split(open)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next());
    let listing: serde_json::Value = serde_json::from_str(block.expect("the data block")).unwrap();
    let (_, full, _) = get(&app.at("/api/v1/catalog")).await;
    let full: serde_json::Value = serde_json::from_str(&full).unwrap();

    assert_eq!(listing["region"], full["region"]);
    assert_eq!(listing["version"], full["version"]);
    let (cut, whole) = (
        listing["items"].as_array().unwrap(),
        full["items"].as_array().unwrap(),
    );
    assert_eq!(cut.len(), whole.len());
    assert!(!cut.is_empty());
    for (c, w) in cut.iter().zip(whole) {
        let c = c.as_object().unwrap();
        let mut keys: Vec<&str> = c.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut listed = tongban_rules::catalogue::LISTED.to_vec();
        listed.sort_unstable();
        assert_eq!(keys, listed, "only the list's members");
        for (k, v) in c {
            assert_eq!(&w[k], v, "{k} as /catalog has it");
        }
    }
    assert!(
        !page.contains("\"materials\""),
        "no material lists in the page"
    );
}

/// The JSON data block `id` of a served page, parsed.
fn data_block(page: &str, id: &str) -> Option<serde_json::Value> {
    let open = format!(r#"<script type="application/json" id="{id}">"#);
    let block = page
        .split(open.as_str())
        .nth(1)?
        .split("</script>")
        .next()?;
    Some(serde_json::from_str(block).unwrap())
}

#[tokio::test]
async fn a_guide_s_deep_link_carries_its_item_and_no_other_page_does() {
    let static_dir = dist_of(INDEX_WITH_INTRO);
    let app = spawn_app_with(0, &[("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap())]).await;
    let (_, page, _) = get(&app.at("/items/420800/jm-transfer")).await;
    let inline = data_block(&page, "item").expect("the item in the page");
    let (_, answer, _) = get(&app.at("/api/v1/items/jm-transfer?region=420800")).await;
    let mut answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert!(
        answer.get("schema").is_some(),
        "the API answer has the form"
    );
    answer.as_object_mut().unwrap().remove("schema");
    assert_eq!(
        inline, answer,
        "the item as GET /items answers it, without its form"
    );
    assert!(
        data_block(&page, "catalog").is_some(),
        "and the default catalogue"
    );
    // The guide's first sections as static markup, from the same item: its title, and each
    // condition and material as a list entry.
    let item = &inline;
    let text = |v: &serde_json::Value| {
        let v = v
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        v.replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    assert!(
        page.contains(&format!(
            "<h2 id=\"guide-title\">{}</h2>",
            text(&item["name"])
        )),
        "the guide's title in the page"
    );
    let conditions = item["conditions"].as_array().unwrap();
    assert!(!conditions.is_empty());
    for c in conditions {
        assert!(page.contains(&format!("<li>{}</li>", text(&c["value"]))));
    }
    for m in item["materials"].as_array().unwrap() {
        assert!(page.contains(&format!(
            "<li class=\"material\"><span class=\"material-name\">{}</span>",
            text(&m["name"])
        )));
    }
    assert!(
        !page.contains("class=\"lead\""),
        "not the home page's intro"
    );

    for path in [
        "/",
        "/items/420800/no-such-item",
        "/items/420800",
        "/apply/420800/jm-transfer",
    ] {
        let (status, page, _) = get(&app.at(path)).await;
        assert_eq!(status, 200, "{path}");
        assert!(data_block(&page, "item").is_none(), "{path}");
        assert!(!page.contains("guide-title"), "no guide markup on {path}");
    }
}

#[tokio::test]
async fn verification_files_answer_at_the_root_and_nothing_else_does() {
    let verify = fresh_data_dir().join("verify");
    std::fs::create_dir_all(verify.join("sub")).unwrap();
    std::fs::write(verify.join("MP_verify_AbC123.txt"), "AbC123").unwrap();
    std::fs::write(verify.join("sub").join("inner.txt"), "inner").unwrap();
    std::fs::write(verify.join(".hidden.txt"), "hidden").unwrap();
    std::fs::write(verify.join("page.html"), "<p>").unwrap();
    let secret = fresh_data_dir();
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::write(secret.join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.join("secret.txt"), verify.join("link.txt")).unwrap();
    let static_dir = dist();
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_BASE_PATH", "/h5"),
            ("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap()),
            ("TONGBAN_VERIFY_DIR", verify.to_str().unwrap()),
        ],
    )
    .await;
    let root = app.url.trim_end_matches("/h5").to_owned();

    let (status, body, headers) = get(&format!("{root}/MP_verify_AbC123.txt")).await;
    assert_eq!((status, body.as_str()), (200, "AbC123"));
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));

    for path in [
        "/sub/inner.txt",
        "/.hidden.txt",
        "/page.html",
        "/link.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e/secret.txt",
        "/missing.txt",
    ] {
        let (status, body, _) = get(&format!("{root}{path}")).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("secret") && !body.contains("inner") && !body.contains("hidden"));
    }
}

#[tokio::test]
async fn configured_origins_join_the_csp_script_and_connect_sources() {
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_SCRIPT_ORIGINS", "https://portal.zjzwfw.gov.cn"),
            ("TONGBAN_CONNECT_ORIGINS", "https://zwlog.example.gov.cn"),
        ],
    )
    .await;
    let (_, _, headers) = get(&app.at("/api/v1/regions")).await;
    let csp = headers["content-security-policy"].to_str().unwrap();
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        directive("script-src").ends_with("https://portal.zjzwfw.gov.cn"),
        "{csp}"
    );
    assert_eq!(
        directive("connect-src"),
        "connect-src 'self' https://zwlog.example.gov.cn"
    );
    assert_eq!(directive("base-uri"), "base-uri 'self'");
}

#[tokio::test]
async fn under_a_base_path_the_printed_receipt_links_the_progress_page_under_it() {
    let static_dir = dist();
    let app = spawn_app_with(
        0,
        &[
            ("TONGBAN_BASE_PATH", "/h5"),
            ("TONGBAN_STATIC_DIR", static_dir.to_str().unwrap()),
        ],
    )
    .await;
    let (status, r) = app
        .submit(
            "serving-key-0001",
            &crate::helpers::transfer("11010519491231002X"),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    let no = r["receipt_no"].as_str().unwrap();
    let page = app
        .client
        .get(app.at(&format!("/api/v1/receipt/{no}/print")))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let root = app.url.trim_end_matches("/h5");
    let link = format!(r#"data-href="{root}/h5/applications/{no}""#);
    assert!(page.contains(&link), "{link} not in {page}");
}

#[tokio::test]
async fn cors_answers_the_connect_origins_only_and_never_with_credentials() {
    let app = spawn_app_with(
        0,
        &[(
            "TONGBAN_CONNECT_ORIGINS",
            "https://h5.example.gov.cn, wss://push.example.gov.cn",
        )],
    )
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.at("/api/v1/applications"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type,idempotency-key",
            )
            .send()
    };
    let allowed = preflight("https://h5.example.gov.cn").await.unwrap();
    let headers = allowed.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://h5.example.gov.cn"
    );
    assert!(headers.get("access-control-allow-credentials").is_none());
    let named = headers["access-control-allow-headers"].to_str().unwrap();
    assert!(named.contains("idempotency-key"), "{named}");
    for other in ["https://evil.example.com", "wss://push.example.gov.cn"] {
        let refused = preflight(other).await.unwrap();
        assert!(
            refused
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{other}"
        );
    }
}
