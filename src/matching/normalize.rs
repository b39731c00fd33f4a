//! Text normalisation: Unicode NFKC, lowercase, apostrophes and contractions,
//! punctuation. Only plain English lives here; domain words live in content.

use unicode_normalization::UnicodeNormalization;

use super::english_words::{chat_abbreviation, is_stop_word, whole_word_contraction, COMMON_WORDS};

/// Longest input the normaliser reads, in characters. Questions are capped
/// far below this at the API; this keeps the pure core bounded on its own.
pub const MAX_CHARS: usize = 2_000;

/// Splits `text` into lowercase words with contractions expanded.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = raw.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        read_word(word, &mut out);
        misread_does(&mut out);
        asks_a_price(&mut out);
    }
    out
}

/// "dose" typed for "does" after how / why / when / where ("how dose it
/// work"). Never after "what", where "what dose" is a real question about dosing.
fn misread_does(out: &mut [String]) {
    if let [.., before, last] = out {
        if last == "dose" && matches!(before.as_str(), "how" | "why" | "when" | "where") {
            *last = "does".to_owned();
        }
    }
}

/// "how much is / for / per ..." asks a price: the word is said, so a
/// clinic whose FAQ has no price reads it as another topic ("how much is a
/// session" is not "how many sessions").
fn asks_a_price(out: &mut Vec<String>) {
    if let [.., a, b, c] = out.as_slice() {
        if a == "how"
            && b == "much"
            && matches!(c.as_str(), "is" | "are" | "for" | "per" | "would" | "will")
        {
            let at = out.len() - 1;
            out.insert(at, "price".to_owned());
        }
    }
}

/// A typed word as the matcher reads it: stretched letters cut ("sooo" ->
/// "so"), chat abbreviations read ("ppl" -> "people"), contractions
/// spelled out.
fn read_word(word: &str, out: &mut Vec<String>) {
    let squeezed = squeeze(word);
    let word = squeezed.as_deref().unwrap_or(word);
    match chat_abbreviation(word) {
        Some(full) => out.extend(full.split(' ').filter(|w| !w.is_empty()).map(str::to_owned)),
        None => match dropped_g(word) {
            Some(full) => out.push(full),
            None => expand(word, out),
        },
    }
}

/// Words that end in "in" and are words, though adding a "g" makes another.
const NOT_DROPPED_G: &[&str] = &[
    "actin", "aspirin", "basin", "chin", "dustin", "raisin", "rankin", "thin", "turin",
];

/// A spoken "-in'" for "-ing" ("goin", "talkin'", "durin"), when the
/// "-ing" form is a common English word.
fn dropped_g(word: &str) -> Option<String> {
    let stem = word.strip_suffix('\'').unwrap_or(word);
    if stem.len() < 4 || !stem.ends_with("in") || NOT_DROPPED_G.contains(&stem) {
        return None;
    }
    let full = format!("{stem}g");
    super::english::is_english_word(&full).then_some(full)
}

/// NFKC, lowercase, one apostrophe. Plain ASCII (most questions) is its
/// own NFKC form, so it skips the Unicode tables.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        let mut folded = text[..text.len().min(MAX_CHARS)].to_ascii_lowercase();
        if folded.contains('`') {
            folded = folded.replace('`', "'");
        }
        return folded;
    }
    fold_unicode(text)
}

fn fold_unicode(text: &str) -> String {
    text.nfkc()
        .take(MAX_CHARS)
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' | '\u{2032}' => '\'',
            c => c,
        })
        .collect()
}

/// One word with its contraction spelled out ("don't" -> "do not").
pub fn expand(word: &str, out: &mut Vec<String>) {
    if let Some(full) = whole_word_contraction(word) {
        out.extend(full.split(' ').map(str::to_owned));
        return;
    }
    if let Some((stem, tail)) = word.split_once('\'') {
        let tail = tail.replace('\'', "");
        match tail.as_str() {
            "t" if stem.ends_with('n') => {
                let base = &stem[..stem.len() - 1];
                out.push(
                    match base {
                        "wo" => "will",
                        "ca" => "can",
                        "sha" => "shall",
                        b => b,
                    }
                    .to_owned(),
                );
                out.push("not".to_owned());
            }
            "m" => push_both(out, stem, "am"),
            "re" => push_both(out, stem, "are"),
            "ve" => push_both(out, stem, "have"),
            "ll" => push_both(out, stem, "will"),
            "d" => push_both(out, stem, "would"),
            "s" | "" => out.push(stem.to_owned()),
            _ => out.push(format!("{stem}{tail}")),
        }
        return;
    }
    out.push(word.to_owned());
}

