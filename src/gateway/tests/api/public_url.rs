//! Links and QR codes come from `TONGBAN_PUBLIC_URL`, never from the request: a `Host:
//! evil.example.com` or a forwarded proto or host from any peer leaves the printed receipt's
//! link alone, and an untrusted peer's `X-Forwarded-For` is not the audited client.

use crate::helpers::{spawn_app_with, transfer, TestApp};
use serde_json::json;
use sqlx::Row;

const PUBLIC: &str = "https://h5.jm.example.gov.cn";

/// A clerk's window submission at Jingmen's city hall; its receipt number.
async fn window_receipt(app: &TestApp, key: &str) -> String {
    let mut body = transfer("11010519491231002X");
    body["channel"] = json!("window");
    body["office"] = json!("jm-city-hall");
    let res = app
        .client
        .post(app.at("/api/v1/operator/applications"))
        .bearer_auth(&app.clerk)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let r: serde_json::Value = res.json().await.unwrap();
    r["receipt_no"].as_str().unwrap().to_owned()
}

/// The printed receipt's page for `no`, with `headers` added to the clerk's request.
async fn print(app: &TestApp, no: &str, headers: &[(&str, &str)]) -> String {
    let mut req = app
        .client
        .get(app.at(&format!("/api/v1/receipt/{no}/print")))
        .bearer_auth(&app.clerk);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.text().await.unwrap()
}

#[tokio::test]
async fn the_receipts_qr_link_is_the_configured_url_whatever_the_host_header_says() {
    let app = spawn_app_with(0, &[("TONGBAN_PUBLIC_URL", PUBLIC)]).await;
    let no = window_receipt(&app, "public-url-key-01").await;
    let page = print(&app, &no, &[("host", "evil.example.com")]).await;
    let link = format!(r#"data-href="{PUBLIC}/applications/{no}""#);
    assert!(page.contains(&link), "{link} not in {page}");
    assert!(!page.contains("evil.example.com"), "{page}");
}

#[tokio::test]
async fn forwarded_headers_of_an_untrusted_peer_are_ignored() {
    let app = spawn_app_with(0, &[("TONGBAN_PUBLIC_URL", PUBLIC)]).await;
    let no = window_receipt(&app, "public-url-key-02").await;
    let page = print(
        &app,
        &no,
        &[
            ("x-forwarded-proto", "http"),
            ("x-forwarded-host", "evil.example.com"),
            ("x-forwarded-for", "203.0.113.9"),
        ],
    )
    .await;
    let link = format!(r#"data-href="{PUBLIC}/applications/{no}""#);
    assert!(page.contains(&link), "{link} not in {page}");
    assert!(
        !page.contains("http://h5") && !page.contains("evil"),
        "{page}"
    );
    let client: String =
        sqlx::query("SELECT client FROM audit WHERE action = 'receipt.print' AND receipt_no = $1")
            .bind(&no)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
            .try_get("client")
            .unwrap();
    assert_eq!(client, "127.0.0.1", "the peer, not what it forwarded");
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_but_still_not_the_link() {
    let env = [
        ("TONGBAN_PUBLIC_URL", PUBLIC),
        ("TONGBAN_TRUSTED_PROXIES", "127.0.0.1/32"),
    ];
    let app = spawn_app_with(0, &env).await;
    let no = window_receipt(&app, "public-url-key-03").await;
    let page = print(
        &app,
        &no,
        &[
            ("host", "evil.example.com"),
            ("x-forwarded-proto", "http"),
            ("x-forwarded-for", "203.0.113.9"),
        ],
    )
    .await;
    assert!(page.contains(&format!(r#"data-href="{PUBLIC}/applications/{no}""#)));
    let client: String =
        sqlx::query("SELECT client FROM audit WHERE action = 'receipt.print' AND receipt_no = $1")
            .bind(&no)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
            .try_get("client")
            .unwrap();
    assert_eq!(client, "203.0.113.9");
}
