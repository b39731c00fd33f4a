//! Structured logs with tracing.
//!
//! Lines are formatted on the thread that logs, then handed to a
//! background writer (tracing-appender), so a request never waits on a
//! write to stderr: with a synchronous writer, the one line `/v1/ask` logs
//! cost about a third of its throughput under load. If the writer falls
//! behind by more than its buffer (128k lines), newer lines are dropped
//! rather than slowing requests down. The returned guard writes what is
//! still buffered when it is dropped, at the end of `main`; a process
//! killed with SIGKILL loses what was still buffered.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::HttpMessage;
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

/// Whether request logs name the client (IP address and user agent).
static CLIENT_ADDRESSES: AtomicBool = AtomicBool::new(false);

/// Each request's log span: method, route pattern, request id and status.
/// By default it names no client: a log line that says a message was a
/// crisis must not say who sent it. The route is the pattern
/// (`/v1/faqs/{slug}`), never the URL, so nothing a client put in a path or
/// query string (a token, a question) reaches the logs. Operators who need
/// addresses (abuse handling) turn them on with `--log-client-addresses`.
pub struct PrivateSpans;

impl RootSpanBuilder for PrivateSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        if CLIENT_ADDRESSES.load(Ordering::Relaxed) {
            let info = request.connection_info().clone();
            let agent = request
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            tracing::info_span!(
                "request",
                method = %request.method(),
                route = %route,
                request_id = %id,
                client_ip = info.realip_remote_addr().unwrap_or(""),
                user_agent = %agent,
                status = tracing::field::Empty,
            )
        } else {
            tracing::info_span!(
                "request",
                method = %request.method(),
                route = %route,
                request_id = %id,
                status = tracing::field::Empty,
            )
        }
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(res) => res.status(),
            Err(e) => e.as_response_error().status_code(),
        };
        span.record("status", status.as_u16());
    }
}

/// Installs the global subscriber. Keep the guard alive until exit.
pub fn init(settings: &Settings) -> WorkerGuard {
    CLIENT_ADDRESSES.store(settings.log_client_addresses, Ordering::Relaxed);
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::stderr().is_terminal());
    // `try_init` so a second call (tests) is harmless.
    let _ = match settings.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
    guard
}
