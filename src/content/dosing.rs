//! The "no dosing" rule. Answers may give durations (a session lasts 40-60
//! minutes) but never an amount or a schedule a reader could act on alone.

use std::sync::LazyLock;

use regex_lite::Regex;

static DOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b\d+(?:[.,]\d+)?\s*(?:-|to|–)?\s*(?:\d+(?:[.,]\d+)?\s*)?
            (?:mg|mcg|µg|ug|ml|cc|milligrams?|micrograms?|millilit(?:er|re)s?)\b(?:\s*/\s*kg)?
        | \bmg\s*/\s*kg\b
        | \bper\s+kilo(?:gram)?s?\b
        | \btake\s+(?:\d+|one|two|three|four|five|six|a\s+couple)\b
        | \b(?:once|twice|thrice|\d+\s+times|one\s+time|two\s+times|three\s+times)\s+(?:a|per|each|every)\s+(?:day|week|month)\b
        | \bevery\s+\d+\s+(?:hours?|days?)\b
        ",
    )
    .expect("dosing pattern compiles")
});

/// Returns the first dosing-like phrase in `text`, if any.
pub fn find_dosing(text: &str) -> Option<String> {
    DOSING.find(text).map(|m| m.as_str().trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::find_dosing;

    #[test]
    fn flags_amounts_and_schedules() {
        for text in [
            "a usual amount is 0.5 mg/kg",
            "0.5mg per kilogram",
            "50 mg",
            "2 ml of solution",
            "take 2 before bed",
            "take one at night",
            "twice a week for three weeks",
            "3 times per week",
            "every 4 hours",
            "dose is measured in mg/kg",
        ] {
            assert!(find_dosing(text).is_some(), "{text:?} should be flagged");
        }
    }

    #[test]
    fn allows_durations_and_plain_words() {
        for text in [
            "A session lasts about 40 to 60 minutes.",
            "Recovery takes 1 to 2 hours in the clinic.",
            "Effects can last days to weeks.",
            "Talk to your provider about the right amount for you.",
            "Ketamine has been FDA-approved since the 1970s.",
            "Take your time and ask questions.",
        ] {
            assert_eq!(find_dosing(text), None, "{text:?} should pass");
        }
    }
}
