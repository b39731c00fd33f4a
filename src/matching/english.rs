//! Common English words (four letters or more), from `english_words.txt`,
//! made by `scripts/make_english_words.py` from the `wordfreq` package.
//! A word on this list is a word, not a typo: "raining" is not "railing"
//! mistyped, and an unknown common word is not a misspelled FAQ word.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::letters::Letters;
use super::vocab::allowed_edits;

static WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("english_words.txt").lines().collect());

/// True for a common English word of four letters or more.
pub fn is_english_word(word: &str) -> bool {
    WORDS.contains(word)
}

/// Common English words bucketed by first letter and length, with their
/// letter counts. A typo rarely changes the first letter.
type Buckets = Vec<Vec<Vec<(&'static str, Letters)>>>;

static BUCKETS: LazyLock<Buckets> = LazyLock::new(|| {
    let mut buckets: Buckets = vec![Vec::new(); 26];
    for w in include_str!("english_words.txt").lines() {
        let Some(first) = first_letter(w) else {
            continue;
        };
        let by_len = &mut buckets[first];
        if by_len.len() <= w.len() {
            by_len.resize_with(w.len() + 1, Vec::new);
        }
        by_len[w.len()].push((w, Letters::of(w)));
    }
    buckets
});

fn first_letter(word: &str) -> Option<usize> {
    let b = *word.as_bytes().first()?;
    b.is_ascii_lowercase().then(|| usize::from(b - b'a'))
}

/// The one common English word a misspelling is closest to ("insted" ->
/// "instead", "freind" -> "friend"), with the same first letter and within
/// the edits its length allows; `None` for a word, a word too short to
/// correct, or a tie.
pub fn correct(word: &str) -> Option<&'static str> {
    let len = word.chars().count();
    let max = allowed_edits(len);
    if max == 0 || !word.is_ascii() || is_english_word(word) {
        return None;
    }
    let by_len = &BUCKETS[first_letter(word)?];
    let letters = Letters::of(word);
    let mut best: Option<(usize, &'static str)> = None;
    let mut tied = false;
    for l in len.saturating_sub(max)..=len + max {
        for &(w, ref known) in by_len.get(l).into_iter().flatten() {
            if !letters.within(known, max) {
                continue;
            }
            let d = strsim::osa_distance(word, w);
            if d > max.min(allowed_edits(l)) {
                continue;
            }
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, _)) if d == bd => tied = true,
                _ => {
                    best = Some((d, w));
                    tied = false;
                }
            }
        }
    }
    best.filter(|_| !tied).map(|(_, w)| w)
}

/// True for a word plain English knows: a common word of four letters or
/// more, or a stop word.
pub fn is_plain_english(word: &str) -> bool {
    is_english_word(word) || super::is_stop_word(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_words_and_not_typos() {
        for w in ["raining", "railing", "disappointed", "pills"] {
            assert!(is_english_word(w), "{w}");
        }
        for w in ["suicde", "overdoes", "ketamin", "pils", "a"] {
            assert!(!is_english_word(w), "{w}");
        }
    }

    #[test]
    fn corrects_a_misspelling_to_its_one_nearest_word() {
        assert_eq!(correct("insted"), Some("instead"));
        assert_eq!(correct("diffrence"), Some("difference"));
        assert_eq!(correct("raining"), None, "a word is not corrected");
        assert_eq!(correct("kno"), None, "too short to correct");
        assert_eq!(correct("ibuprofen"), None, "nothing near");
    }
}
