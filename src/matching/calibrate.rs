//! Self-calibration: the confidence model is fitted to each corpus from the
//! corpus itself, every time a matcher is built, so a confidence means "how
//! often a candidate like this is the right answer" on *this* content, and
//! the thresholds keep their meaning whether a clinic wrote 2 phrasings per
//! FAQ or 30.
//!
//! Two simulations, both cross-validated in folds so that no phrasing is
//! ever asked of an index that holds it:
//! - **phrasings left out**: some alternates of every entry are removed and
//!   asked; the entry they came from is the right candidate;
//! - **entries left out**: whole entries are removed and their phrasings
//!   asked; no candidate is right (a question the FAQ does not cover, in
//!   the clinic's own vocabulary: the hardest kind of off-topic).
//!
//! The rows feed a Platt scaling of the shipped model's log-odds (a
//! two-parameter logistic regression, Newton's method) pulled towards no
//! change, so a tiny corpus keeps the shipped meaning and the ranking is
//! never altered.

use super::analyze::Analyzer;
use super::config::MatchConfig;
use super::index::{Document, Index};
use super::score::{self, Features, Weights};

/// Folds of each simulation.
const FOLDS: usize = 3;
/// Entries a calibration reads at most (a larger corpus is sampled).
const MAX_ENTRIES: usize = 300;
/// Questions asked per simulation at most.
const MAX_ASKED: usize = 1_500;
/// Candidates per question that enter the fit: the hard negatives.
const TOP: usize = 5;
/// Pull towards the shipped weights (in rows' worth of evidence).
const PRIOR: f64 = 1.0;
/// Fewer rows than this and the shipped weights are kept as they are.
const MIN_ROWS: usize = 40;

/// The shipped weights with the model refitted on `documents`.
pub fn calibrated(config: &MatchConfig, documents: &[Document], shipped: &Weights) -> Weights {
    // Folds follow the ids, so the corpus order changes nothing. A large
    // corpus is calibrated on an even sample of its entries: the scaling
    // is two numbers, and a few hundred entries pin them down.
    let mut sorted: Vec<&Document> = documents.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let stride = sorted.len().div_ceil(MAX_ENTRIES).max(1);
    let documents: Vec<Document> = sorted.into_iter().step_by(stride).cloned().collect();
    let documents = documents.as_slice();
    let mut rows = Vec::new();
    for fold in 0..FOLDS {
        rows.extend(phrasings_left_out(config, documents, shipped, fold));
        rows.extend(entries_left_out(config, documents, shipped, fold));
    }
    let mut w = *shipped;
    let positives = rows.iter().filter(|(y, _)| *y).count();
    if rows.len() >= MIN_ROWS && positives >= 5 && positives < rows.len() {
        // Platt scaling of the shipped model's logit: the ranking stays the
        // shipped one; what a confidence means is fitted to this corpus.
        let platt: Vec<(bool, [f64; 2])> = rows
            .iter()
            .map(|(y, f)| (*y, [shipped.logit(f), 1.0]))
            .collect();
        let [scale, shift] = fit(&platt, [1.0, 0.0]);
        (w.scale, w.shift) = (scale, shift);
    }
    w
}

type Row = (bool, Features);

/// Alternates at positions `fold`, `fold + FOLDS`, … of every entry are
/// left out and asked. Entries keep their question and the rest.
fn phrasings_left_out(
    config: &MatchConfig,
    documents: &[Document],
    w: &Weights,
    fold: usize,
) -> Vec<Row> {
    let mut asked: Vec<(String, usize)> = Vec::new();
    let reduced: Vec<Document> = documents
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut kept = doc.clone();
            kept.alternates.clear();
            for (i, alt) in doc.alternates.iter().enumerate() {
                if i % FOLDS == fold {
                    asked.push((alt.clone(), d));
                } else {
                    kept.alternates.push(alt.clone());
                }
            }
            kept
        })
        .collect();
    ask_all(config, &reduced, w, &asked, true)
}

/// Entries at positions `fold`, `fold + FOLDS`, … are left out; their
/// question and first two alternates are asked of the others.
fn entries_left_out(
    config: &MatchConfig,
    documents: &[Document],
    w: &Weights,
    fold: usize,
) -> Vec<Row> {
    let mut asked: Vec<(String, usize)> = Vec::new();
    let mut reduced = Vec::new();
    for (d, doc) in documents.iter().enumerate() {
        if d % FOLDS == fold {
            asked.extend(
                std::iter::once(&doc.question)
                    .chain(doc.alternates.iter().take(2))
                    .map(|q| (q.clone(), d)),
            );
        } else {
            reduced.push(doc.clone());
        }
    }
    ask_all(config, &reduced, w, &asked, false)
}

/// Asks each question of an index over `documents` and labels the top
/// candidates: right when `answerable` and the candidate is the entry the
/// question came from (phrasings left out keep every entry in place).
fn ask_all(
    config: &MatchConfig,
    documents: &[Document],
    w: &Weights,
    asked: &[(String, usize)],
    answerable: bool,
) -> Vec<Row> {
    if documents.is_empty() || asked.is_empty() {
        return Vec::new();
    }
    let index = Index::build(Analyzer::new(config), documents, w.idf_floor);
    let stride = asked.len().div_ceil(MAX_ASKED / FOLDS).max(1);
    let mut rows = Vec::new();
    for (q, source) in asked.iter().step_by(stride) {
        let query = index
            .analyzer
            .query_terms(&index.analyzer.words(q), &index.vocab);
        let mut candidates = score::features(&index, &query, w).candidates;
        candidates.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
        let right_id = answerable.then(|| documents[*source].id.as_str());
        for (doc, f) in candidates.into_iter().take(TOP) {
            let label = right_id == Some(index.docs[doc].id.as_str());
            rows.push((label, f));
        }
    }
    rows
}

