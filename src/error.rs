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

/// Declares [`Code`]: each code once, with its wire name, its HTTP status
/// and what it means.
macro_rules! codes {
    ($($variant:ident = $name:literal, $status:ident, $doc:literal;)*) => {
        /// Every error code the API sends, with its HTTP status: the one
        /// catalogue (the spec's examples and the tests read it).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as it appears in `{"error": {"code": ...}}`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(Code::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

codes! {
    MalformedJson = "malformed_json", BAD_REQUEST, "The request body is not valid JSON.";
    BadBody = "bad_body", BAD_REQUEST, "The request body could not be read.";
    InvalidQuery = "invalid_query", BAD_REQUEST, "A query-string parameter is missing or malformed.";
    InvalidIfMatch = "invalid_if_match", BAD_REQUEST, "If-Match is not a version number in quotes.";
    CorsRejected = "cors_rejected", BAD_REQUEST, "The page's origin is not in the CORS allowlist.";
    Unauthorized = "unauthorized", UNAUTHORIZED, "No staff token, or one that is unknown, expired or revoked.";
    Forbidden = "forbidden", FORBIDDEN, "The token's role may not use this route.";
    FourEyes = "four_eyes", FORBIDDEN, "A clinician may not approve a change they wrote.";
    NotFound = "not_found", NOT_FOUND, "No such resource (or not published).";
    MethodNotAllowed = "method_not_allowed", METHOD_NOT_ALLOWED, "The route exists, but not with this method.";
    RequestTimeout = "request_timeout", REQUEST_TIMEOUT, "The request body did not arrive in time.";
    Exists = "exists", CONFLICT, "An FAQ with this slug already exists.";
    NameTaken = "name_taken", CONFLICT, "A usable token already has this name.";
    InvalidState = "invalid_state", CONFLICT, "The revision is not in a state that allows this step.";
    ApprovalMismatch = "approval_mismatch", CONFLICT, "The text changed after it was approved.";
    ConcurrentChange = "concurrent_change", CONFLICT, "Another write changed the entries while this one ran.";
    VersionMismatch = "version_mismatch", PRECONDITION_FAILED, "If-Match names a version that is no longer current.";
    PayloadTooLarge = "payload_too_large", PAYLOAD_TOO_LARGE, "The request body is over the limit.";
    UnsupportedMediaType = "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "The request body is not sent as JSON.";
    InvalidBody = "invalid_body", UNPROCESSABLE_ENTITY, "The JSON does not fit the request schema.";
    InvalidQuestion = "invalid_question", UNPROCESSABLE_ENTITY, "The question is empty.";
    QuestionTooLong = "question_too_long", UNPROCESSABLE_ENTITY, "The question is over the length limit.";
    InvalidSlug = "invalid_slug", UNPROCESSABLE_ENTITY, "Not a valid FAQ slug.";
    InvalidFaq = "invalid_faq", UNPROCESSABLE_ENTITY, "The FAQ text breaks a field rule (lengths, required fields).";
    NotPublishable = "not_publishable", UNPROCESSABLE_ENTITY, "The FAQ text breaks an editorial rule (sources, provider kind, dosing, length).";
    InvalidChange = "invalid_change", UNPROCESSABLE_ENTITY, "A provider or clinic change is not valid.";
    InvalidTokenRequest = "invalid_token_request", UNPROCESSABLE_ENTITY, "A token request is not valid (name, role, days).";
    InvalidReason = "invalid_reason", UNPROCESSABLE_ENTITY, "A rejection needs a reason.";
    InvalidPhrase = "invalid_phrase", UNPROCESSABLE_ENTITY, "A phrase to promote is empty or too long.";
    InvalidImport = "invalid_import", UNPROCESSABLE_ENTITY, "An import is too large or has an invalid entry.";
    Duplicate = "duplicate", UNPROCESSABLE_ENTITY, "A slug appears twice in one language in an import.";
    MissingFaq = "missing_faq", UNPROCESSABLE_ENTITY, "An import item has no FAQ text.";
    IfMatchRequired = "if_match_required", PRECONDITION_REQUIRED, "A write needs If-Match with the version read.";
    RateLimited = "rate_limited", TOO_MANY_REQUESTS, "Too many requests from this client; see Retry-After.";
    Internal = "internal", INTERNAL_SERVER_ERROR, "Something failed inside the service (logged, never detailed).";
    Unavailable = "unavailable", SERVICE_UNAVAILABLE, "The service is not ready (database or content).";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Code {
    /// The code of a wire name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The codes a text names, in order, each in backticks ("Malformed
    /// slug (`invalid_slug`)"); a word in backticks that is no code
    /// (`lang`) is skipped. The spec's response descriptions name their
    /// codes this way.
    pub fn named_in(text: &str) -> impl Iterator<Item = Code> + '_ {
        text.split('`')
            .skip(1)
            .step_by(2)
            .filter_map(Code::from_name)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// An error that is only a code and a message.
    #[error("{message}")]
    Coded { code: Code, message: String },
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
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self::Coded {
            code,
            message: message.into(),
        }
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        Self::Internal(err.into())
    }

    pub fn code(&self) -> Code {
        match self {
            Self::Coded { code, .. } => *code,
            Self::Unauthorized(_) => Code::Unauthorized,
            Self::PreconditionFailed { .. } => Code::VersionMismatch,
            Self::PreconditionRequired => Code::IfMatchRequired,
            Self::PayloadTooLarge { .. } => Code::PayloadTooLarge,
            Self::UnsupportedMediaType => Code::UnsupportedMediaType,
            Self::NotFound(_) => Code::NotFound,
            Self::MethodNotAllowed(_) => Code::MethodNotAllowed,
            Self::RequestTimeout(_) => Code::RequestTimeout,
            Self::RateLimited { .. } => Code::RateLimited,
            Self::Unavailable(_) => Code::Unavailable,
            Self::Internal(_) => Code::Internal,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code().status()
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
                code: self.code().name().to_owned(),
                message: self.to_string(),
            },
        })
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
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::Coded {
            code: Code::InvalidBody,
            message: format!("the request body does not fit the schema: {e}"),
        },
        JsonPayloadError::Deserialize(e) => ApiError::Coded {
            code: Code::MalformedJson,
            message: format!("the request body is not valid JSON: {e}"),
        },
        other => ApiError::Coded {
            code: Code::BadBody,
            message: format!("the request body could not be read: {other}"),
        },
    };
    api.into()
}

/// Maps query-string extractor failures onto the contract.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::Coded {
        code: Code::InvalidQuery,
        message: err.to_string(),
    }
    .into()
}

/// Maps path extractor failures onto the contract.
pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound(format!("no such resource: {err}")).into()
}
