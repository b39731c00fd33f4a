//! Request and response bodies of the public API, with their OpenAPI schemas.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::Reply;
use crate::content::{
    ClinicSettings, CrisisCard, FaqEntry, Lang, Provider, Source, UNREAD_LANGUAGE_NOTICE,
    UNTRANSLATED_NOTICE,
};
use crate::error::{ApiError, Code};
use crate::matching::{Candidate, Verdict};

/// Longest question accepted, in characters.
pub const MAX_QUESTION_CHARS: usize = 500;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// The patient's question, as typed: 1-500 characters, not all whitespace.
    // The pattern spells out U+0085, which Rust's trim() strips but ECMAScript's \s keeps.
    #[schema(
        example = "how long do the effects last",
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\u0085]"
    )]
    pub question: String,
    /// The language to answer in: `en` or `es`. When absent, the service
    /// answers in the language the question is written in.
    #[serde(default)]
    #[schema(inline, example = "es")]
    pub lang: Option<Lang>,
}

/// A question that is non-blank and at most 500 characters, trimmed.
pub struct Question(String);

impl Question {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        // The limit applies to the text as sent, as the schema's maxLength does;
        // counting after trim() would accept 500 characters wrapped in padding.
        let chars = raw.chars().count();
        if chars > MAX_QUESTION_CHARS {
            return Err(ApiError::new(
                Code::QuestionTooLong,
                format!("question is {chars} characters; the limit is {MAX_QUESTION_CHARS}"),
            ));
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ApiError::new(
                Code::InvalidQuestion,
                "question must not be empty",
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AskKind {
    /// A vetted FAQ answers the question.
    Answer,
    /// Not sure enough: "Did you mean…?"
    Suggestions,
    /// No vetted answer fits; talk to a provider.
    NoMatch,
    /// The message reads as a crisis: show the crisis card.
    Crisis,
}

impl From<Verdict> for AskKind {
    fn from(v: Verdict) -> Self {
        match v {
            Verdict::Answer => Self::Answer,
            Verdict::Suggestions => Self::Suggestions,
            Verdict::NoMatch => Self::NoMatch,
            Verdict::Crisis => Self::Crisis,
        }
    }
}

/// A published FAQ entry as the public sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FaqView {
    #[schema(example = "how-long-effects-last")]
    pub slug: String,
    /// The language of this text. A Spanish reader gets `en` for an entry
    /// without a Spanish version yet.
    pub lang: Lang,
    #[schema(example = "How long do the effects of ketamine last?")]
    pub question: String,
    /// Other phrasings of the question.
    pub alternates: Vec<String>,
    /// One or two plain sentences that answer the question (plain text):
    /// show it first, with the full `answer` on request. Reviewed with the
    /// answer. Empty only for text published before summaries existed.
    #[schema(
        example = "The dreamlike feelings fade within about 30 to 90 minutes; the lift in mood can last from days to a few weeks."
    )]
    pub summary: String,
    /// Markdown.
    pub answer: String,
    #[schema(example = "Effects and results")]
    pub category: String,
    pub tags: Vec<String>,
    pub sources: Vec<SourceView>,
    /// Which kind of provider this topic refers to.
    #[schema(example = "psychiatry")]
    pub provider_kind: String,
    /// The clinician who approved this text.
    pub reviewed_by: Option<String>,
    /// Date of the clinical review (YYYY-MM-DD).
    #[schema(example = "2026-11-01", format = Date)]
    pub reviewed_at: Option<String>,
    pub version: u32,
}

/// A source as patients see it: the article's title (never its file name),
/// a link when it is public, and the fact the answer relies on.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SourceView {
    #[schema(example = "What does ketamine do to the brain?")]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://example.org/articles/ketamine-and-the-brain")]
    pub url: Option<String>,
    #[schema(example = "Dissociative effects usually fade within about 30 to 90 minutes.")]
    pub fact: String,
}

impl SourceView {
    fn new(source: &Source, lang: Lang, clinic: &ClinicSettings) -> Self {
        let web = source.article.starts_with("https://") || source.article.starts_with("http://");
        let titles = clinic.texts(lang).source_titles;
        let spanish = lang == Lang::Es;
        let (title, url) = match titles.get(&source.article) {
            Some(t) => (t.title.clone(), t.url.clone()),
            None if web && spanish => (
                "Artículo de referencia".to_owned(),
                Some(source.article.clone()),
            ),
            None if web => ("Source article".to_owned(), Some(source.article.clone())),
            None if spanish => (
                "Uno de los artículos de referencia de la clínica".to_owned(),
                None,
            ),
            None => ("One of the clinic's source articles".to_owned(), None),
        };
        Self {
            title,
            url,
            fact: source.fact.clone(),
        }
    }
}

