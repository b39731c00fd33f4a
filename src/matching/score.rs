//! Ranking. BM25F over the inverted index picks candidates; each candidate
//! then gets a few transparent features (how much of the question its best
//! phrase explains, how much of that phrase was asked, character similarity,
//! BM25, unknown words) and a logistic model turns them into a calibrated
//! 0..1 confidence. The weights are fitted with `clinicfaq eval --features`.

use std::collections::HashMap;

use super::analyze::QueryTerms;
use super::bigrams::QueryBigrams;
use super::index::{Field, Index, IndexedDoc};

/// Names of the features, in order (for `--features` dumps and docs).
pub const FEATURES: [&str; 6] = [
    "coverage",
    "any_field_coverage",
    "precision",
    "char_similarity",
    "bm25",
    "evidence",
];

pub type Features = [f64; 6];

/// Tuning of the mechanism (not of any clinic's vocabulary).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub k1: f64,
    pub b: f64,
    /// BM25F boost of phrases (question + alternates), keywords and body.
    pub field_boost: [f64; 3],
    /// Credit for a question term found in the best phrase, another phrase,
    /// the keywords or only the body.
    pub credit: [f64; 4],
    /// Floor on IDF so a word every FAQ uses still counts a little.
    pub idf_floor: f64,
    /// Weight of an unknown word of 5+ letters / shorter, relative to the rarest known term.
    pub unknown_weight: [f64; 2],
    /// Share of that weight the off-topic guard counts when the question
    /// names one of the clinic's subject terms (`Index::anchor`).
    pub anchored_unknown: f64,
    /// Candidates re-scored after BM25.
    pub candidates: usize,
    /// Logistic model: bias, then one weight per feature.
    pub bias: f64,
    pub model: Features,
    /// Per-corpus calibration of the model's logit: `scale * logit + shift`
    /// (1 and 0 until fitted; see calibrate.rs).
    pub scale: f64,
    pub shift: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            k1: 1.2,
            b: 0.75,
            field_boost: [1.0, 0.6, 0.3],
            credit: [1.0, 0.8, 0.6, 0.4],
            idf_floor: 0.05,
            unknown_weight: [1.5, 1.5],
            anchored_unknown: 0.67,
            candidates: 12,
            bias: -10.598,
            model: [0.489, 0.0, 4.122, 5.623, 2.709, 2.465],
            scale: 1.0,
            shift: 0.0,
        }
    }
}

impl Weights {
    /// The model's log-odds that a candidate with features `f` is right.
    pub fn logit(&self, f: &Features) -> f64 {
        self.bias + self.model.iter().zip(f).map(|(w, x)| w * x).sum::<f64>()
    }

    pub fn confidence(&self, f: &Features) -> f64 {
        let logit = self.scale * self.logit(f) + self.shift;
        1.0 / (1.0 + (-logit).exp())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub doc: usize,
    pub score: f64,
}

/// A question's candidates with their features, and how much of the
/// question (by weight) is words the corpus does not know.
pub struct Analysis {
    pub unknown_share: f64,
    pub candidates: Vec<(usize, Features)>,
}

pub fn rank(index: &Index, query: &QueryTerms, w: &Weights) -> (f64, Vec<Ranked>) {
    let analysis = features(index, query, w);
    let mut ranked: Vec<Ranked> = analysis
        .candidates
        .into_iter()
        .map(|(doc, f)| Ranked {
            doc,
            score: w.confidence(&f),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| tie(index, a.doc, b.doc))
    });
    (analysis.unknown_share, ranked)
}

