//! Question matching: normalise, repair typos, apply synonyms, rank FAQ
//! entries, decide answer / suggestions / no match. Pure: text and an index
//! in, scores out. No clock, no I/O, no randomness.

mod analyze;
mod bigrams;
mod calibrate;
mod config;
pub(crate) mod english;
mod english_words;
mod index;
pub(crate) mod letters;
mod normalize;
mod question;
mod score;
mod spanish;
mod synonyms;
mod vocab;

pub use config::{
    CrisisLexicon, CrisisPattern, Language, LanguageTerms, MatchConfig, SynonymGroup, Thresholds,
};
pub use english_words::{is_stop_word, ENGLISH_STOP_WORDS};
pub use index::Document;
pub use normalize::expand as expand_contraction;
pub use normalize::words;
pub use score::{Features, Weights, FEATURES};
pub use spanish::{folded_words as spanish_folded_words, is_spanish_word};

use analyze::Analyzer;
use index::Index;

/// What to do with a question. The matcher never says `Crisis`; the
/// crisis screen (crate::safety) does, before the matcher runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Crisis,
    Answer,
    Suggestions,
    NoMatch,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub question: String,
    pub score: f64,
}

/// One reading of a message (whole, or its question part): the share of
/// it the corpus does not know, and every candidate's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub name: &'static str,
    pub unknown_share: f64,
    pub candidates: Vec<(String, Features)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    pub verdict: Verdict,
    /// Calibrated 0..1: how sure the matcher is of its best candidate.
    pub confidence: f64,
    /// For `Answer`, the answer first; otherwise the related candidates. At most 3.
    pub candidates: Vec<Candidate>,
}

pub struct Matcher {
    index: Index,
    thresholds: Thresholds,
    weights: Weights,
}

impl Matcher {
    /// A matcher whose confidence model is fitted to `documents` themselves.
    pub fn new(config: &MatchConfig, documents: &[Document]) -> Self {
        let weights = calibrate::calibrated(config, documents, &Weights::default());
        Self::with_weights(config, documents, weights)
    }

    pub fn with_weights(config: &MatchConfig, documents: &[Document], weights: Weights) -> Self {
        Self {
            index: Index::build(Analyzer::new(config), documents, weights.idf_floor),
            thresholds: config.thresholds,
            weights,
        }
    }

    /// The words of a text as this matcher's language reads them.
    fn words(&self, text: &str) -> Vec<String> {
        self.index.analyzer.words(text)
    }

    pub fn len(&self) -> usize {
        self.index.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.docs.is_empty()
    }

    pub fn vocabulary_size(&self) -> usize {
        self.index.vocab.len()
    }

    /// Every candidate with its score, best first (for eval and debugging).
    pub fn rank(&self, question: &str) -> Vec<Candidate> {
        self.read(question).1
    }

