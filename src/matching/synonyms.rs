//! Multi-word synonym rewriting: every listed term is read as its canonical
//! form, on the FAQ side and on the question side alike.

use std::collections::HashMap;

use super::config::SynonymGroup;

/// A term's words and the canonical words it is read as.
type Rule = (Vec<String>, Vec<String>);

#[derive(Debug, Default)]
pub struct Synonyms {
    /// First word → rules starting with it, longest term first.
    by_first: HashMap<String, Vec<Rule>>,
}

impl Synonyms {
    /// `words` reads terms as the matcher's language reads text.
    pub fn new(groups: &[SynonymGroup], words: fn(&str) -> Vec<String>) -> Self {
        let mut by_first: HashMap<String, Vec<Rule>> = HashMap::new();
        for g in groups {
            let canonical = words(&g.canonical);
            for term in &g.terms {
                let term = words(term);
                if let Some(first) = term.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push((term.clone(), canonical.clone()));
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        Self { by_first }
    }

    /// Every word any term or canonical form uses (for the typo vocabulary).
    pub fn words(&self) -> impl Iterator<Item = &String> {
        self.by_first
            .values()
            .flatten()
            .flat_map(|(t, c)| t.iter().chain(c.iter()))
    }

    pub fn rewrite(&self, input: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(input.len());
        let mut i = 0;
        while i < input.len() {
            let hit = self.by_first.get(&input[i]).and_then(|terms| {
                terms
                    .iter()
                    .find(|(term, _)| input[i..].starts_with(term.as_slice()))
            });
            match hit {
                Some((term, canonical)) => {
                    out.extend(canonical.iter().cloned());
                    i += term.len();
                }
                None => {
                    out.push(input[i].clone());
                    i += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::normalize::words;
    use super::*;

    #[test]
    fn rewrites_longest_term_first() {
        let s = Synonyms::new(
            &[
                SynonymGroup {
                    canonical: "recreational".into(),
                    terms: vec!["party drug".into(), "party".into()],
                },
                SynonymGroup {
                    canonical: "esketamine".into(),
                    terms: vec!["spravato".into()],
                },
            ],
            words,
        );
        let out = s.rewrite(&words("is spravato a party drug"));
        assert_eq!(out, ["is", "esketamine", "a", "recreational"]);
    }
}
