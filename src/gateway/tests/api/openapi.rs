use crate::helpers::spawn_app;
use reqwest::Method;

/// A documented path with each `{parameter}` filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "x" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_documented_operation_is_one_the_router_answers() {
    let app = spawn_app().await;
    let (status, doc) = app
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 40, "{} paths", paths.len());
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let url = format!("/api/v1{}", concrete(path));
            let (status, body) = app.send(method.clone(), &url, None, None).await;
            // Refusals are fine (no token, no body, no such id); the router's own answers for
            // "no operation here" are not.
            assert_ne!(status, 405, "{method} {path}: method not routed");
            assert!(
                !(status == 404
                    && body["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("no API operation"))),
                "{method} {path}: documented but not routed"
            );
        }
    }
}

#[tokio::test]
async fn every_error_answer_has_the_one_error_schema_and_every_guarded_operation_its_scheme() {
    let app = spawn_app().await;
    let (_, doc) = app
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    for name in ["citizen_session", "operator_token", "verifier"] {
        assert!(schemes.contains_key(name), "no security scheme {name}");
    }
    assert_eq!(schemes["verifier"]["name"], "Tongban-Verifier");
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for (status, answer) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        answer["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
            let guarded = path.starts_with("/operator") || path.starts_with("/me");
            if guarded {
                assert!(
                    op["security"].is_array(),
                    "{method} {path} declares no security"
                );
            }
            if method == "post"
                && op
                    .get("requestBody")
                    .is_some_and(|b| b["content"]["application/json"].is_object())
            {
                let body = &op["requestBody"]["content"]["application/json"];
                // `$ref`, or `oneOf: [null, $ref]` for a body that may be left out.
                let text = body["schema"].to_string();
                let name = text
                    .split("#/components/schemas/")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default();
                let schema = &doc["components"]["schemas"][name];
                let example = if schema["example"].is_null() {
                    &body["example"]
                } else {
                    &schema["example"]
                };
                assert!(
                    !example.is_null(),
                    "{method} {path}: no request body example"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_reference_page_is_served_beside_the_document() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.at("/api/v1/reference"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("api-reference") && html.contains("/applications/{receipt_no}"));
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app() {
    let app = spawn_app().await;
    let (status, body) = app
        .send(Method::GET, "/api/v1/no/such/thing", None, None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
}
