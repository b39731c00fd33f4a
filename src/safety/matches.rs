//! Which word classes of the lexicon occur where in one message, and the
//! spans a rule's slots make of them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::lexicon::{Lexicon, Rule};
use super::text;

/// Where a class occurs: (first word, last word) of each occurrence.
pub(super) type Spans = Rc<[(usize, usize)]>;

/// Which classes occur where in one message. Atoms are found eagerly (a
/// message has a few dozen); a class's occurrences are gathered from its
/// atoms only when a rule that needs it has all its classes present.
pub(super) struct Matches<'a> {
    lex: &'a Lexicon,
    /// (atom, first word, last word), sorted.
    atoms: Vec<(u32, usize, usize)>,
    /// Bit per class: one of its atoms occurs.
    present: Vec<u64>,
    cache: RefCell<HashMap<u32, Spans>>,
    sentence: Vec<usize>,
}

impl<'a> Matches<'a> {
    pub(super) fn new(lex: &'a Lexicon, tokens: &[text::Token]) -> Self {
        let specs: Vec<Vec<u32>> = tokens.iter().map(|t| lex.specs_of(&t.forms)).collect();
        let mut atoms = Vec::new();
        for (i, ids) in specs.iter().enumerate() {
            for s in ids {
                for &atom in lex.atoms_by_first.get(s).into_iter().flatten() {
                    let seq = &lex.atoms[atom as usize];
                    let end = i + seq.len() - 1;
                    if end >= tokens.len() || tokens[end].sentence != tokens[i].sentence {
                        continue;
                    }
                    let fits = seq
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(k, spec)| specs[i + k].binary_search(spec).is_ok());
                    if fits {
                        atoms.push((atom, i, end));
                    }
                }
            }
        }
        atoms.sort_unstable();
        atoms.dedup();
        let mut present = vec![0u64; lex.classes.len().div_ceil(64)];
        let mut last = None;
        for &(atom, _, _) in &atoms {
            if last == Some(atom) {
                continue;
            }
            last = Some(atom);
            for &c in &lex.classes_of_atom[atom as usize] {
                present[c as usize / 64] |= 1 << (c % 64);
            }
        }
        Self {
            lex,
            atoms,
            present,
            cache: RefCell::new(HashMap::new()),
            sentence: tokens.iter().map(|t| t.sentence).collect(),
        }
    }

    pub(super) fn present(&self, class: u32) -> bool {
        self.present[class as usize / 64] & (1 << (class % 64)) != 0
    }

    pub(super) fn occurrences(&self, class: u32) -> Spans {
        if !self.present(class) {
            return Rc::from([]);
        }
        if let Some(v) = self.cache.borrow().get(&class) {
            return v.clone();
        }
        let mut out = Vec::new();
        for &atom in &self.lex.classes[class as usize] {
            let from = self.atoms.partition_point(|&(a, _, _)| a < atom);
            out.extend(
                self.atoms[from..]
                    .iter()
                    .take_while(|&&(a, _, _)| a == atom)
                    .map(|&(_, s, e)| (s, e)),
            );
        }
        out.sort_unstable();
        out.dedup();
        let out: Spans = out.into();
        self.cache.borrow_mut().insert(class, out.clone());
        out
    }

    pub(super) fn at(&self, class: u32, k: usize) -> bool {
        self.occurrences(class)
            .iter()
            .any(|&(s, e)| s <= k && k <= e)
    }

    /// Every match of `rule` (each as the positions of its words) with most
    /// of its words outside `masked`.
    pub(super) fn all_spans(&self, rule: &Rule, masked: &[bool]) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for &(s, e) in self.occurrences(rule.slots[0]).iter() {
            let mut path = vec![(s, e)];
            if self.extend(rule, 1, &mut path) {
                let span: Vec<usize> = path.iter().flat_map(|&(s, e)| s..=e).collect();
                // Half or more of the words inside idioms, or the last one
                // (the act: "we need to cut my session short"): an idiom.
                let in_idiom = span.iter().filter(|&&k| masked[k]).count();
                let last_masked = span.last().is_some_and(|&k| masked[k]);
                if in_idiom * 2 < span.len() && !last_masked {
                    out.push(span);
                }
            }
        }
        out
    }

    pub(super) fn extend(&self, rule: &Rule, slot: usize, path: &mut Vec<(usize, usize)>) -> bool {
        if slot == rule.slots.len() {
            return true;
        }
        let (start, last) = (path[0].0, path[path.len() - 1].1);
        for &(s, e) in self.occurrences(rule.slots[slot]).iter() {
            if s <= last || s - last - 1 > rule.window {
                continue;
            }
            if self.sentence[s] != self.sentence[start] {
                continue;
            }
            path.push((s, e));
            if self.extend(rule, slot + 1, path) {
                return true;
            }
            path.pop();
        }
        false
    }
}
