//! The spec is a contract: `openapi/openapi.json` is committed, and this test
//! fails when the code generates something else.
//!
//! Regenerate after an intended API change:
//! `UPDATE_OPENAPI=1 cargo test --test openapi` (or `cargo run -- openapi --output openapi/openapi.json`).

use std::path::Path;

use clinicfaq::error::Code;
use serde_json::Value;

fn generated() -> String {
    clinicfaq::startup::openapi()
        .to_pretty_json()
        .expect("spec serializes")
        + "\n"
}

fn spec() -> Value {
    serde_json::from_str(&generated()).unwrap()
}

#[test]
fn committed_spec_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let generated = generated();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first_diff = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        let line = |text: &str| {
            text.lines()
                .nth(first_diff)
                .unwrap_or("<end of file>")
                .to_owned()
        };
        panic!(
            "openapi/openapi.json is out of date with the code.\n\
             first difference at line {}:\n  committed: {}\n  generated: {}\n\
             If the API change is intended, run `UPDATE_OPENAPI=1 cargo test --test openapi` \
             and commit openapi/openapi.json.",
            first_diff + 1,
            line(&committed),
            line(&generated),
        );
    }
}

/// Every (path, method, operation) in the spec.
fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops.push((path.clone(), method.clone(), op.clone()));
        }
    }
    ops
}

#[test]
fn every_operation_has_a_summary_a_tag_and_an_id() {
    let spec = spec();
    let ops = operations(&spec);
    assert!(
        ops.len() >= 6,
        "expected the public routes, got {}",
        ops.len()
    );
    let mut ids = std::collections::HashMap::new();
    for (path, method, op) in &ops {
        if let Some(id) = op["operationId"].as_str() {
            let before = ids.insert(id.to_owned(), format!("{method} {path}"));
            assert!(
                before.is_none(),
                "operationId {id} names both {} and {method} {path}: generated clients keep one",
                before.unwrap_or_default()
            );
        }
    }
    for (path, method, op) in ops {
        let summary = op["summary"].as_str().unwrap_or("");
        assert!(
            !summary.is_empty(),
            "{method} {path}: no summary (add a /// doc)"
        );
        assert!(
            op["operationId"].is_string(),
            "{method} {path}: no operationId"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path}: no tag"
        );
    }
}

#[test]
fn every_response_is_described_and_has_a_json_schema() {
    let spec = spec();
    for (path, method, op) in operations(&spec) {
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path}: no success response"
        );
        for (status, response) in responses {
            let description = response["description"].as_str().unwrap_or("");
            assert!(
                !description.is_empty(),
                "{method} {path} {status}: no description"
            );
            if status == "204" || status == "304" {
                continue;
            }
            // JSON for the API; the widget routes serve HTML and JavaScript.
            let has_schema = response["content"]
                .as_object()
                .is_some_and(|c| c.values().any(|media| media["schema"].is_object()));
            assert!(has_schema, "{method} {path} {status}: no body schema");
            if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    response["content"]["application/json"]["schema"].is_object(),
                    "{method} {path} {status}: errors are JSON"
                );
            }
        }
    }
}

#[test]
fn errors_are_documented_with_the_error_schema_and_an_example() {
    let spec = spec();
    for (path, method, op) in operations(&spec) {
        let responses = op["responses"].as_object().unwrap();
        if op["requestBody"].is_object() {
            for status in ["400", "413", "415", "422"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path}: {status} undocumented"
                );
            }
        }
        let has_path_param = op["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["in"] == "path"));
        if has_path_param {
            assert!(
                responses.contains_key("404"),
                "{method} {path}: 404 undocumented"
            );
        }
        for (status, response) in responses.iter().filter(|(s, _)| s.starts_with('4')) {
            let json = &response["content"]["application/json"];
            assert_eq!(
                json["schema"]["$ref"], "#/components/schemas/ErrorBody",
                "{method} {path} {status}"
            );
            assert!(
                json["example"]["error"]["code"].is_string(),
                "{method} {path} {status}: no example"
            );
        }
    }
}

/// Every error code the spec shows, in an example or named in a
/// description (in backticks), is one the service sends (`error::Code`),
/// and sends with that status; so a renamed or misplaced code fails here.
#[test]
fn every_documented_error_code_is_real_and_has_its_status() {
    let spec = spec();
    let mut seen = 0;
    for (path, method, op) in operations(&spec) {
        for (status, response) in op["responses"].as_object().unwrap() {
            let Some(example) =
                response["content"]["application/json"]["example"]["error"]["code"].as_str()
            else {
                continue;
            };
            let code = Code::from_name(example)
                .unwrap_or_else(|| panic!("{method} {path} {status}: `{example}` is no code"));
            assert_eq!(
                code.status().as_str(),
                status,
                "{method} {path}: `{example}` is sent with {}",
                code.status()
            );
            let description = response["description"].as_str().unwrap_or_default();
            for code in Code::named_in(description) {
                assert_eq!(code.status().as_str(), status, "{method} {path}: `{code}`");
            }
            seen += 1;
        }
    }
    assert!(seen >= 100, "only {seen} error examples");
    // The codes are unique on the wire.
    let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Code::ALL.len());
}

#[test]
fn request_bodies_and_parameters_have_examples() {
    let spec = spec();
    for (path, method, op) in operations(&spec) {
        if op["requestBody"].is_object() {
            let json = &op["requestBody"]["content"]["application/json"];
            assert!(
                json["example"].is_object(),
                "{method} {path}: request body has no example"
            );
            assert_eq!(op["requestBody"]["required"], true, "{method} {path}");
        }
        for param in op["parameters"].as_array().into_iter().flatten() {
            // Any JSON example will do: numeric ids and flags have numbers and booleans.
            assert!(
                !param["example"].is_null() || !param["schema"]["example"].is_null(),
                "{method} {path}: parameter {} has no example",
                param["name"]
            );
        }
    }
}

#[test]
fn the_public_schemas_carry_examples() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    for (schema, fields) in [
        ("AskRequest", &["question"][..]),
        ("AskResponse", &["confidence"][..]),
        (
            "FaqView",
            &[
                "slug",
                "question",
                "category",
                "provider_kind",
                "reviewed_at",
            ][..],
        ),
        ("Suggestion", &["slug", "question", "score"][..]),
        ("Provider", &["id", "name", "phone"][..]),
        ("Health", &["status", "entries"][..]),
        ("ErrorDetail", &["code", "message"][..]),
    ] {
        for field in fields {
            assert!(
                !schemas[schema]["properties"][field]["example"].is_null(),
                "{schema}.{field} has no example"
            );
        }
    }
    // The reply kinds are an enum clients can switch on.
    let kinds = &schemas["AskKind"];
    let text = kinds.to_string();
    for kind in ["answer", "suggestions", "no_match", "crisis"] {
        assert!(text.contains(kind), "AskKind lacks {kind}: {kinds}");
    }
}
