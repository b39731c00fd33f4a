//! Spanish over HTTP: answered in the question's language, texts and
//! headers in that language, each language version published on its own.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::app::{content_copy, TestApp};
use crate::helpers::{assert_error, PublicApi};

async fn ask_with(app: &TestApp, body: Value) -> (Option<String>, Value) {
    let res = app
        .client
        .post(app.url("/v1/ask"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{body}");
    let language = res
        .headers()
        .get("content-language")
        .map(|v| v.to_str().unwrap().to_owned());
    (language, res.json().await.unwrap())
}

#[tokio::test]
async fn a_spanish_question_is_answered_in_spanish_with_spanish_texts() {
    let app = TestApp::spawn().await;
    let clinic = app.get_json("/v1/clinic").await;
    let spanish = app.get_json("/v1/faqs/how-long-effects-last?lang=es").await;
    for question in [
        "¿Cuánto duran los efectos de la ketamina?",
        "cuanto dura el efecto d la ketamina",
    ] {
        let (language, reply) = ask_with(&app, json!({ "question": question })).await;
        assert_eq!(language.as_deref(), Some("es"), "{reply}");
        assert_eq!(reply["kind"], "answer", "{question}: {reply}");
        assert_eq!(reply["lang"], "es");
        assert_eq!(reply["faq"]["slug"], "how-long-effects-last");
        assert_eq!(reply["faq"]["lang"], "es");
        assert_eq!(reply["faq"]["answer"], spanish["answer"]);
        assert_eq!(reply["notice"], Value::Null);
        assert_eq!(
            reply["referral"]["message"],
            clinic["spanish"]["referral_message"]
        );
        assert_eq!(
            reply["referral"]["disclaimer"],
            clinic["spanish"]["disclaimer"]
        );
        // Sources by their Spanish titles, never a file name.
        let title = reply["faq"]["sources"][0]["title"].as_str().unwrap();
        assert!(!title.ends_with(".txt"), "{title}");
        assert!(
            clinic["spanish"]["source_titles"]
                .as_object()
                .unwrap()
                .values()
                .any(|t| t["title"] == title),
            "{title}"
        );
    }
    // The same question in English is answered in English.
    let (language, reply) = ask_with(
        &app,
        json!({ "question": "how long do the effects of ketamine last" }),
    )
    .await;
    assert_eq!(language.as_deref(), Some("en"));
    assert_eq!(reply["faq"]["lang"], "en");
    // `lang` asks for a language: English words, a Spanish answer.
    let (language, reply) =
        ask_with(&app, json!({ "question": "side effects", "lang": "es" })).await;
    assert_eq!(language.as_deref(), Some("es"));
    assert_eq!(reply["faq"]["slug"], "side-effects", "{reply}");
    assert_eq!(reply["faq"]["lang"], "es");
}

#[tokio::test]
async fn spanish_no_match_and_crisis_replies_are_in_spanish() {
    let app = TestApp::spawn().await;
    let clinic = app.get_json("/v1/clinic").await;
    let (_, reply) = ask_with(
        &app,
        json!({ "question": "¿Cuánto cuesta el estacionamiento de la clínica?" }),
    )
    .await;
    assert_eq!(reply["kind"], "no_match", "{reply}");
    assert_eq!(reply["lang"], "es");
    let message = reply["referral"]["message"].as_str().unwrap();
    let no_match = clinic["spanish"]["no_match_message"].as_str().unwrap();
    assert!(message.starts_with(no_match), "{message}");
    let (_, reply) = ask_with(
        &app,
        json!({ "question": "ya no quiero vivir, me voy a matar" }),
    )
    .await;
    assert_eq!(reply["kind"], "crisis");
    assert_eq!(reply["crisis"]["title"], clinic["crisis_es"]["title"]);
}

#[tokio::test]
async fn another_language_gets_an_honest_reply_in_english_and_spanish() {
    let app = TestApp::spawn().await;
    let (language, reply) = ask_with(
        &app,
        json!({ "question": "Quels sont les effets secondaires de la kétamine pour la dépression ?" }),
    )
    .await;
    assert_eq!(reply["kind"], "no_match", "{reply}");
    assert_eq!(reply["faq"], Value::Null);
    assert_eq!(language.as_deref(), Some("en"));
    let notice = reply["notice"].as_str().unwrap();
    assert!(
        notice.contains("English and Spanish") && notice.contains("inglés y español"),
        "{notice}"
    );
    // A language the service does not read also carries the crisis resources.
    assert!(reply["crisis"].is_object(), "{reply}");
}

#[tokio::test]
async fn an_entry_without_a_published_spanish_version_is_offered_in_english() {
    let content = content_copy();
    let data = tempfile::tempdir().unwrap();
    // telehealth has no Spanish version; side-effects' is still in review.
    std::fs::remove_file(content.path().join("entries/es/telehealth.toml")).unwrap();
    let path = content.path().join("entries/es/side-effects.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("status = \"published\"", "status = \"in_review\""),
    )
    .unwrap();
    let app = TestApp::builder()
        .content(content.path())
        .data(data.path())
        .spawn()
        .await;

    let (language, reply) =
        ask_with(&app, json!({ "question": "¿Ustedes tienen telehealth?" })).await;
    assert_eq!(language.as_deref(), Some("es"));
    assert_eq!(reply["kind"], "answer", "{reply}");
    assert_eq!(reply["faq"]["slug"], "telehealth");
    assert_eq!(reply["faq"]["lang"], "en", "the English text is offered");
    let notice = reply["notice"].as_str().unwrap();
    assert!(
        notice.contains("todavía no está disponible en español"),
        "{notice}"
    );

    // Text in review is never public, in any language.
    let in_review = app.get_json("/v1/faqs/side-effects?lang=es").await;
    assert_eq!(in_review["lang"], "en");
    let (_, reply) = ask_with(
        &app,
        json!({ "question": "¿Cuáles son los efectos secundarios de la ketamina?" }),
    )
    .await;
    assert_eq!(reply["faq"]["slug"], "side-effects", "{reply}");
    assert_eq!(reply["faq"]["lang"], "en");
}

#[tokio::test]
async fn faqs_are_listed_in_the_language_asked_for() {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/faqs?lang=es").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-language"], "es");
    let spanish: Value = res.json().await.unwrap();
    let english = app.get_json("/v1/faqs").await;
    let (es, en) = (
        spanish["items"].as_array().unwrap(),
        english["items"].as_array().unwrap(),
    );
    assert_eq!(
        es.len(),
        en.len(),
        "every entry, in Spanish where it has it"
    );
    assert!(es.iter().all(|f| f["lang"] == "es"));
    assert!(en.iter().all(|f| f["lang"] == "en"));
    let res = app.get("/v1/faqs/telehealth?lang=es").await;
    assert_eq!(res.headers()["content-language"], "es");
    assert_error(
        app.get("/v1/faqs?lang=fr").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
}
