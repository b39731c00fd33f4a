//! HTTP only: handlers, DTOs and the OpenAPI document.

mod ask;
pub mod cors;
mod dto;
mod fallback;
mod faqs;
mod feedback;
mod health;
mod inbox_queue;
pub mod prerender;
pub mod rate_limit;
pub mod staff;
mod state;
pub mod timeout;

pub use inbox_queue::InboxQueue;
pub use state::{AppState, Live};

use utoipa::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;

pub use dto::{AskKind, AskRequest, AskResponse, FaqList, FaqView, Health, MAX_QUESTION_CHARS};
pub use fallback::{head_as_get, not_found_or_method, RouteTable};
use staff::BearerAuth;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "clinicfaq",
        description = "A clinic's vetted FAQ answers with typo-tolerant question matching, a crisis screen and a provider referral on every reply.\n\nEvery error has the shape `{\"error\": {\"code\", \"message\"}}`, with one exception: a request the HTTP/1 parser rejects before the application runs (no `Host` header, conflicting `Content-Length`, a malformed request line; `431` when the headers are too large) gets its status with an empty body, because actix-web answers those itself.",
        license(name = "MIT")
    ),
    tags(
        (name = "public", description = "Unauthenticated endpoints for the website chat widget and other clients"),
        (name = "ops", description = "Health and readiness"),
        (name = "staff", description = "Editing with clinical sign-off; needs a bearer token (see README, Staff editing)"),
        (name = "widget", description = "The embeddable website chat widget and its demo page"),
    ),
    modifiers(&BearerAuth),
    components(schemas(crate::error::ErrorBody))
)]
pub struct ApiDoc;

/// Documents the statuses the middlewares add (429, 408) on the operations
/// they apply to. Runs on the spec after the routes are collected.
pub fn document_middleware(spec: &mut utoipa::openapi::OpenApi) {
    rate_limit::document(spec);
    timeout::document(spec);
}

/// Registers every route; utoipa-actix-web collects each into the spec.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(ask::ask)
        .service(faqs::list_faqs)
        .service(faqs::get_faq)
        .service(faqs::list_providers)
        .service(faqs::clinic)
        .service(feedback::record)
        .service(health::health)
        .configure(crate::widget::routes)
        .configure(crate::console::routes)
        .configure(staff::routes);
}

/// Runs blocking work (the store, the catalog's rebuild) on actix's
/// blocking pool and turns its error into the API's: a worker that could
/// not run it is an internal error. Handlers call this instead of spelling
/// `web::block(..).await.map_err(..)??` each time.
pub async fn blocking<T, E>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, crate::error::ApiError>
where
    T: Send + 'static,
    E: Into<crate::error::ApiError> + Send + 'static,
{
    actix_web::web::block(work)
        .await
        .map_err(crate::error::ApiError::internal)?
        .map_err(Into::into)
}

/// A storage failure reaches a client as an opaque 500 (its cause is
/// logged). Here rather than in `error`, so the error catalogue depends on
/// no other module of the crate.
impl From<crate::store::StoreError> for crate::error::ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        Self::internal(err)
    }
}