impl FaqView {
    pub fn new(e: &FaqEntry, clinic: &ClinicSettings) -> Self {
        let b = &e.body;
        Self {
            slug: b.slug.to_string(),
            lang: b.lang,
            question: b.question.clone(),
            alternates: b.alternates.clone(),
            summary: b.summary.clone(),
            answer: b.answer.clone(),
            category: b.category.clone(),
            tags: b.tags.clone(),
            sources: b
                .sources
                .iter()
                .map(|s| SourceView::new(s, b.lang, clinic))
                .collect(),
            provider_kind: b.provider_kind.clone(),
            reviewed_by: b.reviewed_by.clone(),
            reviewed_at: b.reviewed_at.map(|d| d.to_string()),
            version: e.version,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    #[schema(example = "dissociation")]
    pub slug: String,
    #[schema(example = "What does dissociation feel like?")]
    pub question: String,
    /// Match score, 0..1.
    #[schema(example = 0.42)]
    pub score: f64,
}

impl From<Candidate> for Suggestion {
    fn from(c: Candidate) -> Self {
        Self {
            slug: c.id,
            question: c.question,
            score: c.score,
        }
    }
}

/// Who to talk to. Present on every reply, including no_match and crisis.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Referral {
    /// The clinic's standard referral message.
    pub message: String,
    /// This FAQ informs and does not replace a provider.
    pub disclaimer: String,
    /// At least one qualified provider, matched to the FAQ's provider kind where there is one.
    pub providers: Vec<Provider>,
    pub clinic: ClinicContact,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClinicContact {
    #[schema(example = "Example Ketamine Clinic")]
    pub name: String,
    #[schema(example = "+1-555-0100")]
    pub phone: String,
    pub email: String,
    pub website: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AskResponse {
    pub kind: AskKind,
    /// The matched entry when `kind` is `answer`, otherwise null. Always
    /// sent.
    #[schema(required = true)]
    pub faq: Option<FaqView>,
    /// How sure the matcher is of its best candidate, 0..1.
    #[schema(example = 0.83)]
    pub confidence: f64,
    /// Up to 3 related questions, best first.
    pub suggestions: Vec<Suggestion>,
    pub referral: Referral,
    /// The crisis card (988 / 911), or null. Always present when `kind` is
    /// `crisis`. Also present on an `answer`, `suggestions` or `no_match`
    /// reply when the crisis screen read the message as **concern**
    /// (distress without intent, or a mention of suicide, self-harm, an
    /// overdose or dying), the answer is about suicidal thoughts, or nothing
    /// answered a message in a language the service does not read (the card
    /// then says, in English and Spanish, that 988 can bring in an
    /// interpreter): show it alongside the answer. Always sent.
    #[schema(required = true)]
    pub crisis: Option<CrisisCard>,
    /// The language of the reply's texts (referral, disclaimer, no-match
    /// text): the one asked for, else the question's. An answer's own
    /// language is `faq.lang`.
    pub lang: Lang,
    /// A line for the patient when the reply is not fully in their
    /// language: a Spanish question whose answer has no Spanish version yet
    /// (the English text follows), or a message in a language the service
    /// does not read (in English and Spanish). Null otherwise. Always sent.
    #[schema(required = true, example = json!(null))]
    pub notice: Option<String>,
}

impl AskResponse {
    pub fn from_reply(reply: Reply<'_>, clinic: &ClinicSettings) -> Self {
        let kind = AskKind::from(reply.verdict);
        let resources = reply.resources();
        let notice = Self::notice(&reply).map(str::to_owned);
        Self {
            kind,
            faq: reply.faq.map(|e| FaqView::new(e, clinic)),
            confidence: reply.confidence,
            suggestions: reply
                .suggestions
                .into_iter()
                .map(Suggestion::from)
                .collect(),
            referral: Referral::new(
                Self::leads_with_no_match(kind),
                reply.lang,
                reply.providers,
                clinic,
            ),
            crisis: resources.then(|| clinic.crisis_card(reply.card)),
            lang: reply.lang,
            notice,
        }
    }

    /// What the reply says about its language, if anything.
    pub fn notice(reply: &Reply<'_>) -> Option<&'static str> {
        if reply.unread_language {
            Some(UNREAD_LANGUAGE_NOTICE)
        } else if reply.untranslated {
            Some(UNTRANSLATED_NOTICE)
        } else {
            None
        }
    }

    /// Whether the referral message starts with the clinic's no-match text.
    pub fn leads_with_no_match(kind: AskKind) -> bool {
        matches!(kind, AskKind::NoMatch | AskKind::Suggestions)
    }
}

impl Referral {
    pub fn new(
        no_match: bool,
        lang: Lang,
        providers: Vec<&Provider>,
        clinic: &ClinicSettings,
    ) -> Self {
        let texts = clinic.texts(lang);
        let message = if no_match {
            format!("{} {}", texts.no_match_message, texts.referral_message)
        } else {
            texts.referral_message.to_owned()
        };
        Self {
            message,
            disclaimer: texts.disclaimer.to_owned(),
            providers: providers.into_iter().cloned().collect(),
            clinic: ClinicContact {
                name: clinic.name.clone(),
                phone: clinic.phone.clone(),
                email: clinic.email.clone(),
                website: clinic.website.clone(),
            },
        }
    }
}

/// One published entry with the referral that goes with it: the same
/// providers `/v1/ask` names beside this answer, so a client (the widget's
/// topic chips) never rebuilds the referral rule.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FaqPage {
    #[serde(flatten)]
    pub faq: FaqView,
    pub referral: Referral,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FaqList {
    pub items: Vec<FaqView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProviderList {
    pub items: Vec<Provider>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when the service can answer questions, else `unavailable`.
    #[schema(example = "ok")]
    pub status: String,
    /// The database answered a read.
    pub database: bool,
    /// The published corpus is loaded into the matcher.
    pub corpus_loaded: bool,
    /// Published entries being served.
    #[schema(example = 22)]
    pub entries: usize,
    #[schema(example = "0.1.0")]
    pub version: String,
}
