//! How the crisis screen reads a message: undoing obfuscation, then words
//! grouped in sentences and clauses.
//!
//! Unlike the matcher's normaliser, nothing is dropped for length: the whole
//! message is read (the API caps it as sent). Each word keeps a few spellings
//! ("forms"): as typed, with digits and symbols read as letters (`k1ll`), and
//! with runs of a repeated letter shortened (`diiiie`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One word of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Spellings to match, the first as typed (folded).
    pub forms: Vec<String>,
    /// Sentence and clause (within the whole message) the word is in.
    pub sentence: usize,
    pub clause: usize,
    /// Joined from spaced letters ("k i l l m y s e l f"): it may be several
    /// words run together.
    pub joined: bool,
}

/// A message as the screen reads it.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub tokens: Vec<Token>,
    /// The folded text with single spaces, for scripts without spaces
    /// between words (Chinese, Korean, ...) and phrase lookups.
    pub flat: String,
}

/// Folds and splits `text` into words, sentences and clauses.
pub fn read(text: &str) -> Read {
    let folded = fold(text);
    let (joined, runs) = join_spaced_letters(&folded);
    let flat = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut tokens = Vec::new();
    let (mut sentence, mut clause) = (0, 0);
    let mut pending_break = (false, false);
    for piece in pieces(&joined) {
        match piece {
            Piece::SentenceEnd => pending_break = (true, true),
            Piece::ClauseEnd => pending_break.1 = true,
            Piece::Word(raw) => {
                let mut words = Vec::new();
                let leet = unleet(raw);
                let plain = raw.to_owned();
                expand_word(&plain, &mut words);
                let alt = leet.filter(|l| *l != plain).map(|l| {
                    let mut v = Vec::new();
                    expand_word(&l, &mut v);
                    v
                });
                if pending_break.0 && !tokens.is_empty() {
                    sentence += 1;
                }
                if pending_break.1 && !tokens.is_empty() {
                    clause += 1;
                }
                pending_break = (false, false);
                // "c4nt" reads as "can not": the digits' reading wins when
                // it makes a different number of words.
                if let Some(a) = alt.as_ref().filter(|a| a.len() != words.len()) {
                    words = a.clone();
                }
                let alt = alt.filter(|a| a.len() == words.len());
                let n = words.len();
                for i in 0..n {
                    let mut forms = Vec::new();
                    if let Some(w) = words.get(i) {
                        forms.push(w.clone());
                    }
                    if let Some(w) = alt.as_ref().and_then(|a| a.get(i)) {
                        if !forms.contains(w) {
                            forms.push(w.clone());
                        }
                    }
                    add_squeezed(&mut forms);
                    if forms.iter().all(|f| f.is_empty()) {
                        continue;
                    }
                    if forms[0] == "but" {
                        clause += 1;
                    }
                    let joined = runs.contains(&forms[0]);
                    tokens.push(Token {
                        forms,
                        sentence,
                        clause,
                        joined,
                    });
                }
            }
        }
    }
    Read { tokens, flat }
}

/// Lower case, compatibility forms, no accents, no invisible characters,
/// one apostrophe, emoji as words, look-alike letters inside Latin words
/// read as Latin.
pub fn fold(text: &str) -> String {
    // Plain ASCII (most messages) has no emoji, invisible characters,
    // accents or look-alike letters to undo.
    if text.is_ascii() {
        return text.to_ascii_lowercase().replace('`', "'");
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if let Some(word) = emoji_word(c) {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else if !invisible(c) {
            out.push(c);
        }
    }
    let lowered: String = out
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' | '\u{2032}' | '\u{2bc}' | '\u{2b9}'
            | '\u{2bb}' | '\u{2bd}' | '\u{2be}' | '\u{ff07}' | '\u{55a}' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{111}' => 'd',
            '\u{142}' => 'l',
            '\u{f8}' => 'o',
            c => c,
        })
        .collect::<String>()
        .nfc()
        .collect();
    unconfuse(&lowered)
}

