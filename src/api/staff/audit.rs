//! Reading the audit log (admins): filtered pages, and a JSON-lines export.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{Admins, Staff};
use crate::error::{ApiError, Code, ErrorBody};
use crate::store::{AuditQuery, AuditRecord};

/// Largest page: a larger `limit` gets this many.
pub const MAX_LIMIT: u64 = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Records at or after this time (RFC 3339).
    #[param(format = DateTime, example = "2026-11-01T00:00:00Z")]
    pub since: Option<String>,
    /// Records before this time (RFC 3339).
    #[param(format = DateTime, example = "2026-12-01T00:00:00Z")]
    pub until: Option<String>,
    /// Token name, e.g. `dr-robin` (or `anonymous`, `system`).
    #[param(example = "dr-robin")]
    pub actor: Option<String>,
    /// Target prefix, e.g. `faqs/telehealth`.
    #[param(example = "faqs/telehealth")]
    pub target: Option<String>,
    /// Cursor: the `next` of the previous page.
    #[param(example = 41)]
    pub after: Option<u64>,
    /// Page size (default 100); more than 500 gets 500. Ignored by the export.
    #[param(minimum = 1, example = 100)]
    pub limit: Option<u64>,
}

fn bad_query(message: impl Into<String>) -> ApiError {
    ApiError::Coded {
        code: Code::InvalidQuery,
        message: message.into(),
    }
}

fn time_param(name: &str, raw: Option<&str>) -> Result<Option<OffsetDateTime>, ApiError> {
    raw.map(|r| {
        OffsetDateTime::parse(r, &time::format_description::well_known::Rfc3339).map_err(|_| {
            bad_query(format!(
                "{name} must be an RFC 3339 time such as 2026-11-01T00:00:00Z"
            ))
        })
    })
    .transpose()
}

impl AuditParams {
    fn query(&self) -> Result<AuditQuery, ApiError> {
        // The spec says int64 (what JSON clients can hold); refuse the rest of u64.
        let int64 = |n: &Option<u64>| n.is_none_or(|n| i64::try_from(n).is_ok());
        if !int64(&self.after) {
            return Err(bad_query("after must be a cursor from a previous page"));
        }
        // Any page size the spec allows is served (up to MAX_LIMIT), so the
        // export checks it too, though it sends everything.
        if self.limit == Some(0) || !int64(&self.limit) {
            return Err(bad_query("limit must be a whole number from 1 up"));
        }
        Ok(AuditQuery {
            since: time_param("since", self.since.as_deref())?,
            until: time_param("until", self.until.as_deref())?,
            actor: self.actor.clone(),
            target: self.target.clone(),
            after: self.after,
        })
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPageView {
    pub items: Vec<AuditRecord>,
    /// Pass as `after` to get the next page; null on the last page.
    pub next: Option<u64>,
}

/// Audit records, oldest first, filtered and paged.
#[utoipa::path(
    operation_id = "staff_list_audit",
    tag = "staff",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "One page of records", body = AuditPageView),
        (status = 400, description = "Malformed filter (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
#[get("/audit")]
pub async fn list(
    _staff: Staff<Admins>,
    state: web::Data<AppState>,
    params: web::Query<AuditParams>,
) -> Result<web::Json<AuditPageView>, ApiError> {
    let query = params.query()?;
    let limit = params.limit.unwrap_or(100).min(MAX_LIMIT) as usize;
    let s = state.clone();
    let page = blocking(move || s.store.audit_page(&query, limit)).await?;
    Ok(web::Json(AuditPageView {
        items: page.items,
        next: page.next,
    }))
}

/// Every matching record as JSON lines (`application/x-ndjson`).
#[utoipa::path(
    operation_id = "staff_export_audit",
    tag = "staff",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "One AuditRecord per line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "Malformed filter (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
#[get("/audit/export")]
pub async fn export(
    _staff: Staff<Admins>,
    state: web::Data<AppState>,
    params: web::Query<AuditParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let s = state.clone();
    let body = blocking(move || {
        let mut out = Vec::new();
        s.store.audit_scan(&query, |r| {
            if let Ok(line) = serde_json::to_vec(&r) {
                out.extend_from_slice(&line);
                out.push(b'\n');
            }
            true
        })?;
        Ok::<_, crate::store::StoreError>(out)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson")
        .body(body))
}
