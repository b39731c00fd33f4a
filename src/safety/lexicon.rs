//! The screen's lexicon, compiled: word specs, atoms (runs of words),
//! classes (sets of atoms) and rules (classes in order). See en.toml for the
//! pattern syntax.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use serde::Deserialize;

use super::text::fold;
use super::Tier;
use crate::matching::letters::Letters;

/// A lexicon file as written (en.toml, es.toml, ...).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    #[serde(default)]
    pub classes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub idioms: Vec<RuleGroup>,
    #[serde(default)]
    pub rules: Vec<RuleGroup>,
    /// Phrases matched inside the text as it is, for scripts that do not put
    /// spaces between words: language -> category -> phrases.
    #[serde(default)]
    pub substrings: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleGroup {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub window: Option<usize>,
    #[serde(default)]
    pub informational: bool,
    #[serde(default)]
    pub hypothetical: bool,
    #[serde(default)]
    pub deniable: bool,
    #[serde(default)]
    pub explained: bool,
    #[serde(default)]
    pub firm: bool,
    pub patterns: Vec<String>,
}

/// A word a pattern asks for: exact (with typo tolerance when long), or a
/// prefix (`suicid*`).
#[derive(Debug)]
struct Spec {
    text: String,
    letters: Letters,
}

#[derive(Debug)]
pub struct Rule {
    pub slots: Vec<u32>,
    pub window: usize,
    pub category: String,
    pub tier: Tier,
    pub negatable: bool,
    pub informational: bool,
    /// A question about a risk ("could it give me a heart attack?") with
    /// nothing that says now reads as concern, not as the event.
    pub hypothetical: bool,
    /// A weaker sign ("tired of living", "a burden"): in a message whose
    /// writer says plainly they are safe ("I'm not in danger"), concern.
    pub deniable: bool,
    /// A preparatory act with an everyday reason in the message ("giving my
    /// furniture away, I'm moving"): concern.
    pub explained: bool,
    /// A sign the statistical layer may not second-guess ("a lethal amount
    /// ... I have a month's supply").
    pub firm: bool,
    pub text: String,
}

#[derive(Debug)]
pub struct Substring {
    pub text: String,
    pub lang: String,
    pub category: String,
    /// Latin-script phrases must start at a word boundary.
    pub word_start: bool,
}

/// Shortest word that may match with a typo.
const TYPO_MIN: usize = 6;
/// How far a pattern's slots may be apart, in words, unless its group says.
const DEFAULT_WINDOW: usize = 3;

#[derive(Debug, Default)]
pub struct Lexicon {
    specs: Vec<Spec>,
    exact: HashMap<String, Vec<u32>>,
    prefixes: HashMap<String, Vec<u32>>,
    prefix_lens: Vec<usize>,
    typo: HashMap<(char, usize), Vec<u32>>,
    /// Exact specs by their letters without vowels, for words typed without
    /// vowels ("plls", "cttng", "hrslf").
    skeletons: HashMap<String, Vec<u32>>,
    spec_ids: HashMap<(String, bool), u32>,
    /// Atoms: runs of spec ids.
    pub atoms: Vec<Vec<u32>>,
    atom_ids: HashMap<Vec<u32>, u32>,
    pub atoms_by_first: HashMap<u32, Vec<u32>>,
    /// Classes: sets of atom ids; and for each atom the classes it is in.
    pub classes: Vec<Vec<u32>>,
    class_ids: HashMap<Vec<u32>, u32>,
    pub classes_of_atom: Vec<Vec<u32>>,
    named: HashMap<String, u32>,
    pub rules: Vec<Rule>,
    pub idioms: Vec<Rule>,
    pub substrings: Vec<Substring>,
    /// All non-idiom substrings in one automaton, over the text with a
    /// leading space; pattern i is `substrings[needle_of[i]]`.
    pub needles: Option<aho_corasick::AhoCorasick>,
    pub needle_of: Vec<usize>,
    /// The `idiom` substrings in one automaton; pattern i is
    /// `substrings[idiom_of[i]]`.
    pub idiom_needles: Option<aho_corasick::AhoCorasick>,
    pub idiom_of: Vec<usize>,
}

