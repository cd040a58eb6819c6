//! 窗口代录, continued: the trips (跑动) a window counts in the statistics, a citizen who came in
//! person for a return, and an item filed only at the window.

use crate::helpers::transfer;
use crate::window::{at_window, count, window_submit};
use serde_json::{json, Value};
use tongban_gateway::accounts::Role;

#[tokio::test]
async fn window_trips_and_receipts_for_another_region_show_in_the_operator_statistics() {
    let app = crate::helpers::spawn_app().await;
    // Jingmen: one online submission (0 trips), one at Jingmen's window (+1), one received at
    // Qianjiang's hall for Jingmen (+1, counted for Jingmen): 2 trips over 3 = 0.67.
    let (status, _) = app
        .submit("online-key-0001", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201);
    let jm_body = at_window(transfer("11010519491231002X"), "jm-city-hall");
    let (status, _) = window_submit(&app, &app.clerk, "window-key-0010", &jm_body).await;
    assert_eq!(status, 201);
    let qj_body = at_window(transfer("11010519491231002X"), "qj-district-hall");
    let (status, _) = window_submit(&app, &app.clerk, "window-key-0011", &qj_body).await;
    assert_eq!(status, 201);

    let (status, jm) = app
        .operator("/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(status, 200, "{jm}");
    assert_eq!(
        (jm["applications"].as_i64(), jm["visits"].as_i64()),
        (Some(3), Some(2))
    );
    let v = jm["targets"]["visits_per_application"]["value"]
        .as_f64()
        .unwrap();
    assert!((v - 2.0 / 3.0).abs() < 1e-9, "{v}");
    // QJ's targets are a local measure: none in Jingmen.
    assert_eq!(
        jm["targets"]["visits_per_application"]["target"],
        Value::Null
    );
    assert_eq!(jm["targets"]["visits_per_application"]["met"], Value::Null);
    let transfer_row = jm["per_item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["item"] == "jm-transfer")
        .unwrap();
    assert_eq!(
        (
            transfer_row["applications"].as_i64(),
            transfer_row["visits"].as_i64()
        ),
        (Some(3), Some(2))
    );

    let (_, qj) = app
        .operator("/api/v1/operator/stats?region=500114", None)
        .await;
    assert_eq!(
        (
            qj["applications"].as_i64(),
            qj["received_for_others"].as_i64()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(
        qj["targets"]["visits_per_application"]["value"],
        Value::Null
    );
    assert_eq!(
        qj["targets"]["visits_per_application"]["target"]["label"],
        "≤ 0.3"
    );
    assert_eq!(qj["targets"]["immediate_share"]["met"], false);

    let res = app
        .client
        .get(app.at("/api/v1/operator/reports/progress.csv?region=500114"))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    let csv = res.text().await.unwrap();
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("合计,") && last.contains("异地代收1件"),
        "{last}"
    );
    assert!(
        last.contains("—（目标≤ 0.3）"),
        "no application yet, so no verdict: {last}"
    );
}

#[tokio::test]
async fn a_returned_application_whose_citizen_came_in_person_counts_one_trip() {
    let app = crate::helpers::spawn_app().await;
    let (_, r) = app
        .submit("online-key-0101", &transfer("11010519491231002X"))
        .await;
    let receipt = r["receipt_no"].as_str().unwrap();
    let visit = format!("/api/v1/operator/applications/{receipt}/visits");
    let office = serde_json::json!({"office": "jm-city-hall"});
    // Not waiting for a correction: no return visit to record.
    let (status, body) = app.operator(&visit, Some(&office)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("not_returned")));
    let (status, _) = app
        .operator(
            &format!("/api/v1/operator/applications/{receipt}/return"),
            Some(&serde_json::json!({"note": "请补充", "materials": ["参保缴费凭证"]})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app.operator(&visit, Some(&office)).await;
    assert_eq!(status, 204);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM visits WHERE kind = 'return' AND office = 'jm-city-hall'"
        )
        .await,
        1
    );
    let (_, jm) = app
        .operator("/api/v1/operator/stats?region=420800", None)
        .await;
    assert_eq!(
        (jm["applications"].as_i64(), jm["visits"].as_i64()),
        (Some(1), Some(1)),
        "{jm}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit WHERE action = 'visit.return'"
        )
        .await,
        1
    );
}

/// A complete 医疗救助对象手工（零星）报销 of Jingmen, whose channels (JM 19) are the window's only.
fn assistance_reimbursement() -> Value {
    json!({"region": "420800", "item": "jm-assistance-reimbursement", "form": {
        "applicant.name": "王小明", "applicant.id_type": "resident",
        "applicant.id_number": "11010519491231002X", "applicant.phone": "13800138000",
        "claim.type": "outpatient", "claim.hospital": "荆门市第一人民医院",
        "claim.start_date": "2026-01-05", "claim.amount": "320.50",
        "payment.bank_name": "中国银行", "payment.bank_card": "6222021234567890128"}})
}

#[tokio::test]
async fn an_item_filed_only_at_the_window_is_refused_online_and_taken_by_the_clerk() {
    let app = crate::helpers::spawn_app().await;
    // The citizen's phone: 409 not_online, nothing stored.
    let (status, err) = app
        .submit("not-online-key-1", &assistance_reimbursement())
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["code"], "not_online");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM applications").await,
        0,
        "nothing stored"
    );
    // The clerk at the window files it.
    let jm = app
        .add_operator("jm-window-9", Role::Clerk, "420800", None)
        .await;
    let body = at_window(assistance_reimbursement(), "jm-city-hall");
    let (status, r) = window_submit(&app, &jm, "not-online-window-1", &body).await;
    assert_eq!(status, 201, "{r}");
    // An item whose channels include 全程网办 is still taken online.
    let (status, r) = app
        .submit("online-ok-key-1", &transfer("11010519491231002X"))
        .await;
    assert_eq!(status, 201, "{r}");
}
