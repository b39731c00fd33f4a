//! What the staff API adds to the OpenAPI document: the bearer scheme, an
//! `{"error": ...}` example on every documented error response, and the
//! sample entry as the example of an edit.

use serde_json::json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::Modify;

use crate::error::Code;

/// Adds the `bearer` security scheme that every staff path refers to.
pub struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cfq_<64 hex digits>")
                    .description(Some(
                        "A staff token from `clinicfaq token create` or POST /v1/staff/tokens.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The code an error response's example shows: the first its description
/// names, else the code that status usually carries.
fn example_code(status: &str, description: &str) -> Code {
    Code::named_in(description).next().unwrap_or(match status {
        "400" => Code::MalformedJson,
        "401" => Code::Unauthorized,
        "403" => Code::Forbidden,
        "404" => Code::NotFound,
        "409" => Code::InvalidState,
        "412" => Code::VersionMismatch,
        "413" => Code::PayloadTooLarge,
        "415" => Code::UnsupportedMediaType,
        "428" => Code::IfMatchRequired,
        "429" => Code::RateLimited,
        _ => Code::InvalidBody,
    })
}

/// Runs on the finished document (paths are only known after the routes
/// are registered): each 4xx without an example gets one built from its
/// description, so clients see the exact error shape. Hand-written examples
/// are kept.
pub fn add_error_examples(spec: &mut OpenApi) {
    for item in spec.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                if !status.starts_with('4') {
                    continue;
                }
                let message = response.description.clone();
                if let Some(RefOr::T(content)) = response.content.get_mut("application/json") {
                    content.example.get_or_insert_with(
                        || json!({"error": {"code": example_code(status, &message).name(), "message": message}}),
                    );
                }
            }
        }
    }
}

/// The slug every staff FAQ path shows as its example, and its shipped text.
const EXAMPLE_SLUG: &str = "how-long-effects-last";
const EXAMPLE_ENTRY: &str = include_str!("../../../faq/entries/how-long-effects-last.toml");

/// The example of `PUT /v1/staff/faqs/{slug}` is the sample entry the path
/// example names, as shipped: sent unchanged through Swagger's "try it
/// out", it changes nothing a patient sees and passes every editorial rule.
pub fn add_faq_examples(spec: &mut OpenApi) {
    let entry: crate::content::FaqFile =
        toml::from_str(EXAMPLE_ENTRY).expect("the shipped example entry parses");
    debug_assert_eq!(entry.slug.as_str(), EXAMPLE_SLUG);
    let example = json!({
        "note": "Reworded the answer after patient feedback",
        "faq": super::dto::FaqContent::from_file(&entry),
    });
    let Some(item) = spec.paths.paths.get_mut("/v1/staff/faqs/{slug}") else {
        return;
    };
    let Some(RefOr::T(body)) = item.put.as_mut().and_then(|op| op.request_body.as_mut()) else {
        return;
    };
    if let Some(RefOr::T(content)) = body.content.get_mut("application/json") {
        content.example = Some(example);
    }
}
