//! An FAQ's history: every revision, diffs between any two, and restoring
//! an old text as a new draft.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use similar::{ChangeTag, TextDiff};

use super::dto::{RevisionDiff, RevisionList, RevisionSummary, RevisionView, StaffFaq};
use super::{apply, doc, if_match, LangParam};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{AnyStaff, Staff, Writers};
use crate::content::workflow::Revision;
use crate::content::FaqFile;
use crate::error::{ApiError, ErrorBody};
use crate::store::FaqOp;

/// The reviewed text, one field per block, so a line diff reads naturally.
fn render(f: &FaqFile) -> String {
    let mut out = format!("question: {}\n", f.question);
    for a in &f.alternates {
        out += &format!("alternate: {a}\n");
    }
    out += &format!(
        "category: {}\nprovider_kind: {}\n",
        f.category, f.provider_kind
    );
    out += &format!("tags: {}\n", f.tags.join(", "));
    for s in &f.sources {
        out += &format!("source: {} | {}\n", s.article, s.fact);
    }
    if let Some(due) = f.next_review_due {
        out += &format!("next_review_due: {due}\n");
    }
    out += "answer:\n";
    out += f.answer.trim_end();
    out.push('\n');
    out
}

fn counts(old: &str, new: &str) -> (usize, usize) {
    let lines = TextDiff::from_lines(old, new);
    let mut added = 0;
    let mut removed = 0;
    for change in lines.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => added += 1,
            ChangeTag::Delete => removed += 1,
            ChangeTag::Equal => {}
        }
    }
    (added, removed)
}

async fn history(
    state: &web::Data<AppState>,
    raw: &str,
    lang: &LangParam,
) -> Result<Vec<Revision>, ApiError> {
    let id = doc(raw, lang)?;
    let s = state.clone();
    let key = id.clone();
    let revs = blocking(move || s.store.revisions(&key)).await?;
    if revs.is_empty() {
        return Err(ApiError::NotFound(format!("no FAQ `{id}`")));
    }
    Ok(revs)
}

fn find(revs: &[Revision], v: u32) -> Result<&Revision, ApiError> {
    revs.iter()
        .find(|r| r.version == v)
        .ok_or_else(|| ApiError::NotFound(format!("no revision {v}")))
}

/// Every revision of an FAQ, oldest first: who, when, why, and how much
/// changed against the previous one.
#[utoipa::path(
    operation_id = "staff_list_revisions",
    tag = "staff",
    security(("bearer" = [])),
    params(("slug" = String, Path, example = "how-long-effects-last"), LangParam),
    responses(
        (status = 200, description = "The FAQ's history, oldest first", body = RevisionList),
        (status = 400, description = "An unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 404, description = "No such FAQ", body = ErrorBody),
    )
)]
#[get("/faqs/{slug}/revisions")]
pub async fn list(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    lang: web::Query<LangParam>,
) -> Result<web::Json<RevisionList>, ApiError> {
    let revs = history(&state, &path, &lang).await?;
    let mut previous = String::new();
    let mut items = Vec::with_capacity(revs.len());
    for r in &revs {
        let text = render(&r.body);
        let (lines_added, lines_removed) = counts(&previous, &text);
        previous = text;
        items.push(RevisionSummary {
            version: r.version,
            status: r.status,
            created_by: r.created_by.clone(),
            created_at: r.created_at,
            note: r.note.clone(),
            approval: r.approval.clone(),
            lines_added,
            lines_removed,
        });
    }
    Ok(web::Json(RevisionList {
        slug: path.into_inner(),
        items,
    }))
}

/// One revision in full.
#[utoipa::path(
    operation_id = "staff_get_revision",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, example = "how-long-effects-last"),
        ("version" = u32, Path, example = 1),
        LangParam,
    ),
    responses(
        (status = 200, description = "The revision", body = RevisionView),
        (status = 400, description = "An unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 404, description = "No such FAQ or revision", body = ErrorBody),
    )
)]
#[get("/faqs/{slug}/revisions/{version}")]
pub async fn get(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    path: web::Path<(String, u32)>,
    lang: web::Query<LangParam>,
) -> Result<web::Json<RevisionView>, ApiError> {
    let (slug, version) = path.into_inner();
    let revs = history(&state, &slug, &lang).await?;
    Ok(web::Json(RevisionView::from(find(&revs, version)?)))
}

/// A unified line diff from revision `a` to revision `b`.
#[utoipa::path(
    operation_id = "staff_diff_revisions",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, example = "how-long-effects-last"),
        ("a" = u32, Path, example = 1),
        ("b" = u32, Path, example = 2),
        LangParam,
    ),
    responses(
        (status = 200, description = "The diff", body = RevisionDiff),
        (status = 400, description = "An unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 404, description = "No such FAQ or revision", body = ErrorBody),
    )
)]
#[get("/faqs/{slug}/revisions/{a}/diff/{b}")]
pub async fn diff(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    path: web::Path<(String, u32, u32)>,
    lang: web::Query<LangParam>,
) -> Result<web::Json<RevisionDiff>, ApiError> {
    let (slug, a, b) = path.into_inner();
    let revs = history(&state, &slug, &lang).await?;
    let (old, new) = (render(&find(&revs, a)?.body), render(&find(&revs, b)?.body));
    let (lines_added, lines_removed) = counts(&old, &new);
    let unified = TextDiff::from_lines(&old, &new)
        .unified_diff()
        .header(&format!("v{a}"), &format!("v{b}"))
        .to_string();
    Ok(web::Json(RevisionDiff {
        slug,
        from: a,
        to: b,
        lines_added,
        lines_removed,
        unified,
    }))
}

/// Restore an old revision's text as a new draft. It needs review and
/// approval like any other edit; the published text does not change.
#[utoipa::path(
    operation_id = "staff_restore_revision",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, example = "how-long-effects-last"),
        ("version" = u32, Path, example = 1),
        ("If-Match" = String, Header, description = "The FAQ's current version", example = "\"3\"", pattern = r#"^(W/)?"[0-9]{1,9}"$"#),
        LangParam,
    ),
    responses(
        (status = 200, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String))),
        (status = 400, description = "Malformed If-Match (`invalid_if_match`), or an unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not write drafts", body = ErrorBody),
        (status = 404, description = "No such FAQ or revision", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = ErrorBody),
        (status = 428, description = "If-Match is missing", body = ErrorBody),
    )
)]
#[post("/faqs/{slug}/revisions/{version}/restore")]
pub async fn restore(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, u32)>,
    lang: web::Query<LangParam>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req)?;
    let (raw, version) = path.into_inner();
    let id = doc(&raw, &lang)?;
    let op = FaqOp::Restore { version };
    apply(&state, &req, &staff.actor, id, Some(expected), op).await
}
