//! The unanswered-question inbox: the hook `/v1/ask` calls, and the staff
//! routes that list, promote and dismiss groups of questions.

use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{apply, audit_draft, if_match, slug, Audited};
use crate::api::blocking;
use crate::api::AppState;
use crate::auth::{AnyStaff, Staff, Writers};
use crate::catalog::Reply;
use crate::error::{ApiError, Code, ErrorBody};
use crate::inbox::{group, intake, Group, InboxItem, Intake};
use crate::safety::Tier;
use crate::store::{FaqOp, Outcome};

/// Most recent questions considered when grouping.
const WINDOW: usize = 5000;

/// Called by `/v1/ask` after it has its reply. Returns at once: the inbox
/// queue stores the question off the request path, so the inbox can neither
/// slow nor fail an answer. What is kept, counted or dropped is
/// `inbox::intake`'s rule.
pub fn note_unanswered(state: &web::Data<AppState>, question: &str, reply: &Reply<'_>) {
    let now = OffsetDateTime::now_utc();
    let retention = state.policy.inbox_retention_days;
    match intake(reply.verdict, reply.safety.tier, retention) {
        Intake::Nothing => {}
        Intake::Count => state
            .inbox
            .flagged(now.date(), reply.safety.tier, &reply.safety.category),
        Intake::Keep(kind) => state.inbox.question(InboxItem {
            question: question.to_owned(),
            kind,
            confidence: reply.confidence,
            suggested: reply.suggestions.iter().map(|c| c.id.clone()).collect(),
            at: now,
            times: 1,
        }),
    }
}

/// Similar questions asked, with how often.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InboxGroup {
    /// Use in the promote and dismiss routes.
    #[schema(example = 1042)]
    pub id: u64,
    #[schema(example = "can i drive home after treatment")]
    pub representative: String,
    #[schema(example = 14)]
    pub count: usize,
    /// Up to five distinct phrasings (scrubbed of contact details).
    pub examples: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub first_seen: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub last_seen: OffsetDateTime,
    /// The FAQs these questions most likely belong to, most likely first:
    /// what the matcher offered when they were asked, else its best
    /// candidates now.
    pub suggested: Vec<String>,
    /// Greetings, thanks and the like, listed last: nothing to answer.
    pub small_talk: bool,
    /// The language the questions are written in: which language version
    /// of an FAQ their phrasings belong to.
    pub lang: crate::content::Lang,
}

impl From<Group> for InboxGroup {
    fn from(g: Group) -> Self {
        Self {
            lang: crate::safety::message_language(&g.representative).lang(),
            id: g.id,
            representative: g.representative,
            count: g.count,
            examples: g.examples,
            first_seen: g.first_seen,
            last_seen: g.last_seen,
            suggested: g.suggested,
            small_talk: g.small_talk,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InboxView {
    /// Questions stored (after scrubbing) within the retention window.
    pub questions: usize,
    /// Crisis messages within the retention window: counted, never stored.
    pub crisis_count: u64,
    /// Messages the crisis screen flagged (tiers `crisis` and `concern`) per
    /// day and warning-sign category, newest day first: counted, never stored.
    pub safety_counts: Vec<SafetyCountView>,
    #[schema(example = 30)]
    pub retention_days: u32,
    pub groups: Vec<InboxGroup>,
}

/// How many flagged messages one day had in one tier and category.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SafetyCountView {
    #[schema(example = "2026-11-29")]
    pub day: String,
    pub tier: Tier,
    /// The warning-sign category (`plan_timing`, `self_harm`, ...), or
    /// `distress` / `mention` for the concern tier.
    #[schema(example = "plan_timing")]
    pub category: String,
    #[schema(example = 2)]
    pub count: u64,
}

/// Which phrasings to add to which FAQ.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoteGroup {
    #[schema(example = "after-your-session")]
    pub slug: String,
    /// Which language version gets the phrasings. When absent, the
    /// group's own language: a Spanish question goes to the Spanish version.
    #[serde(default)]
    #[schema(inline, example = "es")]
    pub lang: Option<crate::content::Lang>,
    /// Phrasings to add (1-300 characters each); default: the group's representative question.
    #[schema(value_type = Option<Vec<super::dto::ShortLine>>, min_items = 1)]
    pub phrases: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Dismissed {
    /// Questions removed from the inbox.
    pub removed: usize,
}

async fn groups(state: &web::Data<AppState>) -> Result<(Vec<Group>, usize), ApiError> {
    let s = state.clone();
    let items = blocking(move || {
        s.store.purge_inbox(s.policy.inbox_retention_days)?;
        s.store.inbox_items(WINDOW)
    })
    .await?;
    let questions = items.iter().map(|(_, item)| item.times as usize).sum();
    let live = state.catalog();
    // Each question is read in its own language: Spanish questions group
    // by their Spanish topic terms.
    let catalog = &live.catalog;
    let mut groups = group(&items, |q| catalog.matcher_of(q).topic_terms(q));
    // Each group shows its most likely FAQ: the ones the matcher offered
    // when it was asked, else what it ranks first now (below the answer
    // threshold, or the question would not be here).
    for g in groups
        .iter_mut()
        .filter(|g| !g.small_talk && g.suggested.is_empty())
    {
        g.suggested = catalog
            .matcher_of(&g.representative)
            .rank(&g.representative)
            .into_iter()
            .filter(|c| c.score >= MIN_SUGGESTION)
            .take(3)
            .map(|c| c.id)
            .collect();
    }
    Ok((groups, questions))
}

/// A candidate's score at which it is worth offering staff as the group's
/// likely FAQ.
const MIN_SUGGESTION: f64 = 0.05;

async fn find(state: &web::Data<AppState>, id: u64) -> Result<Group, ApiError> {
    groups(state)
        .await?
        .0
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| ApiError::NotFound(format!("no inbox group {id}")))
}

/// Unanswered and low-confidence questions, grouped by similarity, biggest first.
#[utoipa::path(
    operation_id = "staff_list_inbox",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The grouped inbox", body = InboxView),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
    )
)]
#[get("/inbox")]
pub async fn list(
    _staff: Staff<AnyStaff>,
    state: web::Data<AppState>,
) -> Result<web::Json<InboxView>, ApiError> {
    let (groups, questions) = groups(&state).await?;
    let s = state.clone();
    let (crisis_count, safety_counts) = blocking(move || {
        Ok::<_, crate::store::StoreError>((s.store.crisis_count()?, s.store.safety_counts()?))
    })
    .await?;
    Ok(web::Json(InboxView {
        questions,
        crisis_count,
        safety_counts: safety_counts
            .into_iter()
            .map(|c| SafetyCountView {
                day: c.day,
                tier: c.tier,
                category: c.category,
                count: c.count,
            })
            .collect(),
        retention_days: state.policy.inbox_retention_days,
        groups: groups.into_iter().map(InboxGroup::from).collect(),
    }))
}

