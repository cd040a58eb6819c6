//! A full rotation of the data key and the verifier key: personal data seeded on every path,
//! `rekey` under the new keys with the old ones readable, then a gateway with the old keys
//! removed — every endpoint still answers, no row or file is under an old key, and nothing
//! seeded is in clear anywhere. And `rekey` resumes from its cursor.

use crate::helpers::{restart, TestApp, DATA_KEY, ME, VERIFIER_KEY};
use crate::seed::{assert_none_stored, personal_values, seed, stored_text, Seeded};
use reqwest::Method;
use tongban_gateway::sealing::registry::SEALED;
use tongban_gateway::sealing::rekey::{check, forget, rekey, Progress, VERIFIERS};

/// Another AES-256-GCM key, and another verifier key.
const NEW_DATA_KEY: &str = "bmV3LWRhdGEta2V5LTAxMjM0NTY3ODlhYmNkZWYwMTI=";
const NEW_VERIFIER_KEY: &str = "new-verifier-key-0123456789abcdef012";

async fn rotated(app: &TestApp) -> TestApp {
    let env = [
        ("TONGBAN_DATA_KEY", NEW_DATA_KEY),
        ("TONGBAN_DATA_KEYS_OLD", DATA_KEY),
        ("TONGBAN_VERIFIER_KEY", NEW_VERIFIER_KEY),
        ("TONGBAN_VERIFIER_KEYS_OLD", VERIFIER_KEY),
    ];
    restart(app, &env, "clerk-rotated").await
}

