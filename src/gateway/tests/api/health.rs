use crate::helpers::spawn_app;

#[tokio::test]
async fn readyz_answers_ready_when_the_database_answers() {
    let app = spawn_app().await;
    let res = app.client.get(app.at("/readyz")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let res = app.client.get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
}
