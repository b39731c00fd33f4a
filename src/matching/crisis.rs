//! The crisis screen. It runs before any matching: a message that reads as
//! suicidal intent, self-harm, an overdose or an emergency gets the crisis card.
//! Its phrases and patterns come from content, so a clinic can extend them.
//!
//! Every distinct lexicon word is interned once. A message is read by finding,
//! for each of its words, which lexicon words it matches (exactly, by stem, as
//! an inflection or as a typo); phrases and patterns are then matched on ids.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::config::CrisisLexicon;
use super::letters::Letters;
use super::normalize::words;

/// One distinct lexicon word: its surface form, stem, length in
/// characters and letters (for the typo lookup).
#[derive(Debug)]
struct Word {
    surface: String,
    stem: String,
    len: usize,
    letters: Letters,
}

impl Word {
    fn new(surface: &str, stem: String) -> Self {
        Self {
            len: surface.chars().count(),
            letters: Letters::of(surface),
            surface: surface.to_owned(),
            stem,
        }
    }
}

/// A phrase or idiom: lexicon word ids in order.
type Phrase = Vec<usize>;

struct Pattern {
    name: String,
    groups: Vec<Vec<usize>>,
    window: usize,
}

pub struct CrisisScreen {
    lexicon: Vec<Word>,
    /// Lexicon word ids by surface form and by stem, for the exact lookup.
    by_surface: HashMap<String, Vec<usize>>,
    by_stem: HashMap<String, Vec<usize>>,
    /// Lexicon word ids by first letter and length, for the typo lookup
    /// (a typo rarely changes the first letter).
    by_start: HashMap<(char, usize), Vec<usize>>,
    phrases: Vec<Phrase>,
    idioms: Vec<Phrase>,
    patterns: Vec<Pattern>,
    /// Ids of the negation words.
    negations: Vec<usize>,
    window: usize,
    stemmer: Stemmer,
}

/// A message as the screen reads it.
struct Message<'a> {
    words: &'a [String],
    /// For each word, the lexicon ids it matches (sorted).
    hits: Vec<Vec<usize>>,
    masked: Vec<bool>,
}

impl Message<'_> {
    fn has(&self, k: usize, id: usize) -> bool {
        !self.masked[k] && self.hits[k].binary_search(&id).is_ok()
    }
}

