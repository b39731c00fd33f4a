//! The editorial rules every published FAQ meets, whichever way its text
//! came: the content files (`clinicfaq check`, import) or the staff API
//! (submit and publish). `faq/README.md` explains them to writers; this
//! module is their one owner.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use super::{find_dosing, FaqFile, Lang, Provider, Slug};

/// Other ways patients ask the same thing, at least.
pub const MIN_ALTERNATES: usize = 6;
/// Words in an answer.
pub const ANSWER_WORDS: RangeInclusive<usize> = 60..=180;
/// Words in a summary, and its sentences at most.
pub const SUMMARY_WORDS: RangeInclusive<usize> = 8..=45;
pub const SUMMARY_SENTENCES: usize = 2;

/// What an entry is checked against: who serves patients, which source
/// articles the clinic has, and every other entry's phrasings.
#[derive(Debug, Clone, Default)]
pub struct Library {
    providers: Vec<Provider>,
    /// File names in the content's `sources/`; `None` when the content has
    /// no such folder (then a source must only be there).
    articles: Option<Vec<String>>,
    /// Each phrasing's language and key (see [`phrase_key`]), and the
    /// entry that has it: phrasings are unique within a language.
    phrasings: HashMap<(Lang, String), String>,
    /// What a translation must agree with: each English entry's provider
    /// kind and cited articles.
    english: HashMap<Slug, (String, Vec<String>)>,
}

impl Library {
    pub fn new<'a>(
        providers: Vec<Provider>,
        articles: Option<Vec<String>>,
        entries: impl IntoIterator<Item = &'a FaqFile>,
    ) -> Self {
        let mut phrasings = HashMap::new();
        let mut english = HashMap::new();
        for entry in entries {
            for phrase in phrasings_of(entry) {
                phrasings
                    .entry((entry.lang, phrase_key(phrase)))
                    .or_insert_with(|| entry.slug.to_string());
            }
            if entry.lang.is_english() {
                english
                    .entry(entry.slug.clone())
                    .or_insert_with(|| (entry.provider_kind.clone(), articles_of(entry)));
            }
        }
        Self {
            providers,
            articles,
            phrasings,
            english,
        }
    }
}

/// What keeps a summary from being published: one or two plain sentences
/// of 8-45 words that answer the question, without dosing.
fn summary_problems(summary: &str) -> Vec<String> {
    let summary = summary.trim();
    if summary.is_empty() {
        return vec![
            "the entry has no summary: one or two plain sentences that answer the question".into(),
        ];
    }
    let mut problems = Vec::new();
    let words = summary.split_whitespace().count();
    if !SUMMARY_WORDS.contains(&words) {
        problems.push(format!(
            "the summary has {words} words; it needs {}-{}",
            SUMMARY_WORDS.start(),
            SUMMARY_WORDS.end()
        ));
    }
    // Sentence ends: ". ", "? ", "! " inside, and the end itself.
    let sentences = summary
        .split_inclusive(['.', '?', '!'])
        .filter(|s| s.chars().any(char::is_alphabetic))
        .count();
    if sentences > SUMMARY_SENTENCES {
        problems.push(format!(
            "the summary has {sentences} sentences; it may have {SUMMARY_SENTENCES}"
        ));
    }
    if let Some(hit) = find_dosing(summary) {
        problems.push(format!("the summary contains dosing: `{hit}`"));
    }
    problems
}

/// A phrasing as the no-sharing rule compares it: case and punctuation are
/// ignored ("Side effects?" is "side effects").
pub fn phrase_key(phrase: &str) -> String {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn articles_of(entry: &FaqFile) -> Vec<String> {
    let mut articles: Vec<String> = entry.sources.iter().map(|s| s.article.clone()).collect();
    articles.sort();
    articles.dedup();
    articles
}

fn phrasings_of(entry: &FaqFile) -> impl Iterator<Item = &String> {
    std::iter::once(&entry.question).chain(&entry.alternates)
}

/// Every problem that keeps `entry` from being published, each a sentence
/// a nurse can act on. Empty means publishable.
pub fn problems(entry: &FaqFile, library: &Library) -> Vec<String> {
    let mut problems = Vec::new();
    if entry.sources.is_empty() {
        problems.push("the entry has no source".to_owned());
    }
    if let Some(articles) = &library.articles {
        for source in &entry.sources {
            let url =
                source.article.starts_with("https://") || source.article.starts_with("http://");
            if !url && !articles.contains(&source.article) {
                problems.push(format!(
                    "source `{}` is not one of the clinic's source articles",
                    source.article
                ));
            }
        }
    }
    if !super::referral::covered(&library.providers, &entry.provider_kind) {
        problems.push(format!(
            "no provider serves provider_kind `{}`",
            entry.provider_kind
        ));
    }
    if let Some(hit) = find_dosing(&entry.answer) {
        problems.push(format!("the answer contains dosing: `{hit}`"));
    }
    problems.extend(summary_problems(&entry.summary));
    let words = entry.answer.split_whitespace().count();
    if !ANSWER_WORDS.contains(&words) {
        problems.push(format!(
            "the answer has {words} words; it needs {}-{}",
            ANSWER_WORDS.start(),
            ANSWER_WORDS.end()
        ));
    }
    if entry.alternates.len() < MIN_ALTERNATES {
        problems.push(format!(
            "the entry has {} alternates; it needs at least {MIN_ALTERNATES}",
            entry.alternates.len()
        ));
    }
    if !entry.lang.is_english() {
        match library.english.get(&entry.slug) {
            None => problems.push(format!(
                "there is no published English entry `{}` for this translation",
                entry.slug
            )),
            Some((kind, articles)) => {
                if *kind != entry.provider_kind {
                    problems.push(format!(
                        "the English entry refers to provider_kind `{kind}`; a translation refers to the same"
                    ));
                }
                if *articles != articles_of(entry) {
                    problems.push(format!(
                        "a translation cites the English entry's source articles ({})",
                        articles.join(", ")
                    ));
                }
            }
        }
    }
    for phrase in phrasings_of(entry) {
        match library.phrasings.get(&(entry.lang, phrase_key(phrase))) {
            Some(other) if other != entry.slug.as_str() => problems.push(format!(
                "\"{phrase}\" is already a phrasing of `{other}`; each phrasing belongs to one entry"
            )),
            _ => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_one_or_two_plain_sentences_without_dosing() {
        assert!(summary_problems(
            "The dreamlike feelings fade within 30 to 90 minutes. The lift in mood can last days to weeks."
        )
        .is_empty());
        for (summary, reason) in [
            ("", "no summary"),
            ("Too short.", "2 words"),
            (
                "One sentence here now. Two sentences here now. Three sentences here now.",
                "3 sentences",
            ),
            (
                "Most patients take 50 mg for each of their sessions at the clinic.",
                "dosing",
            ),
        ] {
            let problems = summary_problems(summary).join("; ");
            assert!(problems.contains(reason), "{summary:?}: {problems}");
        }
    }
}
