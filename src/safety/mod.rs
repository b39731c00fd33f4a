//! The crisis screen. It reads every message before any matching and puts it
//! in one of three tiers:
//!
//! - **crisis**: a public warning sign of suicide, self-harm, an overdose,
//!   danger to someone else or a medical emergency. The reply is the crisis
//!   card (988 / 911) and never an FAQ.
//! - **concern**: distress without intent ("I'm not okay"), or a message that
//!   mentions suicide, self-harm, overdose or dying without being a crisis
//!   ("can ketamine help suicidal thoughts"). The reply is the ordinary one
//!   and carries the crisis resources too.
//! - **none**.
//!
//! The warning signs are built from word classes (self, intent, means, time,
//! finality, negation, ...) in `en.toml`, `es.toml` and `other.toml`, compiled
//! into the binary; a clinic's `[crisis]` lexicon in `faq/matching.toml` adds
//! phrases and cannot remove any. `text.rs` undoes obfuscation first.

mod clauses;
mod clinic;
mod explain;
mod language;
mod lexicon;
mod matches;
mod model;
mod reading;
mod substrings;
mod text;

pub use language::{card_language, message_language, unread, MessageLanguage};
pub use model::SURE_ANSWER_AT;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::matching::CrisisLexicon;
use lexicon::{Lexicon, LexiconFile};
use matches::Matches;
use model::Model;

/// How urgent a message reads.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    None,
    Concern,
    Crisis,
}

/// What the screen found in a message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    pub tier: Tier,
    /// The warning-sign category (`plan_timing`, `self_harm`, ...), or
    /// `distress` / `mention` for the concern tier; empty for none.
    pub category: String,
    /// The pattern that fired and the words of the message it matched.
    pub pattern: String,
    pub words: Vec<String>,
    /// The language of the rule or phrase that fired, when it says one, or
    /// of the message when the language detector said it (`unread`).
    pub lang: Option<String>,
    /// A concern that becomes a crisis when no FAQ answers the message
    /// ([`Finding::unanswered`]).
    pub crisis_unless_answered: bool,
}

impl Finding {
    pub fn is_crisis(&self) -> bool {
        self.tier == Tier::Crisis
    }

    /// The finding for a message no FAQ answers. Distress that only the
    /// statistical layer reads, and reads strongly
    /// ([`model::UNANSWERED_CRISIS_AT`]; no rule named a sign, so no
    /// negation, idiom or question about a risk stood in its way), becomes a
    /// crisis there: with no answer to give, the crisis resources are the
    /// whole reply, and the card costs a reader who is not in crisis a few
    /// seconds.
    pub fn unanswered(self) -> Finding {
        if self.tier == Tier::Concern && self.crisis_unless_answered {
            Finding {
                tier: Tier::Crisis,
                pattern: format!("{}, and no FAQ answers it", self.pattern),
                ..self
            }
        } else {
            self
        }
    }
}

/// Words that may stand beside a distant time in a clause that is only an
/// aside to the clauses beside it (`in_the_past`).
const ASIDE_FILLERS: &[&str] = &[
    "once", "about", "around", "like", "maybe", "roughly", "almost", "nearly", "over", "some",
    "back", "and", "or", "hace", "como", "unos", "mas", "de",
];

const BUILTIN: [(&str, &str); 3] = [
    ("en", include_str!("en.toml")),
    ("es", include_str!("es.toml")),
    ("other", include_str!("other.toml")),
];

pub struct Screen {
    lex: Lexicon,
    model: Model,
    neg: Option<u32>,
    notneg: Option<u32>,
    /// Words that carry a negation on to the sign ("no thoughts of",
    /// "don't want to accidentally").
    negbridge: Option<u32>,
    /// The writer says plainly they are safe ("I'm not in danger").
    reassure: Option<u32>,
    /// An everyday reason for a preparatory act (moving, retiring, surgery).
    reason: Option<u32>,
    /// The writer says the reason is a cover ("they think I'm moving").
    doubt: Option<u32>,
    info: Option<u32>,
    fiction: Option<u32>,
    hypothetical: Option<u32>,
    present: Option<u32>,
    /// Fear now ("I'm scared"): says now, except to the distant-past reading.
    urgent: Option<u32>,
    past: Option<u32>,
    mention: Option<u32>,
    /// Classes whose words make a message risky enough for the statistical
    /// layer alone to call it a crisis.
    risk: Vec<u32>,
    /// Language of each rule, by index (None for the clinic's).
    rule_lang: Vec<Option<String>>,
    /// How many words before a pattern a negation cancels it.
    negation_window: usize,
}

