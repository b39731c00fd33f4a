//! Request and response bodies of the staff API.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::content::workflow::{Approval, EntryState, Revision, RevisionStatus};
use crate::content::{review, DocId, FaqFile, Lang, Source, Status};
use crate::error::{ApiError, Code};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// The clinically reviewed text of an FAQ: what an editor writes. Lengths
/// count the text as sent; no text may be blank.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqContent {
    #[schema(
        example = "Can I drive after a session?",
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\u0085]"
    )]
    pub question: String,
    /// Other phrasings patients use (at most 60).
    #[serde(default)]
    #[schema(value_type = Vec<ShortLine>, max_items = 60, example = json!(["can i drive home after ketamine"]))]
    pub alternates: Vec<String>,
    /// One or two plain sentences that answer the question (8-45 words, no
    /// Markdown): what patients read first. Publishing needs one.
    #[serde(default)]
    #[schema(
        example = "No. Plan a ride home, and do not drive until the next day.",
        max_length = 600
    )]
    pub summary: String,
    /// Markdown. No dosing: publishing refuses amounts and schedules.
    #[schema(
        example = "No. Plan a ride home: you should not drive until the next day.",
        min_length = 1,
        max_length = 8000,
        pattern = r"[^\s\u0085]"
    )]
    pub answer: String,
    #[schema(
        example = "Treatment process",
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\u0085]"
    )]
    pub category: String,
    /// At most 60.
    #[serde(default)]
    #[schema(value_type = Vec<ShortLine>, max_items = 60)]
    pub tags: Vec<String>,
    /// At least one is needed to publish; at most 60.
    #[serde(default)]
    #[schema(value_type = Vec<SourceText>, max_items = 60)]
    pub sources: Vec<Source>,
    /// Which provider kind the referral points to; a provider must serve it.
    #[schema(
        example = "infusion",
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\u0085]"
    )]
    pub provider_kind: String,
    /// When the text must be reviewed again (YYYY-MM-DD).
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date, example = "2027-06-01")]
    pub next_review_due: Option<Date>,
}

// Schema-only types: they describe what `into_file` accepts, so a client
// that validates against the spec is never refused.

/// One short line of an FAQ's lists (an alternate phrasing, a tag),
/// 1-300 characters, not blank.
pub struct ShortLine;

impl utoipa::PartialSchema for ShortLine {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        non_blank_string(Some(MAX_SHORT))
    }
}

impl ToSchema for ShortLine {}

/// A string schema that is not blank (the handlers trim): at least one
/// character that is not white space, as Rust's `trim` reads it.
pub fn non_blank_string(
    max_length: Option<usize>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .min_length(Some(1))
        .max_length(max_length)
        .pattern(Some(r"[^\s\u0085]"))
        .into()
}

/// A citation as staff write it: which article supports which fact.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SourceText {
    /// The source article (file name or URL).
    #[schema(
        example = "004_375053a9d2aedd5d.txt",
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\u0085]"
    )]
    article: String,
    /// The fact from that article that the answer relies on.
    #[schema(
        example = "Dissociative effects usually fade within about 30 to 90 minutes.",
        min_length = 1,
        max_length = 8000,
        pattern = r"[^\s\u0085]"
    )]
    fact: String,
}

const MAX_SHORT: usize = 300;
const MAX_ANSWER: usize = 8000;
/// A summary, in characters (the editorial rule is 8-45 words).
const MAX_SUMMARY: usize = 600;
const MAX_LIST: usize = 60;
const MAX_NOTE: usize = 1000;

fn invalid(message: String) -> ApiError {
    ApiError::new(Code::InvalidFaq, message)
}

fn check_text(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    // Length as sent, like the schema's maxLength; blank after trimming is empty.
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(invalid(format!("{field} must be 1-{max} characters")));
    }
    Ok(())
}

fn check_list(field: &str, values: &[String]) -> Result<(), ApiError> {
    if values.len() > MAX_LIST {
        return Err(invalid(format!("at most {MAX_LIST} {field}")));
    }
    values
        .iter()
        .try_for_each(|v| check_text(field, v, MAX_SHORT))
}

/// A change note: optional, bounded.
pub fn note(raw: Option<&str>) -> Result<String, ApiError> {
    let raw = raw.unwrap_or("");
    // Length as sent, like the schema's maxLength.
    if raw.chars().count() > MAX_NOTE {
        return Err(invalid(format!("a note is at most {MAX_NOTE} characters")));
    }
    Ok(raw.trim().to_owned())
}

impl FaqContent {
    /// Validates the shape and builds the stored body. Publishing rules
    /// (sources, provider, dosing) are checked on submit and publish instead,
    /// so a draft can be saved half-finished.
    pub fn into_file(self, id: DocId) -> Result<FaqFile, ApiError> {
        check_text("question", &self.question, MAX_SHORT)?;
        check_text("answer", &self.answer, MAX_ANSWER)?;
        if self.summary.chars().count() > MAX_SUMMARY {
            return Err(invalid(format!(
                "a summary is at most {MAX_SUMMARY} characters"
            )));
        }
        check_text("category", &self.category, MAX_SHORT)?;
        check_text("provider_kind", &self.provider_kind, MAX_SHORT)?;
        check_list("alternates", &self.alternates)?;
        check_list("tags", &self.tags)?;
        if self.sources.len() > MAX_LIST {
            return Err(invalid(format!("at most {MAX_LIST} sources")));
        }
        for s in &self.sources {
            check_text("source article", &s.article, MAX_SHORT)?;
            check_text("source fact", &s.fact, MAX_ANSWER)?;
        }
        Ok(FaqFile {
            slug: id.slug,
            lang: id.lang,
            question: self.question.trim().to_owned(),
            alternates: self
                .alternates
                .iter()
                .map(|a| a.trim().to_owned())
                .collect(),
            summary: self.summary.trim().to_owned(),
            answer: self.answer,
            category: self.category.trim().to_owned(),
            tags: self.tags,
            sources: self.sources,
            provider_kind: self.provider_kind.trim().to_owned(),
            status: Status::Draft,
            author: String::new(),
            reviewed_by: None,
            reviewed_at: None,
            next_review_due: self.next_review_due,
        })
    }

