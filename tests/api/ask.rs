//! POST /v1/ask: the three reply kinds a patient meets most, and the shape
//! external clients rely on.

use serde_json::Value;

use crate::helpers::spawn_app;

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
    let app = spawn_app().await;

    let reply = app.ask("how long do the effects last").await;

    assert_reply_shape(&reply);
    assert_eq!(reply["kind"], "answer", "{reply}");
    assert_eq!(reply["faq"]["slug"], "how-long-effects-last");
    assert!(reply["crisis"].is_null());
    let kind = reply["faq"]["provider_kind"].as_str().unwrap();
    assert!(
        providers(&reply)
            .iter()
            .any(|p| p["kinds"].as_array().unwrap().iter().any(|k| k == kind)),
        "no {kind} provider in {reply}"
    );
}

#[tokio::test]
async fn a_crisis_message_gets_the_crisis_card_and_never_an_faq() {
    let app = spawn_app().await;

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
    let app = spawn_app().await;

    let reply = app.ask("zxqv blorp wug fnord").await;

    assert_reply_shape(&reply);
    assert_eq!(reply["kind"], "no_match", "{reply}");
    assert!(reply["faq"].is_null());
    assert!(reply["crisis"].is_null());
    providers(&reply);
}
