//! CORS for the public API. Clinic sites that embed the widget on another
//! origin are listed in the config; nothing else is ever allowed: no
//! wildcard, no `null`, no reflected arbitrary origin, no credentials.
//! Only `Content-Type` may be sent cross-origin, so a future staff endpoint
//! that needs `Authorization` stays same-origin.

use actix_cors::{Cors, CorsError};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::ResponseError;

use crate::error::{ApiError, Code};

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

/// Origins already logged as unlisted (at most [`MAX_WARNED`]), so a busy
/// site is named once, not on every request.
static WARNED: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Default::default);
const MAX_WARNED: usize = 100;

/// Logs, once per origin, a page on another origin calling the API when it
/// is not on the allowlist: browsers withhold the replies from it, and
/// whoever embedded the widget there needs to learn why from the log.
pub fn note_unlisted_origin(req: &ServiceRequest, allowed: &[String]) {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    if !unlisted(origin, req.connection_info().host(), allowed) {
        return;
    }
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned.len() < MAX_WARNED && warned.insert(origin.to_owned()) {
        tracing::warn!(
            origin,
            "a page on this origin called the API but is not in --cors-origins \
             (CLINICFAQ_CORS_ORIGINS), so browsers withhold the replies from it"
        );
    }
}

/// Neither this service's own origin nor one on the allowlist.
fn unlisted(origin: &str, host: &str, allowed: &[String]) -> bool {
    let same_site = origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host);
    !same_site && !allowed.iter().any(|a| a == origin)
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
    let api = ApiError::Coded {
        code: Code::CorsRejected,
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

#[cfg(test)]
mod tests {
    use super::unlisted;

    #[test]
    fn only_other_sites_off_the_allowlist_are_unlisted() {
        let allowed = ["https://www.example-clinic.org".to_owned()];
        assert!(!unlisted(
            "https://faq.example.org",
            "faq.example.org",
            &allowed
        ));
        assert!(!unlisted(
            "https://www.example-clinic.org",
            "faq.example.org",
            &allowed
        ));
        assert!(unlisted(
            "https://elsewhere.example",
            "faq.example.org",
            &allowed
        ));
        assert!(unlisted("null", "faq.example.org", &allowed));
    }
}
