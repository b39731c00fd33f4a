//! Providers and clinic settings follow the same sign-off as FAQ text.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;
use crate::helpers::{error_code, StaffApi};

async fn clinic(app: &TestApp) -> Value {
    app.get_json("/v1/clinic", None).await
}

async fn propose_clinic(app: &TestApp, token: &str, phone: &str) -> reqwest::Response {
    let mut c = clinic(app).await;
    c["phone"] = json!(phone);
    app.req(Method::PUT, "/v1/staff/clinic", Some(token))
        .json(&json!({"clinic": c, "note": "new number"}))
        .send()
        .await
        .unwrap()
}

async fn decide(app: &TestApp, token: &str, id: u64) -> reqwest::Response {
    app.req(
        Method::POST,
        &format!("/v1/staff/changes/{id}/approve"),
        Some(token),
    )
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn clinic_settings_change_only_after_a_clinician_approves() {
    let app = TestApp::spawn().await;
    let res = propose_clinic(&app, &app.admin, "+1-555-0199").await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.unwrap()["id"].as_u64().unwrap();
    assert_eq!(
        clinic(&app).await["phone"],
        "+1-555-0100",
        "a proposal must not go live"
    );

    assert_eq!(
        decide(&app, &app.admin, id).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        decide(&app, &app.editor, id).await.status(),
        StatusCode::FORBIDDEN
    );
    let res = decide(&app, &app.clinician, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "applied");
    assert_eq!(clinic(&app).await["phone"], "+1-555-0199");
    assert_eq!(
        decide(&app, &app.clinician2, id).await.status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn the_proposer_cannot_approve_under_another_name_or_role() {
    let app = TestApp::spawn().await;
    // One person, one name: a second usable token for dr-robin, in any case
    // or role, is refused, so a proposal cannot come from "another" robin.
    for (name, role) in [("dr-robin", "admin"), ("DR-ROBIN", "admin")] {
        let res = app
            .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
            .json(&json!({"name": name, "role": role, "display_name": "Robin Sample", "days": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT, "{name}");
        assert_eq!(error_code(res).await, "name_taken");
    }
}

#[tokio::test]
async fn removing_the_only_provider_of_a_published_kind_is_refused() {
    let app = TestApp::spawn().await;
    let res = app
        .req(
            Method::DELETE,
            "/v1/staff/providers/dr-jordan-placeholder",
            Some(&app.admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.unwrap()["id"].as_u64().unwrap();
    let res = decide(&app, &app.clinician, id).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("infusion"),
        "{body}"
    );
}

#[tokio::test]
async fn a_stale_proposal_cannot_undo_a_newer_change() {
    let app = TestApp::spawn().await;
    let first = propose_clinic(&app, &app.admin, "+1-555-0111")
        .await
        .json::<Value>()
        .await
        .unwrap();
    let second = propose_clinic(&app, &app.admin, "+1-555-0122")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        decide(&app, &app.clinician, second["id"].as_u64().unwrap())
            .await
            .status(),
        StatusCode::OK
    );
    let res = decide(&app, &app.clinician, first["id"].as_u64().unwrap()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(clinic(&app).await["phone"], "+1-555-0122");
}

#[tokio::test]
async fn a_new_provider_goes_live_after_approval() {
    let app = TestApp::spawn().await;
    // No id in the body: the path names the provider.
    let provider = json!({"name": "Dr. New", "credentials": "MD (sample)",
        "kinds": ["psychiatry"], "phone": "+1-555-0177", "booking_url": "https://example.org/b"});
    let res = app
        .req(Method::PUT, "/v1/staff/providers/dr-new", Some(&app.admin))
        .json(&json!({"provider": provider}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.unwrap()["id"].as_u64().unwrap();
    let public = |v: Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "dr-new")
    };
    let list = app.get_json("/v1/providers", None).await;
    assert!(!public(list));
    assert_eq!(
        decide(&app, &app.clinician, id).await.status(),
        StatusCode::OK
    );
    let list = app.get_json("/v1/providers", None).await;
    assert!(public(list));
}
