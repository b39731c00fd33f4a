//! The read-only public endpoints.

use reqwest::StatusCode;

use crate::app::TestApp;
use crate::helpers::{assert_error, PublicApi};

const FAQ_FIELDS: [&str; 13] = [
    "alternates",
    "answer",
    "category",
    "lang",
    "provider_kind",
    "question",
    "reviewed_at",
    "reviewed_by",
    "slug",
    "sources",
    "summary",
    "tags",
    "version",
];

#[tokio::test]
async fn faqs_lists_every_published_entry_with_the_documented_fields() {
    let app = TestApp::spawn().await;

    let body = app.get_json("/v1/faqs").await;

    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), crate::sample::published_entries());
    for item in items {
        let mut keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, FAQ_FIELDS, "{}", item["slug"]);
        assert!(
            !item["sources"].as_array().unwrap().is_empty(),
            "{}",
            item["slug"]
        );
    }
    let slugs: Vec<&str> = items.iter().map(|i| i["slug"].as_str().unwrap()).collect();
    let mut sorted = slugs.clone();
    sorted.sort();
    assert_eq!(slugs, sorted, "listing is in slug order");
}

#[tokio::test]
async fn one_faq_by_slug() {
    let app = TestApp::spawn().await;

    let faq = app.get_json("/v1/faqs/how-long-effects-last").await;

    assert_eq!(faq["slug"], "how-long-effects-last");
    assert_eq!(faq["question"], "How long do the effects of ketamine last?");
    assert_eq!(faq["version"], 1);
    // With the referral /v1/ask gives beside this answer, so no client
    // rebuilds the rule.
    let asked = app.ask("how long do the effects last").await;
    assert_eq!(asked["faq"]["slug"], "how-long-effects-last");
    assert_eq!(faq["referral"], asked["referral"]);
}

/// Sources reach the public by their articles' titles; a file name never does.
#[tokio::test]
async fn sources_name_their_articles_by_title() {
    let app = TestApp::spawn().await;

    let body = app.get_json("/v1/faqs").await;

    for item in body["items"].as_array().unwrap() {
        for source in item["sources"].as_array().unwrap() {
            let title = source["title"].as_str().unwrap();
            assert!(
                !title.trim().is_empty() && !title.contains(".txt"),
                "{source}"
            );
            assert!(source.get("article").is_none(), "{source}");
            assert!(!source["fact"].as_str().unwrap().is_empty());
        }
    }
    assert!(
        !body.to_string().contains(".txt"),
        "a file name reached the public"
    );
}

#[tokio::test]
async fn an_unknown_slug_is_a_json_404() {
    let app = TestApp::spawn().await;

    assert_error(
        app.get("/v1/faqs/no-such-entry").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Not a slug at all, and very long: still the same 404, never a 500.
    let junk = format!("/v1/faqs/%00%FF{}", "x".repeat(3000));
    assert_error(app.get(&junk).await, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn providers_and_clinic_are_public() {
    let app = TestApp::spawn().await;

    let providers = app.get_json("/v1/providers").await;
    let clinic = app.get_json("/v1/clinic").await;

    let items = providers["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|p| p["name"].is_string() && p["kinds"].is_array()));
    assert_eq!(clinic["name"], "Example Ketamine Clinic");
    assert!(clinic["crisis"]["resources"].is_array());
}

#[tokio::test]
async fn health_reports_ready_with_the_entry_count() {
    let app = TestApp::spawn().await;

    let health = app.get_json("/health").await;

    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], true);
    assert_eq!(health["corpus_loaded"], true);
    assert_eq!(health["entries"], crate::sample::published_entries());
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;

    for path in ["/health", "/v1/faqs", "/nope", "/docs"] {
        let res = app.get(path).await;
        let id = res.headers().get("x-request-id");
        assert!(id.is_some_and(|v| !v.is_empty()), "{path}: no x-request-id");
    }
    let a = app.get("/health").await.headers()["x-request-id"].clone();
    let b = app.get("/health").await.headers()["x-request-id"].clone();
    assert_ne!(a, b, "request ids must differ per request");
}
