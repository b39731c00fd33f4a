//! A deadline for the request body. actix answers 408 by itself when the
//! head is slow (5 s), but nothing bounds a slow body: a client sending a
//! byte now and then would hold a connection and a half-read JSON extractor
//! forever, and enough of them exhaust the server's connections.
//!
//! The middleware wraps the body stream so that, past the deadline, it ends
//! with a `TimedOut` error. The JSON extractor's error handler turns that into
//! 408 `request_timeout` (see `error::json_error`), through the normal error
//! path, so the reply carries every header the others do. The connection is
//! closed after it.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::rt::time::{sleep_until, Instant, Sleep};
use actix_web::web::{self, Bytes};
use actix_web::HttpMessage;
use futures_core::Stream;
use serde_json::json;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, ResponseBuilder};

/// Every body we accept is at most 16 KiB: only a stalled client takes this long.
pub const DEFAULT: Duration = Duration::from_secs(10);

/// App data: the deadline this server uses.
#[derive(Debug, Clone, Copy)]
pub struct RequestTimeout(pub Duration);

/// The middleware (`middleware::from_fn(enforce)`).
pub async fn enforce(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limit = req
        .app_data::<web::Data<RequestTimeout>>()
        .map_or(DEFAULT, |t| t.0);
    let body = Deadline {
        inner: req.take_payload(),
        deadline: Instant::now() + limit,
        limit,
        timer: None,
        expired: false,
    };
    req.set_payload(Payload::from(
        Box::pin(body) as Pin<Box<dyn Stream<Item = _>>>
    ));
    next.call(req).await
}

/// The request body, ending in a `TimedOut` error once the deadline passes.
struct Deadline {
    inner: Payload,
    deadline: Instant,
    limit: Duration,
    /// Started on the first read, so requests without a body cost no timer.
    timer: Option<Pin<Box<Sleep>>>,
    expired: bool,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        let deadline = self.deadline;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(sleep_until(deadline)));
        if timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.expired = true;
        Poll::Ready(Some(Err(PayloadError::Io(timed_out(self.limit)))))
    }
}

/// The error the JSON extractor sees; `error::json_error` recognises it by kind.
fn timed_out(limit: Duration) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!(
            "the request body did not arrive within {} s",
            limit.as_secs_f64()
        ),
    )
}

/// Documents the 408 on every operation that takes a request body.
pub fn document(spec: &mut OpenApi) {
    let response = ResponseBuilder::new()
        .description("The request body did not arrive within 10 s; the connection is closed")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .example(Some(json!({"error": {"code": "request_timeout",
                    "message": "the request body did not arrive within 10 s"}})))
                .build(),
        )
        .build();
    for item in spec.paths.paths.values_mut() {
        let operations = [
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            if op.request_body.is_some() {
                op.responses
                    .responses
                    .insert("408".to_owned(), response.clone().into());
            }
        }
    }
}
