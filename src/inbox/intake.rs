//! The inbox rule, its one owner: which messages the inbox keeps, which it
//! only counts, how repeats are folded, and for how long it keeps them.
//! Pure; `/v1/ask` and the inbox queue act on it, the store keeps the result.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::{InboxItem, InboxKind};
use crate::matching::Verdict;
use crate::safety::Tier;

/// What becomes of a message once it has its reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Nothing: it was answered (or was a crisis), or the inbox is off.
    Nothing,
    /// The crisis screen flagged it (crisis or concern): counted by day,
    /// tier and category; its text is not even queued.
    Count,
    /// Kept, scrubbed, as an unanswered question of this kind.
    Keep(InboxKind),
}

/// The inbox rule: a `no_match` or a `suggestions` reply keeps the question,
/// a flagged message is only counted, an answer leaves nothing. With a
/// retention of 0 days the inbox keeps and counts nothing.
pub fn intake(verdict: Verdict, tier: Tier, retention_days: u32) -> Intake {
    if retention_days == 0 {
        return Intake::Nothing;
    }
    if tier != Tier::None {
        return Intake::Count;
    }
    match verdict {
        Verdict::Answer | Verdict::Crisis => Intake::Nothing,
        Verdict::NoMatch => Intake::Keep(InboxKind::NoMatch),
        Verdict::Suggestions => Intake::Keep(InboxKind::Suggestions),
    }
}

/// The oldest moment the inbox keeps questions and counts from:
/// `retention_days` before `now`. `None` when it keeps nothing (0 days).
pub fn kept_since(now: OffsetDateTime, retention_days: u32) -> Option<OffsetDateTime> {
    (retention_days > 0).then(|| now - Duration::days(i64::from(retention_days)))
}

/// One record per distinct question (and kind) of a batch, in order of
/// first arrival, counting the repeats: a flood of one question costs one
/// write, and staff still see how often it was asked.
pub fn fold_repeats(questions: &[InboxItem]) -> Vec<InboxItem> {
    let mut out: Vec<InboxItem> = Vec::new();
    let mut seen: HashMap<(&str, InboxKind), usize> = HashMap::new();
    for item in questions {
        match seen.entry((item.question.as_str(), item.kind)) {
            Entry::Occupied(i) => {
                let record = &mut out[*i.get()];
                record.times += item.times;
                record.at = record.at.max(item.at);
            }
            Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push(item.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(q: &str, kind: InboxKind, at: i64) -> InboxItem {
        InboxItem {
            question: q.into(),
            kind,
            confidence: 0.1,
            suggested: vec![],
            at: OffsetDateTime::from_unix_timestamp(at).unwrap(),
            times: 1,
        }
    }

    #[test]
    fn unanswered_questions_are_kept_and_answers_are_not() {
        assert_eq!(
            intake(Verdict::NoMatch, Tier::None, 30),
            Intake::Keep(InboxKind::NoMatch)
        );
        assert_eq!(
            intake(Verdict::Suggestions, Tier::None, 30),
            Intake::Keep(InboxKind::Suggestions)
        );
        assert_eq!(intake(Verdict::Answer, Tier::None, 30), Intake::Nothing);
        assert_eq!(intake(Verdict::Crisis, Tier::None, 30), Intake::Nothing);
    }

    #[test]
    fn flagged_messages_are_only_counted_whatever_the_reply() {
        for verdict in [Verdict::NoMatch, Verdict::Suggestions, Verdict::Answer] {
            assert_eq!(intake(verdict, Tier::Concern, 30), Intake::Count);
        }
        assert_eq!(intake(Verdict::Crisis, Tier::Crisis, 30), Intake::Count);
    }

    #[test]
    fn an_inbox_without_retention_keeps_and_counts_nothing() {
        assert_eq!(intake(Verdict::NoMatch, Tier::None, 0), Intake::Nothing);
        assert_eq!(intake(Verdict::Crisis, Tier::Crisis, 0), Intake::Nothing);
        let now = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        assert_eq!(kept_since(now, 0), None);
        assert_eq!(kept_since(now, 2), Some(now - Duration::days(2)));
    }

    #[test]
    fn repeats_in_a_batch_are_one_record_with_their_count() {
        let batch = [
            item("is there parking", InboxKind::NoMatch, 1),
            item("what is ketchup", InboxKind::NoMatch, 2),
            item("is there parking", InboxKind::NoMatch, 3),
            item("is there parking", InboxKind::Suggestions, 4),
        ];
        let records = fold_repeats(&batch);
        let summary: Vec<(&str, InboxKind, u64, i64)> = records
            .iter()
            .map(|r| (r.question.as_str(), r.kind, r.times, r.at.unix_timestamp()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("is there parking", InboxKind::NoMatch, 2, 3),
                ("what is ketchup", InboxKind::NoMatch, 1, 2),
                ("is there parking", InboxKind::Suggestions, 1, 4),
            ]
        );
    }
}
