//! One question through the matcher: the 22 real entries, then synthetic
//! corpora of 1k and 10k entries. `cargo bench --bench ask`.

use std::hint::black_box;
use std::path::Path;

use clinicfaq::catalog::Catalog;
use clinicfaq::content;
use clinicfaq::matching::{Document, MatchConfig, Matcher, Weights};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const REAL_QUESTIONS: &[&str] = &[
    "how long do the effects last",
    "what are the side affects of ketamine",
    "is spravato the same thing",
    "side effects of ibuprofen",
    "i want to kill myself",
    "can i do ketamine at home by myself",
    // Context first: the message is read whole, by its question part and
    // sentence by sentence.
    "I'm 52 and I've been a teacher for almost 25 years. My sister sent me a link about \
     something called a ketamine reset but it didn't explain much. I've tried three \
     antidepressants and my GP mentioned it last week. What actually is that?",
];

fn real(c: &mut Criterion) {
    let bundle = content::load_dir(Path::new("faq")).expect("faq/ loads");
    let catalog = Catalog::from_bundle(&bundle);
    let matcher = catalog.matcher();
    let mut group = c.benchmark_group("ask/real-22");
    for q in REAL_QUESTIONS {
        group.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| black_box(matcher.ask(black_box(q))))
        });
    }
    group.finish();
    // The mix scripts/load.sh sends, one pass per iteration (12 questions).
    let mix = load_mix();
    c.bench_function("ask/load-mix", |b| {
        b.iter(|| {
            for q in &mix {
                black_box(matcher.ask(black_box(q)));
            }
        })
    });
}

/// The crisis screen alone on typical messages, a 480-character one, and the
/// load mix through the whole `Catalog::ask` (screen, then matcher): the
/// screen's cost is the difference from `ask/load-mix`.
fn screen(c: &mut Criterion) {
    let bundle = content::load_dir(Path::new("faq")).expect("faq/ loads");
    let catalog = Catalog::from_bundle(&bundle);
    let long = "I'm 42 and I've tried four antidepressants over the last nine years, \
        plus therapy, and my GP finally mentioned ketamine last week. I'm nervous about \
        the dissociation part because I have a history of panic attacks, and I don't \
        know if I can drive myself home afterwards or whether someone has to pick me up. \
        How long would I be out of it, and how long until I could go back to work?";
    let mut group = c.benchmark_group("screen");
    for (name, q) in [
        ("short", "how long do the effects last"),
        ("crisis", "i want to k1ll mys3lf tonight"),
        ("spanish", "cuanto tiempo duran los efectos de la ketamina"),
        ("long-480", long),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(name), &q, |b, q| {
            b.iter(|| black_box(catalog.screen().screen(black_box(q))))
        });
    }
    group.finish();
    let mix = load_mix();
    c.bench_function("ask/load-mix-screened", |b| {
        b.iter(|| {
            for q in &mix {
                black_box(catalog.ask(black_box(q)));
            }
        })
    });
}

/// The questions `scripts/load.sh` sends: the quoted lines of the
/// `questions` table in scripts/load/wrk.lua, in order.
fn load_mix() -> Vec<String> {
    let lua = std::fs::read_to_string("scripts/load/wrk.lua").expect("scripts/load/wrk.lua");
    let table = lua
        .split_once("local questions = {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .expect("wrk.lua has a questions table")
        .0;
    let questions: Vec<String> = table
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix('"')?
                .strip_suffix("\",")
                .map(String::from)
        })
        .collect();
    assert!(!questions.is_empty(), "no questions found in wrk.lua");
    questions
}

/// A deterministic pseudo-random corpus: words from a syllable alphabet,
/// each entry a question, five alternates and a short body.
fn synthetic(n: usize) -> (Vec<Document>, Vec<String>) {
    let syllables = [
        "ka", "te", "mi", "no", "ra", "si", "lo", "pe", "du", "ven", "tor", "al", "quin", "bre",
        "sha", "mo", "lix", "der", "pha", "cy",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let vocab: Vec<String> = (0..5_000)
        .map(|_| {
            let len = 2 + (next() % 3) as usize;
            (0..len)
                .map(|_| syllables[(next() % syllables.len() as u64) as usize])
                .collect()
        })
        .collect();
    let mut sentence = |words: usize| -> String {
        (0..words)
            .map(|_| vocab[(next() % vocab.len() as u64) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let docs: Vec<Document> = (0..n)
        .map(|i| Document {
            id: format!("entry-{i}"),
            question: format!("how does {}", sentence(4)),
            alternates: (0..5).map(|_| sentence(5)).collect(),
            keywords: vec![sentence(1), sentence(1)],
            body: sentence(60),
        })
        .collect();
    let queries = docs
        .iter()
        .step_by((n / 20).max(1))
        .map(|d| {
            // A paraphrase: part of an alternate plus a typo in its last word.
            let mut words: Vec<String> = d.alternates[0]
                .split(' ')
                .take(4)
                .map(str::to_owned)
                .collect();
            if let Some(last) = words.last_mut() {
                if last.len() > 5 {
                    last.remove(2);
                }
            }
            words.join(" ")
        })
        .collect();
    (docs, queries)
}

fn synthetic_corpora(c: &mut Criterion) {
    let config = MatchConfig::default();
    for n in [1_000, 10_000] {
        let (docs, queries) = synthetic(n);
        let matcher = Matcher::new(&config, &docs);
        let mut i = 0;
        c.bench_function(&format!("ask/synthetic-{n}"), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                black_box(matcher.ask(black_box(&queries[i])))
            })
        });
    }
}

/// Building a matcher: indexing plus self-calibration (matching/calibrate.rs),
/// paid at start-up and on every publish.
fn build(c: &mut Criterion) {
    let config = MatchConfig::default();
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let (docs, _) = synthetic(n);
        group.bench_function(format!("synthetic-{n}"), |b| {
            b.iter(|| black_box(Matcher::new(&config, black_box(&docs))))
        });
        group.bench_function(format!("synthetic-{n}-uncalibrated"), |b| {
            b.iter(|| {
                black_box(Matcher::with_weights(
                    &config,
                    black_box(&docs),
                    Weights::default(),
                ))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, real, screen, synthetic_corpora, build);
criterion_main!(benches);
