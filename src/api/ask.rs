use actix_web::http::header;
use actix_web::{post, web, HttpResponse};

use super::dto::{AskRequest, AskResponse, Question};
use crate::api::AppState;
use crate::error::{ApiError, ErrorBody};

/// Ask a question in free text.
///
/// The crisis screen runs first: a message that reads as a crisis gets the
/// clinic's crisis card and never an FAQ. Otherwise the best vetted FAQ is
/// returned when the matcher is confident (`answer`), a "Did you mean…?" list
/// when it is not (`suggestions`), or an honest `no_match`. Every reply
/// carries a referral to a qualified provider.
///
/// English and Spanish are read. The reply is in the language the question
/// is written in, or in `lang` when given; `Content-Language` names it. A
/// message in another language gets an honest `no_match` that says, in
/// English and Spanish, which languages the service reads.
#[utoipa::path(
    tag = "public",
    request_body(content = AskRequest, example = json!({"question": "how long do the effects last"})),
    responses(
        (status = 200, description = "The reply, whatever its kind", body = AskResponse,
            headers(("Content-Language" = String, description = "The reply's language: `en` or `es`"))),
        (status = 400, description = "The body is not valid JSON", body = ErrorBody,
            example = json!({"error": {"code": "malformed_json", "message": "the request body is not valid JSON: EOF while parsing a value at line 1 column 12"}})),
        (status = 413, description = "The body is over 16 KiB", body = ErrorBody,
            example = json!({"error": {"code": "payload_too_large", "message": "the request body is larger than 16384 bytes"}})),
        (status = 415, description = "The body is not application/json", body = ErrorBody,
            example = json!({"error": {"code": "unsupported_media_type", "message": "the request body must be JSON (Content-Type: application/json)"}})),
        (status = 422, description = "Empty or over-long question (`invalid_question`, `question_too_long`), or a body that does not fit the schema: unknown, missing or mistyped field (`invalid_body`)", body = ErrorBody,
            example = json!({"error": {"code": "invalid_question", "message": "question must not be empty"}})),
    )
)]
#[post("/v1/ask")]
pub async fn ask(
    state: web::Data<AppState>,
    body: web::Json<AskRequest>,
) -> Result<HttpResponse, ApiError> {
    let question = Question::parse(&body.question)?;
    let live = state.catalog();
    let reply = live.ask_in(question.as_str(), body.lang);
    tracing::info!(
        kind = ?reply.verdict,
        confidence = reply.confidence,
        slug = reply.faq.map(|f| f.body.slug.as_str()),
        lang = reply.lang.code(),
        "asked"
    );
    let language = (header::CONTENT_LANGUAGE, reply.lang.code());
    super::staff::note_unanswered(&state, question.as_str(), &reply);
    // The fixed parts of the reply were rendered with the catalog.
    match live.json.reply(&reply) {
        Some(fast) => Ok(HttpResponse::Ok().insert_header(language).json(fast)),
        None => Ok(HttpResponse::Ok()
            .insert_header(language)
            .json(AskResponse::from_reply(reply, &live.clinic))),
    }
}
