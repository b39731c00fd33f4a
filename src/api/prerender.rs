//! The fixed parts of `/v1/ask` replies, rendered to JSON once per catalog.
//!
//! A reply's FAQ, referral and crisis card depend only on the published
//! content, so they are serialised when a catalog is loaded, and each reply
//! is put together from those bytes plus its own kind, confidence and
//! suggestions. That saves cloning and escaping about 3 KB per reply.
//! `AskResponse` stays the documented schema; `tests` below hold every
//! reply built here byte-for-byte equal to it.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::value::RawValue;

use super::dto::{AskKind, AskResponse, FaqView, Referral, Suggestion};
use crate::catalog::{Catalog, Reply};
use crate::content::{CardLanguage, Lang};

pub struct Prerendered {
    /// Every published version, by language and slug.
    faqs: HashMap<(Lang, String), Box<RawValue>>,
    /// Referrals for an answer, by reply language and its FAQ's provider kind.
    by_kind: HashMap<(Lang, String), Referrals>,
    /// Referrals for a reply without an FAQ, by reply language.
    general: HashMap<Lang, Referrals>,
    /// The crisis card in English, Spanish, and for other languages.
    crisis: [Box<RawValue>; 3],
}

/// A referral without and with the clinic's no-match text leading its
/// message (indexed by `AskResponse::leads_with_no_match`).
type Referrals = [Box<RawValue>; 2];

/// `AskResponse`, with its fixed parts already JSON.
#[derive(Serialize)]
pub struct AskReply<'a> {
    kind: AskKind,
    faq: Option<&'a RawValue>,
    confidence: f64,
    suggestions: Vec<Suggestion>,
    referral: &'a RawValue,
    crisis: Option<&'a RawValue>,
    lang: Lang,
    notice: Option<&'static str>,
}

impl Prerendered {
    pub fn new(catalog: &Catalog) -> Self {
        let faqs = catalog
            .published()
            .chain(catalog.translations())
            .map(|e| {
                (
                    (e.body.lang, e.body.slug.to_string()),
                    raw(&FaqView::new(e, &catalog.clinic)),
                )
            })
            .collect();
        let mut by_kind = HashMap::new();
        for lang in Lang::ALL {
            for e in catalog.published() {
                by_kind
                    .entry((lang, e.body.provider_kind.clone()))
                    .or_insert_with(|| referrals(catalog, lang, Some(&e.body.provider_kind)));
            }
        }
        Self {
            faqs,
            by_kind,
            general: Lang::ALL
                .into_iter()
                .map(|lang| (lang, referrals(catalog, lang, None)))
                .collect(),
            crisis: [
                CardLanguage::English,
                CardLanguage::Spanish,
                CardLanguage::Other,
            ]
            .map(|l| raw(&catalog.clinic.crisis_card(l))),
        }
    }

    /// The reply to send, or `None` if a part of it was not rendered (a
    /// reply from another catalog): the caller then renders it in full.
    pub fn reply(&self, reply: &Reply<'_>) -> Option<AskReply<'_>> {
        let kind = AskKind::from(reply.verdict);
        let faq = match reply.faq {
            Some(e) => Some(
                self.faqs
                    .get(&(e.body.lang, e.body.slug.to_string()))?
                    .as_ref(),
            ),
            None => None,
        };
        let referrals = match reply.faq {
            Some(e) => self
                .by_kind
                .get(&(reply.lang, e.body.provider_kind.clone()))?,
            None => self.general.get(&reply.lang)?,
        };
        Some(AskReply {
            kind,
            faq,
            confidence: reply.confidence,
            suggestions: reply
                .suggestions
                .iter()
                .cloned()
                .map(Suggestion::from)
                .collect(),
            referral: &referrals[usize::from(AskResponse::leads_with_no_match(kind))],
            crisis: reply
                .resources()
                .then_some(self.crisis[card_index(reply.card)].as_ref()),
            lang: reply.lang,
            notice: AskResponse::notice(reply),
        })
    }
}

fn card_index(language: CardLanguage) -> usize {
    match language {
        CardLanguage::English => 0,
        CardLanguage::Spanish => 1,
        CardLanguage::Other => 2,
    }
}

fn referrals(catalog: &Catalog, lang: Lang, kind: Option<&str>) -> Referrals {
    let providers = catalog.referral_providers(kind);
    [false, true].map(|no_match| {
        raw(&Referral::new(
            no_match,
            lang,
            providers.clone(),
            &catalog.clinic,
        ))
    })
}

fn raw(value: &impl Serialize) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).expect("content serialises to JSON")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content;

    #[test]
    fn every_reply_is_byte_for_byte_the_documented_one() {
        let bundle = content::load_dir(Path::new("faq")).expect("faq/ loads");
        let catalog = Catalog::from_bundle(&bundle);
        let json = Prerendered::new(&catalog);
        let mut questions: Vec<String> = catalog
            .published()
            .map(|e| e.body.question.clone())
            .collect();
        questions.extend(
            [
                "i want to kill myself",
                "me quiero morir, ya no aguanto",
                "我想死",
                "can ketamine help with suicidal thoughts",
                "what is ketchup made of",
                "¿cuánto duran los efectos de la ketamina?",
                "¿cuánto cuesta el estacionamiento?",
                "Quels sont les effets secondaires de la kétamine ?",
                "can i drive home after",
                "is it safe",
                "therapy",
            ]
            .map(String::from),
        );
        let mut kinds = std::collections::BTreeSet::new();
        for q in &questions {
            let fast = json.reply(&catalog.ask(q)).expect("every part rendered");
            let full = AskResponse::from_reply(catalog.ask(q), &catalog.clinic);
            kinds.insert(format!("{:?}", full.kind));
            assert_eq!(
                serde_json::to_string(&fast).unwrap(),
                serde_json::to_string(&full).unwrap(),
                "{q}"
            );
        }
        assert_eq!(kinds.len(), 4, "every kind of reply is compared: {kinds:?}");
    }
}
