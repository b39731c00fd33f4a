//! `clinicfaq explain`: how the screen read a message, in words.

use super::matches::Matches;
use super::model::Model;
use super::Screen;

impl Screen {
    /// How the screen read a message, for `clinicfaq explain`.
    pub fn explain(&self, message: &str) -> String {
        let read = self.read(message);
        let f = self.screen(message);
        let words: Vec<String> = read.tokens.iter().map(|t| t.forms.join("/")).collect();
        let m = Matches::new(&self.lex, &read.tokens);
        let masked = self.idiom_mask(&m, read.tokens.len());
        let (informational, present, now) = self.cues(&m, &masked);
        // Rules whose every match a negation cancelled: their clauses are
        // no evidence for the statistical layer either.
        let negated: Vec<&str> = (self.lex.rules.iter())
            .filter(|rule| {
                let mut cancelled = Vec::new();
                self.find(rule, &m, &read.tokens, &masked, &mut cancelled)
                    .is_none()
                    && !cancelled.is_empty()
            })
            .map(|rule| rule.text.as_str())
            .collect();
        let said = |c: Option<u32>| -> Vec<String> {
            c.map(|c| m.occurrences(c))
                .unwrap_or_default()
                .iter()
                .map(|&(s, e)| {
                    (s..=e)
                        .map(|k| read.tokens[k].forms[0].as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        format!(
            "screen: {:?} {} (pattern {:?}, words {:?}{})\nscreen read: {}\nscreen cues: informational {}, present {} (a word of time {}), reassured {}, risk words {}, model {:.3}\nnegated rules: {:?}\neveryday reason: {:?} (said to be a cover: {:?})\n",
            f.tier,
            f.category,
            f.pattern,
            f.words.join(" "),
            f.lang.map(|l| format!(", lang {l}")).unwrap_or_default(),
            words.join(" "),
            informational,
            present,
            now,
            self.reassure.is_some_and(|c| m.present(c)),
            self.risk.iter().any(|&c| m.present(c)),
            self.model.probability(&Model::words(&read.tokens)),
            negated,
            said(self.reason),
            said(self.doubt),
        )
    }
}
