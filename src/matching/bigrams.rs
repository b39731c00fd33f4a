//! Character-bigram (Sørensen-Dice) similarity with the bigrams of every
//! FAQ phrase computed once at index time. Same measure as
//! `strsim::sorensen_dice`, which rebuilds both bigram maps on every call:
//! too slow when a question is compared with hundreds of phrases.

/// The bigrams of a text (whitespace ignored), sorted, as packed char pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bigrams {
    /// The text without whitespace, for strsim's edge cases (equal or < 2 chars).
    stripped: String,
    pairs: Vec<u64>,
}

impl Bigrams {
    pub fn of(text: &str) -> Self {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut pairs: Vec<u64> = chars
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect();
        pairs.sort_unstable();
        Self {
            stripped: chars.into_iter().collect(),
            pairs,
        }
    }

    /// Dice coefficient: twice the shared bigrams over all bigrams, 0..1.
    pub fn dice(&self, other: &Self) -> f64 {
        if self.stripped == other.stripped {
            return 1.0;
        }
        let (a, b) = (&self.pairs, &other.pairs);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        2.0 * shared as f64 / (a.len() + b.len()) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::Bigrams;

    #[test]
    fn agrees_with_strsim() {
        for (a, b) in [
            ("how long does it last", "how long do the effects last"),
            ("side effects of ibuprofen", "side effects of ketamine"),
            ("ketamine", "ketamine"),
            ("a", "b"),
            ("", "x y"),
        ] {
            let ours = Bigrams::of(a).dice(&Bigrams::of(b));
            let theirs = strsim::sorensen_dice(a, b);
            assert!(
                (ours - theirs).abs() < 1e-9,
                "{a:?} vs {b:?}: {ours} != {theirs}"
            );
        }
    }
}
