//! Retention of everything personal: with personal data seeded on every path (`seed`) and each
//! thing left in the state its period starts from — applications refused or returned and left,
//! a binding ended, binding requests refused or never decided, a home visit never confirmed —
//! a sweep after the longest period leaves no seeded value and no real-name hash of a seeded
//! person anywhere in the database, its WAL or the data folder, reports its counts by kind in
//! the audit trail, and every endpoint still answers.

use crate::helpers::spawn_app;
use crate::seed::{assert_none_stored, linkable_values, personal_values, seed};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::json;
use tongban_gateway::retention::Retention;

#[tokio::test]
async fn after_every_period_the_sweep_leaves_no_seeded_personal_value_anywhere() {
    let app = spawn_app().await;
    let t0 = Utc::now();
    let s = seed(&app).await;
    let reject = format!("/api/v1/operator/applications/{}/reject", s.filed_for);
    let (status, body) = app
        .operator(&reject, Some(&json!({"note": crate::seed::RETURN_NOTE})))
        .await;
    assert_eq!(status, 200, "{body}");
    let end = format!("/api/v1/me/family/members/{}/end", s.binding);
    let (status, body) = app.send(Method::POST, &end, Some(&s.member), None).await;
    assert_eq!(status, 200, "{body}");

    let r = Retention {
        store: app.store.clone(),
        data_dir: app.data.clone(),
        final_days: 1095,
    };
    // Before any period is over, nothing personal goes.
    let early = r.sweep(t0 + Duration::days(1)).await.unwrap();
    assert_eq!((early.purged, early.bindings, early.home_visits), (0, 0, 0));

    let swept = r.sweep(t0 + Duration::days(1100)).await.unwrap();
    assert_eq!(swept.purged, 3, "returned, rated and refused: {swept:?}");
    assert_eq!(
        swept.bindings, 3,
        "ended, refused and never decided: {swept:?}"
    );
    assert_eq!(
        swept.home_visits, 2,
        "the open one and the cancelled one: {swept:?}"
    );
    assert!(swept.invitations >= 1 && swept.traces >= 1, "{swept:?}");
    let mut everything = personal_values();
    everything.extend(linkable_values());
    assert_none_stored(&app, &everything).await;
    let on_disk = std::fs::read_dir(app.data.join("attachments")).map_or(0, |d| d.count());
    let chunks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachment_chunks")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!((on_disk, chunks), (0, 0), "every upload's bytes are gone");

    let detail: String = sqlx::query_scalar(
        "SELECT detail FROM audit WHERE action = 'retention.sweep' ORDER BY at DESC LIMIT 1",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert!(
        detail.contains("applications=3") && detail.contains("bindings=3"),
        "{detail}"
    );
    for path in [
        "/api/v1/me/applications",
        "/api/v1/me/family/members",
        "/api/v1/me/appointments",
    ] {
        let (status, body) = app.send(Method::GET, path, Some(&app.token), None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    for path in [
        format!("/api/v1/operator/applications/{}", s.returned),
        format!("/api/v1/operator/home-visits/{}", s.open_visit),
        "/api/v1/operator/family/requests".to_owned(),
    ] {
        let (status, body) = app.operator(&path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let _ = (&s.refused_request, &s.pending_request, &s.rated);
    let again = r.sweep(t0 + Duration::days(1100)).await.unwrap();
    let personal = [
        again.purged,
        again.bindings,
        again.home_visits,
        again.invitations,
    ];
    assert_eq!(personal, [0; 4], "a second sweep finds nothing: {again:?}");
}