    pub fn from_file(f: &FaqFile) -> Self {
        Self {
            question: f.question.clone(),
            alternates: f.alternates.clone(),
            summary: f.summary.clone(),
            answer: f.answer.clone(),
            category: f.category.clone(),
            tags: f.tags.clone(),
            sources: f.sources.clone(),
            provider_kind: f.provider_kind.clone(),
            next_review_due: f.next_review_due,
        }
    }
}

/// A new FAQ: its slug and first draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFaq {
    #[schema(
        example = "driving-after-a-session",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        min_length = 1,
        max_length = 80
    )]
    pub slug: String,
    pub faq: FaqContent,
    /// Why this entry is being written.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// A new draft revision of an existing FAQ.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditFaq {
    pub faq: FaqContent,
    /// What changed and why.
    #[schema(example = "Clarified the recovery time", max_length = 1000)]
    pub note: Option<String>,
}

/// A reviewer's reason for sending a revision back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectFaq {
    #[schema(
        example = "Needs a source for the recovery time",
        min_length = 1,
        max_length = 1000,
        pattern = r"[^\s\u0085]"
    )]
    pub reason: String,
}

/// One revision as staff see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionView {
    #[schema(example = 3)]
    pub version: u32,
    pub status: RevisionStatus,
    #[schema(example = "sam-editor")]
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub note: String,
    /// SHA-256 of the reviewed text; an approval is bound to it.
    pub content_hash: String,
    pub approval: Option<Approval>,
    /// Why a reviewer sent it back, if they did.
    pub review_note: Option<String>,
    /// Everyone whose text is in this revision since the last publication
    /// (who wrote, restored or added to it); none of them may approve it.
    #[schema(example = json!(["sam-editor", "dr-robin"]))]
    pub authors: Vec<String>,
    pub faq: FaqContent,
}

impl From<&Revision> for RevisionView {
    fn from(r: &Revision) -> Self {
        Self {
            version: r.version,
            status: r.status,
            created_by: r.created_by.clone(),
            created_at: r.created_at,
            note: r.note.clone(),
            content_hash: r.content_hash.clone(),
            approval: r.approval.clone(),
            review_note: r.review_note.clone(),
            authors: r.wrote().into_iter().map(str::to_owned).collect(),
            faq: FaqContent::from_file(&r.body),
        }
    }
}

/// An FAQ's editorial state: what is live and what is being worked on.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StaffFaq {
    #[schema(example = "how-long-effects-last")]
    pub slug: String,
    /// Which language version this is; each is reviewed and published on its own.
    pub lang: Lang,
    /// The newest revision number; send it back as If-Match on writes.
    #[schema(example = 4)]
    pub version: u32,
    pub published_version: Option<u32>,
    pub working_version: Option<u32>,
    pub retired: bool,
    /// The published text is past its next_review_due.
    pub overdue: bool,
    /// Overdue past the grace period, so the public no longer sees it.
    pub hidden_from_public: bool,
    pub published: Option<RevisionView>,
    pub working: Option<RevisionView>,
}

impl StaffFaq {
    pub fn new(state: &EntryState, today: Date, policy: &crate::config::Policy) -> Self {
        let live = state.published.as_ref().map(|r| &r.body);
        Self {
            slug: state.head.slug.to_string(),
            lang: state.head.lang,
            version: state.head.latest,
            published_version: state.head.published,
            working_version: state.head.working,
            retired: state.head.retired,
            overdue: live.is_some_and(|b| review::overdue(b, today)),
            hidden_from_public: live.is_some_and(|b| {
                review::hidden_as_overdue(b, policy.hide_overdue_after_days, today)
            }),
            published: state.published.as_ref().map(RevisionView::from),
            working: state.working.as_ref().map(RevisionView::from),
        }
    }
}

/// The clinic's source articles, by file name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleList {
    #[schema(example = json!(["001_4021e23e1b908796.txt", "004_375053a9d2aedd5d.txt"]))]
    pub articles: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StaffFaqList {
    pub items: Vec<StaffFaq>,
}

/// One line of an FAQ's history, with its size of change against the previous revision.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionSummary {
    pub version: u32,
    pub status: RevisionStatus,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub note: String,
    pub approval: Option<Approval>,
    /// Lines added since the previous revision.
    pub lines_added: usize,
    /// Lines removed since the previous revision.
    pub lines_removed: usize,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionList {
    pub slug: String,
    pub items: Vec<RevisionSummary>,
}

/// A line diff between two revisions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionDiff {
    pub slug: String,
    pub from: u32,
    pub to: u32,
    pub lines_added: usize,
    pub lines_removed: usize,
    /// Unified diff of the two texts, rendered field by field.
    #[schema(example = "--- v1\n+++ v2\n@@ -1 +1 @@\n-question: Old?\n+question: New?\n")]
    pub unified: String,
}
