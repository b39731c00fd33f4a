//! From text to index terms: words → (typo fix) → synonyms → stop words → stems.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

use super::config::{Language, MatchConfig};
use super::english;
use super::english_words::{ENGLISH_STOP_WORDS, GLUE_WORDS};
use super::spanish;
use super::synonyms::Synonyms;
use super::vocab::Vocabulary;

/// See [`Analyzer::glue_idf_share`]: chosen on the blind English tuning
/// sets (0.5-0.65 all cut wrong answers by about a sixth; 0.6 kept the most
/// right ones).
const GLUE_IDF_SHARE: f64 = 0.6;

pub struct Analyzer {
    language: Language,
    stemmer: Stemmer,
    stop: HashSet<String>,
    glue: HashSet<String>,
    /// The glue words' stems, to tell a topic term from a common verb.
    glue_stems: HashSet<String>,
    synonyms: Synonyms,
}

/// A question after analysis.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct QueryTerms {
    /// Stems of words the corpus knows (directly, corrected or split).
    pub known: Vec<String>,
    /// Content words nobody in the corpus uses: evidence the question is off-topic.
    pub unknown: Vec<String>,
    /// The repaired words, stop words included, for character-level similarity.
    pub text: String,
}

impl Analyzer {
    pub fn new(config: &MatchConfig) -> Self {
        let language = config.language;
        let (algorithm, stop_words, glue) = match language {
            Language::English => (Algorithm::English, ENGLISH_STOP_WORDS, GLUE_WORDS),
            Language::Spanish => (
                Algorithm::Spanish,
                spanish::stop_words(),
                spanish::glue_words(),
            ),
        };
        let words = words_of(language);
        // Each list word as this language reads it (Spanish: by its sound).
        let read = |w: &&str| -> Vec<String> {
            match language {
                Language::English => vec![w.to_string()],
                Language::Spanish => words(w),
            }
        };
        let mut stop: HashSet<String> = stop_words.iter().flat_map(read).collect();
        stop.extend(config.stop_words.iter().flat_map(|w| words(w)));
        let glue: HashSet<String> = glue.iter().flat_map(read).collect();
        let stemmer = Stemmer::create(algorithm);
        let glue_stems = glue.iter().map(|w| stemmer.stem(w).into_owned()).collect();
        Self {
            language,
            stemmer,
            stop,
            glue,
            glue_stems,
            synonyms: Synonyms::new(&config.synonyms, words),
        }
    }

    /// The words of a text as this language reads them.
    pub fn words(&self, text: &str) -> Vec<String> {
        words_of(self.language)(text)
    }

    pub fn synonym_words(&self) -> impl Iterator<Item = &String> {
        self.synonyms.words()
    }

    /// True for the stem of a plain-English glue word ("work", "help").
    pub fn is_glue_stem(&self, stem: &str) -> bool {
        self.glue_stems.contains(stem)
    }

    /// The share of its IDF a glue term the corpus uses counts for. A
    /// glue word ("actually", "work", "feel") rarely names what a message
    /// asks, so a phrase matched through one ("what do you *actually* do")
    /// is weaker evidence than its IDF says. English only: measured on
    /// the Spanish sets, the Spanish list weighed down lost right answers.
    pub fn glue_idf_share(&self) -> f64 {
        match self.language {
            Language::English => GLUE_IDF_SHARE,
            Language::Spanish => 1.0,
        }
    }

    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// Terms of a corpus text (no typo correction: the corpus is the reference).
    pub fn corpus_terms(&self, text: &str) -> Vec<String> {
        self.finish(self.synonyms.rewrite(&self.words(text)))
    }

    /// A corpus phrase's terms, and its words after synonyms with stop
    /// words kept (the character-level view).
    pub fn corpus_phrase(&self, text: &str) -> (Vec<String>, String) {
        let rewritten = self.synonyms.rewrite(&self.words(text));
        (self.finish(rewritten.clone()), rewritten.join(" "))
    }

