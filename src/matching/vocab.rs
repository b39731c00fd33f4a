//! Typo tolerance against the corpus vocabulary, scaled to word length so
//! short words never change ("ketchup" stays ketchup, not ketamine).

use std::collections::{HashMap, HashSet};

use super::letters::Letters;

/// How many edits a word of `len` characters may be away from a known word.
pub fn allowed_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Known surface words, bucketed by length for the typo search.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Word → how many documents use it (the tie-breaker between corrections).
    freq: HashMap<String, u32>,
    by_len: Vec<Vec<Known>>,
    /// Index terms (stems): a word whose stem is known is known ("screened").
    stems: HashSet<String>,
}

#[derive(Debug)]
struct Known {
    word: String,
    letters: Letters,
    /// Within a typo of a more common known word: probably a misspelling the
    /// FAQ keeps on purpose ("proces"), so never a correction target.
    variant: bool,
}

impl Vocabulary {
    pub fn add(&mut self, word: &str, docs: u32) {
        *self.freq.entry(word.to_owned()).or_default() += docs;
    }

    pub fn add_stem(&mut self, stem: &str) {
        if !self.stems.contains(stem) {
            self.stems.insert(stem.to_owned());
        }
    }

    pub fn has_stem(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }

    /// Builds the length buckets; call once after every `add`.
    pub fn seal(&mut self) {
        let mut words: Vec<&String> = self.freq.keys().collect();
        words.sort();
        let mut by_len: Vec<Vec<Known>> = Vec::new();
        for w in words {
            let len = w.chars().count();
            if by_len.len() <= len {
                by_len.resize_with(len + 1, Vec::new);
            }
            by_len[len].push(Known {
                word: w.clone(),
                letters: Letters::of(w),
                variant: false,
            });
        }
        self.by_len = by_len;
        let variants: Vec<(usize, usize)> = self
            .by_len
            .iter()
            .enumerate()
            .flat_map(|(l, bucket)| bucket.iter().enumerate().map(move |(i, k)| (l, i, k)))
            .filter(|(_, _, k)| self.nearest(&k.word, self.freq[&k.word]).is_some())
            .map(|(l, i, _)| (l, i))
            .collect();
        for (l, i) in variants {
            self.by_len[l][i].variant = true;
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        self.freq.contains_key(word)
    }

    pub fn len(&self) -> usize {
        self.freq.len()
    }

    /// The closest known word within the allowed edits, if any. Ties go to
    /// the more common word, then to alphabetical order, so it is deterministic.
    pub fn correct(&self, word: &str) -> Option<&str> {
        self.nearest(word, 0)
    }

    /// The closest non-variant word within the allowed edits that is used by
    /// more than `more_than` documents.
    fn nearest(&self, word: &str, more_than: u32) -> Option<&str> {
        let len = word.chars().count();
        let max = allowed_edits(len);
        if max == 0 {
            return None;
        }
        let letters = Letters::of(word);
        let mut best: Option<(usize, u32, &str)> = None;
        for l in len.saturating_sub(max)..=len + max {
            let Some(bucket) = self.by_len.get(l) else {
                continue;
            };
            for known in bucket.iter().filter(|k| !k.variant) {
                if !letters.within(&known.letters, max) {
                    continue;
                }
                // Both words must be long enough for the edits: "president"
                // is two edits from "present", but "present" only allows one.
                let d = strsim::osa_distance(word, &known.word);
                if d == 0 || d > max.min(allowed_edits(l)) {
                    continue;
                }
                let f = self.freq[&known.word];
                if f <= more_than {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((bd, bf, bw)) => {
                        (d, std::cmp::Reverse(f), known.word.as_str())
                            < (bd, std::cmp::Reverse(bf), bw)
                    }
                };
                if better {
                    best = Some((d, f, &known.word));
                }
            }
        }
        best.map(|(_, _, w)| w)
    }

    /// Splits a run-together word ("sideeffects") into two known words.
    pub fn split_joined(&self, word: &str) -> Option<(String, String)> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 6 {
            return None;
        }
        (3..=chars.len() - 3)
            .filter_map(|i| {
                let (a, b): (String, String) =
                    (chars[..i].iter().collect(), chars[i..].iter().collect());
                (self.contains(&a) && self.contains(&b)).then_some((a, b))
            })
            .max_by_key(|(a, b)| (a.len().min(b.len()), std::cmp::Reverse(a.len())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for w in words {
            v.add(w, 1);
        }
        v.seal();
        v
    }

    #[test]
    fn corrects_by_length() {
        let v = vocab(&["ketamine", "effects", "dissociation", "long"]);
        assert_eq!(v.correct("ketamin"), Some("ketamine"));
        assert_eq!(v.correct("efects"), Some("effects"));
        assert_eq!(v.correct("disociaton"), Some("dissociation"));
        assert_eq!(v.correct("lomg"), None, "short words are never corrected");
        assert_eq!(v.correct("ketchup"), None);
    }

    #[test]
    fn misspellings_in_the_corpus_are_not_correction_targets() {
        let mut v = Vocabulary::default();
        v.add("process", 5);
        v.add("proces", 1);
        v.seal();
        assert_eq!(v.correct("prices"), None, "prices is 2 edits from process");
        assert_eq!(v.correct("procss"), Some("process"));
        assert!(v.contains("proces"));
    }

    #[test]
    fn counts_transpositions_as_one_edit() {
        let v = vocab(&["nausea"]);
        assert_eq!(v.correct("nuasea"), Some("nausea"));
    }

    #[test]
    fn splits_joined_words() {
        let v = vocab(&["side", "effects"]);
        assert_eq!(
            v.split_joined("sideeffects"),
            Some(("side".to_owned(), "effects".to_owned()))
        );
        assert_eq!(v.split_joined("sidewalk"), None);
    }
}
