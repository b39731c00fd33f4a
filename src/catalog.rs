//! The live catalog: an immutable snapshot of published content and its
//! matcher. Requests read it without locks; an import swaps in a new one.

use std::collections::HashMap;

use crate::config::Policy;
use crate::content::{referral, review};
use crate::content::{CardLanguage, ClinicSettings, ContentBundle, FaqEntry, Lang, Provider};
use crate::matching::{Candidate, Document, MatchConfig, MatchResult, Matcher, Verdict};
use crate::safety::{Finding, MessageLanguage, Screen, Tier};
use crate::store::{Store, StoreError};

pub struct Catalog {
    matcher: Matcher,
    /// Reads Spanish: over each entry's Spanish version, or its English
    /// text where it has none yet (so Spanglish still finds it). `None`
    /// when no entry has a Spanish version.
    spanish: Option<Matcher>,
    screen: Screen,
    /// Published entries whose own question mentions suicide, self-harm or
    /// dying: their answers always carry the crisis resources.
    with_resources: std::collections::HashSet<String>,
    /// Published English entries by slug.
    published: HashMap<String, FaqEntry>,
    /// Published versions in other languages, by slug.
    translations: HashMap<(Lang, String), FaqEntry>,
    /// Published entries in slug order, for listings.
    order: Vec<String>,
    pub providers: Vec<Provider>,
    pub clinic: ClinicSettings,
}

/// The outcome of a question, before it is shaped into JSON.
pub struct Reply<'a> {
    pub verdict: Verdict,
    pub confidence: f64,
    pub faq: Option<&'a FaqEntry>,
    pub suggestions: Vec<Candidate>,
    pub providers: Vec<&'a Provider>,
    /// What the crisis screen found.
    pub safety: Finding,
    /// The answered FAQ is one that always carries the crisis resources.
    pub topic_resources: bool,
    /// The language of the crisis card, when the reply carries one.
    pub card: CardLanguage,
    /// The language the reply's texts are in (the FAQ may still be English
    /// when `untranslated`).
    pub lang: Lang,
    /// The patient wrote in Spanish, and the answer has no Spanish version
    /// yet: the English text is offered.
    pub untranslated: bool,
    /// The message is in a language the service does not read.
    pub unread_language: bool,
}

impl Reply<'_> {
    /// Whether the reply carries the crisis resources: a crisis, a message
    /// of concern, or an answer about suicidal thoughts or self-harm.
    pub fn resources(&self) -> bool {
        self.verdict == Verdict::Crisis || self.safety.tier != Tier::None || self.topic_resources
    }
}

