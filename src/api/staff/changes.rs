//! Providers and clinic settings: admins propose, a clinician (not the
//! proposer) approves, and only then does the public see the change.

use actix_web::{delete, get, post, put, web, HttpMessage, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::dto::{non_blank_string, note};
use super::{audit_draft, write_error, Audited};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{Admins, AnyStaff, Reviewers, Staff};
use crate::content::proposal::{ChangeRecord, ChangeStatus, ChangeTarget, Decision};
use crate::content::{ClinicSettings, Provider, Slug};
use crate::error::{ApiError, Code, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeProvider {
    pub provider: ProviderFields,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// A provider kind such as `psychiatry`, not blank.
pub struct ProviderKind;

impl utoipa::PartialSchema for ProviderKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        non_blank_string(None)
    }
}

impl ToSchema for ProviderKind {}

/// A provider as an admin proposes it, without its id: the id is the one in
/// the path, so the body cannot disagree with the URL it is sent to. The
/// fields patients are referred by are not blank.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderFields {
    #[schema(example = "Dr. Alex Rivera", min_length = 1, pattern = r"[^\s\u0085]")]
    pub name: String,
    #[schema(
        example = "MD, board-certified psychiatrist",
        min_length = 1,
        pattern = r"[^\s\u0085]"
    )]
    pub credentials: String,
    /// Provider kinds this person serves (at least one); FAQ entries refer to one of them.
    #[schema(value_type = Vec<ProviderKind>, min_items = 1, example = json!(["psychiatry"]))]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub specialties: Vec<String>,
    #[schema(example = "+1-555-0101", min_length = 1, pattern = r"[^\s\u0085]")]
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    #[schema(
        example = "https://example.org/book/dr-alex-rivera",
        min_length = 1,
        pattern = r"[^\s\u0085]"
    )]
    pub booking_url: String,
    #[serde(default)]
    pub locations: Vec<String>,
}

impl ProviderFields {
    /// The provider proposed under `id`; refused when a field patients see is blank.
    pub fn into_provider(self, id: Slug) -> Result<Provider, ApiError> {
        let blank = [
            &self.name,
            &self.credentials,
            &self.phone,
            &self.booking_url,
        ]
        .iter()
        .any(|v| v.trim().is_empty());
        if blank || self.kinds.is_empty() || self.kinds.iter().any(|k| k.trim().is_empty()) {
            return Err(invalid(
                "a provider needs a name, credentials, phone, booking_url and at least one kind",
            ));
        }
        Ok(Provider {
            id,
            name: self.name,
            credentials: self.credentials,
            kinds: self.kinds,
            specialties: self.specialties,
            phone: self.phone,
            email: self.email,
            booking_url: self.booking_url,
            locations: self.locations,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeClinic {
    pub clinic: ClinicSettings,
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectChange {
    #[schema(
        example = "the phone number is the old one",
        min_length = 1,
        max_length = 1000,
        pattern = r"[^\s\u0085]"
    )]
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChangeList {
    /// Newest first.
    pub items: Vec<ChangeRecord>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(Code::InvalidChange, message)
}

async fn propose(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    staff: &crate::content::workflow::Actor,
    record: ChangeRecord,
) -> Result<HttpResponse, ApiError> {
    let audit = audit_draft(req, staff, None);
    let s = state.clone();
    let rec = web::block(move || s.store.propose_change(record, &audit))
        .await
        .map_err(ApiError::internal)?
        .map_err(write_error)?;
    req.extensions_mut().insert(Audited);
    Ok(HttpResponse::Accepted().json(rec))
}

fn pending(target: ChangeTarget, actor: &str, note: String) -> ChangeRecord {
    ChangeRecord::pending(target, actor, note, OffsetDateTime::now_utc())
}

/// Every proposal and its decision, newest first.
#[utoipa::path(
    operation_id = "staff_list_changes",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every proposal", body = ChangeList),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/changes")]
pub async fn list(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
) -> Result<web::Json<ChangeList>, ApiError> {
    let s = state.clone();
    let items = blocking(move || s.store.changes()).await?;
    Ok(web::Json(ChangeList { items }))
}

/// Propose adding or replacing a provider. Nothing changes until a clinician approves.
///
/// The provider's id is the one in the path; the body carries the rest.
#[utoipa::path(
    operation_id = "staff_propose_provider",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = String, Path, example = "dr-alex-rivera", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 1, max_length = 80)),
    request_body(content = ProposeProvider, example = json!({"note": "new phone line", "provider": {"name": "Dr. Alex Rivera", "credentials": "MD, board-certified psychiatrist", "kinds": ["psychiatry"], "specialties": [], "phone": "+1-555-0101", "email": "rivera@example.org", "booking_url": "https://example.org/book/dr-alex-rivera", "locations": []}})),
    responses(
        (status = 202, description = "Proposed; awaiting a clinician", body = ChangeRecord),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "The id in the path is not a provider id (a slug)", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Blank fields (`invalid_change`), or missing or unknown ones, an `id` in the body included (`invalid_body`)", body = ErrorBody),
    )
)]
#[put("/providers/{id}")]
pub async fn propose_provider(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<ProposeProvider>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let id = Slug::parse(&id).map_err(|e| ApiError::NotFound(e.to_string()))?;
    let provider = body.provider.into_provider(id)?;
    let mut rec = pending(
        ChangeTarget::Provider {
            id: provider.id.to_string(),
        },
        &staff.actor.name,
        note(body.note.as_deref())?,
    );
    rec.provider = Some(provider);
    propose(&state, &req, &staff.actor, rec).await
}

