//! FAQ editing and the review workflow. Every write needs `If-Match` with
//! the version from the ETag (creating a new FAQ excepted).

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::note;
use super::dto::{ArticleList, CreateFaq, EditFaq, RejectFaq, StaffFaq, StaffFaqList};
use super::{apply, doc, faq_response, if_match, LangParam};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{AnyStaff, Reviewers, Staff, Writers};
use crate::content::{DocId, Lang, Slug};
use crate::error::{ApiError, Code, ErrorBody};
use crate::store::FaqOp;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only entries whose published text is past next_review_due.
    #[param(example = true)]
    pub overdue: Option<bool>,
    /// Only entries with a working draft (true) or without one (false).
    #[param(example = true)]
    pub has_draft: Option<bool>,
    /// Only this language's versions (`en` or `es`); every version when absent.
    #[param(inline, example = "es")]
    pub lang: Option<Lang>,
}

/// The clinic's source articles: the file names an FAQ's sources may cite
/// (the staff console offers them in a list). Empty when the clinic keeps
/// no list, and then any source is accepted.
#[utoipa::path(
    operation_id = "staff_list_articles",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The source articles an FAQ may cite", body = ArticleList),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/articles")]
pub async fn articles(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
) -> Result<web::Json<ArticleList>, ApiError> {
    let s = state.clone();
    let articles = blocking(move || s.store.articles()).await?;
    Ok(web::Json(ArticleList {
        articles: articles.unwrap_or_default(),
    }))
}

/// Every FAQ with its published and working revision, overdue ones flagged.
#[utoipa::path(
    operation_id = "staff_list_faqs",
    tag = "staff",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Every FAQ's editorial state", body = StaffFaqList),
        (status = 400, description = "Unknown or malformed query parameter (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/faqs")]
pub async fn list(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<web::Json<StaffFaqList>, ApiError> {
    let s = state.clone();
    let states = blocking(move || s.store.faq_states()).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let items = states
        .iter()
        .map(|e| StaffFaq::new(e, today, &state.policy))
        .filter(|f| query.overdue.is_none_or(|o| f.overdue == o))
        .filter(|f| {
            query
                .has_draft
                .is_none_or(|d| f.working_version.is_some() == d)
        })
        .filter(|f| query.lang.is_none_or(|l| f.lang == l))
        .collect();
    Ok(web::Json(StaffFaqList { items }))
}

/// One FAQ's editorial state. The ETag header is the version for If-Match.
#[utoipa::path(
    operation_id = "staff_get_faq",
    tag = "staff",
    security(("bearer" = [])),
    params(("slug" = String, Path, example = "how-long-effects-last"), LangParam),
    responses(
        (status = 200, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String, description = "The version to send as If-Match"))),
        (status = 400, description = "An unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 404, description = "No such FAQ", body = ErrorBody),
    )
)]
#[get("/faqs/{slug}")]
pub async fn get(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    lang: web::Query<LangParam>,
) -> Result<HttpResponse, ApiError> {
    let id = doc(&path, &lang)?;
    let s = state.clone();
    let key = id.clone();
    let entry = blocking(move || s.store.faq_state(&key))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no FAQ `{id}`")))?;
    Ok(faq_response(&state, &entry, false))
}

