//! The role matrix: every staff route × every role × no, malformed, unknown,
//! expired and revoked token.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;

const E: &str = "editor";
const C: &str = "clinician";
const A: &str = "admin";

struct Route {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    roles: &'static [&'static str],
}

fn faq_body() -> Value {
    json!({"question": "q?", "answer": "a", "category": "c", "provider_kind": "psychiatry"})
}

fn routes() -> Vec<Route> {
    let r = |method, path, body, roles| Route {
        method,
        path,
        body,
        roles,
    };
    let all: &'static [&'static str] = &[E, C, A];
    vec![
        r(Method::GET, "/v1/staff/me", None, all),
        r(
            Method::POST,
            "/v1/staff/explain",
            Some(json!({"question": "how long does it last"})),
            all,
        ),
        r(Method::GET, "/v1/staff/tokens", None, &[A]),
        r(
            Method::POST,
            "/v1/staff/tokens",
            Some(json!({"name": "x", "role": "editor"})),
            &[A],
        ),
        r(Method::DELETE, "/v1/staff/tokens/000000000000", None, &[A]),
        r(Method::GET, "/v1/staff/articles", None, all),
        r(Method::GET, "/v1/staff/faqs", None, all),
        r(
            Method::POST,
            "/v1/staff/faqs",
            Some(json!({"slug": "matrix-new", "faq": faq_body()})),
            &[E, C],
        ),
        r(Method::GET, "/v1/staff/faqs/telehealth", None, all),
        r(
            Method::PUT,
            "/v1/staff/faqs/telehealth",
            Some(json!({"faq": faq_body()})),
            &[E, C],
        ),
        r(
            Method::POST,
            "/v1/staff/faqs/telehealth/submit",
            None,
            &[E, C],
        ),
        r(
            Method::POST,
            "/v1/staff/faqs/telehealth/approve",
            None,
            &[C],
        ),
        r(
            Method::POST,
            "/v1/staff/faqs/telehealth/reject",
            Some(json!({"reason": "no"})),
            &[C],
        ),
        r(
            Method::POST,
            "/v1/staff/faqs/telehealth/publish",
            None,
            &[C],
        ),
        r(Method::POST, "/v1/staff/faqs/telehealth/retire", None, &[C]),
        r(
            Method::GET,
            "/v1/staff/faqs/telehealth/revisions",
            None,
            all,
        ),
        r(
            Method::GET,
            "/v1/staff/faqs/telehealth/revisions/1",
            None,
            all,
        ),
        r(
            Method::GET,
            "/v1/staff/faqs/telehealth/revisions/1/diff/1",
            None,
            all,
        ),
        r(
            Method::POST,
            "/v1/staff/faqs/telehealth/revisions/1/restore",
            None,
            &[E, C],
        ),
        r(Method::GET, "/v1/staff/changes", None, all),
        r(
            Method::PUT,
            "/v1/staff/providers/dr-x",
            Some(
                json!({"provider": {"id": "dr-y", "name": "n", "credentials": "c", "kinds": ["k"], "phone": "p", "booking_url": "u"}}),
            ),
            &[A],
        ),
        r(Method::DELETE, "/v1/staff/providers/nobody", None, &[A]),
        r(
            Method::PUT,
            "/v1/staff/clinic",
            Some(json!({"clinic": {}})),
            &[A],
        ),
        r(Method::POST, "/v1/staff/changes/1/approve", None, &[C]),
        r(
            Method::POST,
            "/v1/staff/changes/1/reject",
            Some(json!({"reason": "no"})),
            &[C],
        ),
        r(Method::GET, "/v1/staff/inbox", None, all),
        r(Method::GET, "/v1/staff/feedback", None, all),
        r(
            Method::POST,
            "/v1/staff/inbox/1/promote",
            Some(json!({"slug": "telehealth"})),
            &[E, C],
        ),
        r(Method::POST, "/v1/staff/inbox/1/dismiss", None, &[E, C]),
        r(Method::GET, "/v1/staff/corpus/export", None, all),
        r(
            Method::POST,
            "/v1/staff/corpus/import?dry_run=true",
            Some(json!({"faqs": []})),
            &[E, C],
        ),
        r(Method::GET, "/v1/staff/audit", None, &[A]),
        r(Method::GET, "/v1/staff/audit/export", None, &[A]),
        r(Method::GET, "/v1/staff/backup", None, &[A]),
    ]
}

