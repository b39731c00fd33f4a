//! What contract fuzzing (scripts/schemathesis.sh) found, pinned as tests:
//! the spec must describe exactly what the server accepts, and HEAD works
//! wherever GET does.

use std::sync::LazyLock;

use clinicfaq::content::Slug;
use proptest::prelude::*;
use reqwest::StatusCode;

use crate::app::TestApp;
use crate::helpers::assert_error;

#[tokio::test]
async fn head_is_answered_wherever_get_is_with_the_same_headers_and_no_body() {
    let app = TestApp::spawn().await;
    for path in ["/v1/faqs", "/v1/clinic", "/health", "/widget.js", "/"] {
        let get = app.get(path).await;
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        let get_len = get.bytes().await.unwrap().len();
        assert_eq!(
            head.headers()["content-length"],
            get_len.to_string().as_str(),
            "HEAD {path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} sent a body"
        );
    }
    let post = app.client.post(app.url("/v1/faqs")).send().await.unwrap();
    assert_eq!(post.headers()["allow"], "GET, HEAD");
    assert_error(post, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn the_question_limit_counts_the_text_as_sent_like_the_schemas_max_length() {
    let app = TestApp::spawn().await;
    // U+0085 is whitespace to trim(); the schema's maxLength still counts it.
    let padded = format!("{}how long do the effects last", "\u{85}".repeat(480));
    let res = app
        .client
        .post(app.url("/v1/ask"))
        .json(&serde_json::json!({ "question": padded }))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "question_too_long").await;

    let only_padding = "\u{85}".repeat(10);
    let res = app
        .client
        .post(app.url("/v1/ask"))
        .json(&serde_json::json!({ "question": only_padding }))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_question").await;
}

/// The `pattern` the spec gives for a feedback slug.
static SPEC_SLUG_PATTERN: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    let spec = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    let pattern = spec["components"]["schemas"]["FeedbackRequest"]["properties"]["slug"]["pattern"]
        .as_str()
        .expect("the spec gives a slug pattern")
        .to_owned();
    regex_lite::Regex::new(&pattern).unwrap()
});

proptest! {
    /// A client that validates against the spec must send exactly the slugs
    /// the server accepts (schemathesis found a schema-valid slug rejected).
    #[test]
    fn the_spec_slug_pattern_accepts_exactly_what_slug_parse_accepts(
        raw in prop_oneof!["[a-z0-9-]{0,90}", "[a-zA-Z0-9 _é-]{0,20}", any::<String>()]
    ) {
        let by_spec = SPEC_SLUG_PATTERN.is_match(&raw) && raw.chars().count() <= 80;
        prop_assert_eq!(by_spec, Slug::parse(&raw).is_ok(), "{:?}", raw);
    }
}
