//! Groups similar questions so staff see "asked 14 times" once, not 14 rows.
//! Greedy single pass: each question joins the first group whose first
//! question shares most of its words (or spells nearly the same), else it
//! starts a new group.

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use super::InboxItem;
use crate::matching::words;

/// Share of words two questions must have in common (Jaccard).
const MIN_JACCARD: f64 = 0.5;
/// Or this similar as strings, to catch typos of short questions.
const MIN_SPELLING: f64 = 0.85;
/// Example questions returned per group.
const EXAMPLES: usize = 5;

#[derive(Debug, Clone)]
pub struct Group {
    /// The id of the group's first question; stable while that item exists.
    pub id: u64,
    pub representative: String,
    pub count: usize,
    pub examples: Vec<String>,
    pub item_ids: Vec<u64>,
    pub first_seen: OffsetDateTime,
    pub last_seen: OffsetDateTime,
    /// FAQs the matcher suggested for these questions, most often first.
    pub suggested: Vec<String>,
}

struct Key {
    words: BTreeSet<String>,
    joined: String,
}

fn key(text: &str) -> Key {
    let words: Vec<String> = words(text);
    Key {
        joined: words.join(" "),
        words: words.into_iter().collect(),
    }
}

fn similar(a: &Key, b: &Key) -> bool {
    let common = a.words.intersection(&b.words).count() as f64;
    let union = a.words.union(&b.words).count() as f64;
    (union > 0.0 && common / union >= MIN_JACCARD)
        || strsim::normalized_levenshtein(&a.joined, &b.joined) >= MIN_SPELLING
}

/// Groups `items` (in id order), largest group first.
pub fn group(items: &[(u64, InboxItem)]) -> Vec<Group> {
    let mut groups: Vec<(Key, Group, BTreeMap<String, usize>)> = Vec::new();
    for (id, item) in items {
        let k = key(&item.question);
        let slot = groups.iter().position(|(gk, _, _)| similar(gk, &k));
        let (_, g, votes) = match slot {
            Some(i) => &mut groups[i],
            None => {
                groups.push((
                    k,
                    Group {
                        id: *id,
                        representative: item.question.clone(),
                        count: 0,
                        examples: Vec::new(),
                        item_ids: Vec::new(),
                        first_seen: item.at,
                        last_seen: item.at,
                        suggested: Vec::new(),
                    },
                    BTreeMap::new(),
                ));
                groups.last_mut().expect("just pushed")
            }
        };
        g.count += item.times as usize;
        g.item_ids.push(*id);
        if g.examples.len() < EXAMPLES && !g.examples.contains(&item.question) {
            g.examples.push(item.question.clone());
        }
        g.first_seen = g.first_seen.min(item.at);
        g.last_seen = g.last_seen.max(item.at);
        for slug in &item.suggested {
            *votes.entry(slug.clone()).or_default() += item.times as usize;
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(_, mut g, votes)| {
            let mut ranked: Vec<(String, usize)> = votes.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            g.suggested = ranked.into_iter().take(3).map(|(s, _)| s).collect();
            g
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::InboxKind;

    fn item(q: &str) -> InboxItem {
        InboxItem {
            question: q.into(),
            kind: InboxKind::NoMatch,
            confidence: 0.1,
            suggested: vec![],
            at: OffsetDateTime::UNIX_EPOCH,
            times: 1,
        }
    }

    #[test]
    fn similar_questions_share_a_group() {
        let items: Vec<(u64, InboxItem)> = [
            "can i drive home after treatment",
            "can I drive home after my treatment?",
            "is parking free",
            "can i drive hom after treatment",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, q)| (i as u64, item(q)))
        .collect();
        let groups = group(&items);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 3);
        assert_eq!(groups[0].item_ids, vec![0, 1, 3]);
        assert_eq!(groups[1].representative, "is parking free");
    }
}
