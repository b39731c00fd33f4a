//! POST /v1/ask: the three reply kinds a patient meets most, and the shape
//! external clients rely on.

use serde_json::Value;

use crate::app::TestApp;
use crate::helpers::PublicApi;

fn assert_reply_shape(reply: &Value) {
    let mut keys: Vec<&str> = reply
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "confidence",
            "crisis",
            "faq",
            "kind",
            "lang",
            "notice",
            "referral",
            "suggestions"
        ],
        "{reply}"
    );
    let confidence = reply["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{reply}");
    assert!(
        reply["suggestions"].as_array().unwrap().len() <= 3,
        "{reply}"
    );
}

/// The referral is never null and always names at least one reachable provider.
fn providers(reply: &Value) -> &Vec<Value> {
    let referral = &reply["referral"];
    assert!(referral.is_object(), "no referral: {reply}");
    assert!(!referral["message"].as_str().unwrap().is_empty());
    let providers = referral["providers"].as_array().unwrap();
    assert!(!providers.is_empty(), "no provider in referral: {reply}");
    for p in providers {
        assert!(p["phone"].as_str().is_some_and(|s| !s.is_empty()), "{p}");
    }
    providers
}

#[tokio::test]
async fn a_known_question_gets_its_answer_and_a_matching_provider() {
    let app = TestApp::spawn().await;

    let reply = app.ask("how long do the effects last").await;

    assert_reply_shape(&reply);
    assert_eq!(reply["kind"], "answer", "{reply}");
    assert_eq!(reply["faq"]["slug"], "how-long-effects-last");
    assert!(reply["crisis"].is_null());
    // The referral is narrowed to the providers who serve the answer's
    // kind: every one of them does, and the others are left out.
    let kind = reply["faq"]["provider_kind"].as_str().unwrap();
    let serves = |p: &Value| p["kinds"].as_array().unwrap().iter().any(|k| k == kind);
    let referred = providers(&reply);
    assert!(
        referred.iter().all(serves),
        "a provider outside {kind} in {reply}"
    );
    let all = app.get_json("/v1/providers").await;
    let all = all["items"].as_array().expect("a list of providers");
    assert!(
        all.iter().any(|p| !serves(p)),
        "the sample clinic needs a provider of another kind for this test"
    );
    assert_eq!(
        referred.len(),
        all.iter().filter(|p| serves(p)).count(),
        "{reply}"
    );
}

#[tokio::test]
async fn a_crisis_message_gets_the_crisis_card_and_never_an_faq() {
    let app = TestApp::spawn().await;

    let reply = app.ask("I want to kill myself").await;

    assert_reply_shape(&reply);
    assert_eq!(reply["kind"], "crisis", "{reply}");
    assert!(reply["faq"].is_null(), "{reply}");
    let values: Vec<&str> = reply["crisis"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"988"), "{values:?}");
    assert!(values.contains(&"911"), "{values:?}");
    providers(&reply);
}

#[tokio::test]
async fn gibberish_is_an_honest_no_match_with_a_referral() {
    let app = TestApp::spawn().await;

    let reply = app.ask("zxqv blorp wug fnord").await;

    assert_reply_shape(&reply);
    assert_eq!(reply["kind"], "no_match", "{reply}");
    assert!(reply["faq"].is_null());
    assert!(reply["crisis"].is_null());
    // No answer, no kind to narrow to: every provider is offered.
    let all = app.get_json("/v1/providers").await;
    assert_eq!(
        providers(&reply).len(),
        all["items"].as_array().expect("a list of providers").len(),
        "{reply}"
    );
}
