//! 实名: a citizen files, books, binds and rates only as the real-name person their shell
//! verified, or through a consent that person gave in their own session; a session without a
//! real-name identity reads and keeps drafts, and nothing more.

use crate::helpers::{id_for, spawn_app, transfer, TestApp, ME};
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;
use tongban_gateway::appointments::slots;
use tongban_rules::{api::china_today, calendar::Calendar};

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    app.send(Method::POST, path, Some(token), Some(body)).await
}

fn code(answer: &(u16, Value)) -> (u16, Option<&str>) {
    (answer.0, answer.1["code"].as_str())
}

fn acceptance(code: &str, id_number: &str) -> Value {
    json!({"code": code, "relation": "parent", "consent": true,
           "applicant": {"name": "王小明", "id_type": "resident",
                         "id_number": id_number, "phone": "13800138000"}})
}

async fn invitation(app: &TestApp, agent: &str) -> String {
    let (status, inv) = post(
        app,
        agent,
        "/api/v1/me/family/invitations",
        &json!({"agent_name": "李建华"}),
    )
    .await;
    assert_eq!(status, 201, "{inv}");
    inv["code"].as_str().unwrap().to_owned()
}

fn first_bookable_day() -> String {
    let today = china_today(chrono::Utc::now().timestamp_millis());
    slots::working_days_after(&Calendar::embedded().unwrap(), today, slots::DAYS)[1].to_string()
}

fn hall_booking(day: &str, slot: &str) -> Value {
    json!({"region": "440000", "item_id": "gd-05", "office": "gz-city-hall",
           "day": day, "slot": slot})
}