/// Add a group's phrasing to an FAQ as alternates. This creates a draft
/// revision of that FAQ (reviewed like any edit) and clears the group.
#[utoipa::path(
    operation_id = "staff_promote_inbox_group",
    tag = "staff",
    security(("bearer" = [])),
    params(
        ("id" = u64, Path, example = 1042),
        ("If-Match" = String, Header, description = "The FAQ's current version", example = "\"3\"", pattern = r#"^(W/)?"[0-9]{1,9}"$"#),
    ),
    request_body(content = PromoteGroup, example = json!({"slug": "after-your-session", "phrases": ["can i drive home after treatment"]})),
    responses(
        (status = 200, description = "The FAQ with its new draft revision", body = super::StaffFaq, headers(("ETag" = String))),
        (status = 400, description = "Malformed JSON (`malformed_json`) or If-Match (`invalid_if_match`)", body = ErrorBody),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not write drafts", body = ErrorBody),
        (status = 404, description = "No such group or FAQ", body = ErrorBody),
        (status = 412, description = "The FAQ changed since you read it", body = ErrorBody),
        (status = 413, description = "Body too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "Empty or over-long phrase (`invalid_phrase`)", body = ErrorBody),
        (status = 428, description = "If-Match is missing", body = ErrorBody),
    )
)]
#[post("/inbox/{id}/promote")]
pub async fn promote(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<u64>,
    body: web::Json<PromoteGroup>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req)?;
    let body = body.into_inner();
    let slug = slug(&body.slug)?;
    let group = find(&state, id.into_inner()).await?;
    let lang = body
        .lang
        .unwrap_or_else(|| crate::safety::message_language(&group.representative).lang());
    let id_doc = crate::content::DocId::new(slug, lang);
    let phrases: Vec<String> = body
        .phrases
        .unwrap_or_else(|| vec![group.representative.to_lowercase()]);
    // Length as sent, like the schema's maxLength; blank after trimming is empty.
    if phrases.is_empty()
        || phrases
            .iter()
            .any(|p| p.trim().is_empty() || p.chars().count() > 300)
    {
        return Err(ApiError::new(
            Code::InvalidPhrase,
            "phrases must be 1-300 characters",
        ));
    }
    let phrases = phrases.into_iter().map(|p| p.trim().to_owned()).collect();
    let note = format!("alternates from the inbox ({} questions)", group.count);
    let op = FaqOp::AddAlternates { phrases, note };
    let res = apply(&state, &req, &staff.actor, id_doc, Some(expected), op).await?;
    let s = state.clone();
    blocking(move || s.store.remove_inbox_items(&group.item_ids)).await?;
    Ok(res)
}

/// Remove a group of questions from the inbox without acting on it.
#[utoipa::path(
    operation_id = "staff_dismiss_inbox_group",
    tag = "staff",
    security(("bearer" = [])),
    params(("id" = u64, Path, example = 1042)),
    responses(
        (status = 200, description = "How many questions were removed", body = Dismissed),
        (status = 401, description = "No, unknown, expired or revoked token", body = ErrorBody),
        (status = 403, description = "The role may not act on the inbox", body = ErrorBody),
        (status = 404, description = "No such group", body = ErrorBody),
    )
)]
#[post("/inbox/{id}/dismiss")]
pub async fn dismiss(
    staff: Staff<Writers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<u64>,
) -> Result<web::Json<Dismissed>, ApiError> {
    let group = find(&state, id.into_inner()).await?;
    let audit = audit_draft(&req, &staff.actor, None);
    let s = state.clone();
    let removed = blocking(move || {
        s.store.remove_inbox_items(&group.item_ids)?;
        let n = group.count;
        s.store
            .append_audit(&audit, Outcome::Ok, 200, Some(format!("{n} questions")))?;
        Ok::<_, crate::store::StoreError>(n)
    })
    .await?;
    req.extensions_mut().insert(Audited);
    Ok(web::Json(Dismissed { removed }))
}