impl CrisisScreen {
    pub fn new(lexicon: &CrisisLexicon) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut words_: Vec<Word> = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut intern = |text: &str| -> Phrase {
            words(text)
                .into_iter()
                .map(|w| {
                    *ids.entry(w.clone()).or_insert_with(|| {
                        words_.push(Word::new(&w, stemmer.stem(&w).into_owned()));
                        words_.len() - 1
                    })
                })
                .collect()
        };
        let phrases = lexicon
            .phrases
            .iter()
            .map(|p| intern(p))
            .filter(|p| !p.is_empty())
            .collect();
        let idioms = lexicon
            .idioms
            .iter()
            .map(|p| intern(p))
            .filter(|p| !p.is_empty())
            .collect();
        let patterns = lexicon
            .patterns
            .iter()
            .map(|p| Pattern {
                name: p.name.clone(),
                groups: p
                    .groups
                    .iter()
                    .map(|g| g.iter().flat_map(|w| intern(w)).collect())
                    .collect(),
                window: p.window,
            })
            .collect();
        let negations = lexicon.negations.iter().flat_map(|n| intern(n)).collect();
        let mut by_surface: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_start: HashMap<(char, usize), Vec<usize>> = HashMap::new();
        for (id, w) in words_.iter().enumerate() {
            by_surface.entry(w.surface.clone()).or_default().push(id);
            by_stem.entry(w.stem.clone()).or_default().push(id);
            if let Some(first) = w.surface.chars().next() {
                by_start
                    .entry((first, w.surface.chars().count()))
                    .or_default()
                    .push(id);
            }
        }
        Self {
            lexicon: words_,
            by_surface,
            by_stem,
            by_start,
            phrases,
            idioms,
            patterns,
            negations,
            window: lexicon.negation_window,
            stemmer,
        }
    }

    /// True when the message should get the crisis card.
    #[cfg(test)]
    pub fn is_crisis(&self, text: &str) -> bool {
        self.matched_phrase(&words(text)).is_some()
    }

    /// The lexicon phrase or pattern that made a message (its normalised
    /// words) a crisis, if any.
    pub fn matched_phrase(&self, words: &[String]) -> Option<String> {
        let mut msg = self.read(words);
        for idiom in &self.idioms {
            let mut start = 0;
            while let Some(i) = find(idiom, &msg, start, 0) {
                let end = (i + idiom.len()).min(msg.masked.len());
                msg.masked[i..end].iter_mut().for_each(|m| *m = true);
                start = end;
            }
        }
        let phrase = self.phrases.iter().find(|phrase| {
            let mut start = 0;
            while let Some(i) = find(phrase, &msg, start, 1) {
                if !self.negated(phrase.iter(), &msg, i) {
                    return true;
                }
                start = i + 1;
            }
            false
        });
        if let Some(phrase) = phrase {
            let text: Vec<&str> = phrase
                .iter()
                .map(|&id| self.lexicon[id].surface.as_str())
                .collect();
            return Some(text.join(" "));
        }
        self.patterns
            .iter()
            .find(|p| {
                (0..msg.words.len()).any(|i| {
                    matches_pattern(p, &msg, i) && !self.negated(p.groups.iter().flatten(), &msg, i)
                })
            })
            .map(|p| format!("pattern {}", p.name))
    }

    /// Which lexicon words each word of the message matches.
    fn read<'a>(&self, words: &'a [String]) -> Message<'a> {
        let hits = words
            .iter()
            .map(|w| {
                let stem = self.stemmer.stem(w);
                let (len, letters) = (w.chars().count(), Letters::of(w));
                let mut ids: Vec<usize> = Vec::new();
                ids.extend(self.by_surface.get(w.as_str()).into_iter().flatten());
                ids.extend(self.by_stem.get(stem.as_ref()).into_iter().flatten());
                // Inflections and typos: same first letter, a few letters longer or shorter.
                if let Some(first) = w.chars().next() {
                    let read = Read {
                        surface: w,
                        stem: &stem,
                        len,
                        letters,
                    };
                    for l in len.saturating_sub(3)..=len + 2 {
                        if let Some(cands) = self.by_start.get(&(first, l)) {
                            ids.extend(cands.iter().filter(|&&id| same(&self.lexicon[id], &read)));
                        }
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        Message {
            masked: vec![false; words.len()],
            words,
            hits,
        }
    }

    /// A negation shortly before the phrase cancels it ("I'm not suicidal"),
    /// unless the phrase itself is a negation ("don't want to live").
    fn negated<'a>(
        &self,
        mut phrase: impl Iterator<Item = &'a usize>,
        msg: &Message,
        start: usize,
    ) -> bool {
        if phrase.any(|id| self.negations.contains(id)) {
            return false;
        }
        (start.saturating_sub(self.window)..start).any(|k| {
            self.negations
                .iter()
                .any(|&n| msg.hits[k].binary_search(&n).is_ok())
        })
    }
}

/// Finds `phrase` in the message at or after `from`, in order, allowing up to
/// `gap` unmatched words between phrase words. Returns where it starts.
fn find(phrase: &[usize], msg: &Message, from: usize, gap: usize) -> Option<usize> {
    let last = msg.words.len().saturating_sub(1);
    'start: for i in from..msg.words.len() {
        if !msg.has(i, phrase[0]) {
            continue;
        }
        let mut pos = i;
        for &id in &phrase[1..] {
            match (pos + 1..=(pos + 1 + gap).min(last)).find(|&k| msg.has(k, id)) {
                Some(k) => pos = k,
                None => continue 'start,
            }
        }
        return Some(i);
    }
    None
}