impl Lexicon {
    /// Compiles lexicon files. Class names are shared: a later file may use
    /// (and add to) a class of an earlier one.
    pub fn compile(files: &[LexiconFile]) -> Result<Self, String> {
        let mut lex = Self::default();
        let mut merged: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for file in files {
            for (name, words) in &file.classes {
                merged
                    .entry(name)
                    .or_default()
                    .extend(words.iter().map(String::as_str));
            }
        }
        for (name, words) in &merged {
            let mut atoms: Vec<u32> = words.iter().map(|w| lex.atom(w)).collect();
            atoms.sort_unstable();
            atoms.dedup();
            let id = lex.class(atoms);
            lex.named.insert((*name).to_owned(), id);
        }
        for file in files {
            for group in &file.idioms {
                for p in &group.patterns {
                    let rule = lex.rule(p, group, Tier::None)?;
                    lex.idioms.push(rule);
                }
            }
            for group in &file.rules {
                if group.category.is_empty() {
                    return Err("a rule group has no category".into());
                }
                for p in &group.patterns {
                    let rule = lex.rule(p, group, group.tier.unwrap_or(Tier::Crisis))?;
                    lex.rules.push(rule);
                }
            }
            for (lang, by_category) in &file.substrings {
                for (category, phrases) in by_category {
                    for phrase in phrases {
                        // A leading `~` matches inside a word too (Tagalog
                        // affixes: "pakamatay" in "magpakamatay").
                        let (phrase, anywhere) = match phrase.strip_prefix('~') {
                            Some(p) => (p, true),
                            None => (phrase.as_str(), false),
                        };
                        let text = fold(phrase)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        // Latin, Greek and Cyrillic (below U+0530) put spaces
                        // between words; CJK, Hangul and Arabic phrases are
                        // matched anywhere.
                        let word_start = !anywhere
                            && text
                                .chars()
                                .next()
                                .is_some_and(|c| c.is_alphabetic() && u32::from(c) < 0x530);
                        lex.substrings.push(Substring {
                            text,
                            lang: lang.clone(),
                            category: category.clone(),
                            word_start,
                        });
                    }
                }
            }
        }
        // Crisis rules before concern ones, each kind in file order.
        lex.rules.sort_by_key(|r| r.tier != Tier::Crisis);
        lex.classes_of_atom = vec![Vec::new(); lex.atoms.len()];
        for (cid, atoms) in lex.classes.iter().enumerate() {
            for &a in atoms {
                lex.classes_of_atom[a as usize].push(cid as u32);
            }
        }
        let mut needles = Vec::new();
        let mut idioms = Vec::new();
        for (i, sub) in lex.substrings.iter().enumerate() {
            if sub.category == "idiom" {
                idioms.push(sub.text.clone());
                lex.idiom_of.push(i);
                continue;
            }
            if sub.word_start {
                needles.push(format!(" {}", sub.text));
                lex.needle_of.push(i);
                needles.push(format!("'{}", sub.text));
                lex.needle_of.push(i);
            } else {
                needles.push(sub.text.clone());
                lex.needle_of.push(i);
            }
        }
        if !needles.is_empty() {
            lex.needles = Some(
                aho_corasick::AhoCorasick::new(&needles).map_err(|e| format!("substrings: {e}"))?,
            );
        }
        if !idioms.is_empty() {
            lex.idiom_needles = Some(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(&idioms)
                    .map_err(|e| format!("idioms: {e}"))?,
            );
        }
        let mut lens: Vec<usize> = lex.prefixes.keys().map(|p| p.chars().count()).collect();
        lens.sort_unstable();
        lens.dedup();
        lex.prefix_lens = lens;
        Ok(lex)
    }

    pub fn class_id(&self, name: &str) -> Option<u32> {
        self.named.get(name).copied()
    }

    fn spec(&mut self, word: &str) -> u32 {
        let (text, prefix) = match word.strip_suffix('*') {
            Some(p) => (p.to_owned(), true),
            None => (word.to_owned(), false),
        };
        if let Some(&id) = self.spec_ids.get(&(text.clone(), prefix)) {
            return id;
        }
        let id = self.specs.len() as u32;
        let len = text.chars().count();
        if prefix {
            self.prefixes.entry(text.clone()).or_default().push(id);
        } else {
            self.exact.entry(text.clone()).or_default().push(id);
            let skeleton: String = text.chars().filter(|c| !"aeiouy".contains(*c)).collect();
            if text.chars().count() >= 3 && skeleton.len() >= 2 && skeleton != text {
                self.skeletons.entry(skeleton).or_default().push(id);
            }
            if len >= TYPO_MIN {
                let first = text.chars().next().unwrap_or(' ');
                self.typo.entry((first, len)).or_default().push(id);
            }
        }
        self.specs.push(Spec {
            letters: Letters::of(&text),
            text: text.clone(),
        });
        self.spec_ids.insert((text, prefix), id);
        id
    }