/// Zero-width characters, soft hyphens, joiners, variation selectors, tags:
/// invisible, and used to hide words from filters.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{e0000}'..='\u{e0fff}')
}

/// Emoji that people use for the words of a crisis.
fn emoji_word(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{1f52b}' => "gun",
        '\u{1f48a}' => "pills",
        '\u{1f52a}' | '\u{1f5e1}' => "knife",
        '\u{1faa2}' => "rope",
        '\u{26b0}' => "coffin",
        '\u{1faa6}' => "grave",
        '\u{1fa78}' => "blood",
        '\u{1f480}' | '\u{2620}' => "skull",
        '\u{1fac1}' => "lungs",
        '\u{1f4a5}' => "boom",
        '\u{2709}' | '\u{1f48c}' | '\u{1f4e9}' => "letter",
        '\u{1f44b}' => "bye",
        '\u{1f309}' => "bridge",
        '\u{1fa92}' => "razor",
        '\u{1f489}' => "needle",
        '\u{1f6e4}' => "tracks",
        '\u{1f6a8}' | '\u{1f691}' => "ambulance",
        '\u{1f5d1}' => "trash",
        _ => return None,
    })
}

/// Cyrillic and Greek letters that look like Latin ones, inside a word that
/// also has Latin letters ("kіll" with a Cyrillic і), read as the Latin
/// letter (Unicode's confusables data). Words wholly in another script are
/// left alone: they are that language.
fn unconfuse(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let latin = word.chars().any(|c| c.is_ascii_alphabetic());
        let foreign = word.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
        if !(latin && foreign) {
            out.push_str(word);
            continue;
        }
        for c in word.chars() {
            if c.is_ascii() || !c.is_alphabetic() {
                out.push(c);
                continue;
            }
            let proto: String = unicode_security::skeleton(c.encode_utf8(&mut [0; 4])).collect();
            let mut chars = proto.chars();
            match (chars.next(), chars.next()) {
                (Some(p), None) if p.is_ascii_alphabetic() => out.push(p.to_ascii_lowercase()),
                _ => out.push(c),
            }
        }
    }
    out
}

/// Single letters separated by one space, dot, dash or star ("k i l l",
/// "s.u.i.c.i.d.e") joined into a word. Two spaces end the word, so
/// "t o o k  a l l" reads "took all". Needs three letters in a row.
fn join_spaced_letters(text: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let sep = |c: char| matches!(c, ' ' | '.' | '-' | '_' | '*' | '\u{b7}' | '/' | '+');
    // ASCII only: Chinese and Korean put one-syllable words between spaces.
    let single = |i: usize| {
        chars[i].is_ascii_alphanumeric()
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && (i + 1 == chars.len() || !chars[i + 1].is_alphanumeric())
    };
    let mut out = String::with_capacity(text.len());
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if single(i) {
            let mut j = i;
            let mut letters = vec![chars[i]];
            while j + 2 < chars.len() && sep(chars[j + 1]) && single(j + 2) {
                letters.push(chars[j + 2]);
                j += 2;
            }
            let short: String = letters.iter().collect();
            if (letters.len() >= 3
                || matches!(
                    short.as_str(),
                    "my" | "me"
                        | "od"
                        | "im"
                        | "it"
                        | "to"
                        | "be"
                        | "do"
                        | "go"
                        | "am"
                        | "is"
                        | "up"
                ))
                && letters.iter().any(|c| c.is_alphabetic())
            {
                out.push(' ');
                out.push_str(&short);
                out.push(' ');
                runs.push(short);
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, runs)
}

/// Splits `word` into known words ("iwanttobedead" -> "i want to be
/// dead"), fewest words first; `None` when it cannot.
pub fn segment(word: &str, known: &impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n > 120 {
        return None;
    }
    // best[i]: fewest words covering chars[..i], and where the last began.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in end.saturating_sub(20)..end {
            let Some((count, _)) = best[start] else {
                continue;
            };
            let piece: String = chars[start..end].iter().collect();
            if known(&piece) && best[end].is_none_or(|(c, _)| count + 1 < c) {
                best[end] = Some((count + 1, start));
            }
        }
    }
    best[n]?;
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(chars[start..end].iter().collect());
        end = start;
    }
    out.reverse();
    (out.len() > 1).then_some(out)
}