/// Propose removing a provider.
#[utoipa::path(
    operation_id = "staff_propose_provider_removal",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = String, Path, example = "dr-alex-rivera", pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", min_length = 1, max_length = 80)),
    responses(
        (status = 202, description = "Proposed; awaiting a clinician", body = ChangeRecord),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such provider", body = ErrorBody),
    )
)]
#[delete("/providers/{id}")]
pub async fn propose_removal(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if !state
        .catalog()
        .providers
        .iter()
        .any(|p| p.id.as_str() == id)
    {
        return Err(ApiError::NotFound(format!(
            "no provider `{}`",
            id.chars().take(80).collect::<String>()
        )));
    }
    let mut rec = pending(
        ChangeTarget::Provider { id },
        &staff.actor.name,
        String::new(),
    );
    rec.remove = true;
    propose(&state, &req, &staff.actor, rec).await
}

/// Propose new clinic settings (contacts, referral, disclaimer, crisis card).
#[utoipa::path(
    operation_id = "staff_propose_clinic",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = ProposeClinic, example = json!({"note": "new opening hours", "clinic": {"name": "Example Ketamine Clinic", "phone": "+1-555-0100", "email": "hello@example.org", "website": "https://example.org", "referral_message": "Please talk with a qualified provider at our clinic about your situation.", "disclaimer": "This FAQ does not replace advice from a qualified provider. In a crisis call or text 988, or call 911.", "no_match_message": "Sorry, we do not have a vetted answer for that yet.", "crisis": {"title": "You deserve support right now", "message": "Please reach out right now.", "resources": [{"label": "Call or text 988", "kind": "phone", "value": "988"}]}}})),
    responses(
        (status = 202, description = "Proposed; awaiting a clinician", body = ChangeRecord),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Empty texts or a crisis card without resources (`invalid_change`)", body = ErrorBody),
    )
)]
#[put("/clinic")]
pub async fn propose_clinic(
    staff: Staff<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ProposeClinic>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    body.clinic.check().map_err(invalid)?;
    let mut rec = pending(
        ChangeTarget::Clinic,
        &staff.actor.name,
        note(body.note.as_deref())?,
    );
    rec.clinic = Some(body.clinic);
    propose(&state, &req, &staff.actor, rec).await
}

async fn decide(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    actor: &crate::content::workflow::Actor,
    id: u64,
    reason: Option<String>,
) -> Result<web::Json<ChangeRecord>, ApiError> {
    let decision = match reason {
        None => Decision::Approve,
        Some(reason) => Decision::Reject { reason },
    };
    let audit = audit_draft(req, actor, None);
    let (s, a) = (state.clone(), actor.clone());
    let rec = web::block(move || {
        let rec = s.store.decide_change(id, &a, decision, &audit)?;
        if rec.status == ChangeStatus::Applied {
            s.reload()?;
        }
        Ok::<_, crate::store::WriteError>(rec)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(write_error)?;
    req.extensions_mut().insert(Audited);
    Ok(web::Json(rec))
}

/// Approve and apply a proposal. Four eyes: not by its proposer.
#[utoipa::path(
    operation_id = "staff_approve_change",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = u64, Path, example = 7)),
    responses(
        (status = 200, description = "Applied; the public sees it now", body = ChangeRecord),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not a clinician (`forbidden`), or the clinician proposed it (`four_eyes`)", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Already decided, or the live value changed since", body = ErrorBody),
        (status = 422, description = "Applying it would leave a published FAQ without a provider (`invalid_change`)", body = ErrorBody),
    )
)]
#[post("/changes/{id}/approve")]
pub async fn approve(
    staff: Staff<Reviewers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<u64>,
) -> Result<web::Json<ChangeRecord>, ApiError> {
    decide(&state, &req, &staff.actor, id.into_inner(), None).await
}

/// Reject a proposal with a reason.
#[utoipa::path(
    operation_id = "staff_reject_change",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = u64, Path, example = 7)),
    request_body(content = RejectChange, example = json!({"reason": "the phone number is the old one"})),
    responses(
        (status = 200, description = "The rejected proposal", body = ChangeRecord),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not a clinician", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Already decided", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Empty reason (`invalid_reason`)", body = ErrorBody),
    )
)]
#[post("/changes/{id}/reject")]
pub async fn reject(
    staff: Staff<Reviewers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<u64>,
    body: web::Json<RejectChange>,
) -> Result<web::Json<ChangeRecord>, ApiError> {
    let reason = note(Some(&body.reason))?;
    if reason.is_empty() {
        return Err(invalid("give a reason"));
    }
    decide(&state, &req, &staff.actor, id.into_inner(), Some(reason)).await
}
