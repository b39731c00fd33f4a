//! The inverted index over a corpus: term ids, IDF, per-field postings and
//! each document's phrases (its question and alternates) as term sets.

use std::collections::{BTreeSet, HashMap};

use super::analyze::Analyzer;
use super::bigrams::{BigramTable, PhraseBigrams};
use super::vocab::Vocabulary;

/// One FAQ as the matcher sees it. Pure data: no storage, no HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub question: String,
    pub alternates: Vec<String>,
    /// Category and tags.
    pub keywords: Vec<String>,
    /// The answer text, weighted lowest.
    pub body: String,
}

/// Field a term occurrence comes from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phrase,
    Keyword,
    Body,
}

#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences in questions/alternates, keywords and body.
    pub tf: [f32; 3],
}

#[derive(Debug)]
pub struct IndexedDoc {
    pub id: String,
    pub question: String,
    /// Each phrase (question, then alternates) as sorted, de-duplicated term ids.
    pub phrases: Vec<Vec<u32>>,
    /// Each phrase's words (synonyms applied, stop words kept) as bigrams: the char-level view.
    pub phrase_text: Vec<PhraseBigrams>,
    /// Each phrase's weight: the IDF of its terms (floored), summed.
    pub phrase_weight: Vec<f64>,
    pub field_len: [f32; 3],
}

pub struct Index {
    pub analyzer: Analyzer,
    pub vocab: Vocabulary,
    pub docs: Vec<IndexedDoc>,
    pub term_ids: HashMap<String, u32>,
    /// Ids of the phrases' character bigrams.
    pub bigrams: BigramTable,
    pub idf: Vec<f64>,
    pub postings: Vec<Vec<Posting>>,
    pub avg_len: [f32; 3],
    pub max_idf: f64,
    /// The least IDF a term counts for (the matcher's `Weights::idf_floor`).
    pub idf_floor: f64,
    /// Per term: one of the clinic's subject terms (see `build`).
    pub anchor: Vec<bool>,
}

impl Index {
    /// Indexes `documents`; `idf_floor` is the least IDF a term counts for.
    pub fn build(analyzer: Analyzer, documents: &[Document], idf_floor: f64) -> Self {
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<Posting>> = Vec::new();
        let mut docs = Vec::with_capacity(documents.len());
        let mut vocab = Vocabulary::default();
        let mut bigrams = BigramTable::default();
        let mut intern = |t: String, postings: &mut Vec<Vec<Posting>>| -> u32 {
            let next = term_ids.len() as u32;
            let id = *term_ids.entry(t).or_insert(next);
            if id == next {
                postings.push(Vec::new());
            }
            id
        };

        for (d, doc) in documents.iter().enumerate() {
            let mut tf: HashMap<u32, [f32; 3]> = HashMap::new();
            let mut field_len = [0f32; 3];
            let mut surface: BTreeSet<String> = BTreeSet::new();
            let mut phrases = Vec::new();
            let mut phrase_text = Vec::new();

            for text in std::iter::once(&doc.question).chain(&doc.alternates) {
                surface.extend(analyzer.words(text));
                let (terms, shown) = analyzer.corpus_phrase(text);
                let mut ids: Vec<u32> = Vec::with_capacity(terms.len());
                for t in &terms {
                    let id = intern(t.clone(), &mut postings);
                    tf.entry(id).or_default()[Field::Phrase as usize] += 1.0;
                    ids.push(id);
                }
                field_len[Field::Phrase as usize] += terms.len() as f32;
                for t in &terms {
                    vocab.add_stem(t);
                }
                phrase_text.push(bigrams.phrase(&shown));
                ids.sort_unstable();
                ids.dedup();
                phrases.push(ids);
            }
            for (field, texts) in [
                (Field::Keyword, doc.keywords.as_slice()),
                (Field::Body, std::slice::from_ref(&doc.body)),
            ] {
                for text in texts {
                    surface.extend(analyzer.words(text));
                    for t in analyzer.corpus_terms(text) {
                        vocab.add_stem(&t);
                        let id = intern(t, &mut postings);
                        tf.entry(id).or_default()[field as usize] += 1.0;
                        field_len[field as usize] += 1.0;
                    }
                }
            }
            for w in surface {
                vocab.add(&w, 1);
            }
            let mut tf: Vec<(u32, [f32; 3])> = tf.into_iter().collect();
            tf.sort_unstable_by_key(|(id, _)| *id);
            for (id, tf) in tf {
                postings[id as usize].push(Posting { doc: d as u32, tf });
            }
            docs.push(IndexedDoc {
                id: doc.id.clone(),
                question: doc.question.clone(),
                phrases,
                phrase_text,
                phrase_weight: Vec::new(),
                field_len,
            });
        }
        for w in analyzer.synonym_words() {
            if !vocab.contains(w) {
                vocab.add(w, 0);
            }
        }
        vocab.seal();

        let n = docs.len().max(1) as f64;
        let mut glue = vec![false; postings.len()];
        for (term, &id) in &term_ids {
            glue[id as usize] = analyzer.is_glue_stem(term);
        }
        let glue_share = analyzer.glue_idf_share();
        let idf: Vec<f64> = (postings.iter().zip(&glue))
            .map(|(p, &glue)| {
                let idf = (1.0 + (n - p.len() as f64 + 0.5) / (p.len() as f64 + 0.5)).ln();
                if glue {
                    idf * glue_share
                } else {
                    idf
                }
            })
            .collect();
        let max_idf = (1.0 + (n - 1.0 + 0.5) / 1.5).ln();
        for doc in &mut docs {
            doc.phrase_weight = doc
                .phrases
                .iter()
                .map(|p| p.iter().map(|&t| idf[t as usize].max(idf_floor)).sum())
                .collect();
        }
        // The clinic's own subject: terms at least half the entries use
        // ("ketamine", "treatment"; "teeth" for a dental clinic), not glue.
        let anchor: Vec<bool> = (postings.iter().zip(&glue))
            .map(|(p, &glue)| p.len() * 2 >= docs.len() && !glue)
            .collect();
        let mut avg_len = [0f32; 3];
        for doc in &docs {
            for (a, l) in avg_len.iter_mut().zip(doc.field_len) {
                *a += l;
            }
        }
        for a in &mut avg_len {
            *a = (*a / n as f32).max(1.0);
        }
        Self {
            analyzer,
            vocab,
            docs,
            term_ids,
            bigrams,
            idf,
            postings,
            avg_len,
            max_idf,
            idf_floor,
            anchor,
        }
    }
}
