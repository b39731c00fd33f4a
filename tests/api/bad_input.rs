//! One test per class of bad input: each gets its 4xx with the JSON error
//! contract and changes nothing a client can see.

use reqwest::StatusCode;

use crate::app::TestApp;
use crate::helpers::{assert_error, PublicApi};

const JSON: &str = "application/json";

/// Sends a bad `POST /v1/ask` and checks status, code and that nothing changed.
async fn rejects(app: &TestApp, body: String, content_type: &str, status: StatusCode, code: &str) {
    let before = app.public_state().await;

    let res = app.post_ask_raw(body, content_type).await;

    assert_error(res, status, code).await;
    assert_eq!(
        app.public_state().await,
        before,
        "a rejected request changed state"
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = TestApp::spawn().await;
    rejects(
        &app,
        r#"{"question":"#.into(),
        JSON,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let app = TestApp::spawn().await;
    let body = r#"{"question":"how long do the effects last"}"#;
    rejects(
        &app,
        body.into(),
        "text/plain",
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    rejects(
        &app,
        body.into(),
        "application/x-www-form-urlencoded",
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn oversized_body_is_413() {
    let app = TestApp::spawn().await;
    let body = format!(r#"{{"question":"{}"}}"#, "a".repeat(17 * 1024));
    rejects(
        &app,
        body,
        JSON,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn unknown_field_is_422() {
    let app = TestApp::spawn().await;
    let body = r#"{"question":"how long do the effects last","dose":"100mg"}"#;
    rejects(
        &app,
        body.into(),
        JSON,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
}

#[tokio::test]
async fn missing_field_is_422() {
    let app = TestApp::spawn().await;
    rejects(
        &app,
        "{}".into(),
        JSON,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
}

#[tokio::test]
async fn wrong_type_is_422() {
    let app = TestApp::spawn().await;
    for body in [
        r#"{"question":42}"#,
        r#"{"question":null}"#,
        r#"{"question":["a"]}"#,
        "[]",
    ] {
        rejects(
            &app,
            body.into(),
            JSON,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        )
        .await;
    }
}

#[tokio::test]
async fn empty_or_blank_question_is_422() {
    let app = TestApp::spawn().await;
    for question in ["", "   ", "\n\t "] {
        let body = serde_json::json!({ "question": question }).to_string();
        rejects(
            &app,
            body,
            JSON,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_question",
        )
        .await;
    }
}

#[tokio::test]
async fn question_over_500_chars_is_422_and_500_is_fine() {
    let app = TestApp::spawn().await;
    // Characters, not bytes: 501 two-byte letters.
    let body = serde_json::json!({ "question": "é".repeat(501) }).to_string();
    rejects(
        &app,
        body,
        JSON,
        StatusCode::UNPROCESSABLE_ENTITY,
        "question_too_long",
    )
    .await;

    let at_limit = app.ask(&"é".repeat(500)).await;
    assert!(at_limit["kind"].is_string());
}

#[tokio::test]
async fn unknown_path_is_a_json_404() {
    let app = TestApp::spawn().await;
    let before = app.public_state().await;

    assert_error(app.get("/v2/ask").await, StatusCode::NOT_FOUND, "not_found").await;
    let post = app
        .client
        .post(app.url("/nope"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_error(post, StatusCode::NOT_FOUND, "not_found").await;

    assert_eq!(app.public_state().await, before);
}

#[tokio::test]
async fn wrong_method_is_a_json_405_with_allow() {
    let app = TestApp::spawn().await;
    let before = app.public_state().await;

    let get_ask = app.get("/v1/ask").await;
    assert_eq!(get_ask.headers()["allow"], "POST");
    assert_error(
        get_ask,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    let delete_faq = app
        .client
        .delete(app.url("/v1/faqs/how-long-effects-last"))
        .send()
        .await
        .unwrap();
    assert_eq!(delete_faq.headers()["allow"], "GET, HEAD");
    assert_error(
        delete_faq,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    assert_eq!(app.public_state().await, before);
    assert_eq!(
        app.get_json("/v1/faqs/how-long-effects-last").await["version"],
        1
    );
}

/// The documented exception to the JSON error shape (README, API tour; the
/// spec's description): the HTTP/1 parser answers a malformed request
/// itself, with its status and an empty body, before the application runs.
#[tokio::test]
async fn requests_the_http_parser_rejects_get_a_status_and_an_empty_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    for (request, status) in [
        ("GET /health HTTP/1.1\r\n\r\n".to_owned(), "400"),
        (
            "POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"
                .to_owned(),
            "400",
        ),
        (
            format!(
                "GET /health HTTP/1.1\r\nHost: x\r\n{}\r\n",
                (0..200).map(|i| format!("X-H{i}: {}\r\n", "a".repeat(100))).collect::<String>()
            ),
            "431",
        ),
    ] {
        let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.unwrap();
        assert!(reply.starts_with(&format!("HTTP/1.1 {status}")), "{reply}");
        assert!(reply.to_lowercase().contains("content-length: 0"), "{reply}");
    }
}
