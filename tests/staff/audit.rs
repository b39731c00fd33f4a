//! Audit completeness: every staff write, refused or not, is in the log.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;
use crate::helpers::StaffApi;

#[tokio::test]
async fn every_write_is_logged_with_actor_outcome_and_status() {
    let app = TestApp::spawn().await;
    let start: Value = app
        .get_json("/v1/staff/audit?limit=500", Some(&app.admin))
        .await;
    let cursor = start["items"]
        .as_array()
        .unwrap()
        .last()
        .map(|r| r["id"].as_u64().unwrap());

    // (who, what it did, expected status)
    let mut expected: Vec<(&str, &str, u16)> = Vec::new();
    let r = app
        .edit(&app.editor, "telehealth", "Edited for the audit test.")
        .await;
    expected.push(("sam-editor", "PUT faqs/{slug}", r.status().as_u16()));
    let r = app.step(&app.editor, "telehealth", "approve").await;
    expected.push((
        "sam-editor",
        "POST faqs/{slug}/approve",
        r.status().as_u16(),
    ));
    let r = app
        .req(Method::POST, "/v1/staff/faqs/telehealth/submit", None)
        .send()
        .await
        .unwrap();
    expected.push(("anonymous", "POST faqs/{slug}/submit", r.status().as_u16()));
    let r = app
        .req(
            Method::POST,
            "/v1/staff/faqs/telehealth/submit",
            Some(&app.editor),
        )
        .header("If-Match", "\"1\"")
        .send()
        .await
        .unwrap();
    expected.push(("sam-editor", "POST faqs/{slug}/submit", r.status().as_u16()));
    let r = app.step(&app.editor, "telehealth", "submit").await;
    expected.push(("sam-editor", "POST faqs/{slug}/submit", r.status().as_u16()));
    let r = app
        .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
        .json(&json!({"name": "new-person", "role": "clinician", "display_name": "New Person", "credentials": "RN"}))
        .send()
        .await
        .unwrap();
    expected.push(("ada-admin", "POST tokens", r.status().as_u16()));
    let r = app
        .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    expected.push(("ada-admin", "POST tokens", r.status().as_u16()));

    assert_eq!(
        expected.iter().map(|e| e.2).collect::<Vec<_>>(),
        [200, 403, 401, 412, 200, 201, 400]
    );

    let mut url = "/v1/staff/audit?limit=500".to_owned();
    if let Some(c) = cursor {
        url += &format!("&after={c}");
    }
    let log: Value = app.get_json(&url, Some(&app.admin)).await;
    let got: Vec<(String, String, u16, String)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["actor"].as_str().unwrap().to_owned(),
                r["action"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap() as u16,
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((actor, action, status), (g_actor, g_action, g_status, g_outcome)) in
        expected.iter().zip(&got)
    {
        assert_eq!(
            (*actor, *action, *status),
            (g_actor.as_str(), g_action.as_str(), *g_status)
        );
        let want = if *status < 300 { "ok" } else { "failed" };
        assert_eq!(g_outcome, want);
    }
}

#[tokio::test]
async fn the_log_filters_pages_and_exports_json_lines() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.edit(&app.editor, "telehealth", "One more edit.").await;
    }
    app.edit(&app.editor2, "side-effects", "Another entry.")
        .await;

    let page: Value = app
        .get_json(
            "/v1/staff/audit?actor=sam-editor&target=faqs/telehealth&limit=2",
            Some(&app.admin),
        )
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let next = page["next"].as_u64().expect("a next cursor");
    let rest: Value = app
        .get_json(
            &format!("/v1/staff/audit?actor=sam-editor&target=faqs/telehealth&after={next}"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next"].is_null());

    let res = app
        .req(
            Method::GET,
            "/v1/staff/audit/export?actor=kim-editor",
            Some(&app.admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/x-ndjson");
    let text = res.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["target"], "faqs/side-effects");

    let future: Value = app
        .get_json(
            "/v1/staff/audit?since=2999-01-01T00:00:00Z",
            Some(&app.admin),
        )
        .await;
    assert!(future["items"].as_array().unwrap().is_empty());
    let bad = app
        .req(
            Method::GET,
            "/v1/staff/audit?since=yesterday",
            Some(&app.admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

/// Anyone can send refused writes; the log records the first per route and
/// status in a minute and counts the rest, and keeps no unknown path.
#[tokio::test]
async fn anonymous_refusals_are_counted_not_recorded_each() {
    let app = TestApp::spawn().await;
    for _ in 0..50 {
        let res = app
            .req(Method::POST, "/v1/staff/faqs", None)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app
        .req(Method::POST, "/v1/staff/no-such-route/attacker-text", None)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let log = app
        .get_json("/v1/staff/audit?actor=anonymous", Some(&app.admin))
        .await;
    let items = log["items"].as_array().unwrap();
    let creates = items.iter().filter(|r| r["action"] == "POST faqs").count();
    assert_eq!(creates, 1, "{log}");
    assert!(
        items
            .iter()
            .all(|r| !r.to_string().contains("attacker-text")),
        "{log}"
    );
}
