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

mod clinic;
mod language;
mod lexicon;
mod matches;
mod model;
mod text;

pub use language::{card_language, message_language, unread, MessageLanguage};
pub use model::SURE_ANSWER_AT;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::matching::CrisisLexicon;
use lexicon::{Lexicon, LexiconFile, Rule};
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
        let (informational, present, now) = self.cues(&m, &masked);
        let hypothetical = !present && self.hypothetical.is_some_and(|c| m.present(c));
        let reassured = self.reassure.is_some_and(|c| m.present(c));
        let explained =
            self.reason.is_some_and(|c| m.present(c)) && !self.doubt.is_some_and(|c| m.present(c));
        // A rule read as a question about a risk: the statistical layer may
        // not make the event of it.
        let mut demoted = false;
        let mut concern: Option<Finding> = None;
        let mut p_message = None;
        // A crisis pattern cancelled by a negation ("I would never ..."):
        // the statistical layer may not undo that.
        let mut cancelled: Vec<usize> = Vec::new();
        for (i, rule) in self.lex.rules.iter().enumerate() {
            if concern.is_some() && rule.tier != Tier::Crisis {
                break;
            }
            let Some(span) = self.find(rule, &m, &read.tokens, &masked, &mut cancelled) else {
                continue;
            };
            let tier = if rule.tier == Tier::Crisis
                && ((rule.informational && informational)
                    || (rule.hypothetical && hypothetical)
                    || (rule.deniable && reassured)
                    || (rule.explained && explained)
                    || (!now && self.in_the_past(i, &m, &read.tokens, &span)))
            {
                // A question about a risk, or an act with an everyday
                // reason: the statistical layer may not make it the event.
                demoted |= (rule.hypothetical && hypothetical) || (rule.explained && explained);
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
                match self.second_opinion(i, &read.tokens, &span, &mut p_message) {
                    None => return finding,
                    // The statistical layer reads an ordinary message: the
                    // reply keeps the crisis resources, beside its answer.
                    Some(veto) => {
                        concern.get_or_insert(Finding {
                            tier: Tier::Concern,
                            pattern: format!("{veto} over {}", finding.pattern),
                            ..finding
                        });
                        continue;
                    }
                }
            }
            concern.get_or_insert(finding);
        }
        let substring = self.substring(&read.flat);
        if let Some(hit) = substring.clone().filter(Finding::is_crisis) {
            return hit;
        }
        // A clause a negation cancelled ("I have no thoughts of hurting
        // myself") is not evidence for the layer.
        let negated = !cancelled.is_empty();
        let p = if negated {
            let rest: Vec<text::Token> = (read.tokens.iter())
                .filter(|t| !cancelled.contains(&t.clause))
                .cloned()
                .collect();
            self.model.probability(&Model::words(&rest))
        } else {
            p_message.unwrap_or_else(|| self.model.probability(&Model::words(&read.tokens)))
        };
        let escalate = |f: Finding| {
            if p >= model::ESCALATE_AT && !negated && !informational && !demoted {
                Finding {
                    tier: Tier::Crisis,
                    pattern: format!("model p={p:.3} over {}", f.pattern),
                    ..f
                }
            } else {
                f
            }
        };
        if let Some(c) = concern {
            return escalate(c);
        }
        if let Some(hit) = substring {
            return escalate(hit);
        }
        if let Some(c) = self.mention {
            if let Some(occ) = m.occurrences(c).first() {
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
        }
        // Nothing the rules know of: the statistical layer may still raise
        // the message. Here it never lowers a tier, and never overrides a
        // negation or an informational reading the rules made.
        // Alone, it makes a crisis only of a message with a word of risk in
        // it (means, pills, death, harm to the body, a high place,
        // finality); otherwise it can only attach the crisis card. A word
        // of risk inside an idiom ("the last chapter of my life", said of a
        // doctor's words) or a cancelled clause does not count.
        let risky = self.risk.iter().any(|&c| {
            (m.occurrences(c).iter())
                .any(|&(s, _)| !masked[s] && !cancelled.contains(&read.tokens[s].clause))
        });
        let tier = if p >= model::CRISIS_AT && risky && !explained {
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
            crisis_unless_answered: p >= model::UNANSWERED_CRISIS_AT && !explained,
            ..Finding::default()
        }
    }

    /// The message's words, with runs of spaced letters split into the
    /// words they spell.
    fn read(&self, message: &str) -> text::Read {
        let mut read = text::read(message);
        // Spaced letters joined, or words typed without spaces
        // ("iwanttokillmyself").
        // A common word ("disappointed") is not words run together.
        let run_together = |t: &text::Token| {
            t.joined
                || (t.forms[0].len() >= 12
                    && t.forms[0].bytes().all(|b| b.is_ascii_lowercase())
                    && !crate::matching::english::is_english_word(&t.forms[0])
                    && self.lex.specs_of(&t.forms).is_empty())
        };
        if read.tokens.iter().any(run_together) {
            let known = |w: &str| self.lex.knows(w);
            read.tokens = read
                .tokens
                .into_iter()
                .flat_map(|t| {
                    // A word of its own ("it", "im", "tonight") spelled
                    // out with spaces is that word, not letters to split.
                    let whole_word = t.forms[0].chars().count() <= 2
                        || crate::matching::english::is_english_word(&t.forms[0]);
                    let parts =
                        (run_together(&t) && !whole_word && self.lex.specs_of(&t.forms).is_empty())
                            .then(|| text::segment(&t.forms[0], &known))
                            .flatten()
                            // Single letters are no reading of a long word ("d is app o").
                            .filter(|parts| {
                                t.joined
                                    || parts
                                        .iter()
                                        .all(|p| p.chars().count() > 1 || p == "i" || p == "a")
                            })
                            .map(|parts| {
                                let mut words = Vec::new();
                                for p in parts {
                                    crate::matching::expand_contraction(&p, &mut words);
                                }
                                words
                            });
                    match parts {
                        Some(parts) => parts
                            .into_iter()
                            .map(|p| text::Token {
                                forms: vec![p],
                                joined: false,
                                ..t.clone()
                            })
                            .collect(),
                        None => vec![t],
                    }
                })
                .collect();
        }
        read
    }

    /// Tokens inside an idiom ("dying to know", "this traffic is killing me").
    fn idiom_mask(&self, m: &Matches, n: usize) -> Vec<bool> {
        let mut masked = vec![false; n];
        let none = vec![false; n];
        for idiom in &self.lex.idioms {
            if !idiom.slots.iter().all(|&c| m.present(c)) {
                continue;
            }
            for span in m.all_spans(idiom, &none) {
                for k in span {
                    masked[k] = true;
                }
            }
        }
        masked
    }

    /// The first match of `rule` that is not wholly inside idioms and not
    /// negated: the positions of the matched words. The clause of a crisis
    /// match a negation cancelled joins `cancelled`.
    fn find(
        &self,
        rule: &Rule,
        m: &Matches,
        tokens: &[text::Token],
        masked: &[bool],
        cancelled: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        if !rule.slots.iter().all(|&c| m.present(c)) {
            return None;
        }
        m.all_spans(rule, masked).into_iter().find(|span| {
            let start = span[0];
            let negated =
                rule.negatable && (self.negated(m, tokens, start) || self.negated_inside(m, span));
            if negated && rule.tier == Tier::Crisis && !cancelled.contains(&tokens[start].clause) {
                cancelled.push(tokens[start].clause);
            }
            !negated
        })
    }

    /// Whether rule `rule` is one the clause and model readings know the
    /// language of: the built-in English and Spanish. The clinic's own
    /// lexicon and the other languages' phrases are taken as they fire.
    fn reads_well(&self, rule: usize) -> bool {
        matches!(self.rule_lang[rule].as_deref(), Some("en" | "es"))
    }

    /// An English or Spanish rule's words share a clause with a distant time
    /// (@past: "years ago", "in 2008", "de adolescente"): history, not now.
    /// A time that is a clause of its own, set off by commas ("I tried to
    /// end my life once, 11 years ago, with pills"), belongs to the clauses
    /// on either side of it in its sentence.
    fn in_the_past(
        &self,
        rule: usize,
        m: &Matches,
        tokens: &[text::Token],
        span: &[usize],
    ) -> bool {
        let Some(past) = self.past else { return false };
        if !self.reads_well(rule) {
            return false;
        }
        let times = m.occurrences(past);
        let in_time = |k: usize| times.iter().any(|&(s, e)| s <= k && k <= e);
        times.iter().any(|&(s, _)| {
            let clause = tokens[s].clause;
            // Nothing in the clause but the time ("11 years ago", "once,
            // back in 2009").
            let aside = tokens.iter().enumerate().all(|(k, t)| {
                t.clause != clause
                    || in_time(k)
                    || t.forms[0].bytes().all(|b| b.is_ascii_digit())
                    || ASIDE_FILLERS.contains(&t.forms[0].as_str())
            });
            span.iter().any(|&k| {
                let c = tokens[k].clause;
                c == clause
                    || (aside
                        && tokens[k].sentence == tokens[s].sentence
                        && c.abs_diff(clause) == 1)
            })
        })
    }

    /// The statistical layer's second opinion on an English or Spanish
    /// rule's crisis reading: `Some(why)` when both the whole message and
    /// the sentences the rule matched in read as ordinary (under
    /// [`model::VETO_BELOW`]), which makes the reading a concern. The
    /// clinic's own lexicon and the other languages' phrases, which the
    /// layer has few words of, are never second-guessed.
    fn second_opinion(
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

    /// A negation shortly before `start` (`negation_window` words), in its
    /// clause, that is not part of a phrase that negates nothing ("can't
    /// stop").
    /// Further back, a negation still cancels when only words that carry it
    /// on stand between ("I have no thoughts of hurting myself").
    fn negated(&self, m: &Matches, tokens: &[text::Token], start: usize) -> bool {
        let Some(neg) = self.neg else { return false };
        let clause = tokens[start].clause;
        let negation = |k: usize| m.at(neg, k) && !self.notneg.is_some_and(|c| m.at(c, k));
        if (start.saturating_sub(self.negation_window)..start)
            .any(|k| tokens[k].clause == clause && negation(k))
        {
            return true;
        }
        let Some(bridge) = self.negbridge else {
            return false;
        };
        (0..start)
            .rev()
            .take_while(|&k| tokens[k].clause == clause)
            .find(|&k| negation(k) || !m.at(bridge, k))
            .is_some_and(negation)
    }

    /// A negation between the matched words ("he is not bleeding"): a
    /// negatable rule's own words are never negations, so one in a gap is.
    fn negated_inside(&self, m: &Matches, span: &[usize]) -> bool {
        let Some(neg) = self.neg else { return false };
        let (first, last) = (span[0], span[span.len() - 1]);
        (first + 1..last)
            .any(|k| !span.contains(&k) && m.at(neg, k) && !self.notneg.is_some_and(|c| m.at(c, k)))
    }

    fn substring(&self, flat: &str) -> Option<Finding> {
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

    /// The words the statistical layer reads, for training it
    /// (`clinicfaq eval --screen-words`).
    pub fn model_words(&self, message: &str) -> Vec<String> {
        Model::words(&self.read(message).tokens)
    }

    /// Whether the message reads as informational (fiction, or research,
    /// risk or the past with nothing that says now), whether something says
    /// now, and whether a word of time does (fear now does not: "I'm
    /// scared of relapse" after an overdose in 2008). A word that says now
    /// inside an idiom ("she's safe right now") does not count.
    fn cues(&self, m: &Matches, masked: &[bool]) -> (bool, bool, bool) {
        let cue = |c: Option<u32>| c.is_some_and(|c| m.present(c));
        let unmasked = |c: Option<u32>| {
            c.is_some_and(|c| {
                m.occurrences(c)
                    .iter()
                    .any(|&(s, e)| !(s..=e).all(|k| masked[k]))
            })
        };
        let now = unmasked(self.present);
        let present = now || unmasked(self.urgent);
        (
            cue(self.fiction) || (cue(self.info) && !present),
            present,
            now,
        )
    }

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

#[cfg(test)]
mod tests;
