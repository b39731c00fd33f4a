//! Phrase lookups in the folded text (the other languages' core statements,
//! with their idioms taken out first), and the statistical layer's second
//! opinion on a rule's crisis.

use super::model::{self, Model};
use super::text;
use super::{Finding, Screen, Tier};

impl Screen {
    /// The statistical layer's second opinion on an English or Spanish
    /// rule's crisis reading: `Some(why)` when both the whole message and
    /// the sentences the rule matched in read as ordinary (under
    /// [`model::VETO_BELOW`]), which makes the reading a concern. The
    /// clinic's own lexicon and the other languages' phrases, which the
    /// layer has few words of, are never second-guessed.
    pub(super) fn second_opinion(
        &self,
        rule: usize,
        tokens: &[text::Token],
        span: &[usize],
        p_message: &mut Option<f64>,
    ) -> Option<String> {
        if !self.reads_well(rule) || self.lex.rules[rule].firm {
            return None;
        }
        let whole = *p_message.get_or_insert_with(|| self.model.probability(&Model::words(tokens)));
        if whole >= model::VETO_BELOW {
            return None;
        }
        let (first, last) = (
            tokens[span[0]].sentence,
            tokens[span[span.len() - 1]].sentence,
        );
        // Tokens run in sentence order: the rule's sentences are one slice.
        let start = tokens.partition_point(|t| t.sentence < first);
        let end = tokens.partition_point(|t| t.sentence <= last);
        let own = self.model.probability(&Model::words(&tokens[start..end]));
        (own < model::VETO_BELOW)
            .then(|| format!("model p={whole:.3} (its sentence {own:.3}) reads it as ordinary"))
    }

    pub(super) fn substring(&self, flat: &str) -> Option<Finding> {
        // Figures of speech are taken out first, all in one pass.
        let mut padded = String::with_capacity(flat.len() + 1);
        padded.push(' ');
        let mut idiom_found = None;
        match &self.lex.idiom_needles {
            Some(ac) => {
                let mut last = 0;
                for m in ac.find_iter(flat) {
                    padded.push_str(&flat[last..m.start()]);
                    padded.push(' ');
                    last = m.end();
                    idiom_found =
                        Some(&self.lex.substrings[self.lex.idiom_of[m.pattern().as_usize()]]);
                }
                padded.push_str(&flat[last..]);
            }
            None => padded.push_str(flat),
        }
        let hit = self
            .lex
            .needles
            .as_ref()
            .and_then(|ac| ac.find(&padded))
            .map(|m| {
                let s = &self.lex.substrings[self.lex.needle_of[m.pattern().as_usize()]];
                Finding {
                    tier: Tier::Crisis,
                    category: s.category.clone(),
                    pattern: format!("{}: {}", s.lang, s.text),
                    words: vec![s.text.clone()],
                    lang: Some(s.lang.clone()),
                    ..Finding::default()
                }
            });
        // An idiom with a death word still mentions dying.
        hit.or_else(|| {
            idiom_found.map(|s| Finding {
                tier: Tier::Concern,
                category: "mention".into(),
                pattern: format!("{}: {}", s.lang, s.text),
                words: vec![s.text.clone()],
                lang: Some(s.lang.clone()),
                ..Finding::default()
            })
        })
    }
}