/// Does `pattern` match starting at word `i`: one word of each group, in
/// order, each within the pattern's window of the previous?
fn matches_pattern(pattern: &Pattern, msg: &Message, i: usize) -> bool {
    let hit = |k: usize, group: &[usize]| group.iter().any(|&id| msg.has(k, id));
    if !hit(i, &pattern.groups[0]) {
        return false;
    }
    let mut pos = i;
    for group in &pattern.groups[1..] {
        let end = (pos + pattern.window).min(msg.words.len().saturating_sub(1));
        match (pos + 1..=end).find(|&k| hit(k, group)) {
            Some(k) => pos = k,
            None => return false,
        }
    }
    true
}

/// A word of the message, as the typo lookup compares it.
struct Read<'a> {
    surface: &'a str,
    stem: &'a str,
    len: usize,
    letters: Letters,
}

/// Same word, same stem, an inflection ("unaliving" for "unalive") or a
/// typo of a longer word ("suicidel"). Four-letter words only forgive a
/// dropped, doubled or swapped letter ("kil", "wnat"), never a changed one:
/// "will someone" must not read as "kill someone".
fn same(word: &Word, read: &Read<'_>) -> bool {
    let surface = read.surface;
    if word.surface == surface || word.stem == read.stem {
        return true;
    }
    let (len, other) = (word.len, read.len);
    if len >= 5 && other <= len + 3 && surface.starts_with(word.surface.trim_end_matches('e')) {
        return true;
    }
    if len.abs_diff(other) > 2 {
        return false;
    }
    let edits = match len {
        0..=3 => return false,
        4..=7 => 1,
        _ => 2,
    };
    if !word.letters.within(&read.letters, edits) {
        return false;
    }
    let distance = strsim::osa_distance(&word.surface, surface);
    if len == 4 {
        other >= 3 && distance == 1 && (len != other || same_letters(&word.surface, surface))
    } else {
        distance <= edits
    }
}

fn same_letters(a: &str, b: &str) -> bool {
    let mut a: Vec<char> = a.chars().collect();
    let mut b: Vec<char> = b.chars().collect();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> CrisisScreen {
        CrisisScreen::new(&CrisisLexicon {
            phrases: vec![
                "kill myself".into(),
                "kill someone".into(),
                "kms".into(),
                "want to die".into(),
                "don't want to live".into(),
                "overdose".into(),
            ],
            idioms: vec!["dying to know".into(), "killing me".into()],
            negations: vec!["not".into(), "never".into()],
            negation_window: 3,
            patterns: vec![crate::matching::CrisisPattern {
                name: "someone else at risk".into(),
                groups: vec![
                    vec!["friend".into(), "brother".into()],
                    vec!["says".into(), "keeps".into()],
                    vec!["die".into(), "hurt".into()],
                ],
                window: 4,
            }],
        })
    }

    #[test]
    fn catches_phrases_with_inflection_filler_and_typos() {
        let s = screen();
        for msg in [
            "i want to kill myself",
            "kms",
            "he wants to die",
            "i want to just die",
            "i want to kil myself",
            "i wnat to die",
            "my brother keeps saying he will hurt",
            "my friend says she wants to die",
            "i dont want to live anymore",
            "my friend overdosed",
        ] {
            assert!(s.is_crisis(msg), "{msg:?} is a crisis");
        }
    }

    #[test]
    fn ignores_idioms_and_negations() {
        let s = screen();
        for msg in [
            "i'm dying to know how long it lasts",
            "this traffic is killing me",
            "i would never kill myself, just asking",
            "how long does it last",
            "will someone be watching me",
        ] {
            assert!(!s.is_crisis(msg), "{msg:?} is not a crisis");
        }
    }
}
