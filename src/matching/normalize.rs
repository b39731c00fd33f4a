//! Text normalisation: Unicode NFKC, lowercase, apostrophes and contractions,
//! punctuation. Only plain English lives here; domain words live in content.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;
use unicode_normalization::UnicodeNormalization;

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

/// Plain-English chat abbreviations and phonetic spellings, as typed into
/// a chat box. Domain terms belong in a clinic's synonyms, not here.
fn chat_abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "ppl" | "ppls" | "peeps" => "people",
        "wat" | "wut" | "wht" | "whut" | "wot" => "what",
        "wats" | "wuts" | "whts" | "wots" => "what is",
        "kno" | "knw" | "knoe" => "know",
        "jus" | "jst" => "just",
        "hav" | "hve" => "have",
        "wen" | "wn" => "when",
        "wer" | "whr" => "where",
        "shud" | "shld" | "shd" => "should",
        "wud" | "wld" => "would",
        "cud" | "cld" => "could",
        "dat" | "tht" => "that",
        "dis" => "this",
        "da" | "teh" => "the",
        "thru" => "through",
        "enuf" | "enuff" => "enough",
        "lik" | "liek" => "like",
        "nite" => "night",
        "wtv" | "wtvr" | "whatev" | "watever" => "whatever",
        "tryna" => "trying to",
        "imma" | "ima" => "i am going to",
        "outta" => "out of",
        "lotta" => "lot of",
        "hafta" => "have to",
        "gud" => "good",
        "nvm" | "jk" => "",
        "wich" | "whch" | "wich1" => "which",
        "hw" => "how",
        "y" => "why",
        "n" | "nd" => "and",
        "b4" | "bfore" => "before",
        "bc" | "bcuz" | "bcoz" | "cuz" | "coz" | "cos" | "becuz" | "becoz" => "because",
        "abt" | "bout" => "about",
        "rn" => "right now",
        "idk" => "i do not know",
        "tho" => "though",
        "thx" | "thnx" | "thanx" | "ty" => "thanks",
        "pls" | "plz" | "plss" | "pleez" => "please",
        "w" => "with",
        "wo" => "without",
        "sum1" | "some1" | "som1" | "sumone" | "sumbody" => "someone",
        "any1" => "anyone",
        "every1" => "everyone",
        "no1" => "no one",
        "smth" | "sth" | "sumthin" | "somethin" => "something",
        "nothin" => "nothing",
        "gr8" => "great",
        "l8r" => "later",
        "2day" => "today",
        "2nite" | "tonite" => "tonight",
        "2moro" | "2morrow" | "tmrw" | "tmr" | "tmw" => "tomorrow",
        "dr" | "doc" => "doctor",
        "drs" | "docs" => "doctors",
        "lng" => "long",
        "wk" => "week",
        "wks" => "weeks",
        "hr" => "hour",
        "hrs" => "hours",
        "min" | "mins" => "minutes",
        "yr" => "year",
        "yrs" => "years",
        "diff" => "different",
        "info" => "information",
        "appt" | "apt" => "appointment",
        "4ever" | "4everr" | "4evr" => "forever",
        "appts" => "appointments",
        "rly" | "rlly" | "realy" => "really",
        "rite" => "right",
        "wrk" => "work",
        "til" | "till" => "until",
        "alot" => "a lot",
        "sum" => "some",
        "prob" | "prolly" | "probly" => "probably",
        "def" | "defo" => "definitely",
        "nah" | "nope" => "no",
        "ya" | "yea" | "yeah" | "yep" | "yup" => "yes",
        "ok" | "kk" | "okey" => "okay",
        "lemme" => "let me",
        "gimme" => "give me",
        "kinda" => "kind of",
        "sorta" => "sort of",
        "dunno" => "do not know",
        "2" => "to",
        "4" => "for",
        "bf" => "boyfriend",
        "gf" => "girlfriend",
        "bday" => "birthday",
        "convo" => "conversation",
        "pic" | "pics" => "picture",
        "tx" => "treatment",
        "rx" | "script" | "scrip" | "scripts" => "prescription",
        "ngl" | "tbh" | "lol" | "lmao" | "omg" | "smh" | "fr" | "imo" | "imho" | "btw" => "",
        _ => return None,
    })
}

fn push_both(out: &mut Vec<String>, stem: &str, full: &str) {
    out.push(stem.to_owned());
    out.push(full.to_owned());
}

