//! 窗口代录 and 异地代收代办: `POST /operator/applications` by a named clerk for a walk-in
//! citizen, its trip (跑动), the printed receipt, and a receipt for another region.

use crate::helpers::{transfer, TestApp};
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;
use tongban_gateway::accounts::Role;

/// `body` (a citizen's submission) as a clerk's window submission at `office`.
pub(crate) fn at_window(mut body: Value, office: &str) -> Value {
    body["channel"] = json!("window");
    body["office"] = json!(office);
    body
}

/// `POST /operator/applications` with operator token `token` under `key`.
pub(crate) async fn window_submit(
    app: &TestApp,
    token: &str,
    key: &str,
    body: &Value,
) -> (u16, Value) {
    app.post_keyed("/api/v1/operator/applications", token, key, body)
        .await
}

pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn a_window_submission_is_stored_as_one_trip_owned_by_the_window_and_names_the_clerk() {
    let app = crate::helpers::spawn_app().await;
    let jm = app
        .add_operator("jm-window-1", Role::Clerk, "420800", None)
        .await;
    let body = at_window(transfer("11010519491231002X"), "jm-city-hall");
    let (status, r) = window_submit(&app, &jm, "window-key-0001", &body).await;
    assert_eq!(status, 201, "{r}");
    let no = r["receipt_no"].as_str().unwrap().to_owned();
    assert_eq!(r["acting"], json!({"window_office": "jm-city-hall"}));
    // A retry of the same request is the same application, and still one trip.
    let (status, again) = window_submit(&app, &jm, "window-key-0001", &body).await;
    assert_eq!(
        (status, again["receipt_no"].as_str()),
        (200, Some(no.as_str()))
    );

    let row = sqlx::query(
        "SELECT channel, received_office, owner FROM applications WHERE receipt_no = $1",
    )
    .bind(&no)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let stored: (String, Option<String>, String) = (
        row.try_get("channel").unwrap(),
        row.try_get("received_office").unwrap(),
        row.try_get("owner").unwrap(),
    );
    assert_eq!(
        stored,
        (
            "window".into(),
            Some("jm-city-hall".into()),
            "window:jm-city-hall".into()
        )
    );
    let visits =
        sqlx::query("SELECT kind, office, region, item_id FROM visits WHERE receipt_no = $1")
            .bind(&no)
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    assert_eq!(visits.len(), 1, "one 跑动");
    let v = &visits[0];
    assert_eq!(
        (
            v.try_get::<String, _>("kind").unwrap(),
            v.try_get::<String, _>("office").unwrap(),
            v.try_get::<String, _>("region").unwrap(),
            v.try_get::<String, _>("item_id").unwrap()
        ),
        (
            "window".into(),
            "jm-city-hall".into(),
            "420800".into(),
            "jm-transfer".into()
        )
    );
    // The event: who (the clerk) submitted which application, when; no ID number anywhere.
    let (_, progress) = app
        .operator(&format!("/api/v1/operator/applications/{no}"), None)
        .await;
    assert_eq!(progress["timeline"][0]["by"], "jm-window-1");
    assert_eq!(progress["acting"]["window_office"], "jm-city-hall");
    let audit = sqlx::query(
        "SELECT operator, region, detail, at FROM audit WHERE action = 'window.submit' AND receipt_no = $1",
    )
    .bind(&no)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(audit.len(), 2, "the submission and its retry");
    assert_eq!(
        audit[0].try_get::<String, _>("operator").unwrap(),
        "jm-window-1"
    );
    let detail: String = audit[0].try_get("detail").unwrap();
    assert!(
        detail.contains("jm-city-hall") && !detail.contains("31002X"),
        "{detail}"
    );
    // The citizen has no session: they follow it with the receipt number and their verifier.
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{no}")))
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // No citizen session owns it; the applicant's own real-name session lists it as filed for
    // them at the window, and anyone else's lists nothing.
    let (_, mine) = app
        .send(
            Method::GET,
            "/api/v1/me/applications",
            Some(&app.token),
            None,
        )
        .await;
    assert_eq!(mine[0]["receipt_no"], no.as_str(), "{mine}");
    assert_eq!(mine[0]["acting"]["window_office"], "jm-city-hall");
    let stranger = app.session("someone-else").await;
    let (_, theirs) = app
        .send(
            Method::GET,
            "/api/v1/me/applications",
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(theirs, json!([]));
}

#[tokio::test]
async fn a_window_submission_the_rules_refuse_is_not_stored() {
    let app = crate::helpers::spawn_app().await;
    let mut body = at_window(transfer("110105194912310021"), "jm-city-hall");
    let (status, r) = window_submit(&app, &app.clerk, "window-key-0002", &body).await;
    assert_eq!(
        (status, r["code"].as_str()),
        (422, Some("validation_failed")),
        "{r}"
    );
    body["form"]["applicant.id_number"] = json!("11010519491231002X");
    body["form"]["transfer.direction"] = json!("sideways");
    let (status, _) = window_submit(&app, &app.clerk, "window-key-0003", &body).await;
    assert_eq!(status, 422);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM visits").await, 0);
}

#[tokio::test]
async fn a_clerk_cannot_submit_for_an_office_outside_their_regions() {
    let app = crate::helpers::spawn_app().await;
    let jm = app
        .add_operator("jm-window-2", Role::Clerk, "420800", None)
        .await;
    let body = transfer("11010519491231002X");
    let (status, r) = window_submit(
        &app,
        &jm,
        "window-key-0004",
        &at_window(body.clone(), "qj-district-hall"),
    )
    .await;
    assert_eq!(
        (status, r["code"].as_str()),
        (403, Some("office_not_served"))
    );
    let (status, r) = window_submit(
        &app,
        &jm,
        "window-key-0005",
        &at_window(body.clone(), "no-such-hall"),
    )
    .await;
    assert_eq!((status, r["code"].as_str()), (400, Some("unknown_office")));
    let mut online = at_window(body.clone(), "jm-city-hall");
    online["channel"] = json!("online");
    let (status, r) = window_submit(&app, &jm, "window-key-0006", &online).await;
    assert_eq!((status, r["code"].as_str()), (400, Some("unknown_channel")));
    // A citizen's session is no clerk's token.
    let (status, _) = window_submit(
        &app,
        &app.token,
        "window-key-0007",
        &at_window(body, "jm-city-hall"),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM visits").await, 0);
}

#[tokio::test]
async fn a_receipt_for_another_region_reaches_that_regions_queue_and_the_receiver_only_reads_it() {
    let app = crate::helpers::spawn_app().await;
    // A: Qianjiang's hall receives a Jingmen transfer (B = 420800).
    let qj = app
        .add_operator("qj-window", Role::Clerk, "500114", None)
        .await;
    let jm = app
        .add_operator("jm-clerk", Role::Clerk, "420800", None)
        .await;
    let body = at_window(transfer("11010519491231002X"), "qj-district-hall");
    let (status, r) = window_submit(&app, &qj, "window-key-0008", &body).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["acting"]["received_by"], "重庆市黔江区医疗保障局");
    let no = r["receipt_no"].as_str().unwrap().to_owned();

    let (_, b_queue) = app
        .operator_as(&jm, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(b_queue.as_array().unwrap().len(), 1);
    assert_eq!(b_queue[0]["receipt_no"], no.as_str());
    assert_eq!(b_queue[0]["region"], "420800");
    assert_eq!(
        b_queue[0]["acting"]["received_by"],
        "重庆市黔江区医疗保障局"
    );
    let (_, a_queue) = app
        .operator_as(&qj, "/api/v1/operator/applications", None)
        .await;
    assert_eq!(a_queue, json!([]), "not in the receiving region's queue");

    // A follows its progress but cannot move it; B can.
    let path = format!("/api/v1/operator/applications/{no}");
    let (status, seen) = app.operator_as(&qj, &path, None).await;
    assert_eq!((status, seen["status"].as_str()), (200, Some("submitted")));
    let (status, refused) = app
        .operator_as(&qj, &format!("{path}/accept"), Some(&json!({})))
        .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("received_only"))
    );
    let (status, moved) = app
        .operator_as(&jm, &format!("{path}/accept"), Some(&json!({})))
        .await;
    assert_eq!((status, moved["status"].as_str()), (200, Some("accepted")));
    assert_eq!(moved["acting"]["received_by"], "重庆市黔江区医疗保障局");
    // A third region's clerk neither handles nor received it.
    let yz = app
        .add_operator("yz-clerk", Role::Clerk, "431100", None)
        .await;
    let (status, _) = app.operator_as(&yz, &path, None).await;
    assert_eq!(status, 404);
    // The trip is the handling region's application's: counted for B.
    let row = sqlx::query("SELECT region, office FROM visits WHERE receipt_no = $1")
        .bind(&no)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("region").unwrap(), "420800");
    assert_eq!(
        row.try_get::<String, _>("office").unwrap(),
        "qj-district-hall"
    );
}

