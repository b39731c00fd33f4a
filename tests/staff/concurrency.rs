//! ETag/If-Match: 428 without, 412 when stale, and no lost update under
//! parallel writers.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;
use crate::helpers::{error_code, etag, StaffApi};

const SLUG: &str = "side-effects";

#[tokio::test]
async fn writes_without_if_match_get_428() {
    let app = TestApp::spawn().await;
    let (faq, _) = app.faq(SLUG).await;
    let res = app
        .req(
            Method::PUT,
            &format!("/v1/staff/faqs/{SLUG}"),
            Some(&app.editor),
        )
        .json(&json!({"faq": faq["published"]["faq"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(error_code(res).await, "if_match_required");
    for step in [
        "submit",
        "approve",
        "publish",
        "retire",
        "revisions/1/restore",
    ] {
        let res = app
            .req(
                Method::POST,
                &format!("/v1/staff/faqs/{SLUG}/{step}"),
                Some(&app.clinician),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED, "{step}");
    }
}

#[tokio::test]
async fn a_stale_if_match_gets_412_with_the_current_version() {
    let app = TestApp::spawn().await;
    let (faq, v) = app.faq(SLUG).await;
    let body = json!({"faq": faq["published"]["faq"], "note": "first"});
    let first = app
        .req(
            Method::PUT,
            &format!("/v1/staff/faqs/{SLUG}"),
            Some(&app.editor),
        )
        .header("If-Match", format!("\"{v}\""))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let second = app
        .req(
            Method::PUT,
            &format!("/v1/staff/faqs/{SLUG}"),
            Some(&app.editor2),
        )
        .header("If-Match", format!("\"{v}\""))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(etag(&second), v + 1);
    let message: Value = second.json().await.unwrap();
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{}", v + 1)));
}

#[tokio::test]
async fn parallel_writers_with_the_same_version_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let (faq, v) = app.faq(SLUG).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let req = app
            .req(
                Method::PUT,
                &format!("/v1/staff/faqs/{SLUG}"),
                Some(&app.editor),
            )
            .header("If-Match", format!("\"{v}\""))
            .json(&json!({"faq": faq["published"]["faq"], "note": format!("writer {i}")}));
        tasks.push(tokio::spawn(
            async move { req.send().await.unwrap().status() },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::PRECONDITION_FAILED => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn parallel_writers_that_retry_on_412_lose_no_update() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let writers = 6;
    let mut tasks = Vec::new();
    for i in 0..writers {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let phrase = format!("parallel phrasing {i}");
            for _attempt in 0..100 {
                let (faq, v) = app.faq(SLUG).await;
                let mut content = faq["working"]["faq"].clone();
                if content.is_null() {
                    content = faq["published"]["faq"].clone();
                }
                content["alternates"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!(phrase));
                let res = app
                    .req(
                        Method::PUT,
                        &format!("/v1/staff/faqs/{SLUG}"),
                        Some(&app.editor),
                    )
                    .header("If-Match", format!("\"{v}\""))
                    .json(&json!({"faq": content}))
                    .send()
                    .await
                    .unwrap();
                match res.status() {
                    StatusCode::OK => return,
                    StatusCode::PRECONDITION_FAILED => continue,
                    other => panic!("unexpected {other}"),
                }
            }
            panic!("writer {i} never got through");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (faq, v) = app.faq(SLUG).await;
    let alternates: Vec<&str> = faq["working"]["faq"]["alternates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    for i in 0..writers {
        assert!(
            alternates.contains(&format!("parallel phrasing {i}").as_str()),
            "writer {i} lost"
        );
    }
    assert_eq!(v, 1 + writers as u32, "one revision per successful write");
}
