//! The served spec and the offline Swagger UI.

use reqwest::StatusCode;

use crate::app::TestApp;
use crate::helpers::PublicApi;

#[tokio::test]
async fn served_spec_is_the_generated_spec() {
    let app = TestApp::spawn().await;

    let served = app.get_json("/openapi.json").await;

    let generated = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    assert_eq!(served, generated);
}

#[tokio::test]
async fn swagger_ui_is_served_offline() {
    let app = TestApp::spawn().await;

    let page = app.get("/docs/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Every script the page loads is local: no CDN, so it works without network.
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/openapi.json"), "{init}");
    let bundle = app.get("/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), StatusCode::OK);
    assert!(
        bundle.bytes().await.unwrap().len() > 100_000,
        "vendored bundle missing"
    );
}

#[tokio::test]
async fn docs_without_a_slash_redirects() {
    let app = TestApp::spawn().await;

    let res = app.get("/docs").await;

    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/docs/");
}
