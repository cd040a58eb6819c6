use crate::helpers::spawn_app;

#[tokio::test]
async fn regions_lists_the_four_seed_regions() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/regions").await;
    assert_eq!(status, 200);
    let codes: Vec<_> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect();
    for code in ["440000", "431100", "420800", "500114"] {
        assert!(codes.contains(&code.to_owned()), "{code} in {codes:?}");
    }
}

#[tokio::test]
async fn catalog_returns_a_regions_items_and_honours_its_etag() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.at("/api/v1/catalog?region=440000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 18);
    assert_eq!(format!("\"{}\"", body["version"].as_str().unwrap()), etag);

    let again = app
        .get_if_none_match("/api/v1/catalog?region=440000", &etag)
        .await;
    assert_eq!(again.status().as_u16(), 304);
}

#[tokio::test]
async fn catalog_of_an_unknown_region_is_a_404_in_the_error_shape() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/catalog?region=999999").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "unknown_region");
}

#[tokio::test]
async fn catalog_without_a_region_answers_the_first_region_and_names_it() {
    let app = spawn_app().await;
    let (_, regions) = app.get_json("/api/v1/regions").await;
    let (status, body) = app.get_json("/api/v1/catalog").await;
    assert_eq!(status, 200);
    assert_eq!(body["region"], regions[0]["code"]);
    assert!(!body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn an_item_without_a_region_is_a_400_in_the_error_shape() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/items/jm-transfer").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "bad_query");
}

#[tokio::test]
async fn item_returns_the_resolved_item_with_its_sources() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/items/jm-transfer?region=420800")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["promised_days"]["value"], 15);
    assert_eq!(body["promised_days"]["source"], "JM 2");
    assert_eq!(body["form"], "transfer");
    let (status, body) = app
        .get_json("/api/v1/items/jm-transfer?region=440000")
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "unknown_item");
}

#[tokio::test]
async fn an_item_comes_with_its_form_schema_and_the_date_it_would_be_done_by() {
    let app = spawn_app().await;
    let (_, body) = app
        .get_json("/api/v1/items/jm-transfer?region=420800")
        .await;
    let steps = body["schema"]["steps"].as_array().expect("the form schema");
    assert_eq!(
        steps[0]["fields"][0]["path"], "applicant.name",
        "the standard blocks are in place, as the gateway validates them"
    );
    assert_eq!(body["schema"]["id"], "transfer");
    let due: chrono::NaiveDate = body["expected"]["due"].as_str().unwrap().parse().unwrap();
    assert!(
        due > chrono::Utc::now().date_naive(),
        "15 working days from today"
    );
    assert_eq!(body["expected"]["statutory"], false, "JM 2 promises 15");

    let (_, info) = app.get_json("/api/v1/items/yz-07?region=431100").await;
    assert!(
        info["schema"].is_null(),
        "an information-only item has no form: {info}"
    );
}

#[tokio::test]
async fn deadline_counts_working_days_over_a_holiday() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/calendar/deadline?from=2024-09-30&working_days=5")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["due"], "2024-10-12");
    assert_eq!(body["estimated"], false);
}

#[tokio::test]
async fn deadline_refuses_a_malformed_date_and_an_absurd_count() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/calendar/deadline?from=2024-02-30&working_days=5")
        .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("bad_query")));
    let (status, body) = app
        .get_json("/api/v1/calendar/deadline?from=2024-02-01&working_days=100000")
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("working_days"))
    );
}

#[tokio::test]
async fn api_answers_are_compressed_for_clients_that_accept_it() {
    let app = crate::helpers::spawn_app().await;
    let res = app
        .client
        .get(app.at("/api/v1/catalog?region=440000"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn the_guide_of_an_item_with_materials_answers_each_with_why_it_is_not_needed_and_its_source()
{
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/v1/items/jm-transfer?region=420800")
        .await;
    assert_eq!(status, 200);
    let materials = body["materials"].as_array().expect("the materials");
    let names: Vec<_> = materials
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "《基本医疗保险参保凭证》",
            "《基本医疗保险关系转移接续联系函》"
        ]
    );
    for m in materials {
        assert_eq!(m["source"], "JM 1", "{m}");
        assert_eq!(
            m["exempt"],
            serde_json::json!({"value": "abolished", "source": "JM 1"})
        );
    }
    // A terminal's measure says for which case its materials are.
    let (_, filing) = app
        .get_json("/api/v1/items/jm-filing-temporary?region=420800")
        .await;
    for m in filing["materials"].as_array().unwrap() {
        assert_eq!(m["source"], "JM 13", "{m}");
        assert_eq!(m["when"]["value"], "在自助服务终端办理承诺制备案的");
    }
    // Unknown facts are left out, so an item with no materials pays no bytes for them.
    let (_, plain) = app.get_json("/api/v1/items/gd-01?region=440000").await;
    assert_eq!(plain["materials"], serde_json::json!([]));
    assert!(plain.get("materials_complete").is_none());
}
