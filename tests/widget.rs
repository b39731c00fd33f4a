//! The widget's HTTP side: static assets, CORS allowlist and feedback votes, over real HTTP.

#[path = "common/app.rs"]
mod app;

use app::TestApp;
use clap::Parser;
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH, ORIGIN, VARY,
};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};

const CLINIC_SITE: &str = "https://www.clinic.example";

async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.expect("a JSON error body");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn header(res: &Response, name: reqwest::header::HeaderName) -> &str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn widget_js_is_served_as_cacheable_javascript() {
    let server = TestApp::spawn().await;
    let client = Client::new();

    let res = client
        .get(format!("{}/widget.js", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, CONTENT_TYPE), "text/javascript; charset=utf-8");
    assert!(header(&res, CACHE_CONTROL).contains("max-age="));
    let etag = header(&res, ETAG).to_owned();
    assert!(etag.starts_with('"'), "strong ETag: {etag}");
    assert!(res.text().await.unwrap().contains("attachShadow"));

    let again = client
        .get(format!("{}/widget.js", server.address))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
}

/// A lint over the source, kept as a second line of defence: what a person
/// sees is tested in Chromium (tests/browser/widget.test.mjs: check 5 renders
/// an answer holding `<img onerror>` and finds it inert, literal text; check
/// 8 watches every request, cookie and storage write of a whole
/// conversation). This only keeps the dangerous APIs out of the file.
#[test]
fn widget_js_source_names_no_html_parser_storage_or_third_party() {
    let js = include_str!("../src/widget/widget.js");
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "localStorage.",
        "sessionStorage.",
        "document.cookie",
        "indexedDB",
    ] {
        assert!(!js.contains(banned), "widget.js uses {banned}");
    }
    let allowed = ["http://www.w3.org/2000/svg", "https://faq.example.org"];
    for (at, _) in js.match_indices("://") {
        let start = js[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let url: String = js[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !"'\"`)<>".contains(*c))
            .collect();
        assert!(
            allowed.iter().any(|a| url.starts_with(a)),
            "widget.js names a third-party URL: {url}"
        );
    }
}

#[tokio::test]
async fn the_demo_page_embeds_the_widget_with_one_tag_under_a_strict_csp() {
    let server = TestApp::spawn().await;
    let res = reqwest::get(format!("{}/", server.address)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, CONTENT_TYPE).starts_with("text/html"));
    let csp = header(&res, CONTENT_SECURITY_POLICY).to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_default();
    assert_eq!(script_src, "script-src 'self'");

    let html = res.text().await.unwrap();
    assert!(html.contains("Example Ketamine Clinic"));
    assert_eq!(html.matches("<script").count(), 1, "exactly one script tag");
    assert!(html.contains("<script src=\"/widget.js\""));
    assert!(!html.contains(" onload=") && !html.contains(" onclick="));
}

#[tokio::test]
async fn listed_origins_get_cors_headers_without_credentials() {
    let server = TestApp::builder().cors(&[CLINIC_SITE]).spawn().await;
    let res = Client::new()
        .get(format!("{}/v1/faqs", server.address))
        .header(ORIGIN, CLINIC_SITE)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, ACCESS_CONTROL_ALLOW_ORIGIN), CLINIC_SITE);
    assert!(header(&res, VARY).contains("Origin"));
    assert!(res
        .headers()
        .get(ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());
}

#[tokio::test]
async fn other_origins_and_null_are_never_allowed() {
    let server = TestApp::builder().cors(&[CLINIC_SITE]).spawn().await;
    for origin in [
        "https://evil.example",
        "null",
        "https://www.clinic.example.evil.example",
    ] {
        let res = Client::new()
            .get(format!("{}/v1/faqs", server.address))
            .header(ORIGIN, origin)
            .send()
            .await
            .unwrap();
        assert!(
            res.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "{origin} was allowed"
        );
        assert!(header(&res, VARY).contains("Origin"));
    }
}

