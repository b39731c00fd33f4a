//! The crisis screen. It runs before any matching: a message that reads as
//! suicidal intent, self-harm, an overdose or an emergency gets the crisis card.
//! Its phrases come from content, so a clinic can extend them.

use rust_stemmers::{Algorithm, Stemmer};

use super::config::CrisisLexicon;
use super::normalize::words;

/// One word of a lexicon phrase: its surface form and stem.
#[derive(Debug)]
struct Word {
    surface: String,
    stem: String,
}

struct Pattern {
    name: String,
    groups: Vec<Vec<Word>>,
    window: usize,
}

pub struct CrisisScreen {
    phrases: Vec<Vec<Word>>,
    idioms: Vec<Vec<Word>>,
    patterns: Vec<Pattern>,
    negations: Vec<String>,
    window: usize,
}

impl CrisisScreen {
    pub fn new(lexicon: &CrisisLexicon) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let parse = |p: &String| -> Vec<Word> {
            words(p)
                .into_iter()
                .map(|w| Word {
                    stem: stemmer.stem(&w).into_owned(),
                    surface: w,
                })
                .collect()
        };
        let patterns = lexicon
            .patterns
            .iter()
            .map(|p| Pattern {
                name: p.name.clone(),
                groups: p
                    .groups
                    .iter()
                    .map(|g| g.iter().flat_map(&parse).collect())
                    .collect(),
                window: p.window,
            })
            .collect();
        Self {
            phrases: lexicon
                .phrases
                .iter()
                .map(parse)
                .filter(|p| !p.is_empty())
                .collect(),
            idioms: lexicon
                .idioms
                .iter()
                .map(parse)
                .filter(|p| !p.is_empty())
                .collect(),
            patterns,
            negations: lexicon.negations.iter().flat_map(|n| words(n)).collect(),
            window: lexicon.negation_window,
        }
    }

    /// True when the message should get the crisis card.
    pub fn is_crisis(&self, text: &str) -> bool {
        self.matched_phrase(text).is_some()
    }

    /// The lexicon phrase or pattern that made `text` a crisis, if any (for `explain`).
    pub fn matched_phrase(&self, text: &str) -> Option<String> {
        let stemmer = Stemmer::create(Algorithm::English);
        let surface = words(text);
        let stems: Vec<String> = surface
            .iter()
            .map(|w| stemmer.stem(w).into_owned())
            .collect();
        let mut masked = vec![false; surface.len()];
        for idiom in &self.idioms {
            let mut start = 0;
            while let Some(i) = find(idiom, &surface, &stems, &masked, start, 0) {
                let end = (i + idiom.len()).min(masked.len());
                masked[i..end].iter_mut().for_each(|m| *m = true);
                start = end;
            }
        }
        let phrase = self.phrases.iter().find(|phrase| {
            let mut start = 0;
            while let Some(i) = find(phrase, &surface, &stems, &masked, start, 1) {
                if !self.negated(phrase.iter(), &surface, i) {
                    return true;
                }
                start = i + 1;
            }
            false
        });
        if let Some(phrase) = phrase {
            let text: Vec<&str> = phrase.iter().map(|w| w.surface.as_str()).collect();
            return Some(text.join(" "));
        }
        self.patterns
            .iter()
            .find(|p| {
                (0..surface.len()).any(|i| {
                    matches_pattern(p, &surface, &stems, &masked, i)
                        && !self.negated(p.groups.iter().flatten(), &surface, i)
                })
            })
            .map(|p| format!("pattern {}", p.name))
    }

    /// A negation shortly before the phrase cancels it ("I'm not suicidal"),
    /// unless the phrase itself is a negation ("don't want to live").
    fn negated<'a>(
        &self,
        mut phrase: impl Iterator<Item = &'a Word>,
        surface: &[String],
        start: usize,
    ) -> bool {
        if phrase.any(|w| self.negations.contains(&w.surface)) {
            return false;
        }
        surface[start.saturating_sub(self.window)..start]
            .iter()
            .any(|w| self.negations.contains(w))
    }
}

/// Finds `phrase` in the message at or after `from`, in order, allowing up to
/// `gap` unmatched words between phrase words. Returns where it starts.
fn find(
    phrase: &[Word],
    surface: &[String],
    stems: &[String],
    masked: &[bool],
    from: usize,
    gap: usize,
) -> Option<usize> {
    'start: for i in from..surface.len() {
        if masked[i] || !same(&phrase[0], &surface[i], &stems[i]) {
            continue;
        }
        let mut pos = i;
        for word in &phrase[1..] {
            let next = (pos + 1..=(pos + 1 + gap).min(surface.len().saturating_sub(1)))
                .find(|&k| !masked[k] && same(word, &surface[k], &stems[k]));
            match next {
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
fn matches_pattern(
    pattern: &Pattern,
    surface: &[String],
    stems: &[String],
    masked: &[bool],
    i: usize,
) -> bool {
    let hit = |k: usize, group: &[Word]| {
        !masked[k] && group.iter().any(|w| same(w, &surface[k], &stems[k]))
    };
    if !hit(i, &pattern.groups[0]) {
        return false;
    }
    let mut pos = i;
    for group in &pattern.groups[1..] {
        let end = (pos + pattern.window).min(surface.len().saturating_sub(1));
        match (pos + 1..=end).find(|&k| hit(k, group)) {
            Some(k) => pos = k,
            None => return false,
        }
    }
    true
}

/// Same word, same stem, an inflection ("unaliving" for "unalive") or a
/// typo of a longer word ("suicidel"). Four-letter words only forgive a
/// dropped, doubled or swapped letter ("kil", "wnat"), never a changed one:
/// "will someone" must not read as "kill someone".
fn same(word: &Word, surface: &str, stem: &str) -> bool {
    if word.surface == surface || word.stem == stem {
        return true;
    }
    let (len, other) = (word.surface.chars().count(), surface.chars().count());
    if len >= 5 && other <= len + 3 && surface.starts_with(word.surface.trim_end_matches('e')) {
        return true;
    }
    if len.abs_diff(other) > 2 {
        return false;
    }
    let distance = || strsim::damerau_levenshtein(&word.surface, surface);
    match len {
        0..=3 => false,
        4 => {
            other >= 3 && distance() == 1 && (len != other || same_letters(&word.surface, surface))
        }
        5..=7 => distance() <= 1,
        _ => distance() <= 2,
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
