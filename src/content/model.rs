use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use utoipa::ToSchema;

use super::{DocId, Lang, Slug};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Where an entry is in its editorial life. Only `published` is ever public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    InReview,
    Published,
    Retired,
}

/// A citation: which source article supports which fact of the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source article (file name or URL).
    #[schema(example = "004_375053a9d2aedd5d.txt")]
    pub article: String,
    /// The fact from that article that the answer relies on.
    #[schema(example = "Dissociative effects usually fade within about 30 to 90 minutes.")]
    pub fact: String,
}

/// One FAQ as a human edits it: the body of a `faq/entries/<slug>.toml` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqFile {
    pub slug: Slug,
    /// The language of this version; English when absent. A Spanish
    /// version lives in `faq/entries/es/<slug>.toml`.
    #[serde(default, skip_serializing_if = "Lang::is_english")]
    pub lang: Lang,
    pub question: String,
    #[serde(default)]
    pub alternates: Vec<String>,
    /// One or two plain sentences that answer the question: what patients
    /// read first, with the full answer a tap away. Reviewed with the
    /// answer; publishing needs one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    pub answer: String,
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub provider_kind: String,
    pub status: Status,
    pub author: String,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default, with = "iso_date::option")]
    pub reviewed_at: Option<Date>,
    #[serde(default, with = "iso_date::option")]
    pub next_review_due: Option<Date>,
}

/// A stored FAQ: the edited body plus the bookkeeping the store keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub body: FaqFile,
    /// Starts at 1 and goes up by one with every change of the body.
    pub version: u32,
    /// SHA-256 of the clinically reviewed text (see [`FaqFile::content_hash`]).
    pub content_hash: String,
}

impl FaqFile {
    /// Hash of everything a clinician signs off: the question and alternates,
    /// the answer, its classification, sources and provider kind. Review
    /// metadata and status are deliberately left out.
    pub fn content_hash(&self) -> String {
        #[derive(Serialize)]
        struct Reviewed<'a> {
            slug: &'a Slug,
            #[serde(skip_serializing_if = "Lang::is_english")]
            lang: Lang,
            question: &'a str,
            alternates: &'a [String],
            #[serde(skip_serializing_if = "str::is_empty")]
            summary: &'a str,
            answer: &'a str,
            category: &'a str,
            tags: &'a [String],
            sources: &'a [Source],
            provider_kind: &'a str,
        }
        let canonical = serde_json::to_vec(&Reviewed {
            slug: &self.slug,
            lang: self.lang,
            question: &self.question,
            alternates: &self.alternates,
            summary: &self.summary,
            answer: &self.answer,
            category: &self.category,
            tags: &self.tags,
            sources: &self.sources,
            provider_kind: &self.provider_kind,
        })
        .expect("plain structs serialize");
        let digest = Sha256::digest(canonical);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Which document this text is: its slug in its language.
    pub fn id(&self) -> DocId {
        DocId::new(self.slug.clone(), self.lang)
    }

    pub fn is_published(&self) -> bool {
        self.status == Status::Published
    }
}

impl FaqEntry {
    pub fn new(body: FaqFile, version: u32) -> Self {
        let content_hash = body.content_hash();
        Self {
            body,
            version,
            content_hash,
        }
    }
}

/// A qualified provider patients are referred to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    #[schema(value_type = String, example = "dr-alex-rivera")]
    pub id: Slug,
    #[schema(example = "Dr. Alex Rivera")]
    pub name: String,
    #[schema(example = "MD, board-certified psychiatrist")]
    pub credentials: String,
    /// Provider kinds this person serves; FAQ entries refer to one of them.
    #[schema(example = json!(["psychiatry"]))]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub specialties: Vec<String>,
    #[schema(example = "+1-555-0101")]
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    #[schema(example = "https://example.org/book/dr-alex-rivera")]
    pub booking_url: String,
    #[serde(default)]
    pub locations: Vec<String>,
}

impl Provider {
    pub fn serves(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }
}

/// How a crisis resource is reached; the widget turns it into a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Phone,
    Sms,
    Url,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrisisResource {
    #[schema(example = "Call 988 (Suicide & Crisis Lifeline)")]
    pub label: String,
    pub kind: ResourceKind,
    /// The number or address to reach; never blank.
    #[schema(example = "988", min_length = 1, pattern = r"[^\s\u0085]")]
    pub value: String,
}

/// The card shown instead of any FAQ when a message reads as a crisis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CrisisCard {
    #[schema(
        example = "You deserve support right now",
        min_length = 1,
        pattern = r"[^\s\u0085]"
    )]
    pub title: String,
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub message: String,
    /// At least one: a card with nowhere to turn is no help.
    #[schema(min_items = 1)]
    pub resources: Vec<CrisisResource>,
}

