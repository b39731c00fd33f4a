//! Common English words (four letters or more), from `english_words.txt`,
//! made by `scripts/make_english_words.py` from the `wordfreq` package.
//! A word on this list is a word, not a typo: "raining" is not "railing"
//! mistyped, and an unknown common word is not a misspelled FAQ word.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

static WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("english_words.txt").lines().collect());

/// True for a common English word of four letters or more.
pub fn is_english_word(word: &str) -> bool {
    WORDS.contains(word)
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
}