#[tokio::test]
async fn without_an_allowlist_the_api_is_same_origin_only() {
    let server = TestApp::spawn().await;
    let res = Client::new()
        .post(format!("{}/v1/ask", server.address))
        .header(ORIGIN, CLINIC_SITE)
        .json(&json!({"question": "side effects"}))
        .send()
        .await
        .unwrap();
    // Served (same-origin pages send Origin on POST too), but not readable cross-origin.
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn preflights_allow_json_posts_from_listed_origins_only() {
    let server = TestApp::builder().cors(&[CLINIC_SITE]).spawn().await;
    let preflight = |origin: &'static str, headers: &'static str| {
        Client::new()
            .request(Method::OPTIONS, format!("{}/v1/ask", server.address))
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", headers)
            .send()
    };

    let ok = preflight(CLINIC_SITE, "content-type").await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(header(&ok, ACCESS_CONTROL_ALLOW_ORIGIN), CLINIC_SITE);
    assert!(header(&ok, ACCESS_CONTROL_ALLOW_METHODS).contains("POST"));
    assert!(ok.headers().get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());

    let foreign = preflight("https://evil.example", "content-type")
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::BAD_REQUEST);
    assert!(foreign.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert!(header(&foreign, VARY).contains("Origin"));
    assert_eq!(error_code(foreign).await, "cors_rejected");

    let with_auth = preflight(CLINIC_SITE, "authorization").await.unwrap();
    assert_eq!(with_auth.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(with_auth).await, "cors_rejected");
}

#[test]
fn cors_origins_come_from_a_comma_separated_flag_and_are_checked() {
    let cli = clinicfaq::config::Cli::try_parse_from([
        "clinicfaq",
        "--cors-origins",
        "https://www.clinic.example,http://localhost:8000",
    ])
    .unwrap();
    assert_eq!(
        cli.settings.cors_origins.as_slice(),
        ["https://www.clinic.example", "http://localhost:8000"]
    );
    for bad in ["https://www.clinic.example/", "*", "null"] {
        assert!(
            clinicfaq::config::Cli::try_parse_from(["clinicfaq", "--cors-origins", bad]).is_err(),
            "{bad} accepted"
        );
    }
}

#[tokio::test]
async fn a_vote_is_counted_for_its_faq() {
    let server = TestApp::spawn().await;
    let client = Client::new();
    for helpful in [true, true, false] {
        let res = client
            .post(format!("{}/v1/feedback", server.address))
            .json(&json!({"slug": "side-effects", "helpful": helpful}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }

    let summary: Value = reqwest::Client::new()
        .get(format!("{}/v1/staff/feedback", server.address))
        .bearer_auth(&server.editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary["items"],
        json!([{
            "slug": "side-effects",
            "question": "What are the side effects of ketamine therapy?",
            "helpful": 2,
            "not_helpful": 1
        }])
    );
}

#[tokio::test]
async fn votes_for_unknown_or_unpublished_faqs_are_404_and_change_nothing() {
    let content = app::content_copy();
    let draft = std::fs::read_to_string(content.path().join("entries/telehealth.toml"))
        .unwrap()
        .replace("slug = \"telehealth\"", "slug = \"draft-entry\"")
        .replace("status = \"published\"", "status = \"draft\"")
        .replace("question = \"", "question = \"Draft: ")
        .replace("alternates = [", "alternates = [\"draft only\",");
    std::fs::write(content.path().join("entries/draft-entry.toml"), draft).unwrap();
    let server = TestApp::builder().content(content.path()).spawn().await;

    for slug in ["no-such-faq", "draft-entry"] {
        let res = Client::new()
            .post(format!("{}/v1/feedback", server.address))
            .json(&json!({"slug": slug, "helpful": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{slug}");
        assert_eq!(error_code(res).await, "not_found");
    }
    let summary: Value = reqwest::Client::new()
        .get(format!("{}/v1/staff/feedback", server.address))
        .bearer_auth(&server.editor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["items"], json!([]));
}

#[tokio::test]
async fn malformed_votes_are_rejected_with_the_json_error_contract() {
    let server = TestApp::spawn().await;
    let cases = [
        (json!({"slug": "../etc", "helpful": true}), "invalid_slug"),
        (json!({"slug": "side-effects"}), "invalid_body"),
        (
            json!({"slug": "side-effects", "helpful": "yes"}),
            "invalid_body",
        ),
        (
            json!({"slug": "side-effects", "helpful": true, "comment": "my dose is…"}),
            "invalid_body",
        ),
    ];
    for (body, code) in cases {
        let res = Client::new()
            .post(format!("{}/v1/feedback", server.address))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(res).await, code, "{body}");
    }
}

#[test]
fn the_spec_documents_the_widget_and_feedback_routes() {
    let spec = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    let paths = &spec["paths"];
    assert_eq!(paths["/widget.js"]["get"]["tags"], json!(["widget"]));
    assert_eq!(paths["/"]["get"]["tags"], json!(["widget"]));
    assert!(
        paths["/widget.js"]["get"]["responses"]["200"]["content"]["text/javascript"].is_object()
    );
    assert!(paths["/"]["get"]["responses"]["200"]["content"]["text/html"].is_object());
    let vote = &paths["/v1/feedback"]["post"]["responses"];
    for status in ["204", "400", "404", "413", "415", "422"] {
        assert!(
            vote[status].is_object(),
            "POST /v1/feedback documents {status}"
        );
    }
    let counts = &paths["/v1/staff/feedback"]["get"];
    assert!(counts["responses"]["200"].is_object());
    assert!(
        counts["security"].is_array(),
        "vote counts are for staff only"
    );
}