/// Every endpoint that reads what was seeded, as its reader: none answers 5xx.
async fn every_endpoint_answers(app: &TestApp, s: &Seeded) {
    let citizen = [
        "/api/v1/me/applications".to_owned(),
        "/api/v1/me/notifications".to_owned(),
        "/api/v1/me/family/members".to_owned(),
        "/api/v1/me/appointments".to_owned(),
        format!("/api/v1/applications/{}", s.returned),
        format!("/api/v1/applications/{}", s.rated),
        format!("/api/v1/applications/{}", s.filed_for),
        format!("/api/v1/applications/{}/form", s.returned),
        format!("/api/v1/me/family/members/{}/applicant", s.binding),
    ];
    for path in &citizen {
        let (status, body) = app.send(Method::GET, path, Some(&app.token), None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, body) = app
        .send(
            Method::GET,
            "/api/v1/me/family/members",
            Some(&s.member),
            None,
        )
        .await;
    assert_eq!(status, 200, "the member's list: {body}");
    let operator = [
        "/api/v1/operator/applications".to_owned(),
        "/api/v1/operator/family/requests".to_owned(),
        "/api/v1/operator/home-visits?region=440000".to_owned(),
        format!("/api/v1/operator/home-visits/{}", s.open_visit),
        format!("/api/v1/operator/applications/{}", s.returned),
        format!("/api/v1/operator/applications/{}", s.rated),
        format!("/api/v1/operator/applications/{}", s.filed_for),
    ];
    for path in &operator {
        let (status, body) = app.operator(path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    for id in [&s.upload] {
        let res = app.attachment(&app.clerk, id).await;
        assert_eq!(res.status().as_u16(), 200, "attachment {id}");
    }
    // The verifier, without a session: its hash was re-derived under the new verifier key.
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{}", s.rated)))
        .header("Tongban-Verifier", &ME[ME.len() - 6..])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "a lookup by the verifier");
}

#[tokio::test]
async fn a_full_rotation_with_the_old_keys_removed_leaves_every_endpoint_working() {
    let first = crate::helpers::spawn_app().await;
    let seeded = seed(&first).await;
    every_endpoint_answers(&first, &seeded).await;
    assert_none_stored(&first, &personal_values()).await;

    let middle = rotated(&first).await;
    let mut reports: Vec<Progress> = Vec::new();
    let done = rekey(&middle.store, &middle.data, |p| reports.push(p.clone()))
        .await
        .unwrap();
    assert!(!reports.is_empty() && done.iter().all(|p| p.finished));
    // Every entry of the registry held something seeded, and all of it was re-sealed.
    // (Uploads are chunks in the database now; the files entry covers only files from before
    // `files migrate`, so the seeded uploads are re-sealed as chunks.)
    for s in SEALED {
        let name = s.name();
        let target = if name.starts_with("files:") {
            "attachment_chunks.sealed".to_owned()
        } else {
            name.clone()
        };
        let p = done.iter().find(|p| p.target == target).unwrap();
        assert!(p.resealed > 0, "nothing seeded in {name} ({p:?})");
    }
    let verifiers = done.iter().find(|p| p.target == VERIFIERS).unwrap();
    assert!(verifiers.resealed >= 3, "{verifiers:?}");
    let again = rekey(&middle.store, &middle.data, |_| {}).await.unwrap();
    assert!(
        again.iter().all(|p| p.read == 0),
        "a second run does nothing: {again:?}"
    );

    let only_new = restart(
        &first,
        &[
            ("TONGBAN_DATA_KEY", NEW_DATA_KEY),
            ("TONGBAN_VERIFIER_KEY", NEW_VERIFIER_KEY),
        ],
        "clerk-new",
    )
    .await;
    every_endpoint_answers(&only_new, &seeded).await;
    let stale = check(&only_new.store, &only_new.data).await.unwrap();
    assert!(stale.iter().all(|(_, n)| *n == 0), "{stale:?}");
    // No stored value carries the old key's id: every sealed one is under the new key.
    let sealer = only_new.store.sealer().unwrap();
    for (at, text) in stored_text(&only_new).await {
        if text.starts_with("tbs1:") {
            assert!(sealer.is_current_text(&text), "{at} is under an old key");
        }
    }
    assert_none_stored(&only_new, &personal_values()).await;
}

#[tokio::test]
async fn rekey_continues_from_its_cursor_and_again_walks_everything() {
    let first = crate::helpers::spawn_app().await;
    let mut receipts = Vec::new();
    for key in ["resume-key-00001", "resume-key-00002", "resume-key-00003"] {
        let (status, r) = first.submit(key, &crate::helpers::transfer(ME)).await;
        assert_eq!(status, 201, "{r}");
        receipts.push(r["receipt_no"].as_str().unwrap().to_owned());
    }
    receipts.sort();
    let app = rotated(&first).await;
    let key_id = app.store.sealer().unwrap().key_id();
    // A run stopped after the first application.
    sqlx::query(
        "INSERT INTO rekey_progress (target, key_id, cursor, part, resealed, finished_at) \
         VALUES ('applications.form_json', $1, $2, 0, 1, NULL)",
    )
    .bind(&key_id)
    .bind(&receipts[0])
    .execute(app.store.pool())
    .await
    .unwrap();
    let done = rekey(&app.store, &app.data, |_| {}).await.unwrap();
    let forms = done
        .iter()
        .find(|p| p.target == "applications.form_json")
        .unwrap();
    assert_eq!(
        (forms.read, forms.resealed),
        (2, 3),
        "continued after the cursor"
    );
    let stale = check(&app.store, &app.data).await.unwrap();
    let left = stale
        .iter()
        .find(|(t, _)| t == "applications.form_json")
        .unwrap();
    assert_eq!(left.1, 1, "the first one was skipped as done");
    forget(&app.store).await.unwrap();
    let done = rekey(&app.store, &app.data, |_| {}).await.unwrap();
    let forms = done
        .iter()
        .find(|p| p.target == "applications.form_json")
        .unwrap();
    assert_eq!((forms.read, forms.resealed), (3, 1));
    assert!(check(&app.store, &app.data)
        .await
        .unwrap()
        .iter()
        .all(|(_, n)| *n == 0));
}
