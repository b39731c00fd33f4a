//! Groups similar questions so staff see "asked 14 times" once, not 14 rows.
//! Greedy single pass: each question joins the first group whose first
//! question shares most of its topic terms (the matcher's stems after
//! synonyms, so paraphrases meet) or spells nearly the same, else it starts
//! a new group. Greetings and thanks are set apart as small talk.

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
    /// Greetings, thanks and the like: nothing to answer.
    pub small_talk: bool,
}

/// Words that make a message small talk when it has no others.
const SMALL_TALK: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "yo",
    "thanks",
    "thank",
    "thx",
    "ty",
    "you",
    "u",
    "ok",
    "okay",
    "k",
    "bye",
    "goodbye",
    "good",
    "morning",
    "afternoon",
    "evening",
    "night",
    "great",
    "cool",
    "nice",
    "yes",
    "no",
    "yeah",
    "yep",
    "nope",
    "lol",
    "test",
    "testing",
    "there",
    "so",
    "much",
    "very",
    "cheers",
    "awesome",
    "perfect",
    "sure",
    "hola",
    "gracias",
];

/// True when every word of `text` is small talk ("hi", "thanks so much").
pub fn is_small_talk(text: &str) -> bool {
    let w = words(text);
    !w.is_empty() && w.iter().all(|w| SMALL_TALK.contains(&w.as_str()))
}

struct Key {
    words: BTreeSet<String>,
    joined: String,
    topic: Option<&'static str>,
}

/// What patients ask a clinic that an FAQ about treatment rarely covers,
/// and the words they ask it with: questions on one of these topics group
/// together however they are worded ("how much is it", "price?", "do you
/// take payment plans").
const TOPICS: &[(&str, &[&str])] = &[
    (
        "cost",
        &[
            "cost",
            "costs",
            "price",
            "prices",
            "pricing",
            "fee",
            "fees",
            "pay",
            "payment",
            "payments",
            "expensive",
            "afford",
            "charge",
            "charges",
            "bill",
            "billing",
            "cheap",
        ],
    ),
    (
        "insurance",
        &[
            "insurance",
            "insured",
            "covered",
            "coverage",
            "cover",
            "medicare",
            "medicaid",
            "insurer",
            "copay",
            "deductible",
            "hsa",
            "fsa",
        ],
    ),
    ("parking", &["parking", "park", "garage", "parked"]),
    (
        "hours",
        &[
            "hours", "open", "opening", "close", "closing", "closed", "weekend", "weekends",
            "saturday", "sunday",
        ],
    ),
    (
        "booking",
        &[
            "appointment",
            "appointments",
            "book",
            "booking",
            "schedule",
            "scheduling",
            "reschedule",
            "cancel",
            "waitlist",
            "availability",
        ],
    ),
    (
        "location",
        &["address", "located", "location", "directions", "where"],
    ),
];

/// The clinic topic of a question, when it names one.
fn topic(words: &[String]) -> Option<&'static str> {
    if words.windows(2).any(|w| w[0] == "how" && w[1] == "much") {
        return Some("cost");
    }
    TOPICS
        .iter()
        .find(|(_, cues)| words.iter().any(|w| cues.contains(&w.as_str())))
        .map(|(name, _)| *name)
}

fn key(text: &str, terms: &impl Fn(&str) -> Vec<String>) -> Key {
    let plain = words(text);
    let mut topic_terms: BTreeSet<String> = terms(text).into_iter().collect();
    if topic_terms.is_empty() {
        topic_terms = plain.iter().cloned().collect();
    }
    Key {
        joined: plain.join(" "),
        words: topic_terms,
        topic: topic(&plain),
    }
}

fn similar(a: &Key, b: &Key) -> bool {
    if let (Some(x), Some(y)) = (a.topic, b.topic) {
        return x == y;
    }
    let common = a.words.intersection(&b.words).count() as f64;
    let union = a.words.union(&b.words).count() as f64;
    (union > 0.0 && common / union >= MIN_JACCARD)
        || strsim::normalized_levenshtein(&a.joined, &b.joined) >= MIN_SPELLING
}

/// Groups `items` (in id order) by their topic `terms`, largest group
/// first and small talk last.
pub fn group(items: &[(u64, InboxItem)], terms: impl Fn(&str) -> Vec<String>) -> Vec<Group> {
    let mut groups: Vec<(Key, Group, BTreeMap<String, usize>)> = Vec::new();
    for (id, item) in items {
        let k = key(&item.question, &terms);
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
                        small_talk: is_small_talk(&item.question),
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
    out.sort_by(|a, b| (a.small_talk, b.count, a.id).cmp(&(b.small_talk, a.count, b.id)));
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
        let groups = group(&items, words);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].count, 3);
        assert_eq!(groups[0].item_ids, vec![0, 1, 3]);
        assert_eq!(groups[1].representative, "is parking free");
    }

    #[test]
    fn paraphrases_meet_through_their_topic_terms_and_small_talk_goes_last() {
        let items: Vec<(u64, InboxItem)> = [
            "hi",
            "how much does it cost",
            "whats the price",
            "thanks so much",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, q)| (i as u64, item(q)))
        .collect();
        // A stand-in for the matcher's synonyms: cost and price are one term.
        let terms = |q: &str| -> Vec<String> {
            words(q)
                .into_iter()
                .filter(|w| ["cost", "price"].contains(&w.as_str()))
                .map(|_| "cost".to_owned())
                .collect()
        };
        let groups = group(&items, terms);
        assert_eq!(groups[0].count, 2, "{groups:?}");
        assert!(!groups[0].small_talk);
        assert!(groups[1..].iter().all(|g| g.small_talk), "{groups:?}");
    }

    #[test]
    fn questions_on_one_clinic_topic_group_however_they_are_worded() {
        let items: Vec<(u64, InboxItem)> = [
            "how much does a session cost",
            "what is the price of treatment",
            "how much is it",
            "do you take insurance",
            "is this covered by medicare",
        ]
        .into_iter()
        .enumerate()
        .map(|(i, q)| (i as u64, item(q)))
        .collect();
        let groups = group(&items, words);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups[0].count, 3);
        assert_eq!(groups[1].count, 2);
    }
}