/// Start a new FAQ as a draft (revision 1). Editors and clinicians.
#[utoipa::path(
    operation_id = "staff_create_faq",
    tag = "staff",
    security(("bearer" = [])),
    params(LangParam),
    request_body(content = CreateFaq, example = json!({"slug": "rumination", "note": "patients keep asking about looping thoughts", "faq": {"question": "Can ketamine help with rumination, the same thoughts going round and round?", "alternates": ["ketamine for overthinking", "does ketamine stop rumination", "my thoughts keep looping will ketamine help", "what is the default mode network", "ketamine and repetitive negative thoughts", "can ketamine quiet circling thoughts"], "summary": "Ketamine may ease rumination for a while by quieting brain areas that keep the same thoughts circling; results last longer with psychotherapy.", "answer": "Ketamine may ease rumination for a while. Rumination is when the same worried or negative thoughts keep circling. Researchers link it to the default mode network, a set of brain areas that is often overactive in depression and anxiety. Ketamine temporarily disrupts that network, which may give a break from the loop. The change is temporary, and results tend to last longer when treatment is combined with psychotherapy and healthy habits. Ketamine therapy is not suitable for everyone. Your provider can tell you whether it fits your situation.", "category": "How it works", "tags": ["mechanism"], "sources": [{"article": "004_375053a9d2aedd5d.txt", "fact": "Ketamine temporarily disrupts the default mode network, which is often overactive in depression and anxiety and drives rumination; results last longer with psychotherapy and healthy lifestyle habits; it may not suit everyone."}], "provider_kind": "psychiatry", "next_review_due": "2027-06-01"}})),
    responses(
        (status = 201, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String))),
        (status = 400, description = "Malformed JSON (`malformed_json`), or an unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not write drafts", body = ErrorBody),
        (status = 409, description = "The slug exists (`exists`)", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid slug (`invalid_slug`) or fields (`invalid_faq`)", body = ErrorBody),
    )
)]
#[post("/faqs")]
pub async fn create(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    lang: web::Query<LangParam>,
    body: web::Json<CreateFaq>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let slug =
        Slug::parse(&body.slug).map_err(|e| ApiError::new(Code::InvalidSlug, e.to_string()))?;
    let id = DocId::new(slug, lang.lang.unwrap_or_default());
    let note = note(body.note.as_deref())?;
    let file = body.faq.into_file(id.clone())?;
    let op = FaqOp::Create { body: file, note };
    apply(&state, &req, &staff.actor, id, None, op).await
}

/// Save a new draft revision. The published text stays live until this
/// draft is approved and published. Any earlier draft or approval is superseded.
#[utoipa::path(
    operation_id = "staff_edit_faq",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, example = "how-long-effects-last"),
        ("If-Match" = String, Header, description = "The version you edited, from the ETag", example = "\"3\"", pattern = r#"^(W/)?"[0-9]{1,9}"$"#),
        LangParam,
    ),
    // Its example is the shipped entry of the path's example slug
    // (`spec::add_faq_examples`), so Swagger's "try it out" edits that entry.
    request_body(content = EditFaq),
    responses(
        (status = 200, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String))),
        (status = 400, description = "Malformed JSON (`malformed_json`) or If-Match (`invalid_if_match`), or an unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not write drafts", body = ErrorBody),
        (status = 404, description = "No such FAQ", body = ErrorBody),
        (status = 412, description = "Someone changed it since; the ETag header has the current version", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Invalid fields (`invalid_faq`)", body = ErrorBody),
        (status = 428, description = "If-Match is missing", body = ErrorBody),
    )
)]
#[put("/faqs/{slug}")]
pub async fn edit(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    lang: web::Query<LangParam>,
    body: web::Json<EditFaq>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req)?;
    let id = doc(&path, &lang)?;
    let body = body.into_inner();
    let note = note(body.note.as_deref())?;
    let op = FaqOp::Edit {
        body: body.faq.into_file(id.clone())?,
        note,
    };
    apply(&state, &req, &staff.actor, id, Some(expected), op).await
}

