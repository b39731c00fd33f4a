//! Removes contact details and identifiers from a question before it is
//! stored. Patients type phone numbers, emails and member numbers into chat
//! boxes; none of that helps improve an FAQ.

use std::sync::LazyLock;

use regex_lite::Regex;
use unicode_normalization::UnicodeNormalization;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+\s*@\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("email pattern")
});

/// A card's expiry or security code: "exp 12/27", "cvv 123".
static CARD_EXTRAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:exp(?:iry|ires|iration)?|valid thru|good thru)\s*:?\s*\d{1,2}\s*/\s*\d{2,4}|\b(?:cvv|cvc|csc|security code)\s*:?\s*\d{3,4}")
        .expect("card pattern")
});

/// Whole dates (a date of birth is the usual one): 03/14/1985, 14.03.85,
/// 1985-03-14, March 14 1985, 14 March 1985. A year alone is kept.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    Regex::new(&format!(
        r"(?i)\b\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{2,4}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b(?:{month})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month})\.?,?\s+\d{{4}}\b"
    ))
    .expect("date pattern")
});

/// A street address: a house number, one to three words, a street type.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,6}\s+(?:[a-z0-9.'-]+\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|calle|avenida)\b\.?(?:,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*[a-z0-9-]+)?")
        .expect("address pattern")
});

/// A name said outright: "my name is Jane Doe", "call me Sam", "signed,
/// Ana". The capitalised words that follow go, up to three.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(my name is|my name's|my names|name's|call me|signed|this is|i am|i'm|im))[ \t]+((?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]*[ \t]*){1,3})")
        .expect("name pattern")
});

/// A title and the name after it: "Dr. Patel", "Mrs Gomez", "nurse Kim".
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:(dr|doctor|mr|mrs|ms|miss|nurse))(\.?[ \t]+)[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]*)?")
        .expect("title pattern")
});

/// A sign-off with a name at the very end: "thanks, Maria", "- Tom".
static SIGNED_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:(thanks|thank you|thx|regards|best|cheers|sincerely|love))?([ \t]*[,\-–—~][ \t]*|[ \t]+)[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]+[ \t]*[.!]?[ \t]*$")
        .expect("sign-off pattern")
});

/// Removes names said outright. After "I'm" or "this is" only a
/// capitalised word that ends its clause ("Hi, I'm Maria, ...") or is
/// followed by another capitalised word counts as a name, so "I'm Looking
/// for" stays; after "my name is", "call me" or "signed" it always does.
fn scrub_names(text: &str) -> String {
    let text = NAMED.replace_all(text, |c: &regex_lite::Captures<'_>| {
        let lead = &c[1];
        let name = &c[2];
        let words: Vec<&str> = name.split_whitespace().collect();
        let rest = &text[c.get(0).map_or(0, |m| m.end())..];
        let ends_clause = rest.is_empty() || rest.starts_with([',', '.', '!', '?', ';', ':', '\n']);
        let weak = matches!(
            lead.to_lowercase().as_str(),
            "this is" | "i am" | "i'm" | "im"
        );
        if weak && words.len() < 2 && !ends_clause {
            return c[0].to_owned();
        }
        let gap = if name.ends_with([' ', '\t']) { " " } else { "" };
        format!("{lead} [name]{gap}")
    });
    let text = TITLED.replace_all(&text, "$1$2[name]");
    let text = SIGNED_OFF.replace_all(&text, |c: &regex_lite::Captures<'_>| {
        // Only after a sign-off word, or set apart by a dash ("- Ana"): a
        // comma alone is a list ("for depression, PTSD").
        let mark = c[2].trim();
        if c.get(1).is_none() && !matches!(mark, "-" | "–" | "—" | "~") {
            return c[0].to_owned();
        }
        format!("{}{}[name]", c.get(1).map_or("", |m| m.as_str()), &c[2])
    });
    text.into_owned()
}

/// Seven or more digits with the separators phone numbers use.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d(?:[\s().-]{0,3}\d){6,}").expect("phone pattern"));

/// Any remaining run of five or more digits (ids, card or member numbers).
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{5,}").expect("digit pattern"));

