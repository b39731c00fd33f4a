//! Rate limiting of the API per client IP: 429 in the JSON error contract with
//! `Retry-After`; `off` never limits; only `/v1/...` counts.

use std::time::Duration;

use clap::Parser;
use clinicfaq::config::{Cli, RateLimit};
use clinicfaq::startup::HttpOptions;
use reqwest::StatusCode;

use crate::app::TestApp;
use crate::helpers::{assert_error, bin};

const CLINIC_SITE: &str = "https://www.clinic.example";

fn limited(spec: &str) -> HttpOptions {
    HttpOptions {
        workers: Some(1),
        cors_origins: vec![CLINIC_SITE.to_owned()],
        rate_limit: RateLimit::parse(spec).unwrap(),
        ..HttpOptions::default()
    }
}

/// GETs `path` `n` times and returns the statuses.
async fn statuses(app: &TestApp, path: &str, n: usize) -> Vec<StatusCode> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(app.get(path).await.status());
    }
    out
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After is whole seconds")
}

#[tokio::test]
async fn over_its_burst_a_client_gets_a_json_429_with_retry_after() {
    let app = TestApp::builder()
        .options(limited("1/s,burst=3"))
        .spawn()
        .await;
    assert_eq!(statuses(&app, "/v1/faqs", 3).await, [StatusCode::OK; 3]);

    let res = app
        .client
        .post(app.url("/v1/ask"))
        .header("origin", CLINIC_SITE)
        .json(&serde_json::json!({"question": "how long do the effects last"}))
        .send()
        .await
        .unwrap();
    let wait = retry_after(&res);
    assert!((1..=2).contains(&wait), "Retry-After: {wait}");
    // The widget on an allowlisted site must be able to read the 429.
    assert_eq!(res.headers()["access-control-allow-origin"], CLINIC_SITE);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn a_client_that_waits_retry_after_gets_through() {
    let app = TestApp::builder()
        .options(limited("1/s,burst=1"))
        .spawn()
        .await;
    assert_eq!(app.get("/v1/clinic").await.status(), StatusCode::OK);
    let res = app.get("/v1/clinic").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    tokio::time::sleep(Duration::from_secs(retry_after(&res))).await;
    assert_eq!(app.get("/v1/clinic").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_the_api_is_limited_not_health_the_widget_or_the_spec() {
    let app = TestApp::builder()
        .options(limited("1/s,burst=2"))
        .spawn()
        .await;
    let api = statuses(&app, "/v1/providers", 4).await;
    assert_eq!(api[3], StatusCode::TOO_MANY_REQUESTS, "{api:?}");
    for path in ["/health", "/widget.js", "/", "/openapi.json"] {
        let got = statuses(&app, path, 5).await;
        assert!(got.iter().all(|s| s.is_success()), "{path}: {got:?}");
    }
    // Unknown API paths count too, so nobody scans /v1/ for free.
    assert_eq!(
        app.get("/v1/no-such-thing").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn off_never_answers_429() {
    let app = TestApp::builder()
        .options(HttpOptions {
            workers: Some(1),
            rate_limit: RateLimit::Off,
            ..HttpOptions::default()
        })
        .spawn()
        .await;
    let got = statuses(&app, "/v1/clinic", 300).await;
    assert!(got.iter().all(|s| *s == StatusCode::OK), "{got:?}");
}

#[test]
fn the_server_limits_by_default_and_the_flag_and_env_override_it() {
    let default = Cli::try_parse_from(["clinicfaq"]).unwrap().settings;
    assert_eq!(
        default.rate_limit,
        RateLimit::parse(RateLimit::DEFAULT).unwrap()
    );
    assert_ne!(default.rate_limit, RateLimit::Off);
    let off = Cli::try_parse_from(["clinicfaq", "--rate-limit", "off"]).unwrap();
    assert_eq!(off.settings.rate_limit, RateLimit::Off);

    // The environment variable reaches the same parser (checked on the binary,
    // so this test does not change its own process environment).
    let out = bin()
        .env("CLINICFAQ_RATE_LIMIT", "lots")
        .arg("check")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not a rate limit"), "{stderr}");
}
