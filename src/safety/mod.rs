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

mod language;
mod lexicon;
mod model;
mod text;

pub use language::{card_language, message_language, unread, MessageLanguage};
pub use model::SURE_ANSWER_AT;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::matching::CrisisLexicon;
use lexicon::{Lexicon, LexiconFile, Rule, RuleGroup};
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
        files.push(clinic_file(clinic));
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
                    || (!now && self.in_the_past(i, &m, &read.tokens, &span)))
            {
                demoted |= rule.hypothetical && hypothetical;
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
        let tier = if p >= model::CRISIS_AT && risky {
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
            crisis_unless_answered: p >= model::UNANSWERED_CRISIS_AT,
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
        let (informational, present, now) = self.cues(&m, &self.idiom_mask(&m, read.tokens.len()));
        format!(
            "screen: {:?} {} (pattern {:?}, words {:?}{})\nscreen read: {}\nscreen cues: informational {}, present {} (a word of time {}), reassured {}, risk words {}, model {:.3}\n",
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
        )
    }
}

/// The clinic's `[crisis]` lexicon as one more lexicon file: its phrases and
/// patterns are crisis rules, its idioms idioms, its negations join @neg.
fn clinic_file(c: &CrisisLexicon) -> LexiconFile {
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

/// Where a class occurs: (first word, last word) of each occurrence.
type Spans = Rc<[(usize, usize)]>;

/// Which classes occur where in one message. Atoms are found eagerly (a
/// message has a few dozen); a class's occurrences are gathered from its
/// atoms only when a rule that needs it has all its classes present.
struct Matches<'a> {
    lex: &'a Lexicon,
    /// (atom, first word, last word), sorted.
    atoms: Vec<(u32, usize, usize)>,
    /// Bit per class: one of its atoms occurs.
    present: Vec<u64>,
    cache: RefCell<HashMap<u32, Spans>>,
    sentence: Vec<usize>,
}