/// Zeros of the decimal digit blocks patients are likely to type in
/// (Arabic-Indic, extended Arabic-Indic, Devanagari, Bengali, Thai, ...):
/// each block's digits read as 0-9. Full-width digits NFKC folds.
const DIGIT_ZEROS: [u32; 14] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0E50, 0x1040,
];

/// The text with compatibility forms folded (full-width `１２３`, `＠`) and
/// every script's digits as ASCII, so the patterns below see them.
fn fold(text: &str) -> String {
    text.nfkc()
        .map(|c| {
            let cp = c as u32;
            DIGIT_ZEROS
                .iter()
                .find(|&&zero| (zero..zero + 10).contains(&cp))
                .and_then(|&zero| char::from_digit(cp - zero, 10))
                .unwrap_or(c)
        })
        .collect()
}

pub fn scrub(text: &str) -> String {
    let text = fold(text);
    let text = EMAIL.replace_all(&text, "[email]");
    let text = scrub_names(&text);
    let text = CARD_EXTRAS.replace_all(&text, "[card]");
    let text = DATE.replace_all(&text, "[date]");
    let text = ADDRESS.replace_all(&text, "[address]");
    let text = PHONE.replace_all(&text, "[phone]");
    DIGITS.replace_all(&text, "[number]").into_owned()
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn removes_emails_phones_and_long_numbers() {
        let cases = [
            (
                "mail me at jane.doe+x@mail.example.com ok",
                "mail me at [email] ok",
            ),
            ("call 555-867-5309 please", "call [phone] please"),
            ("my cell is (555) 867 5309", "my cell is [phone]"),
            ("+1 555 010 0101 is mine", "[phone] is mine"),
            ("member id 12345", "member id [number]"),
            ("card 4111111111111111", "card [phone]"),
        ];
        for (input, want) in cases {
            assert_eq!(scrub(input), want, "{input}");
        }
    }

    #[test]
    fn removes_what_patients_type_in_other_forms() {
        let cases = [
            ("call ５５５８６７５３０９", "call [phone]"),
            ("jane＠mail.example.com", "[email]"),
            ("رقمي ٥٥٥٨٦٧٥٣٠٩", "رقمي [phone]"),
            ("dob 03/14/1985 is that ok", "dob [date] is that ok"),
            ("born March 14, 1985", "born [date]"),
            ("born 14 March 1985", "born [date]"),
            ("1985-03-14", "[date]"),
            (
                "card 4111 1111 1111 1111 exp 12/27 cvv 123",
                "card [phone] [card] [card]",
            ),
            (
                "i live at 42 Oak Tree Lane, apt 3 near you",
                "i live at [address] near you",
            ),
            ("123 Main St. is my address", "[address] is my address"),
        ];
        for (input, want) in cases {
            assert_eq!(scrub(input), want, "{input}");
        }
    }

    #[test]
    fn removes_names_said_outright() {
        let cases = [
            (
                "my name is Jane Doe and I have a question",
                "my name is [name] and I have a question",
            ),
            (
                "Hi, I'm Maria, is ketamine safe?",
                "Hi, I'm [name], is ketamine safe?",
            ),
            (
                "this is Tom Baker, can I book",
                "this is [name], can I book",
            ),
            ("is Dr. Patel in on Tuesday", "is Dr. [name] in on Tuesday"),
            ("ask nurse Kim about it", "ask nurse [name] about it"),
            (
                "how long does it last? thanks, Sarah",
                "how long does it last? thanks, [name]",
            ),
            (
                "does it help anxiety - Ana",
                "does it help anxiety - [name]",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(scrub(input), want, "{input}");
        }
    }

    #[test]
    fn keeps_capitalised_words_that_are_not_names() {
        for text in [
            "I'm Looking for help with depression",
            "is Spravato the same as ketamine",
            "how long does it last",
            "I'm not sure if IV is better",
            "what is KAP",
            "does it help with depression, PTSD",
            "can I do it with Spravato",
        ] {
            assert_eq!(scrub(text), text);
        }
    }

    #[test]
    fn keeps_ordinary_numbers() {
        let text = "is it safe after 2 sessions in 2024 for 40 minutes, 3 times a week, 1/2 a day";
        assert_eq!(scrub(text), text);
    }
}
