//! Staff-editable matching configuration (`faq/matching.toml`). Everything a
//! matcher knows about a clinic's domain lives here, never in code.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchConfig {
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Extra stop words for this clinic, on top of plain English ones.
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// Lay, brand and clinical terms that mean the same thing here.
    #[serde(default)]
    pub synonyms: Vec<SynonymGroup>,
    #[serde(default)]
    pub crisis: CrisisLexicon,
    /// The Spanish side: stop words and synonyms for Spanish entries.
    #[serde(default, skip_serializing_if = "LanguageTerms::is_empty")]
    pub spanish: LanguageTerms,
    /// The language this configuration reads. Never in the file: the
    /// English configuration is the file, and [`MatchConfig::for_spanish`]
    /// derives the Spanish one.
    #[serde(skip)]
    pub language: Language,
}

/// The language a matcher reads: its words, stop words and stemmer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    English,
    Spanish,
}

/// Another language's stop words and synonyms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageTerms {
    #[serde(default)]
    pub stop_words: Vec<String>,
    #[serde(default)]
    pub synonyms: Vec<SynonymGroup>,
}

impl LanguageTerms {
    pub fn is_empty(&self) -> bool {
        self.stop_words.is_empty() && self.synonyms.is_empty()
    }
}

/// Confidence cut-offs, all in 0..1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// At or above: reply with the FAQ (`answer`).
    pub answer: f64,
    /// At or above (and below `answer`): "Did you mean…?" (`suggestions`).
    pub suggest: f64,
    /// Candidates at or above this are offered as suggestions on a `no_match`.
    pub related: f64,
    /// When the runner-up is within this margin of the best, ask instead of answering.
    pub margin: f64,
    /// Off-topic guard: when words no FAQ uses make up this share of the
    /// question's weight, the reply is `no_match` whatever matched.
    pub unknown_share: f64,
}

/// The shipped values (`faq/matching.toml` spells out the same numbers; a
/// test keeps them equal).
impl Default for Thresholds {
    fn default() -> Self {
        Self {
            answer: 0.3,
            suggest: 0.15,
            related: 0.1,
            margin: 0.0,
            unknown_share: 0.4,
        }
    }
}

/// Terms that should match one another. Every term (one or more words) is
/// read as `canonical` on both the FAQ side and the question side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    pub canonical: String,
    pub terms: Vec<String>,
}

/// The crisis screen's lexicon. Phrases are matched on word stems, in order,
/// tolerating one filler word between words and one typo in longer words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrisisLexicon {
    /// Any of these in a message means crisis ("kill myself", "kms", "overdosed").
    pub phrases: Vec<String>,
    /// Figures of speech that are not a crisis ("dying to know", "killing me").
    /// Their words are masked before the phrases are matched.
    pub idioms: Vec<String>,
    /// Words that cancel a phrase when they come shortly before it ("not", "never").
    pub negations: Vec<String>,
    /// How many words before a phrase a negation may stand.
    pub negation_window: usize,
    /// Looser patterns: one word from each group, in order, each within
    /// `window` words of the previous ("want … to slowly … hurt … myself").
    pub patterns: Vec<CrisisPattern>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisPattern {
    pub name: String,
    /// Single words; a message matches when it has one word of each group, in order.
    pub groups: Vec<Vec<String>>,
    pub window: usize,
}

impl Default for CrisisLexicon {
    fn default() -> Self {
        Self {
            phrases: Vec::new(),
            idioms: Vec::new(),
            negations: Vec::new(),
            negation_window: 2,
            patterns: Vec::new(),
        }
    }
}

impl MatchConfig {
    /// The configuration a Spanish matcher reads: the same thresholds, the
    /// Spanish stop words and synonyms.
    pub fn for_spanish(&self) -> MatchConfig {
        MatchConfig {
            thresholds: self.thresholds,
            stop_words: self.spanish.stop_words.clone(),
            synonyms: self.spanish.synonyms.clone(),
            crisis: CrisisLexicon::default(),
            spanish: LanguageTerms::default(),
            language: Language::Spanish,
        }
    }

    pub fn validate(&self) -> Result<(), String> {
        let t = &self.thresholds;
        for (name, v) in [
            ("answer", t.answer),
            ("suggest", t.suggest),
            ("related", t.related),
            ("margin", t.margin),
            ("unknown_share", t.unknown_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("thresholds.{name} must be within 0..1, got {v}"));
            }
        }
        if !(t.related <= t.suggest && t.suggest <= t.answer) {
            return Err("thresholds must satisfy related <= suggest <= answer".to_owned());
        }
        if let Some(g) = self
            .synonyms
            .iter()
            .chain(&self.spanish.synonyms)
            .find(|g| g.canonical.trim().is_empty() || g.terms.is_empty())
        {
            return Err(format!(
                "synonym group `{}` needs a canonical term and at least one term",
                g.canonical
            ));
        }
        for p in &self.crisis.patterns {
            if p.groups.len() < 2 || p.window == 0 || p.window > 10 {
                return Err(format!(
                    "crisis pattern `{}` needs at least two groups and a window of 1-10",
                    p.name
                ));
            }
            if let Some(w) = p
                .groups
                .iter()
                .flatten()
                .find(|w| super::words(w).len() != 1)
            {
                return Err(format!(
                    "crisis pattern `{}`: `{w}` must be a single word",
                    p.name
                ));
            }
        }
        if let Some((g, term)) = self.synonyms.iter().find_map(|g| {
            g.terms
                .iter()
                .find(|t| super::normalize::is_common_word(t))
                .map(|t| (g, t))
        }) {
            return Err(format!(
                "synonym group `{}`: `{term}` is a pronoun or a very common English word; \
                 rewriting it would change ordinary messages (\"im\" -> intramuscular read \
                 every \"I'm\" as a route of administration)",
                g.canonical
            ));
        }
        if self.crisis.negation_window > 10 {
            return Err("crisis.negation_window must be at most 10".to_owned());
        }
        Ok(())
    }
}
