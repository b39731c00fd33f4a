//! What contract fuzzing (scripts/schemathesis.sh, with staff tokens) found
//! in the staff API, pinned: the request schemas say exactly what the
//! handlers accept.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::app::{repo_faq, TestApp};
use crate::helpers::StaffApi;

async fn code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn if_match_is_exactly_an_etag_as_the_spec_pattern_says() {
    let app = TestApp::spawn().await;
    let slug = "how-long-effects-last";
    let (faq, version) = app.faq(slug).await;
    let body = json!({"faq": faq["published"]["faq"], "note": "contract"});
    let put = |if_match: String| {
        app.req(
            Method::PUT,
            &format!("/v1/staff/faqs/{slug}"),
            Some(&app.editor),
        )
        .header("If-Match", if_match)
        .json(&body)
        .send()
    };
    // The current version, but not written as an ETag: refused, not applied.
    for loose in [
        format!("{version}"),
        format!("\"{version}"),
        format!("+{version}"),
        format!("\"\"{version}\"\""),
        "*".to_owned(),
    ] {
        let res = put(loose.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "If-Match: {loose}");
        assert_eq!(code(res).await, "invalid_if_match");
    }
    assert_eq!(
        app.faq(slug).await.1,
        version,
        "a loose If-Match changed it"
    );
    let weak = put(format!("W/\"{version}\"")).await.unwrap();
    assert_eq!(weak.status(), StatusCode::OK);
}