#[tokio::test]
async fn the_printed_receipt_carries_a_qr_code_of_the_progress_page_and_never_the_verifier() {
    let app = crate::helpers::spawn_app().await;
    let body = at_window(transfer("11010519491231002X"), "jm-city-hall");
    let (_, r) = window_submit(&app, &app.clerk, "window-key-0009", &body).await;
    let no = r["receipt_no"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/receipt/{no}/print");
    let res = app
        .client
        .get(app.at(&path))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let ctype = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let page = res.text().await.unwrap();
    assert!(page.contains(&no) && page.contains("<svg") && page.contains("@media print"));
    assert!(page.contains("荆门市医疗保障局") && page.contains("王*明"));
    // The number in groups of four, each a box a line never breaks inside.
    let groups: String = tongban_rules::receipt_no::groups(&no)
        .iter()
        .map(|g| format!("<span class=\"receipt-group\">{g}</span>"))
        .collect();
    assert!(page.contains(&groups), "{page}");
    assert!(page.contains(".receipt-group{display:inline-block;white-space:nowrap}"));
    // Typed back in lower case with spaces, the clerk prints the same receipt.
    let typed = tongban_rules::receipt_no::grouped(&no).to_lowercase();
    let (status, _) = app
        .send(
            Method::GET,
            &format!("/api/v1/receipt/{typed}/print"),
            Some(&app.clerk),
            None,
        )
        .await;
    assert_eq!(status, 200, "{typed}");
    for secret in ["31002X", "11010519491231002X", "13800138000"] {
        assert!(!page.contains(secret), "{secret} is on the paper");
    }
    // Operators only, and each print is audited.
    let (status, _) = app.send(Method::GET, &path, Some(&app.token), None).await;
    assert_eq!(status, 401);
    let (status, _) = app.send(Method::GET, &path, None, None).await;
    assert_eq!(status, 401);
    let printed = count(
        &app,
        "SELECT COUNT(*) FROM audit WHERE action = 'receipt.print' AND operator = 'clerk'",
    )
    .await;
    assert_eq!(printed, 2, "two prints, two audit rows");
    // Another region's clerk gets the one 404.
    let yz = app
        .add_operator("yz-print", Role::Clerk, "431100", None)
        .await;
    let (status, _) = app.send(Method::GET, &path, Some(&yz), None).await;
    assert_eq!(status, 404);
}
