//! CORS for the public API. Clinic sites that embed the widget on another
//! origin are listed in the config; nothing else is ever allowed: no
//! wildcard, no `null`, no reflected arbitrary origin, no credentials.
//! Only `Content-Type` may be sent cross-origin, so a future staff endpoint
//! that needs `Authorization` stays same-origin.

use actix_cors::{Cors, CorsError};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, Method, Uri};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::ResponseError;

use crate::error::ApiError;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: usize = 3600;

/// Parses one allowlist entry. It must be an origin exactly as a browser
/// sends it (`scheme://host[:port]`), so a typo such as a trailing slash
/// fails at startup instead of silently never matching.
pub fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim().to_ascii_lowercase();
    let canonical = origin.parse::<Uri>().ok().and_then(|uri| {
        let scheme = uri.scheme_str().filter(|s| matches!(*s, "http" | "https"))?;
        let authority = uri.authority().filter(|a| !a.as_str().contains('@'))?;
        Some(format!("{scheme}://{authority}"))
    });
    match canonical {
        Some(c) if c == origin => Ok(origin),
        _ => Err(format!(
            "`{raw}` is not a site origin; write it as scheme://host[:port], e.g. \
             https://www.example.org (http or https, no path, no trailing slash, no wildcard)"
        )),
    }
}

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
    let res = ServiceResponse::new(req, api.error_response());
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}

#[cfg(test)]
mod tests {
    use super::parse_origin;

    #[test]
    fn origins_are_accepted_as_browsers_send_them() {
        assert_eq!(
            parse_origin("https://www.example.org").unwrap(),
            "https://www.example.org"
        );
        assert_eq!(
            parse_origin(" HTTP://Localhost:8080 ").unwrap(),
            "http://localhost:8080"
        );
    }

    #[test]
    fn anything_that_is_not_a_plain_origin_is_rejected() {
        for bad in [
            "",
            "*",
            "null",
            "example.org",
            "https://example.org/",
            "https://example.org/path",
            "https://example.org?x=1",
            "ftp://example.org",
            "https://user@example.org",
            "https://*.example.org",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
