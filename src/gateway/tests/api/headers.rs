//! Headers and edges: personal answers are never stored by a cache, unknown API paths are a
//! JSON 404, stored files are downloaded in a sandbox, and HTTPS is insisted on.

use crate::helpers::{spawn_app, transfer};

#[tokio::test]
async fn answers_with_personal_data_are_never_stored_by_a_cache() {
    let app = spawn_app().await;
    let (_, r) = app
        .submit("no-store-key-1234", &transfer("11010519491231002X"))
        .await;
    let no = r["receipt_no"].as_str().unwrap();
    let get = |path: String, bearer: &'static str| {
        let bearer = if bearer == "operator" {
            app.clerk.clone()
        } else {
            app.token.clone()
        };
        app.client.get(app.at(&path)).bearer_auth(bearer).send()
    };
    for (path, who) in [
        (format!("/api/v1/applications/{no}"), "citizen"),
        ("/api/v1/me/applications".to_owned(), "citizen"),
        ("/api/v1/me/notifications".to_owned(), "citizen"),
        ("/api/v1/operator/applications".to_owned(), "operator"),
        (format!("/api/v1/operator/applications/{no}"), "operator"),
        (
            "/api/v1/operator/stats?region=420800".to_owned(),
            "operator",
        ),
    ] {
        let res = get(path.clone(), who).await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let session = app
        .client
        .post(app.at("/api/v1/session"))
        .json(&serde_json::json!({"ticket": crate::helpers::ticket("c-2", "wechat", chrono::Utc::now().timestamp() + 60)}))
        .send()
        .await
        .unwrap();
    assert_eq!(session.headers()["cache-control"], "no-store");
    let catalog = app
        .client
        .get(app.at("/api/v1/catalog?region=420800"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        catalog.headers()["cache-control"],
        "no-cache",
        "the catalogue keeps its ETag policy"
    );
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/nothing-here",
        "/api/v1/applications/TB1/unknown/deeper",
    ] {
        let res = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 404, "{path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{path}: {body}");
    }
}

#[tokio::test]
async fn every_answer_asks_for_https_for_a_year() {
    let app = spawn_app().await;
    for path in ["/api/v1/regions", "/healthz", "/"] {
        let res = app.client.get(app.at(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_stored_file_is_downloaded_in_a_sandbox_never_shown_inline() {
    let app = spawn_app().await;
    let res = app
        .upload("参保凭证", "application/pdf", b"%PDF-1.4 <script>".to_vec())
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app.attachment(&app.token, &id).await;
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(res.headers()["content-security-policy"], "sandbox");
}
