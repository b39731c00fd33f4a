//! Draft, in-review and retired entries are never public: not by slug, not in
//! the listing, and never as an answer or a suggestion, even when asked their
//! exact question.

use reqwest::StatusCode;
use tempfile::TempDir;

use crate::app::{content_copy, TestApp};
use crate::helpers::{assert_error, set_status, PublicApi};

const HIDDEN: [(&str, &str); 3] = [
    ("telehealth", "draft"),
    ("chronic-pain", "in_review"),
    ("long-term-risks", "retired"),
];

/// The sample clinic with one entry in each non-public status.
async fn app_with_hidden_entries() -> (TestApp, TempDir, TempDir) {
    let content = content_copy();
    for (slug, status) in HIDDEN {
        set_status(content.path(), slug, status);
    }
    let data = TempDir::new().unwrap();
    let app = TestApp::builder()
        .content(content.path())
        .data(&data.path().join("db"))
        .spawn()
        .await;
    (app, content, data)
}

#[tokio::test]
async fn unpublished_entries_are_404_by_slug() {
    let (app, _content, _data) = app_with_hidden_entries().await;

    for (slug, status) in HIDDEN {
        let res = app.get(&format!("/v1/faqs/{slug}")).await;
        assert_eq!(
            res.status(),
            StatusCode::NOT_FOUND,
            "{status} entry {slug} is public"
        );
        assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
    // A published neighbour is still there.
    app.get_json("/v1/faqs/how-long-effects-last").await;
}

#[tokio::test]
async fn unpublished_entries_are_absent_from_the_listing_and_health() {
    let (app, _content, _data) = app_with_hidden_entries().await;

    let items = app.get_json("/v1/faqs").await["items"]
        .as_array()
        .unwrap()
        .clone();

    assert_eq!(
        items.len(),
        crate::sample::published_entries() - HIDDEN.len()
    );
    for (slug, _) in HIDDEN {
        assert!(items.iter().all(|i| i["slug"] != slug), "{slug} is listed");
    }
    assert_eq!(
        app.get_json("/health").await["entries"],
        crate::sample::published_entries() - HIDDEN.len()
    );
}

#[tokio::test]
async fn unpublished_entries_are_never_answers_or_suggestions() {
    let (app, content, _data) = app_with_hidden_entries().await;
    let bundle = clinicfaq::content::load_dir(content.path()).unwrap();

    for (slug, status) in HIDDEN {
        let entry = bundle
            .entries
            .iter()
            .find(|e| e.slug.as_str() == slug)
            .unwrap();
        let questions = std::iter::once(&entry.question).chain(&entry.alternates);
        for question in questions {
            let reply = app.ask(question).await;
            assert_ne!(
                reply["faq"]["slug"], slug,
                "{status} entry answered {question:?}"
            );
            let suggested = reply["suggestions"].as_array().unwrap();
            assert!(
                suggested.iter().all(|s| s["slug"] != slug),
                "{status} entry suggested for {question:?}"
            );
            let opening: String = entry.answer.chars().take(60).collect();
            assert!(!reply.to_string().contains(&opening), "answer text leaked");
        }
    }
}
