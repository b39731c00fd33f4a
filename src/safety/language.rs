//! Which language's crisis card a message gets: Spanish for Spanish, an
//! interpreter note for a language the service does not read, English
//! otherwise (and whenever unsure: the English card still lists 988 and 911).

use whatlang::{Lang, Script};

use super::{Finding, Tier};
use crate::content::CardLanguage;

/// The card language for `message`, given what the screen found in it.
pub fn card_language(message: &str, finding: &Finding) -> CardLanguage {
    // A Spanish or other-language rule is evidence; an English one is not
    // ("suicid*" also matches Spanish "suicidas").
    match finding.lang.as_deref() {
        Some("es") => return CardLanguage::Spanish,
        Some("en") | None => {}
        Some(_) => return CardLanguage::Other,
    }
    let Some(info) = whatlang::detect(message) else {
        return CardLanguage::English;
    };
    if info.script() != Script::Latin {
        return CardLanguage::Other;
    }
    if !info.is_reliable() {
        return CardLanguage::English;
    }
    match info.lang() {
        Lang::Eng => CardLanguage::English,
        Lang::Spa => CardLanguage::Spanish,
        _ => CardLanguage::Other,
    }
}

/// What the screen makes of a message it found nothing in but cannot read:
/// a language other than English or Spanish gets the crisis resources, with
/// the interpreter note, on whatever reply it gets. The screen's phrases in
/// those languages are few, no FAQ answers them, and the card costs a reader
/// who is not in crisis a few seconds.
pub fn unread(message: &str, finding: &Finding) -> Option<Finding> {
    if finding.tier != Tier::None
        || mostly_english(message)
        || card_language(message, finding) != CardLanguage::Other
    {
        return None;
    }
    Some(Finding {
        tier: Tier::Concern,
        category: "unread_language".into(),
        pattern: "a language the service does not read".into(),
        ..Finding::default()
    })
}

/// Half the words or more are common English words: no need to ask the
/// language detector, which costs more than the whole screen.
fn mostly_english(message: &str) -> bool {
    let (mut words, mut english) = (0, 0);
    for w in message.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if w.is_empty() {
            continue;
        }
        let w = w.to_lowercase();
        words += 1;
        english += usize::from(
            crate::matching::english::is_english_word(&w) || crate::matching::is_stop_word(&w),
        );
    }
    words > 0 && 2 * english >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> CardLanguage {
        card_language(text, &Finding::default())
    }

    #[test]
    fn spanish_other_and_english() {
        assert_eq!(
            lang("cuanto tiempo duran los efectos de la ketamina despues de la sesion"),
            CardLanguage::Spanish
        );
        assert_eq!(lang("我今天很难过，不知道该怎么办"), CardLanguage::Other);
        assert_eq!(lang("как долго длится эффект"), CardLanguage::Other);
        assert_eq!(
            lang("how long do the effects of ketamine last after a session"),
            CardLanguage::English
        );
        assert_eq!(lang("ok"), CardLanguage::English);
    }

    #[test]
    fn a_message_in_another_language_carries_the_resources() {
        let none = Finding::default();
        let russian = unread("Я снова порезала себе руки сегодня вечером.", &none);
        assert_eq!(russian.map(|f| f.tier), Some(Tier::Concern));
        for read in [
            "how long do the effects of ketamine last after a session",
            "cuanto tiempo duran los efectos de la ketamina despues de la sesion",
            "ok",
        ] {
            assert_eq!(unread(read, &none), None, "{read}");
        }
        // A finding of its own stands.
        let crisis = Finding {
            tier: Tier::Crisis,
            ..Finding::default()
        };
        assert_eq!(unread("我想死", &crisis), None);
    }
}
