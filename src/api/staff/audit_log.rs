//! Every staff write lands in the audit log. Successful writes record
//! themselves inside their own transaction and mark the request [`Audited`];
//! this middleware records everything else: refused tokens and roles, stale
//! versions, invalid bodies, workflow refusals.
//!
//! Refusals of requests without a valid token are counted, not recorded
//! each: anyone can send them, and a record apiece would let them grow the
//! log without limit. The first per route and status in a minute is
//! recorded; the rest of that minute become one record with their count,
//! written with the next such refusal after the minute. Unknown staff
//! routes share one action, and their paths are not stored.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest};

use crate::api::AppState;
use crate::content::workflow::Actor;
use crate::error::ApiError;
use crate::store::{AuditDraft, Outcome};

/// Marks a request whose audit record is already written.
#[derive(Clone, Copy)]
pub struct Audited;

const PREFIX: &str = "/v1/staff/";

/// Action (`POST faqs/{slug}/publish`) and target (`faqs/telehealth/publish`)
/// of a staff request, both relative to `/v1/staff/`.
pub fn describe(req: &HttpRequest) -> (String, String) {
    let pattern = req
        .match_pattern()
        .unwrap_or_else(|| "(unknown route)".to_owned());
    let action = format!(
        "{} {}",
        req.method(),
        pattern.strip_prefix(PREFIX).unwrap_or(&pattern)
    );
    let path: String = req.path().chars().take(200).collect();
    let target = path.strip_prefix(PREFIX).unwrap_or(&path).to_owned();
    (action, target)
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn record_unaudited_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let write = is_write(req.method());
    let res = next.call(req).await?;
    if !write || res.request().extensions().contains::<Audited>() {
        return Ok(res);
    }
    let request = res.request();
    let actor = request.extensions().get::<Actor>().cloned();
    let (action, mut target) = describe(request);
    let status = res.status();
    let mut earlier = 0;
    if actor.is_none() && !status.is_success() {
        let counter = request.app_data::<web::Data<AppState>>().map(|s| {
            s.anonymous_refusals
                .refusal(&action, status.as_u16(), Instant::now())
        });
        match counter.unwrap_or(Some(0)) {
            None => return Ok(res),
            Some(n) => earlier = n,
        }
        if request.match_pattern().is_none() {
            target = "(unknown route)".to_owned();
        }
    }
    let draft = AuditDraft::new(actor.as_ref(), action, target);
    let outcome = if status.is_success() {
        Outcome::Ok
    } else {
        Outcome::Failed
    };
    let detail = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|e| e.code().name().to_owned())
        .map(|code| {
            if earlier > 0 {
                format!(
                    "{code}; {earlier} more like it in the minute before, counted, not recorded"
                )
            } else {
                code
            }
        });
    if let Some(state) = request.app_data::<web::Data<AppState>>().cloned() {
        let code = status.as_u16();
        let written =
            web::block(move || state.store.append_audit(&draft, outcome, code, detail)).await;
        if !matches!(written, Ok(Ok(()))) {
            tracing::error!(status = code, "could not write an audit record");
        }
    }
    Ok(res)
}
