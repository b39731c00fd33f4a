//! A clinic's own crisis additions (`[crisis]` in `faq/matching.toml`),
//! read as one more lexicon file on top of the built-in ones.

use crate::matching::CrisisLexicon;

use super::lexicon::{LexiconFile, RuleGroup};

/// The clinic's `[crisis]` lexicon as one more lexicon file: its phrases and
/// patterns are crisis rules, its idioms idioms, its negations join @neg.
pub(super) fn lexicon_file(c: &CrisisLexicon) -> LexiconFile {
    let mut file = LexiconFile::default();
    file.classes.insert("neg".into(), c.negations.clone());
    let escape = |p: &str| {
        p.split_whitespace()
            .map(|w| w.replace(['|', '@'], ""))
            .collect::<Vec<_>>()
            .join(" ")
    };
    file.rules.push(RuleGroup {
        category: "clinic".into(),
        informational: true,
        patterns: c
            .phrases
            .iter()
            .map(|p| escape(p))
            .filter(|p| !p.is_empty())
            .collect(),
        ..Default::default()
    });
    for p in &c.patterns {
        let slots: Vec<String> = p
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|w| escape(w).replace(' ', "_"))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .filter(|s| !s.is_empty())
            .collect();
        if !slots.is_empty() {
            file.rules.push(RuleGroup {
                category: "clinic".into(),
                informational: true,
                window: Some(p.window),
                patterns: vec![slots.join(" ")],
                ..Default::default()
            });
        }
    }
    file.idioms.push(RuleGroup {
        patterns: c
            .idioms
            .iter()
            .map(|p| escape(p))
            .filter(|p| !p.is_empty())
            .collect(),
        ..Default::default()
    });
    file.rules.retain(|g| !g.patterns.is_empty());
    file.idioms.retain(|g| !g.patterns.is_empty());
    file
}
