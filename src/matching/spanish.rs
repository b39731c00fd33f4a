//! Reading Spanish: accents and `ñ` optional, chat spellings, stop words and
//! the everyday words of a patient's story. The Snowball Spanish stemmer
//! (`rust-stemmers`) does the rest, in `analyze.rs`.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::normalize::MAX_CHARS;

/// The words of a Spanish text as the matcher reads them: folded (see
/// [`folded_words`]), then each spelled by its sound ([`sound`]), so the
/// FAQ's "hace", "necesito", "quedar" meet a patient's "ase", "nesecito",
/// "kedar".
pub fn words(text: &str) -> Vec<String> {
    folded_words(text).iter().map(|w| sound(w)).collect()
}

/// Lowercase words with accents and the tilde of `ñ` dropped, so "qué",
/// "que" and "ke" meet, chat spellings spelled out ("xq" → "porque") and
/// stretched letters squeezed ("holaaa" → "hola").
pub fn folded_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfkd()
        .take(MAX_CHARS)
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let word = squeeze(raw);
        // "¿cuánto sale / cobran?" asks a price.
        if matches!(word.as_str(), "sale" | "salen" | "cobran")
            && out.last().is_some_and(|w: &String| w == "cuanto")
        {
            out.push("cuesta".to_owned());
            continue;
        }
        match chat(&word) {
            Some(full) => out.extend(full.split(' ').map(str::to_owned)),
            None => out.push(word),
        }
    }
    out
}

/// A word spelled as it sounds in Latin-American Spanish, the way patients
/// misspell it: a silent `h` dropped, `z` and a soft `c` as `s`, a hard `c`
/// and `qu` as `k`, `v` as `b`, `ll` as `y`, a soft `g` as `j`, and a
/// final `d` after a vowel dropped ("ansiedá"). Both the FAQ and the
/// question are read this way, so this is a key, never shown.
pub fn sound(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let soft = matches!(next, Some('e' | 'i'));
        match c {
            'h' if i > 0 && chars[i - 1] == 'c' => out.push('h'),
            'h' => {}
            'c' if next == Some('h') => out.push('c'),
            'c' if soft => out.push('s'),
            'c' => out.push('k'),
            'q' if next == Some('u') && matches!(chars.get(i + 2), Some('e' | 'i')) => {
                out.push('k');
                i += 1;
            }
            'q' => out.push('k'),
            'z' => out.push('s'),
            'v' => out.push('b'),
            'l' if next == Some('l') => {
                out.push('y');
                i += 1;
            }
            'g' if soft => out.push('j'),
            'd' if i + 1 == chars.len()
                && i >= 3
                && matches!(chars[i - 1], 'a' | 'e' | 'i' | 'o' | 'u') =>
            {
                // "ansiedad" → "ansieda": the final d is often not written.
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Runs of three or more of one letter become one ("siii", "holaaa");
/// Spanish doubles ("lleva", "leer", "perro") stay.
fn squeeze(word: &str) -> String {
    let mut out = super::normalize::cut_runs(word, 2, 1);
    // A doubled vowel at the end is a stretched one ("cuantoo", "holaa").
    let mut tail = out.chars().rev();
    if let (Some(a), Some(b)) = (tail.next(), tail.next()) {
        if a == b && "aeiou".contains(a) && out.chars().count() > 3 {
            out.pop();
        }
    }
    out
}

/// Spanish chat spellings and abbreviations, spelled out.
fn chat(word: &str) -> Option<&'static str> {
    Some(match word {
        "q" | "ke" | "qe" => "que",
        "xq" | "pq" | "xk" | "porq" | "pk" | "pork" | "porke" | "xke" => "porque",
        "x" => "por",
        "cn" => "con",
        "xa" | "pa" => "para",
        "tb" | "tmb" | "tmbn" | "tambn" | "tbn" => "tambien",
        "d" => "de",
        "xfa" | "xfavor" | "porfa" | "porfis" | "plis" | "pls" => "por favor",
        "dr" | "dra" | "doc" => "doctor",
        "nose" => "no se",
        "toy" => "estoy",
        "ta" => "esta",
        "sta" => "esta",
        "aki" | "aca" => "aqui",
        "bn" => "bien",
        "mx" => "mucho",
        "kiero" => "quiero",
        "kien" => "quien",
        "kual" => "cual",
        "kuanto" | "qanto" | "cuant" => "cuanto",
        "kuantos" | "kuantas" => "cuantas",
        "hrs" | "hr" | "hs" => "horas",
        "min" | "mins" => "minutos",
        "info" => "informacion",
        "tx" | "tto" | "trat" => "tratamiento",
        _ => return None,
    })
}

/// Words of a clinic's other business: prices, payment, insurance, parking,
/// opening hours. A Spanish question with one of them is about that, so the
/// word is never "corrected" into a word of the FAQ ("cuesta" is one letter
/// from "cuenta"). Compared after [`sound`].
pub fn names_other_business(word: &str) -> bool {
    LISTS.other_business.contains(word)
}

/// A word only Spanish would use here: a function word, an everyday word
/// of a patient's story, a question opener, or a word of this domain.
/// `word` is folded ([`folded_words`]), not yet spelled by its sound.
pub fn is_spanish_word(word: &str) -> bool {
    LISTS.marker.contains(&sound(word))
}

/// A word ([`words`]) that opens a Spanish question.
pub fn is_opener(word: &str) -> bool {
    LISTS.opener.contains(word)
}

/// A word ([`words`]) before a Spanish question's opener that does not
/// change what it asks ("y", "pero", "entonces").
pub fn is_lead_in(word: &str) -> bool {
    LISTS.lead_in.contains(word)
}

/// Whether the words ([`words`]) contain a phrase that marks the ask.
pub fn asks(words: &[String]) -> bool {
    LISTS
        .asking
        .iter()
        .any(|p| words.windows(p.len()).any(|w| w == p.as_slice()))
}

/// Spanish function words (folded, not yet spelled by sound).
pub fn stop_words() -> &'static [&'static str] {
    &LISTS.stop
}

/// Everyday words of a patient's story (folded, not yet spelled by sound).
pub fn glue_words() -> &'static [&'static str] {
    &LISTS.glue
}

