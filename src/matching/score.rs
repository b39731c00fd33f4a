//! Ranking: BM25F over the inverted index finds candidates; each candidate is
//! then scored by how much of the question its best phrase explains.

use std::collections::HashMap;

use super::analyze::QueryTerms;
use super::index::{Field, Index};

/// Tuning of the mechanism (not of any clinic's vocabulary). Measured with
/// `clinicfaq eval`; see the README's "How matching works".
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub k1: f64,
    pub b: f64,
    /// BM25F boost of phrases (question + alternates), keywords and body.
    pub field_boost: [f64; 3],
    /// Credit for a question term found in the best phrase, another phrase,
    /// the keywords or only the body.
    pub credit: [f64; 4],
    /// F-beta between "how much of the question is explained" (recall) and
    /// "how much of the phrase is asked about" (precision).
    pub beta: f64,
    /// Floor on IDF so a word every FAQ uses still counts a little.
    pub idf_floor: f64,
    /// Weight of an unknown word of 5+ letters / shorter, relative to the rarest known term.
    pub unknown_weight: [f64; 2],
    /// Mix of the final confidence: coverage F, char-level phrase similarity, BM25.
    pub mix: [f64; 3],
    /// Candidates re-scored after BM25.
    pub candidates: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            k1: 1.2,
            b: 0.75,
            field_boost: [1.0, 0.6, 0.3],
            credit: [1.0, 0.8, 0.6, 0.4],
            beta: 2.0,
            idf_floor: 0.05,
            unknown_weight: [1.0, 0.6],
            mix: [0.8, 0.1, 0.1],
            candidates: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub doc: usize,
    pub score: f64,
}

pub fn rank(index: &Index, query: &QueryTerms, w: &Weights) -> Vec<Ranked> {
    let mut terms: Vec<u32> = Vec::new();
    let mut unknown_weight = 0.0;
    for t in &query.known {
        match index.term_ids.get(t) {
            Some(&id) if !terms.contains(&id) => terms.push(id),
            Some(_) => {}
            None => unknown_weight += index.max_idf * w.unknown_weight[0],
        }
    }
    for u in &query.unknown {
        let short = u.chars().count() < 5;
        unknown_weight += index.max_idf * w.unknown_weight[usize::from(short)];
    }
    if terms.is_empty() {
        return Vec::new();
    }
    let idf = |t: u32| index.idf[t as usize].max(w.idf_floor);
    let query_weight: f64 = terms.iter().map(|&t| idf(t)).sum::<f64>() + unknown_weight;

    // BM25F accumulation, remembering which fields each term was found in.
    let mut cands: HashMap<u32, (f64, Vec<[f32; 3]>)> = HashMap::new();
    for (qi, &t) in terms.iter().enumerate() {
        for p in &index.postings[t as usize] {
            let doc = &index.docs[p.doc as usize];
            let mut tf = 0.0;
            for f in 0..3 {
                let norm = 1.0 - w.b + w.b * f64::from(doc.field_len[f] / index.avg_len[f]);
                tf += w.field_boost[f] * f64::from(p.tf[f]) / norm;
            }
            let entry = cands
                .entry(p.doc)
                .or_insert_with(|| (0.0, vec![[0.0; 3]; terms.len()]));
            entry.0 += idf(t) * tf * (w.k1 + 1.0) / (tf + w.k1);
            entry.1[qi] = p.tf;
        }
    }
    let mut by_bm25: Vec<(u32, f64, Vec<[f32; 3]>)> =
        cands.into_iter().map(|(d, (s, f))| (d, s, f)).collect();
    by_bm25.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| tie(index, a.0, b.0)));
    by_bm25.truncate(w.candidates);

    let mut sorted_terms: Vec<&str> = query.known.iter().map(String::as_str).collect();
    sorted_terms.sort_unstable();
    sorted_terms.dedup();
    let query_text = sorted_terms.join(" ");
    // BM25 of a term found once in an average phrase field: the yardstick for "all of it".
    let ideal = query_weight * (w.k1 + 1.0) * 2.0 / (2.0 + w.k1);

    let mut ranked: Vec<Ranked> = by_bm25
        .into_iter()
        .map(|(d, bm25, fields)| {
            let doc = &index.docs[d as usize];
            let (best, best_precision) = best_phrase(doc, &terms, query_weight, idf, w.beta);
            let explained: f64 = terms
                .iter()
                .zip(&fields)
                .map(|(&t, tf)| {
                    let credit = if doc.phrases[best].binary_search(&t).is_ok() {
                        w.credit[0]
                    } else if tf[Field::Phrase as usize] > 0.0 {
                        w.credit[1]
                    } else if tf[Field::Keyword as usize] > 0.0 {
                        w.credit[2]
                    } else {
                        w.credit[3]
                    };
                    idf(t) * credit
                })
                .sum();
            let coverage = f_beta(explained / query_weight, best_precision, w.beta);
            let chars = strsim::sorensen_dice(&query_text, &doc.phrase_text[best]);
            let score = w.mix[0] * coverage
                + w.mix[1] * chars * coverage.min(1.0).sqrt()
                + w.mix[2] * (bm25 / ideal).min(1.0);
            Ranked {
                doc: d as usize,
                score: score.clamp(0.0, 1.0),
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| tie(index, a.doc as u32, b.doc as u32))
    });
    ranked
}

/// The phrase that best explains the question, and its precision.
fn best_phrase(
    doc: &super::index::IndexedDoc,
    terms: &[u32],
    query_weight: f64,
    idf: impl Fn(u32) -> f64,
    beta: f64,
) -> (usize, f64) {
    let mut best = (0, 0.0, f64::MIN);
    for (i, phrase) in doc.phrases.iter().enumerate() {
        let shared: f64 = terms
            .iter()
            .filter(|t| phrase.binary_search(t).is_ok())
            .map(|&t| idf(t))
            .sum();
        let phrase_weight: f64 = phrase.iter().map(|&t| idf(t)).sum();
        if phrase_weight <= 0.0 {
            continue;
        }
        let precision = shared / phrase_weight;
        let f = f_beta(shared / query_weight, precision, beta);
        if f > best.2 {
            best = (i, precision, f);
        }
    }
    (best.0, best.1)
}

fn f_beta(recall: f64, precision: f64, beta: f64) -> f64 {
    let b2 = beta * beta;
    let denom = b2 * precision + recall;
    if denom <= 0.0 {
        0.0
    } else {
        (1.0 + b2) * precision * recall / denom
    }
}

/// Deterministic tie-break by id, so the ranking ignores corpus order.
fn tie(index: &Index, a: u32, b: u32) -> std::cmp::Ordering {
    index.docs[a as usize].id.cmp(&index.docs[b as usize].id)
}
