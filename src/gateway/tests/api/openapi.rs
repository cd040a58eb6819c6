use crate::helpers::spawn_app;
use reqwest::Method;

/// Every `.route("path", method(...))` of the API router, as (path, method).
fn routes() -> Vec<(String, String)> {
    let src = include_str!("../../src/routes/mod.rs");
    let api = &src[src.find("let api").unwrap()..src.find("let mut router").unwrap()];
    let uploads = &src[src.find("let uploads").unwrap()..src.find("let api").unwrap()];
    [uploads, api]
        .iter()
        .flat_map(|part| part.split(".route(").skip(1))
        .map(|chunk| {
            let (_, rest) = chunk.split_once('"').unwrap();
            let (path, rest) = rest.split_once('"').unwrap();
            let rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
            let method = rest.split('(').next().unwrap();
            (path.to_owned(), method.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn the_published_openapi_document_covers_every_api_route() {
    let app = spawn_app().await;
    let (status, doc) = app
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.0.3");
    let found = routes();
    assert!(found.len() >= 20, "{found:?}");
    for (path, method) in found {
        assert!(
            doc["paths"][&path][&method].is_object(),
            "{method} {path} is not in openapi.json"
        );
    }
}
