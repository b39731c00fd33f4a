//! Letter histograms: a cheap lower bound on edit distance. One edit
//! changes a word's histogram by at most 2, so words whose histograms
//! differ by more than twice the allowed edits need no distance at all.

/// How often each of a-z occurs (other characters are not counted, which
/// only makes the bound looser, never wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letters([u8; 26]);

impl Letters {
    pub fn of(word: &str) -> Self {
        let mut counts = [0u8; 26];
        for b in word.bytes() {
            if b.is_ascii_lowercase() {
                let i = usize::from(b - b'a');
                counts[i] = counts[i].saturating_add(1);
            }
        }
        Self(counts)
    }

    /// True when the words may be within `edits` edits of each other.
    pub fn within(&self, other: &Self, edits: usize) -> bool {
        let distance: usize = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(x, y)| usize::from(x.abs_diff(*y)))
            .sum();
        distance <= 2 * edits
    }
}

#[cfg(test)]
mod tests {
    use super::Letters;

    #[test]
    fn never_rules_out_a_word_within_the_edits() {
        for (a, b) in [
            ("nausea", "nuasea"),
            ("ketamine", "ketamin"),
            ("suicide", "suicidal"),
            ("kill", "kil"),
            ("dissociation", "disociaton"),
        ] {
            let edits = strsim::osa_distance(a, b);
            assert!(Letters::of(a).within(&Letters::of(b), edits), "{a} {b}");
        }
        assert!(!Letters::of("ketamine").within(&Letters::of("password"), 2));
    }
}
