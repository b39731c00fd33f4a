//! A consistent backup of the whole database, taken while the service runs.

use actix_web::{get, web, HttpMessage, HttpRequest, HttpResponse};

use super::{audit_draft, Audited};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{Admins, Staff};
use crate::error::{ApiError, ErrorBody};
use crate::store::{BackupError, Outcome};

/// Download every record of the database (FAQ revisions, providers and
/// clinic settings, proposed changes, staff tokens' hashes, the audit log,
/// the inbox and feedback counts) as one JSON document, taken at a moment
/// when no write was in flight. Restore it with `clinicfaq restore FILE
/// --data NEW_DIR`. The download is audited. It holds token hashes and the
/// scrubbed inbox: store it as you store the data directory.
#[utoipa::path(
    operation_id = "staff_backup",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The backup (format `clinicfaq-backup/1`)", body = crate::store::Backup),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 503, description = "The database kept changing; try again", body = ErrorBody),
    )
)]
#[get("/backup")]
pub async fn backup(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let s = state.clone();
    let backup = web::block(move || s.store.backup())
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| match e {
            BackupError::Busy(_) => ApiError::Unavailable(e.to_string()),
            other => ApiError::internal(other),
        })?;
    let body = serde_json::to_vec(&backup).map_err(ApiError::internal)?;
    let draft = audit_draft(&req, &staff.actor, Some("database".into()));
    let detail = format!(
        "{} records",
        backup.trees.values().map(Vec::len).sum::<usize>()
    );
    let s = state.clone();
    blocking(move || s.store.append_audit(&draft, Outcome::Ok, 200, Some(detail))).await?;
    req.extensions_mut().insert(Audited);
    let name = format!(
        "attachment; filename=\"clinicfaq-backup-{}.json\"",
        backup.taken_at.date()
    );
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Content-Disposition", name))
        .body(body))
}
