//! Character-bigram (Sørensen-Dice) similarity, the same measure as
//! `strsim::sorensen_dice`, which rebuilds both bigram maps on every call:
//! far too slow when a question meets hundreds of phrases.
//!
//! Every distinct bigram of the FAQ phrases gets an id at index time, and
//! each phrase keeps its bigrams as (id, count) pairs. A question is read
//! once into a dense count table over those ids, so comparing it with a
//! phrase is one table lookup per distinct bigram of the phrase.

use std::collections::HashMap;

/// The bigram ids of the corpus phrases.
#[derive(Debug, Default)]
pub struct BigramTable {
    ids: HashMap<u64, u32>,
}

/// A phrase's bigrams: what a question is compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhraseBigrams {
    /// (bigram id, occurrences), by id.
    counts: Vec<(u32, u16)>,
    /// All bigrams, repeats included.
    total: u32,
    /// The text without whitespace, kept only when it has no bigram at all
    /// (strsim's edge case: such texts are similar only when equal).
    short: Option<Box<str>>,
}

/// A question's bigrams as counts over the table's ids.
#[derive(Debug, Clone)]
pub struct QueryBigrams {
    counts: Vec<u16>,
    total: u32,
    short: Option<Box<str>>,
}

impl BigramTable {
    /// A corpus phrase's bigrams, giving new bigrams their ids.
    pub fn phrase(&mut self, text: &str) -> PhraseBigrams {
        let (pairs, short) = pairs(text);
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for pair in &pairs {
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(*pair).or_insert(next);
            let n = counts.entry(id).or_default();
            *n = n.saturating_add(1);
        }
        let mut counts: Vec<(u32, u16)> = counts.into_iter().collect();
        counts.sort_unstable();
        PhraseBigrams {
            counts,
            total: pairs.len() as u32,
            short,
        }
    }

    /// A question's bigrams. Bigrams no phrase has still count in its total.
    pub fn query(&self, text: &str) -> QueryBigrams {
        let (pairs, short) = pairs(text);
        let mut counts = vec![0u16; self.ids.len()];
        for pair in &pairs {
            if let Some(&id) = self.ids.get(pair) {
                counts[id as usize] = counts[id as usize].saturating_add(1);
            }
        }
        QueryBigrams {
            counts,
            total: pairs.len() as u32,
            short,
        }
    }
}

impl QueryBigrams {
    /// Dice coefficient: twice the shared bigrams over all bigrams, 0..1.
    pub fn dice(&self, phrase: &PhraseBigrams) -> f64 {
        if self.total == 0 || phrase.total == 0 {
            return match (&self.short, &phrase.short) {
                (Some(a), Some(b)) if a == b => 1.0,
                _ => 0.0,
            };
        }
        let shared: u32 = phrase
            .counts
            .iter()
            .map(|&(id, n)| u32::from(n.min(self.counts[id as usize])))
            .sum();
        2.0 * f64::from(shared) / f64::from(self.total + phrase.total)
    }

    /// The most `dice` can be for `phrase`, from the sizes alone: cheap
    /// enough to skip phrases that cannot beat the best so far.
    pub fn bound(&self, phrase: &PhraseBigrams) -> f64 {
        if self.total == 0 || phrase.total == 0 {
            return 1.0;
        }
        2.0 * f64::from(self.total.min(phrase.total)) / f64::from(self.total + phrase.total)
    }
}

/// The text's bigrams (whitespace ignored) as packed char pairs, and the
/// stripped text itself when it is too short to have any.
fn pairs(text: &str) -> (Vec<u64>, Option<Box<str>>) {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let pairs: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    let short = pairs
        .is_empty()
        .then(|| chars.into_iter().collect::<String>().into_boxed_str());
    (pairs, short)
}

#[cfg(test)]
mod tests {
    use super::BigramTable;

    #[test]
    fn agrees_with_strsim() {
        let phrases = [
            "how long do the effects last",
            "side effects of ketamine",
            "ketamine",
            "b",
            "x y",
            "",
            "aaaa",
        ];
        let mut table = BigramTable::default();
        let indexed: Vec<_> = phrases.iter().map(|p| table.phrase(p)).collect();
        for q in [
            "how long does it last",
            "side effects of ibuprofen",
            "ketamine",
            "a",
            "b",
            "",
            "aa aa",
            "zzz unseen bigrams",
        ] {
            let query = table.query(q);
            for (p, bigrams) in phrases.iter().zip(&indexed) {
                let ours = query.dice(bigrams);
                let theirs = strsim::sorensen_dice(q, p);
                assert!(
                    (ours - theirs).abs() < 1e-9,
                    "{q:?} vs {p:?}: {ours} != {theirs}"
                );
                assert!(query.bound(bigrams) >= ours, "{q:?} vs {p:?}: bound");
            }
        }
    }
}
