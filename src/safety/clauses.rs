//! How the screen reads a rule's match in its clause: idioms that mask
//! words, negations that cancel a sign, a distant time that makes it
//! history, and the cues (informational, now) of the whole message.

use super::lexicon::Rule;
use super::matches::Matches;
use super::text;
use super::{Screen, Tier, ASIDE_FILLERS};

impl Screen {
    /// Tokens inside an idiom ("dying to know", "this traffic is killing me").
    pub(super) fn idiom_mask(&self, m: &Matches, n: usize) -> Vec<bool> {
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
    pub(super) fn find(
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
    pub(super) fn reads_well(&self, rule: usize) -> bool {
        matches!(self.rule_lang[rule].as_deref(), Some("en" | "es"))
    }

    /// An English or Spanish rule's words share a clause with a distant time
    /// (@past: "years ago", "in 2008", "de adolescente"): history, not now.
    /// A time that is a clause of its own, set off by commas ("I tried to
    /// end my life once, 11 years ago, with pills"), belongs to the clauses
    /// on either side of it in its sentence.
    pub(super) fn in_the_past(
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

    /// A negation shortly before `start` (`negation_window` words), in its
    /// clause, that is not part of a phrase that negates nothing ("can't
    /// stop").
    /// Further back, a negation still cancels when only words that carry it
    /// on stand between ("I have no thoughts of hurting myself").
    pub(super) fn negated(&self, m: &Matches, tokens: &[text::Token], start: usize) -> bool {
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
    pub(super) fn negated_inside(&self, m: &Matches, span: &[usize]) -> bool {
        let Some(neg) = self.neg else { return false };
        let (first, last) = (span[0], span[span.len() - 1]);
        (first + 1..last)
            .any(|k| !span.contains(&k) && m.at(neg, k) && !self.notneg.is_some_and(|c| m.at(c, k)))
    }

    /// Whether the message reads as informational (fiction, or research,
    /// risk or the past with nothing that says now), whether something says
    /// now, and whether a word of time does (fear now does not: "I'm
    /// scared of relapse" after an overdose in 2008). A word that says now
    /// inside an idiom ("she's safe right now") does not count.
    pub(super) fn cues(&self, m: &Matches, masked: &[bool]) -> (bool, bool, bool) {
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
}