#[tokio::test]
async fn a_citizen_files_only_as_their_own_real_name_person() {
    let app = spawn_app().await;
    // A files in B's name: refused on the ID field, in Chinese, and nothing is stored.
    let someone_else = id_for("b");
    let refused = app
        .submit_as(&app.token, "not-self-0001", &transfer(&someone_else))
        .await;
    assert_eq!(code(&refused), (403, Some("applicant_not_self")));
    assert_eq!(refused.1["field"], "applicant.id_number");
    assert_eq!(refused.1["errors"][0]["field"], "applicant.id_number");
    assert!(refused.1["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("只能为本人申请"));
    let b = app.session_as("b", Some(&someone_else)).await;
    let (_, theirs) = app
        .send(Method::GET, "/api/v1/me/applications", Some(&b), None)
        .await;
    assert_eq!(theirs, json!([]), "B's list shows nothing B never made");
    // The same ID typed another way is still A.
    let own = app
        .submit_as(&app.token, "self-0001", &transfer("110105 19491231 002x"))
        .await;
    assert_eq!(own.0, 201, "{}", own.1);
}

#[tokio::test]
async fn validate_with_a_session_reports_another_persons_id_on_the_field() {
    let app = spawn_app().await;
    let (status, checked) = post(
        &app,
        &app.token,
        "/api/v1/validate",
        &transfer(&id_for("b")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(checked["ok"], false);
    assert_eq!(checked["errors"][0]["code"], "applicant_not_self");
    assert_eq!(checked["errors"][0]["field"], "applicant.id_number");
    let (_, mine) = post(&app, &app.token, "/api/v1/validate", &transfer(ME)).await;
    assert_eq!(mine["ok"], true, "{mine}");
    // Without a session the rules alone answer.
    let (_, anyone) = app
        .send(
            Method::POST,
            "/api/v1/validate",
            None,
            Some(&transfer(&id_for("b"))),
        )
        .await;
    assert_eq!(anyone["ok"], true, "{anyone}");
}

#[tokio::test]
async fn a_session_without_a_real_name_reads_and_looks_up_but_files_books_and_binds_nothing() {
    let app = spawn_app().await;
    let anonymous = app.session_as("no-real-name", None).await;
    let filed = app.submit_as(&anonymous, "anon-0001", &transfer(ME)).await;
    assert_eq!(code(&filed), (403, Some("real_name_required")));
    assert!(filed.1["message"]
        .as_str()
        .unwrap()
        .contains("请先在微信完成实名认证"));
    let invited = post(
        &app,
        &anonymous,
        "/api/v1/me/family/invitations",
        &json!({"agent_name": "李建华"}),
    )
    .await;
    assert_eq!(code(&invited), (403, Some("real_name_required")));
    let code_ = invitation(&app, &app.token).await;
    let accepted = post(
        &app,
        &anonymous,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, &id_for("x")),
    )
    .await;
    assert_eq!(code(&accepted), (403, Some("real_name_required")));
    let booked = post(
        &app,
        &anonymous,
        "/api/v1/appointments",
        &hall_booking(&first_bookable_day(), "09:00-10:00"),
    )
    .await;
    assert_eq!(code(&booked), (403, Some("real_name_required")));
    // It still reads a guide and looks up a receipt with its verifier.
    let (status, _) = app
        .get_json("/api/v1/items/jm-transfer?region=420800")
        .await;
    assert_eq!(status, 200);
    let (_, receipt) = app.submit("anon-lookup-01", &transfer(ME)).await;
    let no = receipt["receipt_no"].as_str().unwrap();
    let res = app
        .client
        .get(app.at(&format!("/api/v1/applications/{no}")))
        .bearer_auth(&anonymous)
        .header("Tongban-Verifier", "31002X")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn nobody_rates_revokes_or_resubmits_another_persons_application() {
    let app = spawn_app().await;
    let (_, receipt) = app.submit("mine-000001", &transfer(ME)).await;
    let no = receipt["receipt_no"].as_str().unwrap().to_owned();
    let b = app.session("b").await;
    let rate = post(
        &app,
        &b,
        &format!("/api/v1/applications/{no}/rating"),
        &json!({"grade": 5}),
    )
    .await;
    assert_eq!(rate.0, 404);
    let revoke = post(
        &app,
        &b,
        &format!("/api/v1/applications/{no}/revoke"),
        &json!({}),
    )
    .await;
    assert_eq!(revoke.0, 404);
    // Returned for 补正, the applicant corrects the answers but cannot make it someone else's.
    let (status, _) = app
        .operator(
            &format!("/api/v1/operator/applications/{no}/return"),
            Some(&json!({"note": "请核对联系电话"})),
        )
        .await;
    assert_eq!(status, 200);
    let path = format!("/api/v1/applications/{no}/resubmit");
    let by_b = post(&app, &b, &path, &json!({"form": transfer(ME)["form"]})).await;
    assert_eq!(by_b.0, 404);
    let swapped = post(
        &app,
        &app.token,
        &path,
        &json!({"form": transfer(&id_for("b"))["form"]}),
    )
    .await;
    assert_eq!(code(&swapped), (403, Some("applicant_not_self")));
    let mut corrected = transfer(ME)["form"].clone();
    corrected["applicant.phone"] = json!("13900139000");
    let fixed = post(&app, &app.token, &path, &json!({"form": corrected})).await;
    assert_eq!(fixed.0, 200, "{}", fixed.1);
}

#[tokio::test]
async fn a_forged_consent_is_refused_at_the_acceptance() {
    let app = spawn_app().await;
    // One person, two shells: the inviter's identity accepting their own code elsewhere.
    let code_ = invitation(&app, &app.token).await;
    let same_person = app.session_as("me-in-alipay", Some(ME)).await;
    let own = post(
        &app,
        &same_person,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, &id_for("stranger")),
    )
    .await;
    assert_eq!(code(&own), (403, Some("applicant_not_self")));
    let own = post(
        &app,
        &same_person,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, ME),
    )
    .await;
    assert_eq!(code(&own), (409, Some("own_invitation")));
    // Someone real accepts, but with a stranger's applicant block: refused, and the code is
    // not spent.
    let relative = app.session("relative").await;
    let forged = post(
        &app,
        &relative,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, &id_for("stranger")),
    )
    .await;
    assert_eq!(code(&forged), (403, Some("applicant_not_self")));
    let real = post(
        &app,
        &relative,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, &id_for("relative")),
    )
    .await;
    assert_eq!(real.0, 201, "{}", real.1);
    // The agent files for the member, and only for them.
    let binding = real.1["id"].as_str().unwrap();
    let mut body = transfer(&id_for("stranger"));
    body["member"] = json!(binding);
    let stranger = app.submit_as(&app.token, "forged-0001", &body).await;
    assert_eq!(code(&stranger), (403, Some("applicant_not_member")));
    let mut body = transfer(&id_for("relative"));
    body["member"] = json!(binding);
    let filed = app.submit_as(&app.token, "for-member-1", &body).await;
    assert_eq!(filed.0, 201, "{}", filed.1);
}