macro_rules! transition {
    ($name:ident, $id:literal, $route:literal, $policy:ty, $op:expr, $doc:literal, $forbidden:literal, $conflict:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            operation_id = $id,
            tag = "staff",
            security(("bearer" = [])),
            params(
                ("slug" = String, Path, example = "how-long-effects-last"),
                ("If-Match" = String, Header, description = "The version you reviewed, from the ETag", example = "\"3\"", pattern = r#"^(W/)?"[0-9]{1,9}"$"#),
                LangParam,
            ),
            responses(
                (status = 200, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String))),
                (status = 400, description = "Malformed If-Match (`invalid_if_match`), or an unknown `lang` (`invalid_query`)", body = ErrorBody),
                (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
                (status = 403, description = $forbidden, body = ErrorBody),
                (status = 404, description = "No such FAQ", body = ErrorBody),
                (status = 409, description = $conflict, body = ErrorBody),
                (status = 412, description = "Changed since you read it; the ETag header has the current version", body = ErrorBody),
                (status = 422, description = "The text breaks an editorial rule (sources, provider kind, dosing, 60-180 words, 6 alternates, a phrasing of another entry); the message lists each (`not_publishable`)", body = ErrorBody),
                (status = 428, description = "If-Match is missing", body = ErrorBody),
            )
        )]
        #[post($route)]
        pub async fn $name(
            staff: Staff<$policy>,
            req: HttpRequest,
            state: web::Data<AppState>,
            path: web::Path<String>,
            lang: web::Query<LangParam>,
        ) -> Result<HttpResponse, ApiError> {
            let expected = if_match(&req)?;
            let id = doc(&path, &lang)?;
            apply(&state, &req, &staff.actor, id, Some(expected), $op).await
        }
    };
}

transition!(
    submit,
    "staff_submit_faq",
    "/faqs/{slug}/submit",
    Writers,
    FaqOp::Submit,
    "Submit the working draft for clinical review. Refused (422) if it could never be published.",
    "The role may not submit",
    "There is no draft to submit"
);
transition!(
    approve,
    "staff_approve_faq",
    "/faqs/{slug}/approve",
    Reviewers,
    FaqOp::Approve,
    "Approve the revision in review. Four eyes: the approver must not be its author. The approval is bound to the text's hash.",
    "Not a clinician, or the clinician wrote, restored or added text in this revision since the last publication (four_eyes)",
    "Nothing is in review"
);
transition!(
    publish,
    "staff_publish_faq",
    "/faqs/{slug}/publish",
    Reviewers,
    FaqOp::Publish,
    "Publish the approved revision: the public sees it from now on.",
    "Not a clinician",
    "Nothing approved to publish, or the approval does not cover the text (approval_mismatch)"
);
transition!(
    retire,
    "staff_retire_faq",
    "/faqs/{slug}/retire",
    Reviewers,
    FaqOp::Retire,
    "Retire the published revision: the public stops seeing the entry.",
    "Not a clinician",
    "The entry is not published"
);

/// Send the revision in review back to draft, with a reason for the author.
#[utoipa::path(
    operation_id = "staff_reject_faq",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, example = "how-long-effects-last"),
        ("If-Match" = String, Header, description = "The version you reviewed", example = "\"3\"", pattern = r#"^(W/)?"[0-9]{1,9}"$"#),
        LangParam,
    ),
    request_body(content = RejectFaq, example = json!({"reason": "Needs a source for the recovery time"})),
    responses(
        (status = 200, description = "The FAQ's editorial state after the request", body = StaffFaq, headers(("ETag" = String))),
        (status = 400, description = "Malformed JSON (`malformed_json`) or If-Match (`invalid_if_match`), or an unknown `lang` (`invalid_query`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "Not a clinician", body = ErrorBody),
        (status = 404, description = "No such FAQ", body = ErrorBody),
        (status = 409, description = "Nothing in review", body = ErrorBody),
        (status = 412, description = "Changed since you read it", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Empty reason (`invalid_reason`)", body = ErrorBody),
        (status = 428, description = "If-Match is missing", body = ErrorBody),
    )
)]
#[post("/faqs/{slug}/reject")]
pub async fn reject(
    staff: Staff<Reviewers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    lang: web::Query<LangParam>,
    body: web::Json<RejectFaq>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req)?;
    let id = doc(&path, &lang)?;
    let reason = note(Some(&body.reason))?;
    if reason.is_empty() {
        return Err(ApiError::new(
            Code::InvalidReason,
            "give the author a reason",
        ));
    }
    apply(
        &state,
        &req,
        &staff.actor,
        id,
        Some(expected),
        FaqOp::Reject { reason },
    )
    .await
}
