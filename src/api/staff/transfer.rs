//! Corpus export (published text, drafts, optionally every revision) and
//! import with a dry run. An import only ever creates drafts: getting text
//! in front of patients still takes review, approval and publishing.

use actix_web::{get, post, web, HttpMessage, HttpRequest};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use super::dto::{note, FaqContent, RevisionView};
use super::{audit_draft, slug, write_error, Audited};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{AnyStaff, Staff, Writers};
use crate::content::{ClinicSettings, DocId, Lang, Provider};
use crate::error::{ApiError, Code, ErrorBody};
use crate::store::CorpusImportReport;

/// Largest import body, in bytes.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;
/// Most entries in one import.
pub const MAX_IMPORT_ENTRIES: usize = 2000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// Include every revision of every FAQ (default false).
    #[param(example = true)]
    pub revisions: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportedFaq {
    pub slug: String,
    /// The language version (English and Spanish versions are listed apart).
    #[serde(default)]
    pub lang: Lang,
    /// Current version (ETag).
    pub version: u32,
    pub retired: bool,
    /// The current editorial text: the working draft, else the published text.
    /// This is what an import reads back.
    pub faq: Option<FaqContent>,
    pub published: Option<RevisionView>,
    pub working: Option<RevisionView>,
    /// Every revision, oldest first, when asked for.
    pub revisions: Option<Vec<RevisionView>>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CorpusExport {
    #[schema(example = "clinicfaq-corpus/1")]
    pub format: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub exported_at: OffsetDateTime,
    pub faqs: Vec<ExportedFaq>,
    pub providers: Vec<Provider>,
    pub clinic: ClinicSettings,
}

/// One FAQ to import. Other fields (as in an export) are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportFaq {
    #[schema(
        example = "driving-after-a-session",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        min_length = 1,
        max_length = 80
    )]
    pub slug: String,
    /// The language version; English when absent.
    #[serde(default)]
    pub lang: Lang,
    /// Required: an entry without its text cannot be imported.
    #[schema(value_type = FaqContent, required = true)]
    pub faq: Option<FaqContent>,
}

/// An export document, or just `{"faqs": [{"slug", "faq"}]}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CorpusImport {
    pub faqs: Vec<ImportFaq>,
    /// Change note for every draft created.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Validate and report what would change, writing nothing.
    #[param(example = true)]
    pub dry_run: Option<bool>,
}

/// The whole corpus as JSON: published text, drafts, providers and clinic settings.
#[utoipa::path(
    operation_id = "staff_export_corpus",
    tag = "staff",
    security(("bearer" = [])),
    params(ExportParams),
    responses(
        (status = 200, description = "The corpus", body = CorpusExport),
        (status = 400, description = "Malformed query (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/export")]
pub async fn export(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    params: web::Query<ExportParams>,
) -> Result<web::Json<CorpusExport>, ApiError> {
    let with_revisions = params.revisions.unwrap_or(false);
    let s = state.clone();
    let doc = blocking(move || {
        let mut faqs = Vec::new();
        for e in s.store.faq_states()? {
            let revisions = if with_revisions {
                let all = s.store.revisions(&e.head.id())?;
                Some(all.iter().map(RevisionView::from).collect())
            } else {
                None
            };
            let current = e.working.as_ref().or(e.published.as_ref());
            faqs.push(ExportedFaq {
                slug: e.head.slug.to_string(),
                lang: e.head.lang,
                version: e.head.latest,
                retired: e.head.retired,
                faq: current.map(|r| FaqContent::from_file(&r.body)),
                published: e.published.as_ref().map(RevisionView::from),
                working: e.working.as_ref().map(RevisionView::from),
                revisions,
            });
        }
        Ok::<_, crate::store::StoreError>(CorpusExport {
            format: "clinicfaq-corpus/1".into(),
            exported_at: OffsetDateTime::now_utc(),
            faqs,
            providers: s.store.providers()?,
            clinic: s.store.clinic()?,
        })
    })
    .await?;
    Ok(web::Json(doc))
}

/// Import FAQ text as drafts. Everything is validated first; one invalid
/// entry rejects the whole import (422 listing each problem). With
/// `dry_run=true` nothing is written. Changed and new entries become draft
/// revisions that need review; identical text is left alone.
#[utoipa::path(
    operation_id = "staff_import_corpus",
    tag = "staff",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(content = CorpusImport, example = json!({"note": "yearly review batch", "faqs": [{"slug": "driving-after-a-session", "faq": {"question": "Can I drive after a session?", "alternates": ["can i drive home"], "answer": "No. Plan a ride home and do not drive until the next day.", "category": "Treatment process", "tags": ["safety"], "sources": [{"article": "000_7566c0d56988dee1.txt", "fact": "Patients need a ride home after treatment."}], "provider_kind": "infusion", "next_review_due": "2027-06-01"}}]})),
    responses(
        (status = 200, description = "What changed, or would change on a dry run", body = CorpusImportReport),
        (status = 400, description = "Malformed JSON (`malformed_json`) or query (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not write drafts", body = ErrorBody),
        (status = 409, description = "The data changed during the import; run it again (`concurrent_change`)", body = ErrorBody),
        (status = 413, description = "Body over 4 MiB", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid entries (`invalid_import`, `invalid_slug`, `duplicate`, `missing_faq`, `invalid_faq`); the message lists each", body = ErrorBody),
    )
)]
#[post("/import")]
pub async fn import(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<ImportParams>,
    body: web::Json<CorpusImport>,
) -> Result<web::Json<CorpusImportReport>, ApiError> {
    let body = body.into_inner();
    let dry_run = params.dry_run.unwrap_or(false);
    let note = note(body.note.as_deref())?;
    if body.faqs.len() > MAX_IMPORT_ENTRIES {
        return Err(ApiError::new(
            Code::InvalidImport,
            format!("at most {MAX_IMPORT_ENTRIES} entries per import"),
        ));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, item) in body.faqs.into_iter().enumerate() {
        let label = format!(
            "faqs[{i}] `{}`",
            item.slug.chars().take(80).collect::<String>()
        );
        let parsed = slug(&item.slug)
            .map_err(|_| ApiError::new(Code::InvalidSlug, "not a valid slug"))
            .and_then(|s| {
                let id = DocId::new(s, item.lang);
                if !seen.insert(id.clone()) {
                    return Err(ApiError::new(
                        Code::Duplicate,
                        "the slug appears twice in one language",
                    ));
                }
                item.faq
                    .ok_or_else(|| ApiError::new(Code::MissingFaq, "no `faq` text"))?
                    .into_file(id)
            });
        match parsed {
            Ok(f) => files.push(f),
            Err(e) => problems.push(format!("{label}: {e}")),
        }
    }
    if !problems.is_empty() {
        let shown: Vec<String> = problems.iter().take(50).cloned().collect();
        return Err(ApiError::new(
            Code::InvalidImport,
            format!(
                "{} invalid entries, nothing imported: {}",
                problems.len(),
                shown.join(" | ")
            ),
        ));
    }
    let audit = audit_draft(&req, &staff.actor, None);
    let (s, actor) = (state.clone(), staff.actor.clone());
    let report = web::block(move || {
        s.store
            .import_drafts(&files, &actor, &note, dry_run, &audit)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| match e {
        crate::store::WriteError::Stale { .. } => ApiError::Coded {
            code: Code::ConcurrentChange,
            message: "the data changed during the import; run it again".into(),
        },
        other => write_error(other),
    })?;
    if !dry_run {
        req.extensions_mut().insert(Audited);
    }
    Ok(web::Json(report))
}