#[tokio::test]
async fn an_agents_idempotency_key_is_the_agents_own() {
    let app = spawn_app().await;
    let code_ = invitation(&app, &app.token).await;
    let member = app.session("member").await;
    let bound = post(
        &app,
        &member,
        "/api/v1/me/family/acceptances",
        &acceptance(&code_, &id_for("member")),
    )
    .await;
    let mut body = transfer(&id_for("member"));
    body["member"] = bound.1["id"].clone();
    let filed = app.submit_as(&app.token, "shared-key-0001", &body).await;
    assert_eq!(filed.0, 201, "{}", filed.1);
    // The member's own key of the same text is theirs: it does not replay the agent's filing.
    let own = app
        .submit_as(&member, "shared-key-0001", &transfer(&id_for("member")))
        .await;
    assert_eq!(own.0, 201, "{}", own.1);
    assert_ne!(own.1["receipt_no"], filed.1["receipt_no"]);
    let agent_keys: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM idempotency_keys WHERE owner = 'wechat:citizen-1' AND key = 'shared-key-0001'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(agent_keys, 1);
}

#[tokio::test]
async fn twelve_concurrent_acceptances_bind_at_most_five_members() {
    let app = spawn_app().await;
    let mut codes = Vec::new();
    for _ in 0..12 {
        codes.push(invitation(&app, &app.token).await);
    }
    let mut members = Vec::new();
    for n in 0..12 {
        let sub = format!("relative-{n}");
        members.push((app.session(&sub).await, id_for(&sub)));
    }
    let app = Arc::new(app);
    let tasks: Vec<_> = codes
        .into_iter()
        .zip(members)
        .map(|(c, (token, id))| {
            let app = app.clone();
            tokio::spawn(async move {
                post(
                    &app,
                    &token,
                    "/api/v1/me/family/acceptances",
                    &acceptance(&c, &id),
                )
                .await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let bound = answers.iter().filter(|a| a.0 == 201).count();
    assert_eq!(bound, 5, "{answers:?}");
    assert!(answers
        .iter()
        .all(|a| a.0 == 201 || a.1["code"] == "family_full"));
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM family_bindings WHERE agent = 'wechat:citizen-1' AND status = 'live'",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert_eq!(live, 5);
}

#[tokio::test]
async fn twenty_concurrent_bookings_by_one_person_hold_one_place() {
    let app = spawn_app().await;
    let day = first_bookable_day();
    // One person, in twenty sessions (two shells), each booking a different slot of one item.
    let mut tokens = Vec::new();
    for n in 0..20 {
        tokens.push(app.session_as(&format!("me-{n}"), Some(ME)).await);
    }
    let slots = [
        "09:00-10:00",
        "10:00-11:00",
        "11:00-12:00",
        "14:00-15:00",
        "15:00-16:00",
    ];
    let app = Arc::new(app);
    let tasks: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| {
            let app = app.clone();
            let body = hall_booking(&day, slots[n % slots.len()]);
            tokio::spawn(async move { post(&app, &token, "/api/v1/appointments", &body).await })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert_eq!(
        answers.iter().filter(|a| a.0 == 201).count(),
        1,
        "{answers:?}"
    );
    assert!(answers.iter().all(|a| a.0 == 201
        || a.1["code"] == "already_booked_item"
        || a.1["code"] == "already_booked"));
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE status = 'booked'")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(open, 1);
}
