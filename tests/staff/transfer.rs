//! Corpus export and import: round trip, dry run, validation, drafts only.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;
use crate::helpers::{answer, StaffApi};

#[tokio::test]
async fn export_then_import_is_a_no_op_and_dry_run_writes_nothing() {
    let app = TestApp::spawn().await;
    app.edit(&app.editor, "telehealth", "A draft in progress.")
        .await;
    let export: Value = app
        .get_json("/v1/staff/corpus/export?revisions=true", Some(&app.editor))
        .await;
    let faqs = export["faqs"].as_array().unwrap();
    assert!(faqs.len() >= crate::sample::published_entries());
    let tele = faqs.iter().find(|f| f["slug"] == "telehealth").unwrap();
    assert_eq!(tele["faq"]["answer"], answer("A draft in progress."));
    assert_ne!(
        tele["published"]["faq"]["answer"],
        answer("A draft in progress.")
    );
    assert_eq!(tele["revisions"].as_array().unwrap().len(), 2);

    let res = app
        .req(Method::POST, "/v1/staff/corpus/import", Some(&app.editor))
        .json(&export)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        report["unchanged"].as_array().unwrap().len(),
        faqs.len(),
        "{report}"
    );

    let mut changed = export.clone();
    changed["faqs"][0]["faq"]["answer"] = json!("Imported new wording.");
    changed["faqs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"slug": "imported-new", "faq": {
        "question": "New?", "answer": "Yes.", "category": "c", "provider_kind": "psychiatry"}}));
    let dry: Value = app
        .req(
            Method::POST,
            "/v1/staff/corpus/import?dry_run=true",
            Some(&app.editor),
        )
        .json(&changed)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["created"], json!(["imported-new"]));
    assert_eq!(dry["updated"].as_array().unwrap().len(), 1);
    assert!(dry["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("no source")));
    let missing = app
        .req(
            Method::GET,
            "/v1/staff/faqs/imported-new",
            Some(&app.editor),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "a dry run must not write"
    );

    let real: Value = app
        .req(Method::POST, "/v1/staff/corpus/import", Some(&app.editor))
        .json(&changed)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(real["created"], json!(["imported-new"]));
    let first = changed["faqs"][0]["slug"].as_str().unwrap();
    let (faq, _) = app.faq(first).await;
    assert_eq!(faq["working"]["faq"]["answer"], "Imported new wording.");
    assert_eq!(faq["working"]["status"], "draft");
    assert_ne!(
        app.public_answer(first).await.unwrap(),
        "Imported new wording.",
        "import must not publish"
    );
}

#[tokio::test]
async fn an_invalid_entry_rejects_the_whole_import() {
    let app = TestApp::spawn().await;
    let body = json!({"faqs": [
        {"slug": "fine-one", "faq": {"question": "q?", "answer": "a", "category": "c", "provider_kind": "psychiatry"}},
        {"slug": "Bad Slug", "faq": {"question": "q?", "answer": "a", "category": "c", "provider_kind": "psychiatry"}},
        {"slug": "empty", "faq": {"question": "", "answer": "a", "category": "c", "provider_kind": "psychiatry"}},
    ]});
    let res = app
        .req(Method::POST, "/v1/staff/corpus/import", Some(&app.editor))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.unwrap();
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2 invalid")
            && message.contains("Bad Slug")
            && message.contains("question"),
        "{message}"
    );
    let res = app
        .req(Method::GET, "/v1/staff/faqs/fine-one", Some(&app.editor))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