impl Screen {
    /// The built-in screen plus a clinic's lexicon.
    pub fn new(clinic: &CrisisLexicon) -> Self {
        let mut files: Vec<LexiconFile> = BUILTIN
            .iter()
            .map(|(name, text)| {
                toml::from_str(text).unwrap_or_else(|e| panic!("built-in {name}.toml: {e}"))
            })
            .collect();
        files.push(clinic::lexicon_file(clinic));
        let langs: Vec<Option<String>> = BUILTIN
            .iter()
            .map(|(n, _)| Some((*n).to_owned()))
            .chain([None])
            .collect();
        let lex = Lexicon::compile(&files).unwrap_or_else(|e| panic!("crisis lexicon: {e}"));
        // Rules were sorted crisis-first; recover each one's language by text.
        let mut lang_of: HashMap<&str, Option<String>> = HashMap::new();
        for (file, lang) in files.iter().zip(&langs) {
            for g in &file.rules {
                for p in &g.patterns {
                    lang_of.entry(p.as_str()).or_insert_with(|| lang.clone());
                }
            }
        }
        let rule_lang = lex
            .rules
            .iter()
            .map(|r| lang_of.get(r.text.as_str()).cloned().flatten())
            .collect();
        Self {
            neg: lex.class_id("neg"),
            notneg: lex.class_id("notneg"),
            negbridge: lex.class_id("negbridge"),
            reassure: lex.class_id("reassure"),
            reason: lex.class_id("reason"),
            doubt: lex.class_id("doubt"),
            info: lex.class_id("info"),
            fiction: lex.class_id("fiction"),
            hypothetical: lex.class_id("hypothetical"),
            present: lex.class_id("present"),
            urgent: lex.class_id("urgent"),
            past: lex.class_id("past"),
            mention: lex.class_id("mention"),
            risk: [
                "means",
                "pills",
                "strongmeans",
                "death",
                "sh_verb",
                "place",
                "finality",
                "took_past",
                "quantity",
            ]
            .iter()
            .filter_map(|c| lex.class_id(c))
            .collect(),
            rule_lang,
            negation_window: clinic.negation_window,
            model: Model::parse(include_str!("model.tsv"))
                .unwrap_or_else(|e| panic!("built-in model: {e}")),
            lex,
        }
    }

    /// Reads a message and says which tier it is in, and why.
    pub fn screen(&self, message: &str) -> Finding {
        let read = self.read(message);
        let finding = self.screen_read(&read);
        if finding.is_crisis() || !text::reads_backwards(&read.tokens) {
            return finding;
        }
        // "thginot flesym llik": written backwards so nobody reads over a
        // shoulder. The reversed text gets the same screen.
        let reversed: String = message.chars().rev().collect();
        let hit = self.screen_read(&self.read(&reversed));
        if hit.is_crisis() {
            return Finding {
                pattern: format!("backwards: {}", hit.pattern),
                ..hit
            };
        }
        finding
    }

    fn screen_read(&self, read: &text::Read) -> Finding {
        let m = Matches::new(&self.lex, &read.tokens);
        let masked = self.idiom_mask(&m, read.tokens.len());
        let cues = self.message_cues(&m, &masked);
        match self.rule_pass(read, &m, &masked, &cues) {
            RulePass::Crisis(finding) => finding,
            RulePass::Open(open) => self.layer_pass(read, &m, &masked, &cues, open),
        }
    }

    /// The cues of the whole message that change how a rule's sign reads.
    fn message_cues(&self, m: &Matches, masked: &[bool]) -> Cues {
        let (informational, present, now) = self.cues(m, masked);
        let has = |c: Option<u32>| c.is_some_and(|c| m.present(c));
        Cues {
            informational,
            now,
            hypothetical: !present && has(self.hypothetical),
            reassured: has(self.reassure),
            explained: has(self.reason) && !has(self.doubt),
        }
    }

    /// Every rule in order: the first crisis the statistical layer does not
    /// veto ends the screen; otherwise what the rules found stays open for
    /// the layer.
    fn rule_pass(&self, read: &text::Read, m: &Matches, masked: &[bool], cues: &Cues) -> RulePass {
        let mut open = Open::default();
        for (i, rule) in self.lex.rules.iter().enumerate() {
            if open.concern.is_some() && rule.tier != Tier::Crisis {
                break;
            }
            let Some(span) = self.find(rule, m, &read.tokens, masked, &mut open.cancelled) else {
                continue;
            };
            let tier = if rule.tier == Tier::Crisis
                && ((rule.informational && cues.informational)
                    || (rule.hypothetical && cues.hypothetical)
                    || (rule.deniable && cues.reassured)
                    || (rule.explained && cues.explained)
                    || (!cues.now && self.in_the_past(i, m, &read.tokens, &span)))
            {
                // A question about a risk, or an act with an everyday
                // reason: the statistical layer may not make it the event.
                open.demoted |=
                    (rule.hypothetical && cues.hypothetical) || (rule.explained && cues.explained);
                Tier::Concern
            } else {
                rule.tier
            };
            let finding = Finding {
                tier,
                category: rule.category.clone(),
                pattern: rule.text.clone(),
                words: span
                    .iter()
                    .map(|&k| read.tokens[k].forms[0].clone())
                    .collect(),
                lang: self.rule_lang[i].clone(),
                ..Finding::default()
            };
            if tier == Tier::Crisis {
                match self.second_opinion(i, &read.tokens, &span, &mut open.p_message) {
                    None => return RulePass::Crisis(finding),
                    // The statistical layer reads an ordinary message: the
                    // reply keeps the crisis resources, beside its answer.
                    Some(veto) => {
                        open.concern.get_or_insert(Finding {
                            tier: Tier::Concern,
                            pattern: format!("{veto} over {}", finding.pattern),
                            ..finding
                        });
                        continue;
                    }
                }
            }
            open.concern.get_or_insert(finding);
        }
        RulePass::Open(open)
    }

