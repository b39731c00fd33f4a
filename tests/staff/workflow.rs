//! The editorial workflow over HTTP: only approved text goes public.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::TestApp;
use crate::helpers::{answer, error_code, etag, StaffApi};

const SLUG: &str = "telehealth";

#[tokio::test]
async fn draft_text_is_never_public_until_approved_and_published() {
    let app = TestApp::spawn().await;
    let before = app.public_answer(SLUG).await.unwrap();
    let draft = "Telehealth visits are available for follow-ups; treatments happen in the clinic.";

    assert_eq!(
        app.edit(&app.editor, SLUG, draft).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.public_answer(SLUG).await.unwrap(),
        before,
        "draft leaked"
    );
    assert_eq!(
        app.step(&app.editor, SLUG, "submit").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.public_answer(SLUG).await.unwrap(),
        before,
        "in_review leaked"
    );
    assert_eq!(
        app.step(&app.clinician, SLUG, "approve").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.public_answer(SLUG).await.unwrap(),
        before,
        "approved but unpublished leaked"
    );
    assert_eq!(
        app.step(&app.clinician2, SLUG, "publish").await.status(),
        StatusCode::OK
    );
    assert_eq!(app.public_answer(SLUG).await.unwrap(), answer(draft));

    // The matcher serves the new text too.
    let ask: Value = app
        .req(Method::POST, "/v1/ask", None)
        .json(&json!({"question": "can i get care through telehealth"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ask["faq"]["answer"], answer(draft));
    // Patients see the reviewer's display name and credentials, not the
    // token name.
    assert_eq!(
        ask["faq"]["reviewed_by"],
        "Test dr-robin, sample credentials"
    );
}

#[tokio::test]
async fn four_eyes_the_author_cannot_approve_their_own_revision() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.edit(&app.clinician, SLUG, "Clinician's own words.")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.step(&app.clinician, SLUG, "submit").await.status(),
        StatusCode::OK
    );
    let res = app.step(&app.clinician, SLUG, "approve").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(res).await, "four_eyes");
    assert_eq!(
        app.step(&app.clinician2, SLUG, "approve").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_edit_after_approval_needs_a_new_approval() {
    let app = TestApp::spawn().await;
    let before = app.public_answer(SLUG).await.unwrap();
    app.edit(&app.editor, SLUG, "Approved text.").await;
    app.step(&app.editor, SLUG, "submit").await;
    assert_eq!(
        app.step(&app.clinician, SLUG, "approve").await.status(),
        StatusCode::OK
    );

    // Someone changes the text after the approval.
    assert_eq!(
        app.edit(&app.editor2, SLUG, "Sneaky unapproved text.")
            .await
            .status(),
        StatusCode::OK
    );
    let (faq, _) = app.faq(SLUG).await;
    assert_eq!(faq["working"]["status"], "draft");
    assert!(faq["working"]["approval"].is_null());

    let res = app.step(&app.clinician, SLUG, "publish").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.public_answer(SLUG).await.unwrap(), before);
}

#[tokio::test]
async fn unpublishable_text_is_refused_with_the_reasons() {
    let app = TestApp::spawn().await;
    app.edit(&app.editor, SLUG, "Take 2 tablets twice a day.")
        .await;
    let res = app.step(&app.editor, SLUG, "submit").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_publishable");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("dosing"),
        "{body}"
    );

    let create = json!({"slug": "no-source", "faq": {
        "question": "Is there a source?", "answer": "Plain words.", "category": "c",
        "provider_kind": "astrology"}});
    let res = app
        .req(Method::POST, "/v1/staff/faqs", Some(&app.editor))
        .json(&create)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app.step(&app.editor, "no-source", "submit").await;
    let message = error_code(res).await;
    assert_eq!(message, "not_publishable");
    let res = app.step(&app.editor, "no-source", "submit").await;
    let body: Value = res.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("no source") && message.contains("astrology"),
        "{message}"
    );
}

#[tokio::test]
async fn a_new_faq_goes_live_only_after_publish() {
    let app = TestApp::spawn().await;
    let create = json!({"slug": "driving-after-a-session", "note": "patients keep asking", "faq": {
        "question": "Can I drive after a session?",
        "alternates": ["can i drive home", "driving after infusion", "can i drive myself",
            "who drives me home", "is it ok to drive later that day", "ride home after ketamine"],
        "summary": "No. Plan a ride home, and do not drive until the next day.",
        "answer": answer("No. Plan a ride home and do not drive until the next day."),
        "category": "Treatment process", "provider_kind": "infusion",
        "sources": [{"article": "000_7566c0d56988dee1.txt", "fact": "Patients need a ride home."}]}});
    let res = app
        .req(Method::POST, "/v1/staff/faqs", Some(&app.editor))
        .json(&create)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(etag(&res), 1);
    let again = app
        .req(Method::POST, "/v1/staff/faqs", Some(&app.editor))
        .json(&create)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);

    assert_eq!(app.public_answer("driving-after-a-session").await, None);
    app.step(&app.editor, "driving-after-a-session", "submit")
        .await;
    app.step(&app.clinician, "driving-after-a-session", "approve")
        .await;
    assert_eq!(app.public_answer("driving-after-a-session").await, None);
    assert_eq!(
        app.step(&app.clinician, "driving-after-a-session", "publish")
            .await
            .status(),
        StatusCode::OK
    );
    assert!(app.public_answer("driving-after-a-session").await.is_some());

    assert_eq!(
        app.step(&app.clinician, "driving-after-a-session", "retire")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(app.public_answer("driving-after-a-session").await, None);
}

