//! The one error contract: every 4xx and 5xx is
//! `{"error": {"code": "...", "message": "..."}}`. Extractor failures are
//! routed here too; 500s are opaque to clients and logged with their cause.

use std::io;

use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// The JSON body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code.
    #[schema(example = "invalid_question")]
    pub code: String,
    /// What went wrong, for a human.
    #[schema(example = "question must not be empty")]
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed; allowed: {}", .0.join(", "))]
    MethodNotAllowed(Vec<String>),
    #[error("{0}")]
    RequestTimeout(String),
    #[error("too many requests; retry after {retry_after} second(s)")]
    RateLimited { retry_after: u64 },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("the entry has changed: its current version is {current}; reload it and send If-Match: \"{current}\"")]
    PreconditionFailed { current: u32 },
    #[error("this write needs an If-Match header carrying the version (ETag) you read, e.g. If-Match: \"3\"")]
    PreconditionRequired,
    #[error("the service is not ready: {0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            message: message.into(),
        }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Self::Internal(err.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. }
            | Self::Unprocessable { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::Unauthorized(_) => "unauthorized",
            Self::PreconditionFailed { .. } => "version_mismatch",
            Self::PreconditionRequired => "if_match_required",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::RequestTimeout(_) => "request_timeout",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
        let mut builder = HttpResponse::build(self.status_code());
        match self {
            Self::MethodNotAllowed(allowed) => {
                builder.insert_header((header::ALLOW, allowed.join(", ")));
            }
            Self::RateLimited { retry_after } => {
                builder.insert_header((header::RETRY_AFTER, *retry_after));
            }
            // The rest of a stalled body may still arrive: never reuse the connection.
            Self::RequestTimeout(_) => {
                builder.force_close();
            }
            Self::Unauthorized(_) => {
                builder
                    .insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"clinicfaq-staff\""));
            }
            Self::PreconditionFailed { current } => {
                builder.insert_header((header::ETAG, format!("\"{current}\"")));
            }
            _ => {}
        }
        builder.json(ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        })
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(err: crate::store::StoreError) -> Self {
        Self::internal(err)
    }
}

/// Maps JSON body extractor failures onto the contract.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge { limit: *limit },
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Payload(PayloadError::Io(e)) if e.kind() == io::ErrorKind::TimedOut => {
            ApiError::RequestTimeout(e.to_string())
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::Unprocessable {
            code: "invalid_body",
            message: format!("the request body does not fit the schema: {e}"),
        },
        JsonPayloadError::Deserialize(e) => ApiError::BadRequest {
            code: "malformed_json",
            message: format!("the request body is not valid JSON: {e}"),
        },
        other => ApiError::BadRequest {
            code: "bad_body",
            message: format!("the request body could not be read: {other}"),
        },
    };
    api.into()
}

/// Maps query-string extractor failures onto the contract.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest {
        code: "invalid_query",
        message: err.to_string(),
    }
    .into()
}

/// Maps path extractor failures onto the contract.
pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(format!("no such resource: {err}")).into()
}