impl<'a> Matches<'a> {
    fn new(lex: &'a Lexicon, tokens: &[text::Token]) -> Self {
        let specs: Vec<Vec<u32>> = tokens.iter().map(|t| lex.specs_of(&t.forms)).collect();
        let mut atoms = Vec::new();
        for (i, ids) in specs.iter().enumerate() {
            for s in ids {
                for &atom in lex.atoms_by_first.get(s).into_iter().flatten() {
                    let seq = &lex.atoms[atom as usize];
                    let end = i + seq.len() - 1;
                    if end >= tokens.len() || tokens[end].sentence != tokens[i].sentence {
                        continue;
                    }
                    let fits = seq
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(k, spec)| specs[i + k].binary_search(spec).is_ok());
                    if fits {
                        atoms.push((atom, i, end));
                    }
                }
            }
        }
        atoms.sort_unstable();
        atoms.dedup();
        let mut present = vec![0u64; lex.classes.len().div_ceil(64)];
        let mut last = None;
        for &(atom, _, _) in &atoms {
            if last == Some(atom) {
                continue;
            }
            last = Some(atom);
            for &c in &lex.classes_of_atom[atom as usize] {
                present[c as usize / 64] |= 1 << (c % 64);
            }
        }
        Self {
            lex,
            atoms,
            present,
            cache: RefCell::new(HashMap::new()),
            sentence: tokens.iter().map(|t| t.sentence).collect(),
        }
    }

    fn present(&self, class: u32) -> bool {
        self.present[class as usize / 64] & (1 << (class % 64)) != 0
    }

    fn occurrences(&self, class: u32) -> Spans {
        if !self.present(class) {
            return Rc::from([]);
        }
        if let Some(v) = self.cache.borrow().get(&class) {
            return v.clone();
        }
        let mut out = Vec::new();
        for &atom in &self.lex.classes[class as usize] {
            let from = self.atoms.partition_point(|&(a, _, _)| a < atom);
            out.extend(
                self.atoms[from..]
                    .iter()
                    .take_while(|&&(a, _, _)| a == atom)
                    .map(|&(_, s, e)| (s, e)),
            );
        }
        out.sort_unstable();
        out.dedup();
        let out: Spans = out.into();
        self.cache.borrow_mut().insert(class, out.clone());
        out
    }

    fn at(&self, class: u32, k: usize) -> bool {
        self.occurrences(class)
            .iter()
            .any(|&(s, e)| s <= k && k <= e)
    }

    /// Every match of `rule` (each as the positions of its words) with most
    /// of its words outside `masked`.
    fn all_spans(&self, rule: &Rule, masked: &[bool]) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for &(s, e) in self.occurrences(rule.slots[0]).iter() {
            let mut path = vec![(s, e)];
            if self.extend(rule, 1, &mut path) {
                let span: Vec<usize> = path.iter().flat_map(|&(s, e)| s..=e).collect();
                // Half or more of the words inside idioms, or the last one
                // (the act: "we need to cut my session short"): an idiom.
                let in_idiom = span.iter().filter(|&&k| masked[k]).count();
                let last_masked = span.last().is_some_and(|&k| masked[k]);
                if in_idiom * 2 < span.len() && !last_masked {
                    out.push(span);
                }
            }
        }
        out
    }

    fn extend(&self, rule: &Rule, slot: usize, path: &mut Vec<(usize, usize)>) -> bool {
        if slot == rule.slots.len() {
            return true;
        }
        let (start, last) = (path[0].0, path[path.len() - 1].1);
        for &(s, e) in self.occurrences(rule.slots[slot]).iter() {
            if s <= last || s - last - 1 > rule.window {
                continue;
            }
            if self.sentence[s] != self.sentence[start] {
                continue;
            }
            path.push((s, e));
            if self.extend(rule, slot + 1, path) {
                return true;
            }
            path.pop();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Screen {
        Screen::new(&CrisisLexicon {
            negations: vec!["not".into(), "never".into(), "no".into()],
            negation_window: 2,
            ..CrisisLexicon::default()
        })
    }

    fn tier(s: &Screen, text: &str) -> Tier {
        s.screen(text).tier
    }

    #[test]
    fn warning_signs_without_trigger_words() {
        let s = screen();
        for msg in [
            "the pills are lined up on my nightstand",
            "bought a rope this afternoon",
            "everyone would be better off if i wasnt around",
            "wrote goodbye letters to my kids",
            "tonight is the night",
            "gave away my guitar and my dog this week",
            "i hope i dont wake up tomorrow",
            "swallowed the whole bottle of my sleeping pills",
            "cut my arms again last night",
            "my brother texted me goodbye and isnt answering",
            "i want to hurt my neighbor, i know when he gets home",
            "cant breathe and my chest hurts after the infusion",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn obfuscation_is_undone() {
        let s = screen();
        for msg in [
            "i want to k1ll mys3lf",
            "i want to k\u{200b}ill myself",
            "su\u{ad}icidal again",
            "i want to k\u{456}ll myself",
            "k i l l m y s e l f",
            "i w a n t t o d i e",
            // Words spelled out one by one, two-letter ones too.
            "t o n i g h t   i m   e n d i n g   i t",
            "i just wanna diiiie",
            "i want to \u{1f480} myself",
            "thinking about the sewer slide",
            "gonna unalive tonight",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn negation_and_idioms_stay_in_their_clause() {
        let s = screen();
        assert_eq!(tier(&s, "No. I want to die."), Tier::Crisis);
        assert_eq!(tier(&s, "I want to die for real"), Tier::Crisis);
        assert_eq!(tier(&s, "i cant stop cutting"), Tier::Crisis);
        assert_eq!(
            tier(&s, "this traffic is killing me, but i want to die"),
            Tier::Crisis
        );
        // Negated or idiomatic: not a crisis, but it mentions dying.
        assert_eq!(
            tier(&s, "I would never kill myself, just asking"),
            Tier::Concern
        );
        assert_eq!(
            tier(&s, "I'm dying to know how long it lasts"),
            Tier::Concern
        );
        assert_eq!(tier(&s, "this wait is killing me"), Tier::Concern);
        assert_eq!(tier(&s, "we need to cut my session short"), Tier::None);
    }

    #[test]
    fn a_negation_carries_over_words_of_intent_but_not_over_others() {
        let s = screen();
        for msg in [
            "To be clear I have no thoughts of hurting myself, I just want to feel something again",
            "is it risky to combine ketamine with my benzos? I don't want to accidentally overdose",
            "no tengo pensamientos de hacerme daño, solo quiero sentirme mejor",
        ] {
            assert_ne!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
        // Other words break the carry; a sign in another clause stands.
        for msg in [
            "nothing to live for i want to kill myself",
            "I have no thoughts of hurting myself, but I took 30 pills an hour ago",
            "no family left and i want to die",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn a_weaker_sign_is_concern_when_the_writer_says_they_are_safe() {
        let s = screen();
        for msg in [
            "Not in any danger, just tired of living like this. Would ketamine help PTSD?",
            "I'm not in danger or anything, just tired of trying things. Is ketamine used for CRPS?",
            "no estoy en peligro, solo cansada de luchar. ¿La ketamina ayuda?",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
        // Without the reassurance, or with a sign that is not deniable.
        for msg in [
            "just tired of living like this",
            "I'm not in danger, but I have the pills lined up for tonight",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn someone_who_is_well_now_tells_history() {
        let s = screen();
        for msg in [
            "I attempted suicide 8 years ago, now I'm stable and in therapy. Does that rule me out?",
            "Hace 8 años intenté quitarme la vida, ahora estoy estable y en terapia. ¿Eso me impide recibir ketamina?",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
        assert_eq!(
            tier(
                &s,
                "I tried to kill myself 8 years ago and now I'm thinking about it again"
            ),
            Tier::Crisis
        );
        // A time set off by commas belongs to its neighbours; fear now is
        // not a sign happening again.
        for msg in [
            "I tried to end my life once, 11 years ago, with pills. How addictive is ketamine?",
            "In 2008 I overdosed and spent 3 days in ICU. I'm scared of relapse. Is ketamine risky?",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
    }

    #[test]
    fn a_death_told_is_not_a_sign_but_still_gets_the_card() {
        let s = screen();
        for msg in [
            "My best friend killed herself in 2019. How fast does ketamine work?",
            "I lost three friends from my unit to suicide. What does ketamine do for PTSD?",
            "Mi papá se suicidó cuando yo tenía 15 años. ¿Eso afecta si me pueden dar ketamina?",
            "My friend died of a heart attack at 42. Does ketamine strain the heart?",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
        assert_eq!(
            tier(
                &s,
                "My dad died last year and I just want to be with him now"
            ),
            Tier::Crisis
        );
        assert_eq!(
            tier(&s, "I swore I'd never do that to my parents but the thoughts are back and they're loud"),
            Tier::Crisis
        );
        assert_eq!(
            tier(&s, "Mi primo murió por sobredosis de fentanilo. ¿La ketamina de la clínica es diferente?"),
            Tier::Concern
        );
        assert_ne!(
            tier(
                &s,
                "I am safe. I have zero plans to end my life. Does ketamine treat anxiety?"
            ),
            Tier::Crisis
        );
    }

    #[test]
    fn distant_history_in_the_same_clause_is_concern_unless_something_says_now() {
        let s = screen();
        for msg in [
            "I tried to end my life in 2008. Can someone with that background get IV ketamine?",
            "intenté suicidarme cuando tenía 17 años, ¿eso me descalifica?",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
        // History in one clause, the sign now in another, or a word for now.
        for msg in [
            "I tried years ago, and I want to kill myself",
            "I overdosed in college and I'm doing it again tonight",
            "the thoughts of killing myself are back, worse than last spring",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn the_model_second_guesses_an_ordinary_message_but_keeps_the_card() {
        let s = screen();
        let f = s.screen("my phone is dead, can someone call my ride when I'm done?");
        assert_eq!(f.tier, Tier::Concern, "{f:?}");
        assert!(f.pattern.contains("reads it as ordinary"), "{f:?}");
        // A plain statement of intent keeps its crisis reading.
        for msg in ["im done. tonight. goodbye", "I want to kill myself"] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn strong_distress_only_the_model_reads_is_a_crisis_when_nothing_answers_it() {
        let s = screen();
        let f = s.screen("havent left my bed in 4 days except to pee");
        assert_eq!((f.tier, f.category.as_str()), (Tier::Concern, "model"));
        assert!(f.crisis_unless_answered, "{f:?}");
        assert_eq!(f.unanswered().tier, Tier::Crisis);
        // A rule's concern, or the model's weaker one, stays a concern.
        for msg in ["I'm dying to know how long it lasts", "I'm not okay"] {
            let f = s.screen(msg);
            assert_eq!(f.tier, Tier::Concern, "{msg:?}");
            assert_eq!(f.unanswered().tier, Tier::Concern, "{msg:?}");
        }
    }

    #[test]
    fn informational_questions_get_the_concern_tier() {
        let s = screen();
        for msg in [
            "what does the research say about ketamine and suicidal thoughts",
            "can you overdose on ketamine",
            "I had an overdose years ago, am I eligible",
            "history of self harm as a teen, does that disqualify me",
        ] {
            assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
        }
        // The same words, now: a crisis.
        assert_eq!(tier(&s, "i feel suicidal tonight"), Tier::Crisis);
        assert_eq!(tier(&s, "i just overdosed"), Tier::Crisis);
    }

    #[test]
    fn a_question_about_a_risk_is_not_the_event() {
        let s = screen();
        for msg in [
            "could ketamine give me a heart attack? my blood pressure runs high",
            "what if I stop breathing during the infusion",
        ] {
            assert_ne!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
        for msg in [
            "I think I'm having a heart attack right now",
            "my chest is crushing and I can't breathe",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
    }

    #[test]
    fn distress_is_concern_and_ordinary_questions_are_none() {
        let s = screen();
        assert_eq!(tier(&s, "I'm not okay"), Tier::Concern);
        assert_eq!(tier(&s, "I can't do this anymore"), Tier::Concern);
        for msg in [
            "how long do the effects last",
            "I'm done with my questions, thanks",
            "can i get ketamine as a pill",
            "how many sessions does it take",
            "do i need someone to pick me up",
        ] {
            assert_eq!(tier(&s, msg), Tier::None, "{msg:?}");
        }
        // The statistical layer alone never takes an answer away from a
        // message without a word of risk (it may attach the card).
        assert_ne!(tier(&s, "I'm gonna ask my doctor"), Tier::Crisis);
    }

    #[test]
    fn spanish_and_other_languages() {
        let s = screen();
        for msg in [
            "ya no quiero vivir",
            "me quiero matar",
            "me tome todas las pastillas",
            "mi hijo dice que se quiere matar",
            "我想死",
            "죽고 싶어요",
            "хочу умереть",
            "je veux mourir",
            "quero morrer",
            "muốn chết",
            "gusto ko nang mamatay",
            "أريد أن أموت",
            "mwen vle mouri",
        ] {
            assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
        }
        assert_eq!(tier(&s, "me muero de ganas de saber"), Tier::Concern);
        assert_eq!(tier(&s, "cuanto dura el efecto de la ketamina"), Tier::None);
    }

    #[test]
    fn explain_names_the_category_and_the_words() {
        let s = screen();
        let f = s.screen("i have the pills ready tonight");
        assert_eq!(f.category, "means");
        assert!(f.words.iter().any(|w| w == "pills"), "{f:?}");
        assert!(s
            .explain("i have the pills ready tonight")
            .contains("means"));
    }
}
