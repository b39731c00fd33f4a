//! The unanswered-question inbox: scrubbed, no crisis text, grouped,
//! promoted into a draft or dismissed. Storage is checked through sled's
//! raw trees and the files on disk.

use std::time::Duration;

use clinicfaq::inbox::{InboxItem, InboxKind};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::app::TestApp;
use crate::helpers::{answer, StaffApi};

async fn ask_body(app: &TestApp, q: &str) -> Value {
    app.req(Method::POST, "/v1/ask", None)
        .json(&json!({"question": q}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn ask(app: &TestApp, q: &str) -> String {
    ask_body(app, q).await["kind"].as_str().unwrap().to_owned()
}

/// The editor adds group `id`'s questions to `slug` as a draft, at
/// `version` (If-Match); the language is the group's own.
async fn promote(app: &TestApp, id: u64, slug: &str, version: u32) -> reqwest::Response {
    app.req(
        Method::POST,
        &format!("/v1/staff/inbox/{id}/promote"),
        Some(&app.editor),
    )
    .header("If-Match", format!("\"{version}\""))
    .json(&json!({ "slug": slug }))
    .send()
    .await
    .unwrap()
}

/// The inbox, once the background writes have landed.
async fn inbox(app: &TestApp, questions: usize, crisis: u64) -> Value {
    for _ in 0..100 {
        let view: Value = app.get_json("/v1/staff/inbox", Some(&app.editor)).await;
        if view["questions"] == questions && view["crisis_count"] == crisis {
            return view;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("inbox never reached {questions} questions / {crisis} crisis");
}

/// In any live sled tree.
fn in_trees(app: &TestApp, needle: &str) -> bool {
    app.state.store.dump_raw().unwrap().iter().any(|(_, k, v)| {
        String::from_utf8_lossy(k).contains(needle) || String::from_utf8_lossy(v).contains(needle)
    })
}

/// In any live tree or anywhere in the database files (sled's log keeps
/// removed values until it rewrites a segment, so this is for text that must
/// never have been written at all).
fn stored_anywhere(app: &TestApp, needle: &str) -> bool {
    app.state.store.flush().unwrap();
    let in_trees = in_trees(app, needle);
    let in_files = walk(&app.data_path).iter().any(|path| {
        std::fs::read(path)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    });
    in_trees || in_files
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[tokio::test]
async fn contact_details_are_scrubbed_before_storage() {
    let app = TestApp::spawn().await;
    let q = "my name is Pat Quillfeather, do you validate parking for visitors? mail pat.doe@example.net or call 555-867-5309, member 998877";
    assert_ne!(ask(&app, q).await, "answer");
    let view = inbox(&app, 1, 0).await;
    let stored = view["groups"][0]["representative"].as_str().unwrap();
    assert_eq!(
        stored,
        "my name is [name], do you validate parking for visitors? mail [email] or call [phone], member [number]"
    );
    for secret in [
        "Quillfeather",
        "pat.doe@example.net",
        "555-867-5309",
        "998877",
    ] {
        assert!(!stored_anywhere(&app, secret), "{secret} is stored");
    }
    assert!(stored_anywhere(
        &app,
        "do you validate parking for visitors"
    ));
    assert!(!in_trees(&app, "127.0.0.1"), "no client address is kept");
}

#[tokio::test]
async fn crisis_messages_are_counted_never_stored() {
    let app = TestApp::spawn().await;
    let crisis = "i want to end my life tonight zebracrossing";
    assert_eq!(ask(&app, crisis).await, "crisis");
    let view = inbox(&app, 0, 1).await;
    assert!(view["groups"].as_array().unwrap().is_empty());
    assert!(
        !stored_anywhere(&app, "zebracrossing"),
        "crisis text reached storage"
    );
}

#[tokio::test]
async fn concern_messages_are_counted_by_category_never_stored() {
    let app = TestApp::spawn().await;
    // Distress without intent: an ordinary reply with the crisis card, and
    // the text is kept out of the inbox like a crisis message's.
    let concern = "honestly im not okay lately, is there parking zebrastripes";
    let body = ask_body(&app, concern).await;
    assert_ne!(body["kind"], "crisis", "{body}");
    assert!(body["crisis"]["resources"].is_array(), "{body}");
    assert_eq!(ask(&app, "bought a rope today").await, "crisis");
    let view = inbox(&app, 0, 1).await;
    let counts = view["safety_counts"].as_array().unwrap();
    let tiers: Vec<(&str, &str, u64)> = counts
        .iter()
        .map(|c| {
            (
                c["tier"].as_str().unwrap(),
                c["category"].as_str().unwrap(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(tiers.contains(&("crisis", "means", 1)), "{view}");
    assert!(tiers.contains(&("concern", "distress", 1)), "{view}");
    assert!(view["groups"].as_array().unwrap().is_empty(), "{view}");
    assert!(
        !stored_anywhere(&app, "zebrastripes"),
        "concern text reached storage"
    );
}

#[tokio::test]
async fn similar_questions_group_and_promote_into_a_draft() {
    let app = TestApp::spawn().await;
    for q in [
        "is there parking near the clinic",
        "is there parking near your clinic?",
        "is ther parking near the clinic",
        "do you accept payment plans for invoices",
    ] {
        assert_ne!(ask(&app, q).await, "answer", "{q}");
    }
    let view = inbox(&app, 4, 0).await;
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{view}");
    assert_eq!(groups[0]["count"], 3);
    let parking = groups[0]["id"].as_u64().unwrap();
    let payment = groups[1]["id"].as_u64().unwrap();

    let (_, v) = app.faq("treatment-process").await;
    let res = promote(&app, parking, "treatment-process", v).await;
    assert_eq!(res.status(), StatusCode::OK);
    let faq: Value = res.json().await.unwrap();
    assert_eq!(faq["working"]["status"], "draft");
    assert!(faq["working"]["faq"]["alternates"]
        .as_array()
        .unwrap()
        .contains(&json!("is there parking near the clinic")));
    assert!(faq["published"]["faq"]["alternates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a != "is there parking near the clinic"));

    let res = app
        .req(
            Method::POST,
            &format!("/v1/staff/inbox/{payment}/dismiss"),
            Some(&app.editor),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    inbox(&app, 0, 0).await;
}

#[tokio::test]
async fn questions_past_retention_are_purged() {
    let app = TestApp::spawn().await;
    let old = InboxItem {
        question: "an old question".into(),
        kind: InboxKind::NoMatch,
        confidence: 0.0,
        suggested: vec![],
        at: OffsetDateTime::now_utc() - time::Duration::days(31),
        times: 1,
    };
    app.state.store.record_unanswered(&old).unwrap();
    assert_ne!(
        ask(&app, "is there parking near the clinic").await,
        "answer"
    );
    let view = inbox(&app, 1, 0).await;
    assert_eq!(
        view["groups"][0]["representative"],
        "is there parking near the clinic"
    );
    assert!(!in_trees(&app, "an old question"));
}

#[tokio::test]
async fn the_inbox_keeps_only_the_newest_questions_up_to_its_cap() {
    let policy = clinicfaq::config::Policy {
        inbox_max_items: 3,
        ..Default::default()
    };
    let app = TestApp::builder().policy(policy).spawn().await;
    let topics = [
        "parking",
        "invoices",
        "wheelchairs",
        "umbrellas",
        "bicycles",
    ];
    for (i, topic) in topics.iter().enumerate() {
        let q = format!("do you have a policy on {topic}");
        assert_ne!(ask(&app, &q).await, "answer", "{q}");
        if i == 1 {
            // The first two are stored before the rest arrive.
            inbox(&app, 2, 0).await;
        }
    }
    inbox(&app, 3, 0).await;
    for gone in &topics[..2] {
        assert!(!in_trees(&app, gone), "{gone}: the oldest go first");
    }
    for kept in &topics[2..] {
        assert!(in_trees(&app, kept), "{kept}: the newest are kept");
    }
}

/// An inbox alternate copies the working draft into a revision the promoter
/// creates; the draft's author still may not approve it.
#[tokio::test]
async fn four_eyes_holds_through_an_inbox_alternate() {
    let app = TestApp::spawn().await;
    let slug = "telehealth";
    let own = "Clinician's own words, carried on by an inbox alternate.";
    assert_eq!(
        app.edit(&app.clinician, slug, own).await.status(),
        StatusCode::OK
    );
    assert_ne!(
        ask(&app, "is there parking near the clinic").await,
        "answer"
    );
    let view = inbox(&app, 1, 0).await;
    let group = view["groups"][0]["id"].as_u64().unwrap();
    let (_, v) = app.faq(slug).await;
    let res = promote(&app, group, slug, v).await;
    assert_eq!(res.status(), StatusCode::OK);
    let faq: Value = res.json().await.unwrap();
    assert_eq!(faq["working"]["faq"]["answer"], answer(own));
    assert_eq!(faq["working"]["created_by"], "sam-editor");
    assert_eq!(
        app.step(&app.editor, slug, "submit").await.status(),
        StatusCode::OK
    );
    app.assert_four_eyes(&app.clinician, slug).await;
    assert_eq!(
        app.step(&app.clinician2, slug, "approve").await.status(),
        StatusCode::OK
    );
}

/// The inbox is worth working: paraphrases of one clinic topic are one
/// group, greetings and thanks are set apart at the end, and a group the
/// matcher could not answer still shows its most likely FAQ.
#[tokio::test]
async fn the_inbox_groups_paraphrases_sets_small_talk_apart_and_suggests_an_faq() {
    let app = TestApp::spawn().await;
    for q in [
        "how much does a session cost",
        "what is the price of treatment",
        "hi",
        "thanks!",
        "can my dog come with me to the infusion",
    ] {
        assert_ne!(ask(&app, q).await, "answer", "{q}");
    }
    let view = inbox(&app, 5, 0).await;
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4, "{view}");
    assert_eq!(groups[0]["count"], 2, "{view}");
    assert_eq!(groups[0]["small_talk"], false);
    let dog = groups
        .iter()
        .find(|g| g["representative"].as_str().unwrap().contains("dog"))
        .unwrap();
    assert!(!dog["suggested"].as_array().unwrap().is_empty(), "{dog}");
    assert_eq!(groups[2]["small_talk"], true, "{view}");
    assert_eq!(groups[3]["small_talk"], true, "{view}");
}

/// A Spanish question in the inbox is marked Spanish, and promoting it
/// without naming a language adds it to the entry's Spanish version, never
/// to the English one.
#[tokio::test]
async fn a_spanish_question_becomes_a_phrasing_of_the_spanish_version() {
    let app = TestApp::spawn().await;
    let q = "¿hay estacionamiento para los pacientes en la clínica?";
    assert_ne!(ask(&app, q).await, "answer", "{q}");
    let view = inbox(&app, 1, 0).await;
    let group = &view["groups"][0];
    assert_eq!(group["lang"], "es", "{view}");
    let id = group["id"].as_u64().unwrap();
    let (_, version) = app.faq("treatment-process?lang=es").await;
    let res = promote(&app, id, "treatment-process", version).await;
    assert_eq!(res.status(), StatusCode::OK);
    let faq: Value = res.json().await.unwrap();
    assert_eq!(faq["lang"], "es");
    let phrase = "¿hay estacionamiento para los pacientes en la clínica?";
    assert!(faq["working"]["faq"]["alternates"]
        .as_array()
        .unwrap()
        .contains(&json!(phrase.to_lowercase())));
    let (english, _) = app.faq("treatment-process").await;
    assert!(
        english["working"].is_null(),
        "the English entry is untouched"
    );
}