/// Runs of three or more of one letter cut to two ("sooo" -> "soo"), or
/// to one when only that makes an English word ("pleeease" -> "please").
fn squeeze(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if !chars
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_alphabetic())
    {
        return None;
    }
    let cut = |keep: usize| cut_runs(word, keep, keep);
    let two = cut(2);
    if super::english::is_english_word(&two) {
        return Some(two);
    }
    let one = cut(1);
    let known = |w: &str| super::english::is_plain_english(w) || w.len() < 4;
    Some(if known(&one) { one } else { two })
}

/// `word` with every run of one letter longer than `longest` cut to `to`
/// letters; digits and other characters stay as typed.
pub(super) fn cut_runs(word: &str, longest: usize, to: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let keep = if c.is_alphabetic() && run > longest {
            to
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
        i += run;
    }
    out
}

fn push_both(out: &mut Vec<String>, stem: &str, full: &str) {
    out.push(stem.to_owned());
    out.push(full.to_owned());
}

/// True for a pronoun, a stop word or a very common English word, in any
/// case or spelling the normaliser folds together ("I'm", "im").
pub fn is_common_word(term: &str) -> bool {
    let folded = words(term);
    let joined = folded.join("");
    let raw = term.trim().to_lowercase();
    [raw.as_str(), joined.as_str()]
        .iter()
        .any(|w| is_stop_word(w) || COMMON_WORDS.contains(w))
        || folded.len() > 1 && folded.iter().all(|w| is_stop_word(w))
}

#[cfg(test)]
mod tests {
    use super::{fold, fold_unicode, words, MAX_CHARS};

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_folds_like_nfkc(text in "[ -~\t\n]{0,300}") {
            proptest::prop_assert_eq!(fold(&text), fold_unicode(&text));
        }
    }

    #[test]
    fn ascii_fast_path_keeps_the_length_cap() {
        let long = "Ab`".repeat(MAX_CHARS);
        assert_eq!(fold(&long), fold_unicode(&long));
    }

    #[test]
    fn lowercases_and_strips_punctuation() {
        assert_eq!(
            words("How LONG, does it last?!"),
            ["how", "long", "does", "it", "last"]
        );
    }

    #[test]
    fn expands_contractions_with_and_without_apostrophes() {
        assert_eq!(words("isn't"), ["is", "not"]);
        assert_eq!(
            words("I’m sure it won’t"),
            ["i", "am", "sure", "it", "will", "not"]
        );
        assert_eq!(words("dont cant"), ["do", "not", "can", "not"]);
        assert_eq!(words("the clinic's hours"), ["the", "clinic", "hours"]);
    }

    #[test]
    fn applies_nfkc() {
        assert_eq!(words("ｋｅｔａｍｉｎｅ ﬁne"), ["ketamine", "fine"]);
    }

    #[test]
    fn reads_dropped_gs_but_not_words_that_end_in_in() {
        assert_eq!(words("goin talkin' durin"), ["going", "talking", "during"]);
        assert_eq!(words("thin skin aspirin"), ["thin", "skin", "aspirin"]);
    }

    #[test]
    fn reads_dose_typed_for_does_only_after_how_why_when_where() {
        assert_eq!(words("how dose it work"), ["how", "does", "it", "work"]);
        assert_eq!(words("what dose is safe"), ["what", "dose", "is", "safe"]);
    }

    #[test]
    fn reads_how_much_is_as_a_price() {
        assert_eq!(
            words("how much is a session"),
            ["how", "much", "price", "is", "a", "session"]
        );
        assert_eq!(
            words("how much does it help"),
            ["how", "much", "does", "it", "help"]
        );
    }

    #[test]
    fn reads_chat_spellings() {
        assert_eq!(words("wats enuf"), ["what", "is", "enough"]);
        assert_eq!(words("get a script"), ["get", "a", "prescription"]);
    }

    #[test]
    fn keeps_digits_and_splits_hyphens() {
        assert_eq!(words("side-effects 24h"), ["side", "effects", "24h"]);
    }
}
