//! CORS for the public API. Clinic sites that embed the widget on another
//! origin are listed in the config; nothing else is ever allowed: no
//! wildcard, no `null`, no reflected arbitrary origin, no credentials.
//! Only `Content-Type` may be sent cross-origin, so a future staff endpoint
//! that needs `Authorization` stays same-origin.

use actix_cors::{Cors, CorsError};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, Method};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::ResponseError;

use crate::error::ApiError;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: usize = 3600;

/// The CORS middleware for the configured allowlist. A request from any
/// other origin is still served (same-origin pages send `Origin` on POST),
/// it just gets no `Access-Control-Allow-Origin`, so a browser withholds
/// the response from the foreign page. `Vary: Origin` is on every response.
pub fn middleware(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods([Method::GET, Method::POST])
        .allowed_header(header::CONTENT_TYPE)
        .max_age(PREFLIGHT_MAX_AGE)
}

/// Rejected preflights come out of actix-cors as text/plain; this puts them
/// into the JSON error contract.
pub fn errors_as_json<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler_client(cors_error_as_json)
}

fn cors_error_as_json<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let Some(message) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<CorsError>())
        .map(|e| format!("cross-origin request rejected: {e}"))
    else {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    };
    let api = ApiError::BadRequest {
        code: "cors_rejected",
        message,
    };
    let (req, _) = res.into_parts();
    let mut response = api.error_response();
    response
        .headers_mut()
        .insert(header::VARY, header::HeaderValue::from_static("Origin"));
    let res = ServiceResponse::new(req, response);
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}