impl Catalog {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        Self::load_with(store, &Policy::default())
    }

    /// Loads the published entries, minus those overdue for review beyond
    /// the policy's grace period.
    pub fn load_with(store: &Store, policy: &Policy) -> Result<Self, StoreError> {
        let today = time::OffsetDateTime::now_utc().date();
        let entries = store
            .entries()?
            .into_iter()
            .filter(|e| !review::hidden_as_overdue(&e.body, policy.hide_overdue_after_days, today))
            .collect();
        Ok(Self::build(
            entries,
            store.providers()?,
            store.clinic()?,
            &store.matching()?,
        ))
    }

    /// A catalog straight from content files, published entries only (eval, tests).
    pub fn from_bundle(bundle: &ContentBundle) -> Self {
        let entries = bundle
            .entries
            .iter()
            .map(|body| FaqEntry::new(body.clone(), 1))
            .collect();
        Self::build(
            entries,
            bundle.providers.clone(),
            bundle.clinic.clone(),
            &bundle.matching,
        )
    }

    fn build(
        entries: Vec<FaqEntry>,
        providers: Vec<Provider>,
        clinic: ClinicSettings,
        matching: &MatchConfig,
    ) -> Self {
        let (mut entries, others): (Vec<FaqEntry>, Vec<FaqEntry>) = entries
            .into_iter()
            .filter(|e| e.body.is_published())
            .partition(|e| e.body.lang.is_english());
        entries.sort_by(|a, b| a.body.slug.cmp(&b.body.slug));
        let documents: Vec<Document> = entries.iter().map(document).collect();
        let matcher = Matcher::new(matching, &documents);
        // A translation is served only beside its published English entry.
        let translations: HashMap<(Lang, String), FaqEntry> = others
            .into_iter()
            .filter(|t| entries.iter().any(|e| e.body.slug == t.body.slug))
            .map(|t| ((t.body.lang, t.body.slug.to_string()), t))
            .collect();
        let spanish = translations.keys().any(|(l, _)| *l == Lang::Es).then(|| {
            let documents: Vec<Document> = entries
                .iter()
                .map(|e| {
                    document(
                        translations
                            .get(&(Lang::Es, e.body.slug.to_string()))
                            .unwrap_or(e),
                    )
                })
                .collect();
            Matcher::new(&matching.for_spanish(), &documents)
        });
        let screen = Screen::new(&matching.crisis);
        let with_resources = entries
            .iter()
            .filter(|e| screen.screen(&e.body.question).tier != Tier::None)
            .map(|e| e.body.slug.to_string())
            .collect();
        let order = entries.iter().map(|e| e.body.slug.to_string()).collect();
        Self {
            matcher,
            spanish,
            screen,
            with_resources,
            translations,
            published: entries
                .into_iter()
                .map(|e| (e.body.slug.to_string(), e))
                .collect(),
            order,
            providers,
            clinic,
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn published(&self) -> impl Iterator<Item = &FaqEntry> {
        self.order.iter().map(|slug| &self.published[slug])
    }

    pub fn entry(&self, slug: &str) -> Option<&FaqEntry> {
        self.published.get(slug)
    }

    /// The entry in `lang`, if it has a published version in that language.
    pub fn entry_in(&self, slug: &str, lang: Lang) -> Option<&FaqEntry> {
        match lang {
            Lang::En => self.entry(slug),
            lang => self.translations.get(&(lang, slug.to_owned())),
        }
    }

    /// Every published version in other languages than English.
    pub fn translations(&self) -> impl Iterator<Item = &FaqEntry> {
        self.translations.values()
    }

    /// The published entry as a reader of `lang` gets it: its version in
    /// that language, else the English text.
    pub fn entry_for(&self, slug: &str, lang: Lang) -> Option<&FaqEntry> {
        self.entry_in(slug, lang).or_else(|| self.entry(slug))
    }

    /// The matcher for the language `question` is written in.
    pub fn matcher_of(&self, question: &str) -> &Matcher {
        self.matcher_for(crate::safety::message_language(question).lang())
    }

    /// The matcher that reads `lang` (English when there is no other).
    pub fn matcher_for(&self, lang: Lang) -> &Matcher {
        match (lang, &self.spanish) {
            (Lang::Es, Some(m)) => m,
            _ => &self.matcher,
        }
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// How this catalog reads a question, for people tuning content (the
    /// CLI's `explain` and the staff console): the crisis screen's finding,
    /// the matcher's terms and top candidates, and the reply it would get.
    pub fn explain(&self, question: &str) -> String {
        let reply = self.ask(question);
        format!(
            "{}language: {:?}, answered in {}\n{}reply: {:?}, tier {:?} ({}), card {:?}\n",
            self.screen().explain(question),
            crate::safety::message_language(question),
            reply.lang,
            self.matcher_for(reply.lang).explain(question),
            reply.verdict,
            reply.safety.tier,
            reply.safety.category,
            reply.card
        )
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// Screens the question, then (unless it is a crisis) matches it in
    /// the language it is written in.
    pub fn ask(&self, question: &str) -> Reply<'_> {
        self.ask_in(question, None)
    }

    /// The crisis card and nothing else, in the card's language unless the
    /// caller named one.
    fn crisis_reply(&self, card: CardLanguage, safety: Finding, lang: Option<Lang>) -> Reply<'_> {
        Reply {
            card,
            verdict: Verdict::Crisis,
            confidence: 1.0,
            faq: None,
            suggestions: Vec::new(),
            providers: self.referral_providers(None),
            safety,
            topic_resources: false,
            lang: lang.unwrap_or(match card {
                CardLanguage::Spanish => Lang::Es,
                _ => Lang::En,
            }),
            untranslated: false,
            unread_language: false,
        }
    }

    /// As [`Catalog::ask`], in `lang` when the caller names it.
    pub fn ask_in(&self, question: &str, lang: Option<Lang>) -> Reply<'_> {
        let safety = self.screen.screen(question);
        // Which language's card, only when a card goes out (detection costs
        // more than the screen).
        let card_for = |safety: &Finding| crate::safety::card_language(question, safety);
        if safety.is_crisis() {
            return self.crisis_reply(card_for(&safety), safety, lang);
        }
        let (reply_lang, result, unread_language) = self.read(question, lang);
        // Nothing answered the message, or only an unsure answer did:
        // distress only the statistical layer read becomes a crisis; a
        // language the service does not read still gets the card.
        let safety = match result.verdict {
            Verdict::Answer if result.confidence >= crate::safety::SURE_ANSWER_AT => safety,
            _ => match crate::safety::unread(question, &safety) {
                Some(unread) => unread,
                None => safety.unanswered(),
            },
        };
        if safety.is_crisis() {
            return self.crisis_reply(card_for(&safety), safety, lang);
        }
        let faq = match result.verdict {
            Verdict::Answer => result
                .candidates
                .first()
                .and_then(|c| self.entry_for(&c.id, reply_lang)),
            _ => None,
        };
        let untranslated = faq.is_some_and(|f| f.body.lang != reply_lang);
        let suggestions = match result.verdict {
            Verdict::Answer => result.candidates.into_iter().skip(1).collect(),
            _ => result.candidates,
        };
        let providers = self.referral_providers(faq.map(|f| f.body.provider_kind.as_str()));
        let topic_resources =
            faq.is_some_and(|f| self.with_resources.contains(f.body.slug.as_str()));
        let card = if topic_resources || safety.tier != Tier::None {
            card_for(&safety)
        } else {
            CardLanguage::English
        };
        Reply {
            verdict: result.verdict,
            confidence: result.confidence,
            faq,
            suggestions,
            providers,
            safety,
            topic_resources,
            card,
            lang: reply_lang,
            untranslated,
            unread_language,
        }
    }

    /// Matches `question` in the language it is written in (or `lang`):
    /// the reply's language, the match, and whether the message is in a
    /// language the service does not read. Suggestions name each entry's
    /// question in the reply's language.
    fn read(&self, question: &str, lang: Option<Lang>) -> (Lang, MatchResult, bool) {
        let detected = match lang {
            Some(Lang::En) => MessageLanguage::English,
            Some(Lang::Es) => MessageLanguage::Spanish,
            None => crate::safety::message_language(question),
        };
        let (lang, mut result) = match detected {
            MessageLanguage::English | MessageLanguage::Other => {
                (Lang::En, self.matcher.ask(question))
            }
            MessageLanguage::Spanish => (Lang::Es, self.matcher_for(Lang::Es).ask(question)),
            // Too short or mixed to tell: the surer of the two readings.
            MessageLanguage::Unsure => {
                let english = self.matcher.ask(question);
                match &self.spanish {
                    Some(m) => {
                        let spanish = m.ask(question);
                        if spanish.confidence > english.confidence {
                            (Lang::Es, spanish)
                        } else {
                            (Lang::En, english)
                        }
                    }
                    None => (Lang::En, english),
                }
            }
        };
        // A language the service does not read gets an honest no-match,
        // in English and Spanish, whatever a word of it happened to match.
        let unread = detected == MessageLanguage::Other;
        if unread {
            result.verdict = Verdict::NoMatch;
            result.candidates.clear();
        }
        for c in &mut result.candidates {
            if let Some(e) = self.entry_for(&c.id, lang) {
                c.question = e.body.question.clone();
            }
        }
        (lang, result, unread)
    }

    /// The providers a reply about an entry of `kind` refers to, as
    /// `content::referral` chooses them from this catalog's providers.
    pub fn referral_providers(&self, kind: Option<&str>) -> Vec<&Provider> {
        referral::referral(&self.providers, kind)
    }
}

/// What the matcher indexes of an entry: phrases strongest, answer weakest.
fn document(e: &FaqEntry) -> Document {
    Document {
        id: e.body.slug.to_string(),
        question: e.body.question.clone(),
        alternates: e.body.alternates.clone(),
        keywords: std::iter::once(e.body.category.clone())
            .chain(e.body.tags.iter().cloned())
            .collect(),
        body: e.body.answer.clone(),
    }
}
