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
    detect(message).0
}

/// What the detector makes of `message`: its card language, and its ISO
/// 639-3 code when it is sure of one.
fn detect(message: &str) -> (CardLanguage, Option<&'static str>) {
    let Some(info) = whatlang::detect(message) else {
        return (CardLanguage::English, None);
    };
    let code = Some(info.lang().code());
    if info.script() != Script::Latin {
        return (CardLanguage::Other, code);
    }
    if !info.is_reliable() {
        return (CardLanguage::English, None);
    }
    let card = match info.lang() {
        Lang::Eng => CardLanguage::English,
        Lang::Spa => CardLanguage::Spanish,
        _ => CardLanguage::Other,
    };
    (card, code)
}

/// The language a message is written in, as far as answering it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageLanguage {
    English,
    Spanish,
    /// Neither English nor Spanish, and sure of it.
    Other,
    /// Too short or too mixed to tell ("spravato?", "ketamina side effects").
    Unsure,
}

impl MessageLanguage {
    /// The FAQ language a message in this language is answered from
    /// (English unless it is Spanish).
    pub fn lang(self) -> crate::content::Lang {
        match self {
            MessageLanguage::Spanish => crate::content::Lang::Es,
            _ => crate::content::Lang::En,
        }
    }
}

/// Which language `message` is in: first by its words (words only Spanish
/// has against words only English has: short chat messages are where the
/// statistical detector is least sure), then by the detector.
pub fn message_language(message: &str) -> MessageLanguage {
    let (mut es, mut en, mut words) = (0usize, 0usize, 0usize);
    for w in crate::matching::spanish_folded_words(message) {
        if w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        words += 1;
        let spanish = crate::matching::is_spanish_word(&w);
        let english = crate::matching::english::is_plain_english(&w);
        es += usize::from(spanish && !english);
        en += usize::from(english && !spanish);
    }
    // Clear evidence: a third of the words are only Spanish (or only
    // English), twice as many as of the other; or a short message with
    // words of one language only.
    let short = words <= 3;
    if es >= 2 && es > en * 2 && es * 3 >= words || short && es >= 1 && en == 0 {
        return MessageLanguage::Spanish;
    }
    if en >= 2 && en > es * 2 && en * 3 >= words || short && en >= 1 && es == 0 {
        return MessageLanguage::English;
    }
    // Otherwise the detector, when it is sure; then whichever words lead.
    match detect(message) {
        (CardLanguage::Spanish, _) => MessageLanguage::Spanish,
        (CardLanguage::English, Some(_)) => MessageLanguage::English,
        (CardLanguage::Other, Some(_)) => MessageLanguage::Other,
        _ if es > en => MessageLanguage::Spanish,
        _ if en > es => MessageLanguage::English,
        _ => MessageLanguage::Unsure,
    }
}

/// What the screen makes of a message it found nothing in but cannot read:
/// a language other than English or Spanish gets the crisis resources, with
/// the interpreter note, on whatever reply it gets. The screen's phrases in
/// those languages are few, no FAQ answers them, and the card costs a reader
/// who is not in crisis a few seconds.
/// The finding names the detected language, so the card that goes out is
/// chosen without asking the detector again.
pub fn unread(message: &str, finding: &Finding) -> Option<Finding> {
    if finding.tier != Tier::None || mostly_english(message) {
        return None;
    }
    match detect(message) {
        (CardLanguage::Other, code) => Some(Finding {
            tier: Tier::Concern,
            category: "unread_language".into(),
            pattern: "a language the service does not read".into(),
            lang: Some(code.unwrap_or("und").to_owned()),
            ..Finding::default()
        }),
        _ => None,
    }
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
        english += usize::from(crate::matching::english::is_plain_english(&w));
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
    fn which_language_a_message_is_answered_in() {
        use MessageLanguage::*;
        for (text, want) in [
            ("cuanto dura el efecto", Spanish),
            ("q efectos secundarios tiene la ketamina", Spanish),
            (
                "Hola, mi mamá tiene depresión. ¿La ketamina le puede ayudar?",
                Spanish,
            ),
            ("how long does it last", English),
            ("wat r the side effects", English),
            (
                "Quels sont les effets secondaires de la kétamine pour la dépression ?",
                Other,
            ),
            ("ketamina?", Spanish),
        ] {
            assert_eq!(message_language(text), want, "{text}");
        }
    }

    #[test]
    fn a_message_in_another_language_carries_the_resources() {
        let none = Finding::default();
        let russian = unread("Я снова порезала себе руки сегодня вечером.", &none)
            .expect("a message in Russian");
        assert_eq!(russian.tier, Tier::Concern);
        // The detector's code (for a short Cyrillic text it may say "bul").
        assert!(russian.lang.is_some());
        assert_eq!(card_language("", &russian), CardLanguage::Other);
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