    /// After the rules: another language's phrase, then the statistical
    /// layer, which may raise what the rules found (never lower it), or
    /// alone raise a message the rules found nothing in.
    fn layer_pass(
        &self,
        read: &text::Read,
        m: &Matches,
        masked: &[bool],
        cues: &Cues,
        open: Open,
    ) -> Finding {
        let substring = self.substring(&read.flat);
        if let Some(hit) = substring.clone().filter(Finding::is_crisis) {
            return hit;
        }
        // A clause a negation cancelled ("I have no thoughts of hurting
        // myself") is not evidence for the layer.
        let negated = !open.cancelled.is_empty();
        let p = if negated {
            let rest: Vec<text::Token> = (read.tokens.iter())
                .filter(|t| !open.cancelled.contains(&t.clause))
                .cloned()
                .collect();
            self.model.probability(&Model::words(&rest))
        } else {
            (open.p_message).unwrap_or_else(|| self.model.probability(&Model::words(&read.tokens)))
        };
        let escalate = |f: Finding| {
            if p >= model::ESCALATE_AT && !negated && !cues.informational && !open.demoted {
                Finding {
                    tier: Tier::Crisis,
                    pattern: format!("model p={p:.3} over {}", f.pattern),
                    ..f
                }
            } else {
                f
            }
        };
        if let Some(c) = open.concern.clone() {
            return escalate(c);
        }
        if let Some(hit) = substring {
            return escalate(hit);
        }
        if let Some(occ) = self.mention.and_then(|c| m.occurrences(c).first().copied()) {
            return escalate(Finding {
                tier: Tier::Concern,
                category: "mention".into(),
                pattern: "@mention".into(),
                words: (occ.0..=occ.1)
                    .map(|k| read.tokens[k].forms[0].clone())
                    .collect(),
                ..Finding::default()
            });
        }
        // Nothing the rules know of. Alone, the layer makes a crisis only of
        // a message with a word of risk in it (means, pills, death, harm to
        // the body, a high place, finality) and no everyday reason;
        // otherwise it can only attach the crisis card. A word of risk
        // inside an idiom ("the last chapter of my life", said of a doctor's
        // words) or a cancelled clause does not count.
        let risky = self.risk.iter().any(|&c| {
            (m.occurrences(c).iter())
                .any(|&(s, _)| !masked[s] && !open.cancelled.contains(&read.tokens[s].clause))
        });
        let tier = if p >= model::CRISIS_AT && risky && !cues.explained {
            Tier::Crisis
        } else if p >= model::CONCERN_AT {
            Tier::Concern
        } else {
            return Finding::default();
        };
        Finding {
            tier,
            category: "model".into(),
            pattern: format!("model p={p:.3}"),
            crisis_unless_answered: p >= model::UNANSWERED_CRISIS_AT && !cues.explained,
            ..Finding::default()
        }
    }
}

/// Cues of the whole message (see [`Screen::message_cues`]).
struct Cues {
    informational: bool,
    /// Something says now (a word of time, not only fear).
    now: bool,
    /// A question about a risk, with nothing that says now.
    hypothetical: bool,
    /// The writer says plainly they are safe.
    reassured: bool,
    /// An everyday reason for a parting act, not called a cover.
    explained: bool,
}

/// Where the rule pass ended.
enum RulePass {
    /// A crisis the statistical layer did not veto.
    Crisis(Finding),
    Open(Open),
}

/// What the rules leave for the statistical layer.
#[derive(Default)]
struct Open {
    /// The first concern, or crisis the layer vetoed, a rule found.
    concern: Option<Finding>,
    /// A rule read as a risk question or an act with an everyday reason:
    /// the layer may not make the event of it.
    demoted: bool,
    /// The layer's reading of the whole message, once asked.
    p_message: Option<f64>,
    /// Clauses whose crisis pattern a negation cancelled ("I would never
    /// ..."): the layer may not undo that.
    cancelled: Vec<usize>,
}

#[cfg(test)]
mod tests;
