//! Removes contact details and identifiers from a question before it is
//! stored. Patients type phone numbers, emails and member numbers into chat
//! boxes; none of that helps improve an FAQ.

use std::sync::LazyLock;

use regex_lite::Regex;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("email pattern")
});

/// Seven or more digits with the separators phone numbers use.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d(?:[\s().-]{0,3}\d){6,}").expect("phone pattern"));

/// Any remaining run of five or more digits (ids, card or member numbers).
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{5,}").expect("digit pattern"));

pub fn scrub(text: &str) -> String {
    let text = EMAIL.replace_all(text, "[email]");
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
    fn keeps_ordinary_numbers() {
        let text = "is it safe after 2 sessions in 2024 for 40 minutes";
        assert_eq!(scrub(text), text);
    }
}