/// Platt scaling by Newton's method with step halving: the `[scale, shift]`
/// that best predict each row's label from its logit `x` (rows are
/// `(label, [x, 1])`), with an L2 pull of `PRIOR` towards `prior`.
fn fit(rows: &[(bool, [f64; 2])], prior: [f64; 2]) -> [f64; 2] {
    let dot = |t: &[f64; 2], v: &[f64; 2]| t[0] * v[0] + t[1] * v[1];
    // Penalised negative log-likelihood.
    let loss = |t: &[f64; 2]| -> f64 {
        let data: f64 = rows
            .iter()
            .map(|(y, v)| {
                let z = dot(t, v);
                // log(1 + e^z) - y z, computed stably.
                z.max(0.0) + (-z.abs()).exp().ln_1p() - if *y { z } else { 0.0 }
            })
            .sum();
        data + PRIOR / 2.0 * ((t[0] - prior[0]).powi(2) + (t[1] - prior[1]).powi(2))
    };
    let mut theta = prior;
    let mut current = loss(&theta);
    for _ in 0..50 {
        // Gradient and Hessian of the loss.
        let (mut g, mut h) = ([0.0; 2], [[0.0; 2]; 2]);
        for (y, v) in rows {
            let p = 1.0 / (1.0 + (-dot(&theta, v).clamp(-30.0, 30.0)).exp());
            let s = p * (1.0 - p);
            for i in 0..2 {
                g[i] += (p - f64::from(u8::from(*y))) * v[i];
                for j in 0..2 {
                    h[i][j] += s * v[i] * v[j];
                }
            }
        }
        for i in 0..2 {
            g[i] += PRIOR * (theta[i] - prior[i]);
            h[i][i] += PRIOR;
        }
        // The Newton step solves h · step = g (Cramer's rule; the prior
        // keeps h positive definite).
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        if det.abs() < 1e-12 {
            break;
        }
        let step = [
            (g[0] * h[1][1] - g[1] * h[0][1]) / det,
            (h[0][0] * g[1] - h[1][0] * g[0]) / det,
        ];
        // Halve the step until the loss goes down.
        let mut scale = 1.0;
        let mut improved = false;
        while scale > 1e-4 {
            let next = [theta[0] - scale * step[0], theta[1] - scale * step[1]];
            let value = loss(&next);
            if value < current {
                improved = current - value > 1e-9;
                (theta, current) = (next, value);
                break;
            }
            scale /= 2.0;
        }
        if !improved {
            break;
        }
    }
    theta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, question: &str, alternates: &[&str]) -> Document {
        Document {
            id: id.into(),
            question: question.into(),
            alternates: alternates.iter().map(|a| a.to_string()).collect(),
            keywords: Vec::new(),
            body: String::new(),
        }
    }

    #[test]
    fn newton_recovers_a_known_scaling() {
        // Labels drawn (deterministically) from p = sigmoid(2x - 1).
        let mut rows = Vec::new();
        for i in 0..2000 {
            let x = (i as f64 / 2000.0) * 6.0 - 3.0;
            let p = 1.0 / (1.0 + (-(2.0 * x - 1.0)).exp());
            let u = ((i * 7919) % 1000) as f64 / 1000.0;
            rows.push((u < p, [x, 1.0]));
        }
        let [scale, shift] = fit(&rows, [1.0, 0.0]);
        assert!((scale - 2.0).abs() < 0.3, "scale {scale}");
        assert!((shift + 1.0).abs() < 0.3, "shift {shift}");
    }

    #[test]
    fn a_corpus_too_small_to_simulate_keeps_the_shipped_model() {
        let docs = [doc("a", "how long does it last", &["duration"])];
        let w = calibrated(&MatchConfig::default(), &docs, &Weights::default());
        assert_eq!((w.scale, w.shift), (1.0, 0.0));
    }

    #[test]
    fn calibration_is_fitted_on_a_real_corpus_and_keeps_the_ranking() {
        // Twenty entries on invented topics that share some words.
        let docs: Vec<Document> = (0..20)
            .map(|i| {
                let (a, b) = (format!("topic{i}"), format!("thing{}", i % 7));
                doc(
                    &format!("t{i:02}"),
                    &format!("what is {a} and {b}"),
                    &[
                        &format!("{a} {b} help"),
                        &format!("tell me about {a}"),
                        &format!("{b} costs for {a}"),
                        &format!("is {a} safe"),
                    ],
                )
            })
            .collect();
        let shipped = Weights::default();
        let w = calibrated(&MatchConfig::default(), &docs, &shipped);
        assert_ne!((w.scale, w.shift), (1.0, 0.0), "no calibration happened");
        assert!(w.scale > 0.0, "a calibrated logit keeps its direction");
        // Platt scaling is monotonic: any two candidates keep their order.
        let (a, b) = (
            [0.9, 0.9, 0.8, 0.7, 0.6, 0.5],
            [0.2, 0.3, 0.1, 0.2, 0.1, 0.2],
        );
        assert!(w.confidence(&a) > w.confidence(&b));
        assert_eq!(
            shipped.confidence(&a) > shipped.confidence(&b),
            w.confidence(&a) > w.confidence(&b)
        );
    }
}