/// Turns `/v1/staff/faqs/telehealth/revisions/1` into the spec's template.
fn template(
    path: &str,
    spec_paths: &BTreeSet<(String, String)>,
    method: &Method,
) -> Option<String> {
    let path = path.split('?').next().unwrap();
    let segs: Vec<&str> = path.split('/').collect();
    spec_paths
        .iter()
        .filter(|(m, _)| m == method.as_str())
        .map(|(_, p)| p)
        .find(|p| {
            let ps: Vec<&str> = p.split('/').collect();
            ps.len() == segs.len()
                && ps
                    .iter()
                    .zip(&segs)
                    .all(|(a, b)| a == b || a.starts_with('{'))
        })
        .cloned()
}

async fn send(app: &TestApp, route: &Route, auth: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .request(
            route.method.clone(),
            format!("{}{}", app.address, route.path),
        )
        .header("If-Match", "\"999\"");
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    if let Some(body) = &route.body {
        req = req.json(body);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn every_staff_route_is_in_the_matrix() {
    let app = TestApp::spawn().await;
    let spec: Value = app
        .client
        .get(format!("{}/openapi.json", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if path.starts_with("/v1/staff") {
                assert_eq!(
                    op["tags"][0], "staff",
                    "{method} {path} must carry the staff tag"
                );
                assert_eq!(
                    op["security"][0]["bearer"],
                    json!([]),
                    "{method} {path} needs bearer security"
                );
                in_spec.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let covered: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| {
            let t = template(r.path, &in_spec, &r.method)
                .unwrap_or_else(|| panic!("{} {} is not in the spec", r.method, r.path));
            (r.method.to_string(), t)
        })
        .collect();
    assert_eq!(
        covered, in_spec,
        "matrix and spec must list the same staff routes"
    );
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn every_route_refuses_missing_bad_expired_and_revoked_tokens() {
    let app = TestApp::spawn().await;
    let bad = [
        None,
        Some("Basic c2FtOnNlY3JldA==".to_owned()),
        Some(
            "Bearer cfq_0000000000000000000000000000000000000000000000000000000000000000"
                .to_owned(),
        ),
        Some(format!("Bearer {}", app.expired)),
        Some(format!("Bearer {}", app.revoked)),
    ];
    for route in routes() {
        for auth in &bad {
            let res = send(&app, &route, auth.as_deref()).await;
            let what = format!(
                "{} {} with {:?}",
                route.method,
                route.path,
                auth.as_deref().map(|a| &a[..12.min(a.len())])
            );
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{what}");
            assert!(
                res.headers()
                    .get("www-authenticate")
                    .is_some_and(|v| v.to_str().unwrap().starts_with("Bearer")),
                "{what}: WWW-Authenticate"
            );
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "unauthorized", "{what}");
        }
    }
}

#[tokio::test]
async fn every_route_checks_the_role() {
    let app = TestApp::spawn().await;
    let tokens = [(E, &app.editor), (C, &app.clinician), (A, &app.admin)];
    for route in routes() {
        for (role, token) in tokens {
            let res = send(&app, &route, Some(&format!("Bearer {token}"))).await;
            let status = res.status();
            let what = format!("{} {} as {role}", route.method, route.path);
            let body: Value = res.json().await.unwrap_or(Value::Null);
            if route.roles.contains(&role) {
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{what}");
                assert!(
                    status != StatusCode::FORBIDDEN || body["error"]["code"] != "forbidden",
                    "{what} should be allowed: {body}"
                );
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                assert_eq!(body["error"]["code"], "forbidden", "{what}");
            }
        }
    }
}