    /// Terms of a patient's question (its normalised words), repaired
    /// against the corpus vocabulary.
    pub fn query_terms(&self, words: &[String], vocab: &Vocabulary) -> QueryTerms {
        let mut repaired = Vec::new();
        let mut shown = Vec::new();
        let mut unknown = Vec::new();
        for word in words.iter().cloned() {
            let before = repaired.len();
            if self.language == Language::Spanish && spanish::names_other_business(&word) {
                unknown.push(self.stem(&word));
                shown.push(word);
                continue;
            }
            if self.stop.contains(&word)
                || vocab.contains(&word)
                || vocab.has_stem(&self.stem(&word))
            {
                repaired.push(word);
            } else if let Some((a, b)) = vocab.split_joined(&word) {
                repaired.push(a);
                repaired.push(b);
            } else if let Some(fixed) = vocab.correct(&word) {
                repaired.push(fixed.to_owned());
            } else if let Some(fixed) = self.correct_plain(&word).filter(|w| {
                vocab.contains(w) || vocab.has_stem(&self.stem(w)) || self.glue.contains(*w)
            }) {
                // A misspelled plain-English word the corpus or the glue knows.
                if !self.glue.contains(fixed) {
                    repaired.push(fixed.to_owned());
                } else {
                    shown.push(fixed.to_owned());
                    continue;
                }
            } else {
                // Unknown: evidence of another topic, unless it is plain-English glue.
                // Either way it stays in the character-level view as a difference.
                if !self.is_glue(&word) {
                    unknown.push(self.stem(&word));
                }
                shown.push(word);
                continue;
            }
            shown.extend(repaired[before..].iter().cloned());
        }
        QueryTerms {
            known: self.finish(self.synonyms.rewrite(&repaired)),
            unknown,
            text: self.synonyms.rewrite(&shown).join(" "),
        }
    }

    /// Plain-English glue ("exactly", "friend"), or a misspelling of it
    /// ("actualy", "freind") that is not itself a common word: the
    /// person's story, not evidence of another topic.
    fn is_glue(&self, word: &str) -> bool {
        // A stray letter ("w/e", "u.s.") names no topic.
        if self.glue.contains(word) || word.chars().count() == 1 {
            return true;
        }
        // Spanish: any form of a glue word ("sintió", "sentí": "sentir"),
        // and numbers (ages, years, counts) are the patient's story.
        if self.language == Language::Spanish
            && (self.glue_stems.contains(&self.stem(word))
                || word.chars().any(|c| c.is_ascii_digit()))
        {
            return true;
        }
        let len = word.chars().count();
        let edits = super::vocab::allowed_edits(len).min(1);
        let english = self.language == Language::English;
        edits > 0
            && !(english && super::english::is_english_word(word))
            && self
                .glue
                .iter()
                .any(|g| g.len().abs_diff(len) <= edits && strsim::osa_distance(word, g) <= edits)
    }

    /// A misspelled everyday word, corrected against the language's word
    /// list (English only: there is no Spanish list yet; Spanish typos are
    /// repaired against the corpus vocabulary).
    fn correct_plain(&self, word: &str) -> Option<&'static str> {
        match self.language {
            Language::English => english::correct(word),
            Language::Spanish => None,
        }
    }

    fn finish(&self, words: Vec<String>) -> Vec<String> {
        words
            .into_iter()
            .filter(|w| !self.stop.contains(w))
            .map(|w| self.stem(&w))
            .collect()
    }
}

fn words_of(language: Language) -> fn(&str) -> Vec<String> {
    match language {
        Language::English => super::normalize::words,
        Language::Spanish => spanish::words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glue_and_its_misspellings_are_not_evidence_of_another_topic() {
        let analyzer = Analyzer::new(&MatchConfig::default());
        let mut vocab = Vocabulary::default();
        vocab.seal();
        let words: Vec<String> = ["freind", "totaly", "took", "ibuprofen", "insurance"]
            .map(str::to_owned)
            .into();
        let terms = analyzer.query_terms(&words, &vocab);
        assert_eq!(terms.unknown, ["ibuprofen", "insur"]);
    }
}