#[tokio::test]
async fn reject_sends_it_back_to_the_author_with_a_reason() {
    let app = TestApp::spawn().await;
    app.edit(&app.editor, SLUG, "Needs work.").await;
    app.step(&app.editor, SLUG, "submit").await;
    let (_, v) = app.faq(SLUG).await;
    let res = app
        .req(
            Method::POST,
            &format!("/v1/staff/faqs/{SLUG}/reject"),
            Some(&app.clinician),
        )
        .header("If-Match", format!("\"{v}\""))
        .json(&json!({"reason": "cite a source for the video visits"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["working"]["status"], "draft");
    assert_eq!(
        body["working"]["review_note"],
        "cite a source for the video visits"
    );
    assert_eq!(
        app.step(&app.clinician, SLUG, "approve").await.status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn restoring_an_old_revision_needs_approval_again() {
    let app = TestApp::spawn().await;
    let original = app.public_answer(SLUG).await.unwrap();
    app.edit(&app.editor, SLUG, "Second text.").await;
    app.step(&app.editor, SLUG, "submit").await;
    app.step(&app.clinician, SLUG, "approve").await;
    app.step(&app.clinician, SLUG, "publish").await;
    assert_eq!(
        app.public_answer(SLUG).await.unwrap(),
        answer("Second text.")
    );

    let (_, v) = app.faq(SLUG).await;
    let res = app
        .req(
            Method::POST,
            &format!("/v1/staff/faqs/{SLUG}/revisions/1/restore"),
            Some(&app.editor),
        )
        .header("If-Match", format!("\"{v}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["working"]["status"], "draft");
    assert_eq!(body["working"]["faq"]["answer"], original);
    assert_eq!(body["working"]["note"], "restored from revision 1");
    assert_eq!(
        app.public_answer(SLUG).await.unwrap(),
        answer("Second text."),
        "restore must not publish"
    );

    app.step(&app.editor, SLUG, "submit").await;
    app.step(&app.clinician, SLUG, "approve").await;
    app.step(&app.clinician, SLUG, "publish").await;
    assert_eq!(app.public_answer(SLUG).await.unwrap(), original);

    let revs: Value = app
        .get_json(
            &format!("/v1/staff/faqs/{SLUG}/revisions"),
            Some(&app.editor),
        )
        .await;
    let statuses: Vec<&str> = revs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["superseded", "superseded", "published"]);
    let diff: Value = app
        .get_json(
            &format!("/v1/staff/faqs/{SLUG}/revisions/2/diff/3"),
            Some(&app.editor),
        )
        .await;
    assert!(
        diff["unified"].as_str().unwrap().contains("-Second text."),
        "{diff}"
    );
}

#[tokio::test]
async fn overdue_entries_are_flagged_and_hidden_after_the_grace_period() {
    let policy = clinicfaq::config::Policy {
        hide_overdue_after_days: Some(0),
        ..Default::default()
    };
    let app = TestApp::builder().policy(policy).spawn().await;
    let (faq, _) = app.faq(SLUG).await;
    assert_eq!(faq["overdue"], false);
    let mut content = faq["published"]["faq"].clone();
    content["next_review_due"] = json!("2020-01-01");
    let (_, v) = app.faq(SLUG).await;
    app.req(
        Method::PUT,
        &format!("/v1/staff/faqs/{SLUG}"),
        Some(&app.editor),
    )
    .header("If-Match", format!("\"{v}\""))
    .json(&json!({"faq": content}))
    .send()
    .await
    .unwrap();
    app.step(&app.editor, SLUG, "submit").await;
    app.step(&app.clinician, SLUG, "approve").await;
    assert_eq!(
        app.step(&app.clinician, SLUG, "publish").await.status(),
        StatusCode::OK
    );

    let list: Value = app
        .get_json("/v1/staff/faqs?overdue=true", Some(&app.editor))
        .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["slug"], SLUG);
    assert_eq!(items[0]["hidden_from_public"], true);
    assert_eq!(app.public_answer(SLUG).await, None);
}

/// The HTTP version of the store-level property test (tests/staff/props.rs):
/// a few seeded random walks of staff actions, checking after every step
/// that the public endpoints show only text a clinician approved.
#[tokio::test]
async fn random_staff_actions_never_expose_unapproved_text_over_http() {
    let mut published = 0;
    for seed in [7u64, 1234, 99991] {
        let app = TestApp::spawn().await;
        let tokens = [
            &app.editor,
            &app.editor2,
            &app.clinician,
            &app.clinician2,
            &app.admin,
        ];
        let mut approved: std::collections::HashSet<String> =
            std::iter::once(app.public_answer(SLUG).await.unwrap()).collect();
        let mut rng = seed;
        // splitmix64: tiny, and its low bits are well mixed.
        let mut next = |n: u64| {
            rng = rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        };
        for i in 0..40 {
            let token = tokens[next(5) as usize];
            let res = match next(8) {
                0 => {
                    app.edit(token, SLUG, &format!("walk {seed} step {i}"))
                        .await
                }
                1 | 2 => app.step(token, SLUG, "submit").await,
                3 | 4 => app.step(token, SLUG, "approve").await,
                5 | 6 => app.step(token, SLUG, "publish").await,
                _ => app.step(token, SLUG, "retire").await,
            };
            let body: Value = res.json().await.unwrap_or(Value::Null);
            let live = body["published"]["faq"]["answer"].as_str().unwrap_or("");
            if live.starts_with("walk") && body["working"].is_null() {
                published += 1;
            }
            if body["working"]["status"] == "approved" {
                approved.insert(
                    body["working"]["faq"]["answer"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                );
            }
            if let Some(public) = app.public_answer(SLUG).await {
                assert!(
                    approved.contains(&public),
                    "seed {seed} step {i}: unapproved text is public"
                );
            }
            let ask: Value = app
                .req(Method::POST, "/v1/ask", None)
                .json(&json!({"question": "can i get care through telehealth"}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(answer) = ask["faq"]["answer"].as_str() {
                assert!(
                    approved.contains(answer) || !answer.starts_with("walk"),
                    "seed {seed} step {i}: /v1/ask"
                );
            }
        }
    }
    assert!(
        published > 0,
        "the walks should publish something, or they test nothing"
    );
}

/// A clinician's draft carried on by someone else (restored, or copied with
/// an inbox alternate) is still the clinician's text: they may not approve it.
#[tokio::test]
async fn four_eyes_holds_whatever_route_made_the_revision() {
    let app = TestApp::spawn().await;
    let own = "Clinician's own words, never reviewed by anyone else.";
    assert_eq!(
        app.edit(&app.clinician, SLUG, own).await.status(),
        StatusCode::OK
    );
    let (faq, v) = app.faq(SLUG).await;
    let draft = faq["working"]["version"].as_u64().unwrap();

    // Another writer restores the clinician's draft as a new revision.
    app.edit(&app.editor, SLUG, "Something else.").await;
    let (_, v2) = app.faq(SLUG).await;
    assert!(v2 > v);
    let res = app
        .req(
            Method::POST,
            &format!("/v1/staff/faqs/{SLUG}/revisions/{draft}/restore"),
            Some(&app.editor),
        )
        .header("If-Match", format!("\"{v2}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["working"]["faq"]["answer"], answer(own));
    assert_eq!(
        app.step(&app.editor, SLUG, "submit").await.status(),
        StatusCode::OK
    );
    app.assert_four_eyes(&app.clinician, SLUG).await;
    // A clinician who wrote none of it may.
    assert_eq!(
        app.step(&app.clinician2, SLUG, "approve").await.status(),
        StatusCode::OK
    );
}

/// Four eyes tells people apart by name: a second usable token whose name
/// differs only in case or look-alike letters is refused.
#[tokio::test]
async fn token_names_are_one_person_whatever_the_case() {
    let app = TestApp::spawn().await;
    for name in ["Dr-Robin", " dr-robin", "dr-r\u{43e}bin"] {
        let res = app
            .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
            .json(&json!({"name": name, "role": "clinician", "display_name": "Robin Sample", "days": 30}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT, "{name:?}");
        assert_eq!(error_code(res).await, "name_taken");
    }
    // The name of a revoked token may be used again.
    let res = app
        .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
        .json(&json!({"name": "Gone-Editor", "role": "editor", "display_name": "Gone Editor", "days": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

/// The rules the content files meet hold at the API too: a tiny FAQ (one
/// alternate, a dozen words, a phrasing of another entry, an unknown
/// source) is refused at submit with every problem listed, and nothing
/// public changes.
#[tokio::test]
async fn the_editorial_rules_of_the_files_hold_at_submit() {
    let app = TestApp::spawn().await;
    let before = app.public_answer(SLUG).await.unwrap();
    let (faq, v) = app.faq(SLUG).await;
    let mut content = faq["published"]["faq"].clone();
    content["alternates"] = json!(["what are the side effects"]);
    content["answer"] = json!("Telehealth is available for some visits; ask the clinic.");
    content["sources"] = json!([{"article": "made-up.txt", "fact": "Something."}]);
    let body = json!({"faq": content, "note": "tiny example"});
    let res = app.put_faq(&app.editor, SLUG, v, &body).await;
    assert_eq!(res.status(), StatusCode::OK, "a draft may be unfinished");
    let res = app.step(&app.editor, SLUG, "submit").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_publishable");
    let message = body["error"]["message"].as_str().unwrap();
    for problem in [
        "1 alternates; it needs at least 6",
        "words; it needs 60-180",
        "already a phrasing of `side-effects`",
        "`made-up.txt` is not one of the clinic's source articles",
    ] {
        assert!(message.contains(problem), "{problem:?} not in {message}");
    }
    assert_eq!(app.public_answer(SLUG).await.unwrap(), before);
}

/// A Spanish version is its own document: its draft, review (four eyes)
/// and publication leave the English text alone, and the other way round.
#[tokio::test]
async fn each_language_version_is_reviewed_and_published_on_its_own() {
    let app = TestApp::spawn().await;
    let es = "/v1/staff/faqs/telehealth";
    let step = |token: &str, step: &str, version: u32| {
        app.req(Method::POST, &format!("{es}/{step}?lang=es"), Some(token))
            .header("If-Match", format!("\"{version}\""))
            .send()
    };
    let english_before = app.public_answer(SLUG).await.unwrap();
    let public_es = || async {
        let body = app.get_json("/v1/faqs/telehealth?lang=es", None).await;
        (
            body["lang"].clone(),
            body["answer"].as_str().unwrap().to_owned(),
        )
    };
    let (lang, spanish_before) = public_es().await;
    assert_eq!(lang, "es");

    let res = app
        .req(Method::GET, &format!("{es}?lang=es"), Some(&app.editor))
        .send()
        .await
        .unwrap();
    let version = etag(&res);
    let faq: Value = res.json().await.unwrap();
    assert_eq!(faq["lang"], "es");
    let mut content = faq["published"]["faq"].clone();
    let draft = "Las visitas por telesalud sirven para el seguimiento; los tratamientos se hacen en la clínica.";
    content["answer"] = Value::String(answer(draft));
    let res = app
        .put_faq(
            &app.editor,
            "telehealth?lang=es",
            version,
            &json!({"faq": content, "note": "seguimiento"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let version = etag(&res);
    let res = step(&app.editor, "submit", version).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The English entry has no draft: the versions are apart.
    let (english, _) = app.faq(SLUG).await;
    assert!(english["working"].is_null(), "{english}");
    assert_eq!(public_es().await.1, spanish_before, "in review leaked");

    // A clinician who did not write it approves; another publishes.
    let res = step(&app.clinician, "approve", version).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = step(&app.clinician2, "publish", version).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(public_es().await.1, answer(draft));
    assert_eq!(app.public_answer(SLUG).await.unwrap(), english_before);

    // Listings show which language each version is, and filter by it.
    let list = app
        .get_json("/v1/staff/faqs?lang=es", Some(&app.editor))
        .await;
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["lang"] == "es"));
    let res = app
        .req(
            Method::POST,
            &format!("{es}/approve?lang=fr"),
            Some(&app.clinician),
        )
        .header("If-Match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "an unknown language");
    assert_eq!(error_code(res).await, "invalid_query");
}

#[tokio::test]
async fn four_eyes_holds_for_a_spanish_version_too() {
    let app = TestApp::spawn().await;
    let path = "/v1/staff/faqs/telehealth";
    let res = app
        .req(
            Method::GET,
            &format!("{path}?lang=es"),
            Some(&app.clinician),
        )
        .send()
        .await
        .unwrap();
    let version = etag(&res);
    let faq: Value = res.json().await.unwrap();
    let mut content = faq["published"]["faq"].clone();
    content["answer"] = Value::String(answer("Texto escrito por la misma clínica que lo revisa."));
    let res = app
        .put_faq(
            &app.clinician,
            "telehealth?lang=es",
            version,
            &json!({"faq": content, "note": "mi cambio"}),
        )
        .await;
    let version = etag(&res);
    for step in ["submit", "approve"] {
        let res = app
            .req(
                Method::POST,
                &format!("{path}/{step}?lang=es"),
                Some(&app.clinician),
            )
            .header("If-Match", format!("\"{version}\""))
            .send()
            .await
            .unwrap();
        if step == "approve" {
            assert_eq!(res.status(), StatusCode::FORBIDDEN);
            assert_eq!(error_code(res).await, "four_eyes");
        }
    }
}