#[tokio::test]
async fn lengths_count_the_text_as_sent_and_blank_lines_are_refused() {
    let app = TestApp::spawn().await;
    let faq = |question: String, tags: Value| {
        json!({"question": question, "answer": "a", "category": "c",
               "provider_kind": "psychiatry", "tags": tags})
    };
    let create = |slug: &'static str, faq: Value| {
        app.req(Method::POST, "/v1/staff/faqs", Some(&app.editor))
            .json(&json!({"slug": slug, "faq": faq}))
            .send()
    };
    // 300 characters of question plus padding: over the schema's maxLength.
    let padded = format!("{} ", "q".repeat(300));
    let res = create("padded", faq(padded, json!([]))).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for tags in [json!([" "]), json!(["\u{85}"])] {
        let res = create("blank-tag", faq("q?".into(), tags)).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let ok = create("at-the-limit", faq("q".repeat(300), json!(["t"])))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[test]
fn the_spec_states_the_limits_the_handlers_check() {
    let spec = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let faq = &schemas["FaqContent"]["properties"];
    assert_eq!(faq["question"]["maxLength"], 300);
    assert_eq!(faq["answer"]["maxLength"], 8000);
    assert_eq!(faq["tags"]["maxItems"], 60);
    assert_eq!(schemas["ShortLine"]["minLength"], 1);
    assert_eq!(
        schemas["CreateFaq"]["properties"]["slug"]["pattern"],
        "^[a-z0-9]+(-[a-z0-9]+)*$"
    );
    assert_eq!(schemas["RejectFaq"]["properties"]["reason"]["minLength"], 1);
    assert_eq!(
        schemas["ImportFaq"]["properties"]["slug"]["pattern"],
        "^[a-z0-9]+(-[a-z0-9]+)*$"
    );
    assert!(schemas["ImportFaq"]["required"]
        .as_array()
        .unwrap()
        .contains(&json!("faq")));
}

#[tokio::test]
async fn audit_times_are_rfc3339_and_every_page_size_from_one_is_served() {
    let app = TestApp::spawn().await;
    let (ok, bad) = (StatusCode::OK, StatusCode::BAD_REQUEST);
    for (query, status) in [
        // Anything the spec's date-time and int64 allow: fractions, offsets, past 500.
        (
            "?since=2026-11-01T00:00:00.123456%2B05:30&until=2999-01-01T00:00:00-00:00",
            ok,
        ),
        ("?limit=1", ok),
        ("?limit=501", ok),
        ("?limit=9223372036854775807", ok),
        ("/export?limit=9223372036854775807", ok),
        // What it refuses, the spec calls invalid too: page size 0, past int64, not a time.
        ("?limit=0", bad),
        ("?limit=9223372036854775808", bad),
        ("/export?limit=0", bad),
        ("?since=2026-11-01", bad),
    ] {
        let res = app
            .req(
                Method::GET,
                &format!("/v1/staff/audit{query}"),
                Some(&app.admin),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{query}");
        if status == bad {
            assert_eq!(code(res).await, "invalid_query", "{query}");
        }
    }
}

#[tokio::test]
async fn a_page_larger_than_500_gets_500() {
    let app = TestApp::spawn().await;
    let records = |limit: u64| {
        let app = &app;
        async move {
            let path = format!("/v1/staff/audit?limit={limit}");
            let page = app.get_json(&path, Some(&app.admin)).await;
            page["items"].as_array().unwrap().len()
        }
    };
    // A signed-in person's refused writes are audited each: 501 of them make
    // more than one page. (Anonymous ones are counted per minute instead.)
    for _ in 0..501 {
        let res = app
            .req(
                Method::POST,
                "/v1/staff/faqs/telehealth/publish",
                Some(&app.editor),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(records(1).await, 1);
    assert_eq!(records(100_000).await, 500);
}

#[tokio::test]
async fn blank_clinic_texts_and_an_empty_crisis_card_are_refused() {
    let app = TestApp::spawn().await;
    let clinic = app.get_json("/v1/clinic", None).await;
    let propose = |clinic: Value| {
        app.req(Method::PUT, "/v1/staff/clinic", Some(&app.admin))
            .json(&json!({"clinic": clinic}))
            .send()
    };
    for (pointer, blank) in [
        ("/name", json!(" ")),
        ("/disclaimer", json!("\u{85}")),
        ("/crisis/title", json!("\t")),
        ("/crisis/resources/0/value", json!("")),
        ("/crisis/resources", json!([])),
    ] {
        let mut c = clinic.clone();
        *c.pointer_mut(pointer).unwrap() = blank;
        let res = propose(c).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{pointer}");
    }
    // What GET /v1/clinic serves is a valid proposal as it stands.
    let res = propose(clinic).await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn the_path_names_the_provider_and_the_body_has_no_id() {
    let app = TestApp::spawn().await;
    let fields = json!({"name": "Dr. New", "credentials": "MD (sample)",
        "kinds": ["psychiatry"], "phone": "+1-555-0177", "booking_url": "https://example.org/b"});
    let put = |id: &'static str, provider: Value| {
        app.req(
            Method::PUT,
            &format!("/v1/staff/providers/{id}"),
            Some(&app.admin),
        )
        .json(&json!({"provider": provider}))
        .send()
    };
    let res = put("dr-new", fields.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let rec: Value = res.json().await.unwrap();
    assert_eq!(rec["provider"]["id"], "dr-new");
    assert_eq!(rec["target"]["id"], "dr-new");

    // An id in the body, even the same one, is an unknown field: it could disagree.
    let mut with_id = fields.clone();
    with_id["id"] = json!("dr-new");
    let res = put("dr-new", with_id).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(res).await, "invalid_body");

    // A path that is no provider id (the spec's slug pattern) cannot name one.
    let res = put("Dr_New", fields.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    for (field, blank) in [
        ("kinds", json!([])),
        ("kinds", json!([" "])),
        ("phone", json!("\u{85}")),
    ] {
        let mut p = fields.clone();
        p[field] = blank;
        let res = put("dr-new", p).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
    }
}

#[tokio::test]
async fn token_days_are_integers_as_json_schema_reads_them() {
    let app = TestApp::spawn().await;
    let create = |body: Value| {
        app.req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
            .json(&body)
            .send()
    };
    let res = create(
        json!({"name": "dr-float", "role": "editor", "display_name": "Dr Float", "days": 270.0}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let token: Value = res.json().await.unwrap();
    let at = |field: &str| {
        time::OffsetDateTime::parse(
            token[field].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap()
    };
    assert_eq!((at("expires_at") - at("created_at")).whole_days(), 270);
    for days in [
        json!(270.5),
        json!(0.0),
        json!(366.0),
        json!(-1),
        json!(1e20),
    ] {
        let res = create(
            json!({"name": "dr-float", "role": "editor", "display_name": "Dr Float", "days": days}),
        )
        .await
        .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "days {days}"
        );
    }
}

#[tokio::test]
async fn token_names_are_up_to_64_characters_as_sent_without_control_characters() {
    let app = TestApp::spawn().await;
    let create = |name: String| {
        app.req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
            .json(&json!({"name": name, "role": "editor", "display_name": "Sam Editor"}))
            .send()
    };
    let res = create(format!(" {} ", "n".repeat(62))).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["name"], "n".repeat(62), "the name is trimmed");
    for bad in [
        format!("{} ", "n".repeat(64)),
        " ".into(),
        "dr\u{7}robin".into(),
        "dr-robin\n".into(),
        "dr\u{85}robin".into(),
    ] {
        let res = create(bad.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
}

#[test]
fn the_spec_states_what_the_audit_provider_clinic_and_token_checks_refuse() {
    let spec = serde_json::to_value(clinicfaq::startup::openapi()).unwrap();
    let schemas = &spec["components"]["schemas"];
    let params = spec["paths"]["/v1/staff/audit"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| &params.iter().find(|p| p["name"] == name).unwrap()["schema"];
    assert_eq!(param("since")["format"], "date-time");
    assert_eq!(param("until")["format"], "date-time");
    assert_eq!(param("limit")["minimum"], 1);
    assert_eq!(param("limit")["format"], "int64");

    let clinic = &schemas["ClinicSettings"]["properties"];
    for field in [
        "name",
        "phone",
        "referral_message",
        "disclaimer",
        "no_match_message",
    ] {
        assert_eq!(clinic[field]["pattern"], r"[^\s\u0085]", "{field}");
    }
    assert_eq!(
        schemas["CrisisCard"]["properties"]["resources"]["minItems"],
        1
    );

    let provider = &schemas["ProviderFields"];
    assert!(provider["properties"]["id"].is_null());
    assert_eq!(provider["additionalProperties"], false);
    assert_eq!(provider["properties"]["kinds"]["minItems"], 1);
    assert_eq!(
        schemas["ProposeProvider"]["properties"]["provider"]["$ref"],
        "#/components/schemas/ProviderFields"
    );

    let token = &schemas["CreateToken"]["properties"];
    assert_eq!(token["name"]["maxLength"], 64);
    assert_eq!(token["days"]["type"], json!(["integer", "null"]));
}

/// The staff examples in the spec are what Swagger's "try it out" sends:
/// each one, sent unchanged, must pass every editorial rule, and the edit
/// example must be the entry its path example names, so sending it changes
/// nothing a patient sees.
#[tokio::test]
async fn the_specs_faq_examples_are_valid_entries_of_the_path_they_name() {
    let app = TestApp::spawn().await;
    let spec: Value = app.get_json("/openapi.json", None).await;
    let path = &spec["paths"]["/v1/staff/faqs/{slug}"]["put"];
    let slug = path["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "slug")
        .unwrap()["example"]
        .as_str()
        .unwrap()
        .to_owned();
    let edit = path["requestBody"]["content"]["application/json"]["example"].clone();
    let before = app.public_answer(&slug).await.unwrap();
    let (published, version) = app.faq(&slug).await;
    assert_eq!(
        edit["faq"], published["published"]["faq"],
        "the example is not {slug} as shipped"
    );
    let res = app.put_faq(&app.editor, &slug, version, &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.step(&app.editor, &slug, "submit").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    assert_eq!(app.public_answer(&slug).await.unwrap(), before);

    let create = spec["paths"]["/v1/staff/faqs"]["post"]["requestBody"]["content"]
        ["application/json"]["example"]
        .clone();
    let res = app.create_faq(&create).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let new = create["slug"].as_str().unwrap();
    let res = app.step(&app.editor, new, "submit").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

/// Staff try a question and see how the live FAQ reads it; nothing of it is
/// stored (no inbox item, no audit record), and a token is needed.
#[tokio::test]
async fn staff_try_a_question_without_asking_it() {
    let app = TestApp::spawn().await;
    let body = json!({"question": "how long do the efects last"});
    let res = app
        .req(Method::POST, "/v1/staff/explain", Some(&app.editor))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let reading: Value = res.json().await.unwrap();
    let text = reading["reading"].as_str().unwrap();
    assert!(
        text.contains("how-long-effects-last") && text.contains("reply: Answer"),
        "{text}"
    );
    let anonymous = app
        .req(Method::POST, "/v1/staff/explain", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let log = app.get_json("/v1/staff/audit", Some(&app.admin)).await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["action"] != "POST explain" || r["actor"] == "anonymous"),
        "{log}"
    );
}

/// The console offers sources from the clinic's article list: the same
/// names the editorial rules accept, and a token is needed to read it.
#[tokio::test]
async fn staff_read_the_articles_sources_may_cite() {
    let app = TestApp::spawn().await;
    let list = app.get_json("/v1/staff/articles", Some(&app.editor)).await;
    let names: Vec<&str> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(repo_faq().join("sources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(names, on_disk);
    let anonymous = app
        .req(Method::GET, "/v1/staff/articles", None)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
