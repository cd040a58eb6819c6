use crate::helpers::{spawn_app, transfer};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn failed_lookups_are_rate_limited_even_for_the_right_verifier_afterwards() {
    let app = spawn_app().await;
    let (_, r) = app
        .submit("limit-key-123456", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let path = format!("/api/v1/applications/{receipt}");
    crate::limit_window::with_a_window_ahead().await;
    let get = |verifier: &'static str| {
        app.client
            .get(app.at(&path))
            .header("Tongban-Verifier", verifier)
            .send()
    };
    for _ in 0..10 {
        assert_eq!(get("000000").await.unwrap().status().as_u16(), 404);
    }
    assert_eq!(get("000000").await.unwrap().status().as_u16(), 429);
    assert_eq!(
        get("31002X").await.unwrap().status().as_u16(),
        429,
        "past the limit even a right guess is not confirmed"
    );
    let (status, _) = app.send(Method::GET, &path, Some(&app.token), None).await;
    assert_eq!(status, 200, "the owner's session is not limited");
}

#[tokio::test]
async fn every_answer_carries_a_csp_fit_for_the_wasm_app() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.at("/api/v1/regions"))
        .send()
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("object-src 'none'"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_4xx() {
    let app = spawn_app().await;
    let mut body = transfer("11010519491231002X");
    body["form"]["padding"] = json!("x".repeat(100 * 1024));
    let (status, _) = app.submit("big-body-123456", &body).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn attachments_accept_images_and_pdfs_only_and_only_their_owner_reads_them() {
    let app = spawn_app().await;
    let upload = |ct: &'static str, bytes: Vec<u8>| app.upload("参保凭证", ct, bytes);
    let res = upload("image/png", b"\x89PNG\r\n\x1a\nrest".to_vec()).await;
    assert_eq!(res.status().as_u16(), 201);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        upload("text/html", b"<p>".to_vec()).await.status().as_u16(),
        415
    );
    assert_eq!(
        upload("image/png", b"GIF89a".to_vec())
            .await
            .status()
            .as_u16(),
        415,
        "the bytes must match the declared type"
    );
    let mut body = transfer("11010519491231002X");
    body["attachments"] = json!([id]);
    let (status, r) = app.submit("attach-key-123456", &body).await;
    assert_eq!(status, 201, "{r}");
    let (status, r) = app.submit("attach-key-654321", &body).await;
    assert_eq!(
        (status, r["code"].as_str()),
        (400, Some("unknown_attachment")),
        "an attachment belongs to one application"
    );
    let big = [b"%PDF-".to_vec(), vec![0; 5 * 1024 * 1024]].concat();
    assert_eq!(upload("application/pdf", big).await.status().as_u16(), 413);

    let path = format!("/api/v1/attachments/{id}");
    let own = app
        .client
        .get(app.at(&path))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status().as_u16(), 200);
    let other = app.session("citizen-7").await;
    let theirs = app
        .client
        .get(app.at(&path))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status().as_u16(), 404);
    let op = app
        .client
        .get(app.at(&path))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(op.status().as_u16(), 200);
}

#[tokio::test]
async fn offices_are_sorted_by_distance_from_the_given_position() {
    let app = spawn_app().await;
    let (status, list) = app
        .send(
            Method::GET,
            "/api/v1/offices?region=440000&near=23.13,113.26",
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let d: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["distance_m"].as_u64().unwrap())
        .collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    let (status, _) = app
        .send(
            Method::GET,
            "/api/v1/offices?region=440000&near=abc",
            None,
            None,
        )
        .await;
    assert_eq!(status, 400);
}