/// Clinic-wide settings: contact details and the standard wording. The texts
/// patients see (name, phone, referral, disclaimer, no-match, crisis card)
/// are never blank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClinicSettings {
    #[schema(
        example = "Example Ketamine Clinic",
        min_length = 1,
        pattern = r"[^\s\u0085]"
    )]
    pub name: String,
    #[schema(example = "+1-555-0100", min_length = 1, pattern = r"[^\s\u0085]")]
    pub phone: String,
    pub email: String,
    pub website: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
    /// Attached to every reply: who to talk to about your own situation.
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub referral_message: String,
    /// This FAQ informs and does not replace a provider.
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub disclaimer: String,
    /// The honest reply when no vetted answer fits.
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub no_match_message: String,
    pub crisis: CrisisCard,
    /// The crisis card in Spanish, for a message written in Spanish (the
    /// 988 Lifeline answers calls, texts and chats in Spanish). Without it,
    /// Spanish messages get `crisis`.
    #[serde(default)]
    pub crisis_es: Option<CrisisCard>,
    /// For a message in a language the service does not read: a line in
    /// plain English and Spanish saying that 988 can bring in an interpreter.
    /// Added to the crisis card's message. Absent or not blank.
    #[serde(default)]
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub crisis_interpreter_note: Option<String>,
    /// What patients see for each source article an answer cites, by its
    /// file name: a title, and a link when the article is public. A file
    /// name itself is never shown to a patient.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[schema(example = json!({"004_375053a9d2aedd5d.txt": {"title": "What does ketamine do to the brain?"}}))]
    pub source_titles: std::collections::BTreeMap<String, SourceTitle>,
    /// The clinic's texts in Spanish, for replies in Spanish. Without them a
    /// Spanish reply uses the English texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spanish: Option<ClinicTexts>,
}

/// The clinic's texts patients read, in one more language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClinicTexts {
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub referral_message: String,
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub disclaimer: String,
    #[schema(min_length = 1, pattern = r"[^\s\u0085]")]
    pub no_match_message: String,
    /// The source articles' titles in this language, by file name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub source_titles: std::collections::BTreeMap<String, SourceTitle>,
}

/// Said when a Spanish question's answer has no Spanish version yet.
pub const UNTRANSLATED_NOTICE: &str = "Esta respuesta todavía no está disponible en español. Le mostramos la versión en inglés, revisada por nuestro equipo clínico.";

/// Said, in English and Spanish, to a message in another language.
pub const UNREAD_LANGUAGE_NOTICE: &str = "This service reads English and Spanish only. Please write your question in English or Spanish, or contact the clinic. / Este servicio solo lee inglés y español. Escriba su pregunta en inglés o en español, o comuníquese con la clínica.";

/// The clinic's texts for one reply language: the Spanish ones where the
/// clinic has them, else the English ones.
pub struct ReplyTexts<'a> {
    pub referral_message: &'a str,
    pub disclaimer: &'a str,
    pub no_match_message: &'a str,
    pub source_titles: &'a std::collections::BTreeMap<String, SourceTitle>,
}

/// A source article as patients see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceTitle {
    #[schema(example = "What does ketamine do to the brain?", min_length = 1)]
    pub title: String,
    /// A public web address of the article, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Which crisis card a reply carries: the message's language, as far as the
/// service can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CardLanguage {
    #[default]
    English,
    Spanish,
    /// Neither English nor Spanish.
    Other,
}

impl ClinicSettings {
    /// The texts a reply in `lang` shows.
    pub fn texts(&self, lang: Lang) -> ReplyTexts<'_> {
        let english = ReplyTexts {
            referral_message: &self.referral_message,
            disclaimer: &self.disclaimer,
            no_match_message: &self.no_match_message,
            source_titles: &self.source_titles,
        };
        match (lang, &self.spanish) {
            (Lang::Es, Some(es)) => ReplyTexts {
                referral_message: &es.referral_message,
                disclaimer: &es.disclaimer,
                no_match_message: &es.no_match_message,
                source_titles: if es.source_titles.is_empty() {
                    &self.source_titles
                } else {
                    &es.source_titles
                },
            },
            _ => english,
        }
    }

    /// The crisis card for a message in `language`.
    pub fn crisis_card(&self, language: CardLanguage) -> CrisisCard {
        match language {
            CardLanguage::English => self.crisis.clone(),
            CardLanguage::Spanish => self
                .crisis_es
                .clone()
                .unwrap_or_else(|| self.crisis.clone()),
            CardLanguage::Other => {
                let mut card = self.crisis.clone();
                if let Some(note) = &self.crisis_interpreter_note {
                    card.message = format!("{}\n\n{note}", card.message);
                }
                card
            }
        }
    }

    /// What the schema promises of every clinic the service holds: the texts
    /// patients see are not blank, and the crisis card lists somewhere to turn.
    pub fn check(&self) -> Result<(), &'static str> {
        let texts = [
            &self.name,
            &self.phone,
            &self.referral_message,
            &self.disclaimer,
            &self.no_match_message,
            &self.crisis.title,
            &self.crisis.message,
        ];
        if texts.iter().any(|t| t.trim().is_empty()) {
            return Err(
                "clinic name, phone, referral, disclaimer, no-match and crisis texts must not be empty",
            );
        }
        for card in std::iter::once(&self.crisis).chain(&self.crisis_es) {
            let resources = &card.resources;
            if card.title.trim().is_empty() || card.message.trim().is_empty() {
                return Err("a crisis card's title and message must not be empty");
            }
            if resources.is_empty() || resources.iter().any(|r| r.value.trim().is_empty()) {
                return Err("a crisis card needs at least one resource, each with a value");
            }
        }
        if self
            .crisis_interpreter_note
            .as_ref()
            .is_some_and(|n| n.trim().is_empty())
        {
            return Err("the crisis interpreter note must not be blank");
        }
        if let Some(es) = &self.spanish {
            if [&es.referral_message, &es.disclaimer, &es.no_match_message]
                .iter()
                .any(|t| t.trim().is_empty())
            {
                return Err(
                    "the Spanish referral, disclaimer and no-match texts must not be empty",
                );
            }
        }
        if self
            .source_titles
            .values()
            .chain(self.spanish.iter().flat_map(|es| es.source_titles.values()))
            .any(|t| t.title.trim().is_empty())
        {
            return Err("a source article's title must not be blank");
        }
        Ok(())
    }
}
