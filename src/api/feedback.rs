//! "Was this helpful?" votes from the widget, counted per FAQ.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{AnyStaff, Staff};
use crate::content::Slug;
use crate::error::{ApiError, Code, ErrorBody};

/// One vote. Deliberately no free text: patients must not be invited to type
/// health details into a feedback box nobody answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRequest {
    /// The published FAQ the vote is about (a slug: kebab-case, at most 80 characters).
    #[schema(
        example = "how-long-effects-last",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        min_length = 1,
        max_length = 80
    )]
    pub slug: String,
    /// True for 👍, false for 👎.
    #[schema(example = true)]
    pub helpful: bool,
}

/// Votes for one FAQ entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackItem {
    #[schema(example = "how-long-effects-last")]
    pub slug: String,
    /// The entry's question, or null if it is no longer published.
    #[schema(example = "How long do the effects of ketamine last?")]
    pub question: Option<String>,
    #[schema(example = 12)]
    pub helpful: u64,
    #[schema(example = 3)]
    pub not_helpful: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedbackSummary {
    /// Entries that have received at least one vote, in slug order.
    pub items: Vec<FeedbackItem>,
}

/// Record whether an answer was helpful.
///
/// Only published entries can be voted on. The vote is on disk before the 204.
#[utoipa::path(
    operation_id = "send_feedback",
    tag = "public",
    request_body(content = FeedbackRequest, example = json!({"slug": "how-long-effects-last", "helpful": true})),
    responses(
        (status = 204, description = "Counted"),
        (status = 400, description = "The body is not valid JSON", body = ErrorBody,
            example = json!({"error": {"code": "malformed_json", "message": "the request body is not valid JSON: EOF while parsing a value at line 1 column 9"}})),
        (status = 404, description = "No published entry has this slug", body = ErrorBody,
            example = json!({"error": {"code": "not_found", "message": "no published FAQ `no-such-entry`"}})),
        (status = 413, description = "The body is over 16 KiB", body = ErrorBody,
            example = json!({"error": {"code": "payload_too_large", "message": "the request body is larger than 16384 bytes"}})),
        (status = 415, description = "The body is not application/json", body = ErrorBody,
            example = json!({"error": {"code": "unsupported_media_type", "message": "the request body must be JSON (Content-Type: application/json)"}})),
        (status = 422, description = "Malformed slug (`invalid_slug`), or an unknown, missing or mistyped field (`invalid_body`)", body = ErrorBody,
            example = json!({"error": {"code": "invalid_body", "message": "the request body does not fit the schema: unknown field `comment`"}})),
    )
)]
#[post("/v1/feedback")]
pub async fn record(
    state: web::Data<AppState>,
    body: web::Json<FeedbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let slug =
        Slug::parse(&body.slug).map_err(|e| ApiError::new(Code::InvalidSlug, e.to_string()))?;
    if state.catalog().entry(slug.as_str()).is_none() {
        return Err(ApiError::NotFound(format!("no published FAQ `{slug}`")));
    }
    let helpful = body.helpful;
    let store = state.store.clone();
    let logged = slug.clone();
    blocking(move || store.record_feedback(&slug, helpful)).await?;
    tracing::info!(slug = %logged, helpful, "feedback");
    Ok(HttpResponse::NoContent().finish())
}

/// "Was this helpful?" vote counts per FAQ entry. Any staff role.
#[utoipa::path(
    operation_id = "staff_feedback_summary",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Counts per entry", body = FeedbackSummary),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/feedback")]
pub async fn summary(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
) -> Result<web::Json<FeedbackSummary>, ApiError> {
    let store = state.store.clone();
    let counts = blocking(move || store.feedback_counts()).await?;
    let catalog = state.catalog();
    let items = counts
        .into_iter()
        .map(|(slug, count)| FeedbackItem {
            question: catalog.entry(&slug).map(|e| e.body.question.clone()),
            slug,
            helpful: count.helpful,
            not_helpful: count.not_helpful,
        })
        .collect();
    Ok(web::Json(FeedbackSummary { items }))
}