/// The lists of `spanish_words.txt`, read once.
struct Lists {
    stop: Vec<&'static str>,
    glue: Vec<&'static str>,
    /// Stop, glue, opener and domain words, by sound: what tells Spanish apart.
    marker: HashSet<String>,
    /// Openers, by sound.
    opener: HashSet<String>,
    /// Lead-in words, by sound.
    lead_in: HashSet<String>,
    /// The other business's words, by sound.
    other_business: HashSet<String>,
    /// The asking phrases, as words.
    asking: Vec<Vec<String>>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let mut sections: std::collections::HashMap<&str, Vec<&'static str>> = Default::default();
    let mut asking = Vec::new();
    let mut section = "";
    for line in include_str!("spanish_words.txt").lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
        } else if section == "asking" {
            asking.push(words(line));
        } else {
            sections
                .entry(section)
                .or_default()
                .extend(line.split_whitespace());
        }
    }
    let mut take = |name: &str| sections.remove(name).unwrap_or_default();
    let (stop, glue, opener, domain, other) = (
        take("stop"),
        take("glue"),
        take("opener"),
        take("domain"),
        take("other_business"),
    );
    let lead_in = take("lead_in");
    let by_sound = |list: &[&str]| -> HashSet<String> { list.iter().map(|w| sound(w)).collect() };
    let marker = stop
        .iter()
        .chain(&glue)
        .chain(&opener)
        .chain(&domain)
        .filter(|w| w.len() > 1)
        .map(|w| sound(w))
        .collect();
    Lists {
        opener: by_sound(&opener),
        lead_in: by_sound(&lead_in),
        other_business: by_sound(&other),
        marker,
        stop,
        glue,
        asking,
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_tildes_and_chat_spellings_fold_together() {
        let f = folded_words;
        assert_eq!(f("¿Qué es la ketamina?"), ["que", "es", "la", "ketamina"]);
        assert_eq!(f("q es la ketamina"), ["que", "es", "la", "ketamina"]);
        assert_eq!(f("AÑOS años anos"), ["anos", "anos", "anos"]);
        assert_eq!(f("xq holaaa siii"), ["porque", "hola", "si"]);
        assert_eq!(f("llevo 3 semanas"), ["llevo", "3", "semanas"]);
    }

    #[test]
    fn misspellings_by_sound_meet_the_right_spelling() {
        for (typed, right) in [
            ("ase", "hace"),
            ("nesecito", "necesito"),
            ("kedar", "quedar"),
            ("ansieda", "ansiedad"),
            ("bena", "vena"),
            ("cabesa", "cabeza"),
            ("jente", "gente"),
            ("yegar", "llegar"),
        ] {
            assert_eq!(words(typed), words(right), "{typed}");
        }
        assert_ne!(words("pero"), words("perro"));
        assert_eq!(words("chocolate"), ["chokolate"]);
    }
}
