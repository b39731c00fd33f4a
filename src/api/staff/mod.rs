//! The staff API under `/v1/staff`: bearer tokens, the editorial workflow,
//! revisions, the audit log, the unanswered-question inbox, import/export.

mod audit;
mod audit_log;
mod backup;
mod changes;
mod dto;
mod faqs;
mod inbox;
mod revisions;
mod spec;
mod tokens;
mod transfer;

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use audit_log::Audited;
pub use dto::{FaqContent, StaffFaq};
pub use inbox::note_unanswered;
pub use spec::{add_error_examples, add_faq_examples, BearerAuth};

use crate::api::AppState;
use crate::content::workflow::{Actor, EntryState};
use crate::content::{DocId, Lang, Slug};
use crate::error::{ApiError, Code};
use crate::store::{AuditDraft, FaqOp, WriteError};

/// Registers the staff scope; every write in it is audited.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/v1/staff")
            .wrap(from_fn(audit_log::record_unaudited_writes))
            .configure(|cfg| {
                cfg.service(tokens::me)
                    .service(tokens::explain)
                    .service(tokens::list)
                    .service(tokens::create)
                    .service(tokens::revoke)
                    .service(faqs::articles)
                    .service(faqs::list)
                    .service(faqs::create)
                    .service(faqs::get)
                    .service(faqs::edit)
                    .service(faqs::submit)
                    .service(faqs::approve)
                    .service(faqs::reject)
                    .service(faqs::publish)
                    .service(faqs::retire)
                    .service(revisions::list)
                    .service(revisions::get)
                    .service(revisions::diff)
                    .service(revisions::restore)
                    .service(changes::list)
                    .service(changes::propose_provider)
                    .service(changes::propose_removal)
                    .service(changes::propose_clinic)
                    .service(changes::approve)
                    .service(changes::reject)
                    .service(inbox::list)
                    .service(inbox::promote)
                    .service(inbox::dismiss)
                    .service(audit::list)
                    .service(audit::export)
                    .service(backup::backup)
                    .service(super::feedback::summary);
            })
            .service(
                // Its own scope for the larger body limit a corpus needs.
                utoipa_actix_web::scope("/corpus")
                    .app_data(
                        web::JsonConfig::default()
                            .limit(transfer::MAX_IMPORT_BYTES)
                            .error_handler(crate::error::json_error),
                    )
                    .service(transfer::export)
                    .service(transfer::import),
            ),
    );
}

/// The version from `If-Match`: 428 without one, 400 if unreadable.
pub(crate) fn if_match(req: &HttpRequest) -> Result<u32, ApiError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    // Exactly an ETag as we send it (`"3"`, or weak `W/"3"`), as the spec's
    // pattern says: anything looser would accept what the spec calls invalid.
    let text = raw.to_str().unwrap_or("");
    let text = text.strip_prefix("W/").unwrap_or(text);
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|digits| {
            (1..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
        })
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| ApiError::Coded {
            code: Code::InvalidIfMatch,
            message: "If-Match must be the version from the ETag, e.g. \"3\"".into(),
        })
}

/// Which language version of an FAQ a staff request is about.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LangParam {
    /// The language version: `en` (the default) or `es`. Each version is
    /// its own document with its own revisions, review and publication.
    #[param(inline, example = "es")]
    pub lang: Option<Lang>,
}

/// A path slug in the requested language.
pub(crate) fn doc(raw: &str, lang: &LangParam) -> Result<DocId, ApiError> {
    Ok(DocId::new(slug(raw)?, lang.lang.unwrap_or_default()))
}

/// A path slug: anything that is not a valid slug cannot exist, so 404.
pub(crate) fn slug(raw: &str) -> Result<Slug, ApiError> {
    Slug::parse(raw).map_err(|_| {
        ApiError::NotFound(format!(
            "no FAQ `{}`",
            raw.chars().take(80).collect::<String>()
        ))
    })
}

pub(crate) fn write_error(err: WriteError) -> ApiError {
    use crate::content::workflow::WorkflowError as W;
    match err {
        WriteError::NotFound(what) => ApiError::NotFound(format!("no {what}")),
        WriteError::NoRevision(slug, v) => {
            ApiError::NotFound(format!("no revision {v} of `{slug}`"))
        }
        WriteError::Exists(slug) => ApiError::Coded {
            code: Code::Exists,
            message: format!("an FAQ `{slug}` already exists; edit it instead"),
        },
        WriteError::NameTaken(name) => ApiError::Coded {
            code: Code::NameTaken,
            message: format!(
                "a usable token named `{name}` exists, and four eyes tells people apart by name \
                 (case and look-alike letters do not count); revoke it first or choose another name"
            ),
        },
        WriteError::Stale { current } => ApiError::PreconditionFailed { current },
        WriteError::Workflow(w) => {
            let message = w.to_string();
            match w {
                W::Forbidden { .. } => ApiError::Coded {
                    code: Code::Forbidden,
                    message,
                },
                W::FourEyes(_) => ApiError::Coded {
                    code: Code::FourEyes,
                    message,
                },
                W::InvalidState(_) => ApiError::Coded {
                    code: Code::InvalidState,
                    message,
                },
                W::ApprovalMismatch => ApiError::Coded {
                    code: Code::ApprovalMismatch,
                    message,
                },
                W::Unpublishable(_) => ApiError::new(Code::NotPublishable, message),
            }
        }
        WriteError::Store(e) => ApiError::internal(e),
    }
}

/// The audit record for this request, as the middleware would describe it.
pub(crate) fn audit_draft(req: &HttpRequest, actor: &Actor, target: Option<String>) -> AuditDraft {
    let (action, path_target) = audit_log::describe(req);
    AuditDraft::new(Some(actor), action, target.unwrap_or(path_target))
}

/// Runs one workflow step: off the executor, audited in the same
/// transaction, flushed; reloads the public catalog when the step can change
/// what the public sees.
pub(crate) async fn apply(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    actor: &Actor,
    id: DocId,
    expected: Option<u32>,
    op: FaqOp,
) -> Result<HttpResponse, ApiError> {
    let audit = audit_draft(req, actor, Some(format!("faqs/{id}")));
    let public = matches!(op, FaqOp::Publish | FaqOp::Retire);
    let created = matches!(op, FaqOp::Create { .. });
    let (s, a) = (state.clone(), actor.clone());
    let entry = web::block(move || {
        let entry = s.store.apply_faq(&id, expected, &op, &a, &audit)?;
        if public {
            s.reload()?;
        }
        Ok::<_, WriteError>(entry)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(write_error)?;
    req.extensions_mut().insert(Audited);
    tracing::info!(actor = %actor.name, faq = %entry.head.id(), version = entry.head.latest, "staff write");
    Ok(faq_response(state, &entry, created))
}

pub(crate) fn faq_response(state: &AppState, entry: &EntryState, created: bool) -> HttpResponse {
    let today = time::OffsetDateTime::now_utc().date();
    let mut builder = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    builder
        .insert_header((header::ETAG, format!("\"{}\"", entry.head.latest)))
        .json(StaffFaq::new(entry, today, &state.policy))
}