    /// The message read whole and, when it has context before its
    /// question, its question sentences read on their own: each candidate
    /// keeps its better score. The off-topic guard judges the question
    /// part, so context words ("my wedding", "my deployment") are not
    /// evidence of another topic.
    fn read(&self, question: &str) -> (f64, Vec<Candidate>) {
        let (whole_unknown, mut ranked) = self.rank_with_unknown(&self.words(question));
        let Some(part) = question::question_part(question) else {
            return (whole_unknown, ranked);
        };
        let (unknown_share, asked) = self.rank_with_unknown(&self.words(&part));
        for c in asked {
            match ranked.iter_mut().find(|r| r.id == c.id) {
                Some(r) => r.score = r.score.max(c.score),
                None => ranked.push(c),
            }
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        // A sentence read on its own may be surer of the entry the message
        // ranks first ("People say it works quickly. Is it really within
        // hours?"): it raises that entry's confidence, never the ranking.
        // A sentence that asks for that entry outright, in words the FAQ
        // knows, also speaks for the whole message to the off-topic guard:
        // the other sentences' unknown words cannot silence it.
        let mut sentence_share = 1.0f64;
        if let Some(first) = ranked.first_mut() {
            for sentence in question::sentences(question)
                .into_iter()
                .take(MAX_SENTENCES)
            {
                let (share, alone) = self.rank_with_unknown(&self.words(sentence));
                if let Some(c) = alone.iter().find(|c| c.id == first.id) {
                    first.score = first.score.max(c.score);
                }
                if alone
                    .first()
                    .is_some_and(|c| c.id == first.id && c.score >= self.thresholds.answer)
                {
                    sentence_share = sentence_share.min(share);
                }
            }
        }
        (unknown_share.min(whole_unknown).min(sentence_share), ranked)
    }

    /// The ranking of a question (its normalised words), and the share of
    /// the question made of unknown words.
    fn rank_with_unknown(&self, words: &[String]) -> (f64, Vec<Candidate>) {
        let query = self.index.analyzer.query_terms(words, &self.index.vocab);
        let (unknown_share, ranked) = score::rank(&self.index, &query, &self.weights);
        let candidates = ranked
            .into_iter()
            .map(|r| {
                let doc = &self.index.docs[r.doc];
                Candidate {
                    id: doc.id.clone(),
                    question: doc.question.clone(),
                    score: round(r.score),
                }
            })
            .collect();
        (unknown_share, candidates)
    }

    /// Every candidate's features, for fitting the confidence model: of
    /// the whole message, and of its question part when it has one (the
    /// two readings [`Matcher::ask`] takes the better of).
    pub fn feature_rows(&self, question: &str) -> Vec<Reading> {
        let mut readings = vec![self.reading("whole", question)];
        if let Some(part) = question::question_part(question) {
            readings.push(self.reading("part", &part));
        }
        readings
    }

    fn reading(&self, name: &'static str, text: &str) -> Reading {
        let query = self
            .index
            .analyzer
            .query_terms(&self.words(text), &self.index.vocab);
        let analysis = score::features(&self.index, &query, &self.weights);
        Reading {
            name,
            unknown_share: analysis.unknown_share,
            candidates: analysis
                .candidates
                .into_iter()
                .map(|(d, f)| (self.index.docs[d].id.clone(), f))
                .collect(),
        }
    }

    /// The stems a question's topic is made of, after typo repair and
    /// synonyms ("how much does it cost" and "whats the price" share theirs):
    /// what the inbox groups paraphrases by.
    pub fn topic_terms(&self, question: &str) -> Vec<String> {
        let query = self
            .index
            .analyzer
            .query_terms(&self.words(question), &self.index.vocab);
        query.known.into_iter().chain(query.unknown).collect()
    }

    /// How the matcher read a question: its terms, the words it did not
    /// know, and the top candidates. For staff tuning synonyms and alternates.
    pub fn explain(&self, question: &str) -> String {
        let words = self.words(question);
        let query = self.index.analyzer.query_terms(&words, &self.index.vocab);
        let result = self.ask(question);
        let mut out = String::new();
        if let Some(part) = question::question_part(question) {
            out += &format!("question part: {part}\n");
            for sentence in question::sentences(question)
                .into_iter()
                .take(MAX_SENTENCES)
            {
                let (_, alone) = self.rank_with_unknown(&self.words(sentence));
                if let Some(c) = alone.first() {
                    out += &format!("  alone {:.3} {:<28} {}\n", c.score, c.id, sentence.trim());
                }
            }
        }
        out += &format!(
            "terms: {}\nunknown: {}\nverdict: {:?} (confidence {:.3})\n",
            query.known.join(" "),
            query.unknown.join(" "),
            result.verdict,
            result.confidence
        );
        let readings = self.feature_rows(question);
        let unknown_share = readings.iter().map(|r| r.unknown_share).fold(1.0, f64::min);
        out.push_str(&format!("unknown share: {unknown_share:.3}\n"));
        let features: std::collections::HashMap<String, Features> = readings
            .into_iter()
            .next()
            .map(|r| r.candidates.into_iter().collect())
            .unwrap_or_default();
        for c in self.rank(question).into_iter().take(5) {
            let f = features.get(&c.id).copied().unwrap_or_default();
            let f: Vec<String> = f.iter().map(|x| format!("{x:.2}")).collect();
            out.push_str(&format!(
                "  {:.3}  {:<34} [{}]\n",
                c.score,
                c.id,
                f.join(" ")
            ));
        }
        out
    }

    pub fn ask(&self, question: &str) -> MatchResult {
        // The crisis screen (crate::safety) has already read the question.
        let (unknown_share, ranked) = self.read(question);
        let t = &self.thresholds;
        let confidence = ranked.first().map_or(0.0, |c| c.score);
        let runner_up = ranked.get(1).map_or(0.0, |c| c.score);
        // Off-topic guard: "side effects of ibuprofen" matches a generic phrase,
        // but its key word is one no FAQ uses. Never answer it.
        let off_topic = unknown_share >= t.unknown_share;
        let verdict = if off_topic {
            Verdict::NoMatch
        } else if confidence >= t.answer && confidence - runner_up >= t.margin {
            Verdict::Answer
        } else if confidence >= t.suggest {
            Verdict::Suggestions
        } else {
            Verdict::NoMatch
        };
        let candidates = ranked
            .into_iter()
            .enumerate()
            .filter(|(i, c)| (*i == 0 && verdict == Verdict::Answer) || c.score >= t.related)
            .map(|(_, c)| c)
            .take(3)
            .collect();
        MatchResult {
            verdict,
            confidence,
            candidates,
        }
    }
}

/// Sentences of a long message read on their own, at most.
const MAX_SENTENCES: usize = 8;

/// Scores are reported to 4 decimals so they are stable across platforms.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