/// Contractions typed without the apostrophe, and common spoken forms.
fn whole_word_contraction(word: &str) -> Option<&'static str> {
    Some(match word {
        "dont" => "do not",
        "doesnt" => "does not",
        "didnt" => "did not",
        "cant" => "can not",
        "cannot" => "can not",
        "wont" => "will not",
        "isnt" => "is not",
        "arent" => "are not",
        "wasnt" => "was not",
        "werent" => "were not",
        "havent" => "have not",
        "hasnt" => "has not",
        "hadnt" => "had not",
        "shouldnt" => "should not",
        "wouldnt" => "would not",
        "couldnt" => "could not",
        "aint" => "is not",
        "im" => "i am",
        "ive" => "i have",
        "youre" => "you are",
        "theyre" => "they are",
        "thats" => "that is",
        "whats" => "what is",
        "hows" => "how is",
        "gonna" => "going to",
        "wanna" => "want to",
        "gotta" => "got to",
        "u" => "you",
        "ur" => "your",
        "r" => "are",
        _ => return None,
    })
}

/// True for one of [`ENGLISH_STOP_WORDS`] (a hash lookup: the crisis screen
/// asks this of every word).
pub fn is_stop_word(word: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| ENGLISH_STOP_WORDS.iter().copied().collect());
    SET.contains(word)
}

/// Plain-English function words. A clinic adds its own in `matching.toml`.
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get",
    "got", "had", "has", "have", "having", "he", "her", "here", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "just", "me", "might", "more", "much", "my", "myself", "of",
    "on", "or", "our", "really", "she", "should", "so", "some", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "would",
    "you", "your", "yours", "please", "hi", "hello", "hey", "thanks", "thank", "ok", "okay", "im",
    "tell", "know", "want", "need", "like", "let", "there", "one", "thing", "things", "way",
    "anyone", "someone", "also", "ever",
];

/// Pronouns and very common English words, besides the stop words: no
/// synonym may rewrite one of them.
const COMMON_WORDS: &[&str] = &[
    "i",
    "ive",
    "id",
    "ill",
    "youre",
    "youve",
    "hes",
    "shes",
    "were",
    "theyre",
    "it",
    "we",
    "him",
    "mine",
    "ours",
    "theirs",
    "himself",
    "herself",
    "itself",
    "ourselves",
    "themselves",
    "yourself",
    "not",
    "no",
    "yes",
    "done",
    "end",
    "go",
    "going",
    "make",
    "time",
    "day",
    "good",
    "new",
    "two",
    "see",
    "out",
    "up",
    "down",
    "off",
    "over",
    "now",
    "after",
    "before",
    "life",
    "live",
    "die",
    "dead",
    "kill",
    "cut",
    "take",
    "took",
    "feel",
    "help",
    "hurt",
    "home",
    "back",
];

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

