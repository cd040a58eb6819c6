//! The clerk at the door: a home visit confirmed by an operator with a 工号 and a work phone
//! shows the citizen that operator's name, 工号 and phone; a clerk named who is no operator shows
//! the name alone. `operator add --work-no --phone` keeps both, and the phone stays out of audit.

use crate::helpers::spawn_app;
use crate::home_visits::{ask, my_appointments, request, working_days};
use serde_json::{json, Value};
use tongban_gateway::accounts::{self, Role};

const WORK_PHONE: &str = "020-12345678";

async fn my_visit(app: &crate::helpers::TestApp) -> Value {
    my_appointments(app, &app.token).await["home_visits"][0].clone()
}

#[tokio::test]
async fn the_citizen_reads_the_confirming_clerks_name_work_number_and_work_phone() {
    let app = spawn_app().await;
    let wang = app
        .add_operator("wang.wu", Role::Clerk, "440000", None)
        .await;
    assert!(
        accounts::set_contact(&app.store, "wang.wu", Some("GZ0123"), Some(WORK_PHONE))
            .await
            .unwrap()
    );
    let days = working_days();
    let preferred = [format!("{} am", days[0]), format!("{} pm", days[1])];
    let (status, v) = ask(&app, &app.token, &request(&preferred)).await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_str().unwrap().to_owned();
    // Before anyone confirms, no clerk and no details.
    let before = my_visit(&app).await;
    assert!(before.get("clerk_work_no").is_none() && before.get("clerk_phone").is_none());

    let path = format!("/api/v1/operator/home-visits/{id}/confirm");
    let (status, v) = app
        .operator_as(&wang, &path, Some(&json!({"slot": preferred[0]})))
        .await;
    assert_eq!(status, 200, "{v}");
    let visit = my_visit(&app).await;
    assert_eq!(
        (
            visit["clerk"].as_str(),
            visit["clerk_work_no"].as_str(),
            visit["clerk_phone"].as_str()
        ),
        (Some("wang.wu"), Some("GZ0123"), Some(WORK_PHONE))
    );

    // Another person named, who is no operator: the name alone, nothing borrowed from wang.wu.
    let path = format!("/api/v1/operator/home-visits/{id}/assign");
    let (status, _) = app
        .operator_as(&wang, &path, Some(&json!({"clerk": "李四"})))
        .await;
    assert_eq!(status, 200);
    let visit = my_visit(&app).await;
    assert_eq!(visit["clerk"].as_str(), Some("李四"));
    assert!(visit.get("clerk_work_no").is_none() && visit.get("clerk_phone").is_none());
}

#[tokio::test]
async fn operator_add_keeps_the_work_number_and_phone_and_audits_no_phone_number() {
    let app = spawn_app().await;
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["add", "--name", "zhao.liu", "--regions", "440000"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let bad = accounts::cli::run(&app.store, &args(&["--phone", "call me"])).await;
    assert!(bad.unwrap_err().to_string().contains("--phone"));
    let bad = accounts::cli::run(&app.store, &args(&["--work-no", "GZ 01"])).await;
    assert!(bad.unwrap_err().to_string().contains("--work-no"));
    accounts::cli::run(
        &app.store,
        &args(&["--work-no", "GZ0456", "--phone", WORK_PHONE]),
    )
    .await
    .unwrap();
    let (work_no, phone): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT work_no, phone FROM operators WHERE name = 'zhao.liu'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(
        (work_no.as_deref(), phone.as_deref()),
        (Some("GZ0456"), Some(WORK_PHONE))
    );
    let details: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit WHERE action = 'operator.add'")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    assert_eq!(details.len(), 1, "{details:?}");
    assert!(details[0].contains("work_no=GZ0456") && details[0].contains("phone=set"));
    assert!(!details.iter().any(|d| d.contains("12345678")));
}