enum Piece<'a> {
    Word(&'a str),
    SentenceEnd,
    ClauseEnd,
}

/// Characters typed for letters: `k1ll`, `$uicide`, `d3@d`, `c*tting`.
fn is_leet(c: char) -> bool {
    matches!(c, '0'..='9' | '@' | '$' | '!' | '|' | '\u{20ac}' | '*')
}

/// Words (letters, digits, apostrophes, and symbols standing for letters
/// inside a word) and the punctuation that ends sentences and clauses.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let word_char = |k: usize| {
        let c = chars[k].1;
        if c.is_alphanumeric() || c == '\'' {
            return true;
        }
        if !is_leet(c) || c.is_ascii_digit() {
            return false;
        }
        let before = k > 0 && chars[k - 1].1.is_alphanumeric();
        let after = k + 1 < chars.len() && chars[k + 1].1.is_alphanumeric();
        after && (before || matches!(c, '$' | '@'))
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if word_char(k) {
            let start = chars[k].0;
            while k < chars.len() && word_char(k) {
                k += 1;
            }
            let end = chars.get(k).map_or(text.len(), |c| c.0);
            out.push(Piece::Word(&text[start..end]));
            continue;
        }
        match chars[k].1 {
            '.' | '!' | '?' | ';' | '\n' | '\u{2026}' | '\u{3002}' | '\u{ff01}' | '\u{ff1f}'
            | '\u{61f}' => out.push(Piece::SentenceEnd),
            ',' | ':' | '(' | ')' | '"' | '\u{ff0c}' | '\u{60c}' => out.push(Piece::ClauseEnd),
            _ => {}
        }
        k += 1;
    }
    out
}

/// The word with digits and symbols read as letters, when it mixes them
/// with letters.
fn unleet(word: &str) -> Option<String> {
    let has_letter = word.chars().any(|c| c.is_alphabetic());
    if !has_letter || !word.chars().any(is_leet) {
        return None;
    }
    Some(
        word.chars()
            .map(|c| match c {
                '0' => 'o',
                '1' | '!' | '|' => 'i',
                '3' | '\u{20ac}' => 'e',
                '4' | '@' => 'a',
                '5' | '$' => 's',
                '7' => 't',
                '8' => 'b',
                '9' => 'g',
                '*' => 'u',
                c => c,
            })
            .collect(),
    )
}

/// True when words of the message read as words only backwards
/// ("thginot flesym"): at least two, and at least half of those that are
/// no known word as typed. Only words of four letters or more count: the
/// word list knows no shorter ones.
pub fn reads_backwards(tokens: &[Token]) -> bool {
    let known = crate::matching::english::is_plain_english;
    let (mut unknown, mut flipped) = (0, 0);
    for t in tokens {
        let w = &t.forms[0];
        if w.chars().count() < 4 || !w.chars().all(char::is_alphabetic) || known(w) {
            continue;
        }
        unknown += 1;
        flipped += usize::from(known(&w.chars().rev().collect::<String>()));
    }
    flipped >= 2 && 2 * flipped >= unknown
}

/// Adds the word with runs of three or more of a letter cut to two and to
/// one ("diiiie" -> "diie", "die"), and, for a word that is no English word,
/// a doubled first or last letter cut to one ("mmy", "endingg").
fn add_squeezed(forms: &mut Vec<String>) {
    if let Some(s) = forms.first().and_then(|w| trim_doubled_edges(w)) {
        if !forms.contains(&s) {
            forms.push(s);
        }
    }
    let n = forms.len();
    for i in 0..n {
        for keep in [2, 1] {
            if let Some(s) = squeeze(&forms[i], keep) {
                if !forms.contains(&s) {
                    forms.push(s);
                }
            }
        }
    }
}