/// The features of every candidate document for `query`.
pub fn features(index: &Index, query: &QueryTerms, w: &Weights) -> Analysis {
    let mut terms: Vec<u32> = Vec::new();
    let mut unknown_weight = 0.0;
    for t in &query.known {
        match index.term_ids.get(t) {
            Some(&id) if !terms.contains(&id) => terms.push(id),
            Some(_) => {}
            None => unknown_weight += index.max_idf * w.unknown_weight[0],
        }
    }
    // Numbers ("tried 4 meds") are rarely what a question is about.
    for u in query
        .unknown
        .iter()
        .filter(|u| !u.chars().all(|c| c.is_ascii_digit()))
    {
        let short = u.chars().count() < 5;
        unknown_weight += index.max_idf * w.unknown_weight[usize::from(short)];
    }
    if terms.is_empty() {
        return Analysis {
            unknown_share: if unknown_weight > 0.0 { 1.0 } else { 0.0 },
            candidates: Vec::new(),
        };
    }
    // Phrase weights were summed at index time with the matcher's floor.
    debug_assert_eq!(index.idf_floor, w.idf_floor);
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
    // Only the best few are rescored: select them, then order just those.
    let order = |a: &(u32, f64, Vec<[f32; 3]>), b: &(u32, f64, Vec<[f32; 3]>)| {
        b.1.total_cmp(&a.1)
            .then_with(|| tie(index, a.0 as usize, b.0 as usize))
    };
    if by_bm25.len() > w.candidates {
        by_bm25.select_nth_unstable_by(w.candidates, order);
        by_bm25.truncate(w.candidates);
    }
    by_bm25.sort_by(order);

    // BM25 of every term found once in an average phrase field: "all of it".
    let ideal = query_weight * (w.k1 + 1.0) * 2.0 / (2.0 + w.k1);

    let query_bigrams = index.bigrams.query(&query.text);
    let candidates = by_bm25
        .into_iter()
        .map(|(d, bm25, fields)| {
            let doc = &index.docs[d as usize];
            let phrases = match_phrases(doc, &terms, query_weight, idf, &query_bigrams);
            let (best, precision) = (phrases.best, phrases.precision);
            let mut explained = 0.0;
            let mut matched = 0.0;
            for (&t, tf) in terms.iter().zip(&fields) {
                let credit = if doc.phrases[best].binary_search(&t).is_ok() {
                    w.credit[0]
                } else if tf[Field::Phrase as usize] > 0.0 {
                    w.credit[1]
                } else if tf[Field::Keyword as usize] > 0.0 {
                    w.credit[2]
                } else if tf[Field::Body as usize] > 0.0 {
                    w.credit[3]
                } else {
                    0.0
                };
                explained += idf(t) * credit;
                if credit > 0.0 {
                    matched += idf(t);
                }
            }
            let f = [
                explained / query_weight,
                matched / query_weight,
                precision,
                phrases.chars,
                (bm25 / ideal).min(1.0),
                (matched / index.max_idf).min(1.0),
            ];
            (d as usize, f)
        })
        .collect();
    let anchored = terms.iter().any(|&t| index.anchor[t as usize]);
    // A question that names the clinic's subject ("ketamine", "treatment")
    // is about it: its unknown words are more likely details than another
    // topic, so they weigh less in the off-topic guard (not in coverage).
    let guard_weight = if anchored {
        unknown_weight * w.anchored_unknown
    } else {
        unknown_weight
    };
    Analysis {
        unknown_share: guard_weight / (query_weight - unknown_weight + guard_weight),
        candidates,
    }
}

/// What a document's phrases say about the question.
struct PhraseMatch {
    /// The phrase that best explains the question: best F1 of the
    /// idf-weighted share of the question it covers and the share of
    /// itself that was asked.
    best: usize,
    /// That phrase's precision.
    precision: f64,
    /// The best character similarity among the phrases that share a term
    /// with the question (others cannot be close in characters either).
    chars: f64,
}

/// One pass over the document's phrases for both the best phrase and the
/// character similarity. A phrase that shares no term costs one membership
/// test: it can neither beat a best phrase with a positive F1 nor count for
/// similarity. A phrase too long or short to beat the best similarity so
/// far is not compared in characters.
fn match_phrases(
    doc: &IndexedDoc,
    terms: &[u32],
    query_weight: f64,
    idf: impl Fn(u32) -> f64,
    query_bigrams: &QueryBigrams,
) -> PhraseMatch {
    let mut best = (0, 0.0, f64::MIN);
    let mut chars = 0.0;
    for (i, phrase) in doc.phrases.iter().enumerate() {
        let shared: f64 = terms
            .iter()
            .filter(|t| phrase.binary_search(t).is_ok())
            .map(|&t| idf(t))
            .sum();
        if shared > 0.0 {
            let text = &doc.phrase_text[i];
            if query_bigrams.bound(text) > chars {
                chars = query_bigrams.dice(text).max(chars);
            }
        } else if best.2 >= 0.0 {
            continue; // an F1 of 0 cannot beat what we have
        }
        let phrase_weight = doc.phrase_weight[i];
        if phrase_weight <= 0.0 {
            continue;
        }
        let (recall, precision) = (shared / query_weight, shared / phrase_weight);
        let f1 = if recall + precision > 0.0 {
            2.0 * recall * precision / (recall + precision)
        } else {
            0.0
        };
        if f1 > best.2 {
            best = (i, precision, f1);
        }
    }
    PhraseMatch {
        best: best.0,
        precision: best.1,
        chars,
    }
}

/// Deterministic tie-break by id, so the ranking ignores corpus order.
fn tie(index: &Index, a: usize, b: usize) -> std::cmp::Ordering {
    index.docs[a].id.cmp(&index.docs[b].id)
}
