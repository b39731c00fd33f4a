//! What contract fuzzing (scripts/schemathesis.sh, with staff tokens) found
//! in the staff API, pinned: the request schemas say exactly what the
//! handlers accept.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::spawn;

async fn code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn if_match_is_exactly_an_etag_as_the_spec_pattern_says() {
    let app = spawn().await;
    let slug = "how-long-effects-last";
    let (faq, version) = app.faq(slug).await;
    let body = json!({"faq": faq["published"]["faq"], "note": "contract"});
    let put = |if_match: String| {
        app.req(
            Method::PUT,
            &format!("/v1/staff/faqs/{slug}"),
            Some(&app.editor),
        )
        .header("If-Match", if_match)
        .json(&body)
        .send()
    };
    // The current version, but not written as an ETag: refused, not applied.
    for loose in [
        format!("{version}"),
        format!("\"{version}"),
        format!("+{version}"),
        format!("\"\"{version}\"\""),
        "*".to_owned(),
    ] {
        let res = put(loose.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "If-Match: {loose}");
        assert_eq!(code(res).await, "invalid_if_match");
    }
    assert_eq!(
        app.faq(slug).await.1,
        version,
        "a loose If-Match changed it"
    );
    let weak = put(format!("W/\"{version}\"")).await.unwrap();
    assert_eq!(weak.status(), StatusCode::OK);
}

#[tokio::test]
async fn lengths_count_the_text_as_sent_and_blank_lines_are_refused() {
    let app = spawn().await;
    let faq = |question: String, tags: Value| {
        json!({"question": question, "answer": "a", "category": "c",
               "provider_kind": "psychiatry", "tags": tags})
    };
    let create = |slug: &'static str, faq: Value| {
        app.req(Method::POST, "/v1/staff/faqs", Some(&app.editor))
            .json(&json!({"slug": slug, "faq": faq}))
            .send()
    };
    // 300 characters of question plus padding: over the schema's maxLength.
    let padded = format!("{} ", "q".repeat(300));
    let res = create("padded", faq(padded, json!([]))).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for tags in [json!([" "]), json!(["\u{85}"])] {
        let res = create("blank-tag", faq("q?".into(), tags)).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ok = create("at-the-limit", faq("q".repeat(300), json!(["t"])))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[test]
fn the_spec_states_the_limits_the_handlers_check() {
    let spec = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let faq = &schemas["FaqContent"]["properties"];
    assert_eq!(faq["question"]["maxLength"], 300);
    assert_eq!(faq["answer"]["maxLength"], 8000);
    assert_eq!(faq["tags"]["maxItems"], 60);
    assert_eq!(schemas["ShortLine"]["minLength"], 1);
    assert_eq!(
        schemas["CreateFaq"]["properties"]["slug"]["pattern"],
        "^[a-z0-9]+(-[a-z0-9]+)*$"
    );
    assert_eq!(schemas["RejectFaq"]["properties"]["reason"]["minLength"], 1);
    assert_eq!(
        schemas["ImportFaq"]["properties"]["slug"]["pattern"],
        "^[a-z0-9]+(-[a-z0-9]+)*$"
    );
    assert!(schemas["ImportFaq"]["required"]
        .as_array()
        .unwrap()
        .contains(&json!("faq")));
}