fn trim_doubled_edges(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 3
        || !chars.iter().all(|c| c.is_ascii_lowercase())
        || crate::matching::english::is_plain_english(word)
    {
        return None;
    }
    let start = usize::from(chars[0] == chars[1] && chars[1] != chars[2]);
    let end = usize::from(n >= 4 && chars[n - 1] == chars[n - 2] && chars[n - 2] != chars[n - 3]);
    (start + end > 0).then(|| chars[start..n - end].iter().collect())
}

fn squeeze(word: &str, keep: usize) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        if j - i >= 3 && chars[i].is_alphabetic() {
            out.extend(std::iter::repeat_n(chars[i], keep));
            changed = true;
        } else {
            out.extend(&chars[i..j]);
        }
        i = j;
    }
    changed.then_some(out)
}

/// Contractions spelled out, as the matcher reads them ("don't" -> "do
/// not", "im" -> "i am", "wanna" -> "want to").
fn expand_word(word: &str, out: &mut Vec<String>) {
    let word = word.trim_matches('\'');
    if word.is_empty() {
        return;
    }
    crate::matching::expand_contraction(word, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        read(text)
            .tokens
            .into_iter()
            .map(|t| t.forms.join("/"))
            .collect()
    }

    #[test]
    fn undoes_obfuscation() {
        assert_eq!(words("k1ll mys3lf"), ["k1ll/kill", "mys3lf/myself"]);
        assert_eq!(words("I want to k\u{200b}ill"), ["i", "want", "to", "kill"]);
        assert_eq!(words("su\u{ad}icide"), ["suicide"]);
        // Cyrillic і and а inside Latin words.
        assert_eq!(words("k\u{456}ll \u{430}ll"), ["kill", "all"]);
        assert_eq!(words("k i l l myself"), ["kill", "myself"]);
        assert_eq!(words("s.u.i.c.i.d.e"), ["suicide"]);
        assert_eq!(words("t o o k  a l l"), ["took", "all"]);
        assert_eq!(words("diiiie"), ["diiiie/diie/die"]);
        assert_eq!(words("I don\u{2bc}t"), ["i", "do", "not"]);
        assert_eq!(words("\u{1f52b} tonight"), ["gun", "tonight"]);
        assert_eq!(words("$uicide"), ["$uicide/suicide"]);
        assert_eq!(words("qu\u{e9} d\u{ed}a"), ["que", "dia"]);
        // A doubled first or last letter of a word that is no word.
        assert_eq!(words("endingg mmy"), ["endingg/ending", "mmy/my"]);
        assert_eq!(words("still all"), ["still", "all"]);
    }

    #[test]
    fn knows_text_written_backwards() {
        let backwards = |s: &str| reads_backwards(&read(s).tokens);
        assert!(backwards("thginot flesym gnillik mi, flip it"));
        assert!(backwards("sllip ynam oot koot i"));
        assert!(!backwards("how long do the effects last"));
        assert!(!backwards("esketamine spravato ptsd"));
    }

    #[test]
    fn keeps_other_scripts_and_numbers() {
        assert_eq!(words("хочу умереть"), ["хочу", "умереть"]);
        assert_eq!(read("我想死").flat, "我想死");
        assert_eq!(words("took 40 advil!"), ["took", "40", "advil"]);
    }

    #[test]
    fn sentences_and_clauses() {
        let r = read("No. I want to die, but not today");
        let s: Vec<(usize, usize)> = r.tokens.iter().map(|t| (t.sentence, t.clause)).collect();
        assert_eq!(
            s,
            [
                (0, 0),
                (1, 1),
                (1, 1),
                (1, 1),
                (1, 1),
                (1, 3),
                (1, 3),
                (1, 3)
            ]
        );
    }
}