    /// An atom from its written form: words joined by `_` or spaces.
    fn atom(&mut self, written: &str) -> u32 {
        let folded = fold(&written.replace('_', " "));
        let specs: Vec<u32> = folded
            .split_whitespace()
            .flat_map(|w| {
                let mut out = Vec::new();
                let (body, star) = match w.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (w, false),
                };
                crate::matching::expand_contraction(body.trim_matches('\''), &mut out);
                if star {
                    if let Some(last) = out.last_mut() {
                        last.push('*');
                    }
                }
                out
            })
            .map(|w| self.spec(&w))
            .collect();
        if let Some(&id) = self.atom_ids.get(&specs) {
            return id;
        }
        let id = self.atoms.len() as u32;
        if let Some(&first) = specs.first() {
            self.atoms_by_first.entry(first).or_default().push(id);
        }
        self.atoms.push(specs.clone());
        self.atom_ids.insert(specs, id);
        id
    }

    fn class(&mut self, atoms: Vec<u32>) -> u32 {
        if let Some(&id) = self.class_ids.get(&atoms) {
            return id;
        }
        let id = self.classes.len() as u32;
        self.classes.push(atoms.clone());
        self.class_ids.insert(atoms, id);
        id
    }

    fn rule(&mut self, pattern: &str, group: &RuleGroup, tier: Tier) -> Result<Rule, String> {
        let mut slots = Vec::new();
        for slot in pattern.split_whitespace() {
            let id = match slot.strip_prefix('@') {
                Some(name) if !name.contains('|') => *self
                    .named
                    .get(name)
                    .ok_or_else(|| format!("unknown class @{name} in {pattern:?}"))?,
                _ => {
                    let mut atoms = Vec::new();
                    for alt in slot.split('|').filter(|w| !w.is_empty()) {
                        match alt.strip_prefix('@') {
                            Some(name) => {
                                let class = self.named.get(name).ok_or_else(|| {
                                    format!("unknown class @{name} in {pattern:?}")
                                })?;
                                atoms.extend(self.classes[*class as usize].iter().copied());
                            }
                            None => atoms.push(self.atom(alt)),
                        }
                    }
                    atoms.sort_unstable();
                    atoms.dedup();
                    self.class(atoms)
                }
            };
            slots.push(id);
        }
        if slots.is_empty() {
            return Err(format!("empty pattern in {:?}", group.category));
        }
        let neg = self.named.get("neg").copied();
        // Concern rules are never cancelled: "I'm not okay" is one.
        let negatable = tier == Tier::Crisis
            && !slots.iter().any(|&c| {
                neg.is_some_and(|n| {
                    self.classes[c as usize]
                        .iter()
                        .any(|a| self.classes[n as usize].binary_search(a).is_ok())
                })
            });
        Ok(Rule {
            slots,
            window: group.window.unwrap_or(DEFAULT_WINDOW),
            category: group.category.clone(),
            tier,
            negatable,
            informational: group.informational,
            hypothetical: group.hypothetical,
            deniable: group.deniable,
            explained: group.explained,
            firm: group.firm,
            text: pattern.to_owned(),
        })
    }

    /// The spec ids one word (any of its forms) matches, sorted.
    pub fn specs_of(&self, forms: &[String]) -> Vec<u32> {
        let mut ids = Vec::new();
        for form in forms {
            let exact = self.exact.get(form.as_str());
            if let Some(v) = exact {
                ids.extend(v);
            }
            // `#` in a pattern stands for any number ("hace_#_anos").
            if !form.is_empty() && form.bytes().all(|b| b.is_ascii_digit()) {
                ids.extend(self.exact.get("#").into_iter().flatten());
            }
            // A plain function word is not a typo of another word.
            let plain = crate::matching::is_stop_word(form);
            let len = form.chars().count();
            if len >= 3
                && form
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() && !b"aeiouy".contains(&b))
            {
                if let Some(v) = self.skeletons.get(form.as_str()) {
                    ids.extend(v);
                }
            }
            for &l in &self.prefix_lens {
                if l > len {
                    break;
                }
                let end = form.char_indices().nth(l).map_or(form.len(), |(i, _)| i);
                if let Some(v) = self.prefixes.get(&form[..end]) {
                    ids.extend(v);
                }
            }
            // Nor is a common English word ("raining" is not "railing").
            let word = crate::matching::english::is_english_word(form);
            if len >= TYPO_MIN - 1 && !plain && !word {
                let Some(first) = form.chars().next() else {
                    continue;
                };
                let letters = Letters::of(form);
                for l in len.saturating_sub(1)..=len + 1 {
                    for &id in self.typo.get(&(first, l)).into_iter().flatten() {
                        let spec = &self.specs[id as usize];
                        if spec.letters.within(&letters, 1)
                            && strsim::osa_distance(&spec.text, form) <= 1
                        {
                            ids.push(id);
                        }
                    }
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// A word the lexicon spells out, or a plain English stop word: what a
    /// run of spaced letters may be split into.
    pub fn knows(&self, word: &str) -> bool {
        self.exact.contains_key(word)
            || crate::matching::is_stop_word(word)
            || matches!(
                word,
                "be" | "to"
                    | "i"
                    | "a"
                    | "dont"
                    | "cant"
                    | "wont"
                    | "shes"
                    | "hes"
                    | "ive"
                    | "feel"
                    | "right"
                    | "said"
                    | "going"
                    | "gonna"
                    | "wanna"
                    | "just"
            )
    }
}