/// Plain-English words that rarely name what a question is about. When the
/// corpus does not know one, the off-topic guard ignores it instead of
/// counting it as evidence that the question is about something else.
pub const GLUE_WORDS: &[&str] = &[
    "able",
    "absolutely",
    "actual",
    "actually",
    "allow",
    "allowed",
    "almost",
    "already",
    "alright",
    "always",
    "another",
    "anything",
    "anyway",
    "anywhere",
    "appear",
    "apply",
    "around",
    "ask",
    "asked",
    "asking",
    "available",
    "away",
    "awful",
    "back",
    "bad",
    "basic",
    "basically",
    "become",
    "begin",
    "believe",
    "best",
    "better",
    "big",
    "bit",
    "both",
    "bring",
    "call",
    "called",
    "came",
    "can",
    "cannot",
    "case",
    "certain",
    "certainly",
    "change",
    "check",
    "choose",
    "clear",
    "close",
    "come",
    "comes",
    "coming",
    "common",
    "compare",
    "compared",
    "completely",
    "consider",
    "could",
    "couple",
    "current",
    "currently",
    "day",
    "days",
    "deal",
    "decide",
    "definitely",
    "describe",
    "did",
    "different",
    "difficult",
    "do",
    "does",
    "done",
    "down",
    "each",
    "early",
    "easy",
    "else",
    "end",
    "enough",
    "entire",
    "especially",
    "even",
    "eventually",
    "every",
    "everything",
    "exact",
    "exactly",
    "example",
    "expect",
    "experience",
    "explain",
    "fact",
    "fail",
    "failed",
    "fair",
    "far",
    "fast",
    "feel",
    "feeling",
    "fine",
    "finish",
    "finished",
    "first",
    "follow",
    "found",
    "free",
    "full",
    "fully",
    "general",
    "generally",
    "give",
    "given",
    "go",
    "goes",
    "going",
    "gone",
    "good",
    "great",
    "guess",
    "hang",
    "happen",
    "happened",
    "happening",
    "happens",
    "hard",
    "hear",
    "heard",
    "help",
    "helpful",
    "high",
    "hope",
    "hopefully",
    "however",
    "idea",
    "important",
    "include",
    "including",
    "instead",
    "interested",
    "just",
    "keep",
    "kind",
    "kinda",
    "knew",
    "largely",
    "last",
    "late",
    "later",
    "least",
    "leave",
    "less",
    "likely",
    "little",
    "long",
    "look",
    "looking",
    "lot",
    "lots",
    "low",
    "made",
    "main",
    "mainly",
    "make",
    "makes",
    "making",
    "many",
    "may",
    "maybe",
    "mean",
    "meaning",
    "means",
    "mention",
    "mind",
    "moment",
    "most",
    "mostly",
    "move",
    "must",
    "near",
    "nearly",
    "never",
    "new",
    "next",
    "nice",
    "none",
    "normal",
    "normally",
    "nothing",
    "now",
    "number",
    "often",
    "old",
    "once",
    "only",
    "open",
    "other",
    "others",
    "otherwise",
    "out",
    "over",
    "own",
    "part",
    "particular",
    "people",
    "perhaps",
    "person",
    "place",
    "plan",
    "point",
    "possible",
    "possibly",
    "pretty",
    "probably",
    "problem",
    "proper",
    "properly",
    "quick",
    "quickly",
    "quite",
    "rather",
    "read",
    "ready",
    "real",
    "really",
    "reason",
    "recently",
    "regular",
    "right",
    "run",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "see",
    "seem",
    "seems",
    "seen",
    "serious",
    "set",
    "several",
    "short",
    "simple",
    "simply",
    "since",
    "small",
    "something",
    "sometimes",
    "soon",
    "sort",
    "sound",
    "sounds",
    "speak",
    "special",
    "specific",
    "stand",
    "start",
    "started",
    "starting",
    "stay",
    "still",
    "stop",
    "stuff",
    "such",
    "suppose",
    "supposed",
    "sure",
    "take",
    "taken",
    "takes",
    "taking",
    "talk",
    "talking",
    "tell",
    "than",
    "thank",
    "then",
    "thing",
    "things",
    "think",
    "thinking",
    "though",
    "through",
    "thru",
    "time",
    "times",
    "today",
    "together",
    "told",
    "tomorrow",
    "total",
    "traditional",
    "conventional",
    "standard",
    "totally",
    "tried",
    "true",
    "truly",
    "try",
    "trying",
    "turn",
    "type",
    "typical",
    "typically",
    "understand",
    "unless",
    "until",
    "upon",
    "use",
    "used",
    "useful",
    "uses",
    "using",
    "usual",
    "usually",
    "various",
    "want",
    "wanted",
    "way",
    "ways",
    "week",
    "weeks",
    "well",
    "went",
    "whatever",
    "whether",
    "whole",
    "wonder",
    "wondering",
    "work",
    "worked",
    "working",
    "works",
    "worry",
    "would",
    "wrong",
    "yeah",
    "year",
    "years",
    "yes",
    "yet",
    "guy",
    "guys",
    "legit",
    "bunch",
    "honest",
    "honestly",
    "curious",
    "literally",
    "seriously",
    "lol",
    "someone",
    "somebody",
    "everyone",
    "anyone",
    "friend",
    "friends",
    // Everyday verbs, comparatives and feelings: the person's story, not the topic.
    "took",
    "tried",
    "hate",
    "hated",
    "love",
    "loved",
    "scared",
    "afraid",
    "worried",
    "heard",
    "quicker",
    "faster",
    "stronger",
    "weaker",
    "easier",
    "harder",
    "longer",
    "shorter",
    "bigger",
    "smaller",
    "worse",
    "crazy",
    "weird",
    "stupid",
    "dumb",
    "cool",
    "awesome",
    "terrible",
    "horrible",
    "insane",
    "wild",
    "happy",
    "glad",
    "sorry",
    "excited",
    "confused",
    "dramatic",
    // The people in a patient's story.
    "mom",
    "mum",
    "dad",
    "mother",
    "father",
    "sister",
    "brother",
    "aunt",
    "uncle",
    "cousin",
    "nephew",
    "niece",
    "husband",
    "wife",
    "partner",
    "boyfriend",
    "girlfriend",
    "son",
    "daughter",
    "kid",
    "kids",
    "child",
    "children",
    "grandma",
    "grandpa",
    "roommate",
    "coworker",
    "coworkers",
    "colleague",
    "boss",
    "neighbor",
    "buddy",
    "family",
    "relative",
    "somewhere",
    "hype",
    "hyped",
    // Pronouns, comparisons and ordinals.
    "itself",
    "himself",
    "herself",
    "themselves",
    "mine",
    "hers",
    "ours",
    "theirs",
    "vs",
    "versus",
    "1st",
    "2nd",
    "3rd",
    "count",
    "counts",
    // Interjections.
    "ugh",
    "hmm",
    "wow",
    "oh",
    "ah",
    "uh",
    "um",
    "yikes",
    "geez",
    "jeez",
    "haha",
    "hahaha",
];

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
