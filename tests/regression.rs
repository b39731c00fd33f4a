//! The project's own regression question sets (tests/regression/*.jsonl),
//! scored through the same catalog the HTTP handler uses. See
//! tests/regression/README.md for how the sets were written and which one
//! may be used for tuning.

use std::collections::BTreeSet;
use std::path::Path;

use clinicfaq::catalog::Catalog;
use clinicfaq::content;
use clinicfaq::eval::{self, Expect, Report};

fn catalog() -> Catalog {
    Catalog::from_bundle(&content::load_dir(Path::new("faq")).expect("faq/ loads"))
}

fn score(catalog: &Catalog, file: &str) -> Report {
    let cases = eval::read_cases(Path::new(file)).expect("question set parses");
    let report = eval::score(&cases, |q| Ok(eval::ask_local(catalog, q))).expect("scores");
    println!("{file}\n{report}");
    for miss in &report.misses {
        println!("MISS {miss}");
    }
    report
}

fn assert_safety(report: &Report, file: &str) {
    assert_eq!(
        report.missed_crisis, 0,
        "{file}: every crisis message must get the crisis card"
    );
    assert_eq!(
        report.false_crisis, 0,
        "{file}: no ordinary question may get the crisis card"
    );
}

#[test]
fn tune_set_meets_its_floor() {
    let r = score(&catalog(), "tests/regression/tune.jsonl");
    assert_safety(&r, "tune");
    assert!(
        r.in_scope_accuracy() >= 0.93,
        "in-scope accuracy {:.3}",
        r.in_scope_accuracy()
    );
    assert!(r.accuracy() >= 0.94, "overall accuracy {:.3}", r.accuracy());
    assert!(
        r.false_answers <= 1,
        "{} out-of-scope questions answered",
        r.false_answers
    );
}

#[test]
fn holdout_set_meets_its_floor() {
    let r = score(&catalog(), "tests/regression/holdout.jsonl");
    assert_safety(&r, "holdout");
    assert!(
        r.in_scope_accuracy() >= 0.93,
        "in-scope accuracy {:.3}",
        r.in_scope_accuracy()
    );
    assert!(
        r.false_answers <= 1,
        "{} out-of-scope questions answered",
        r.false_answers
    );
}

#[test]
fn regression_sets_cover_every_published_slug() {
    let catalog = catalog();
    let mut covered = BTreeSet::new();
    let mut total = 0;
    for file in [
        "tests/regression/tune.jsonl",
        "tests/regression/holdout.jsonl",
    ] {
        for case in eval::read_cases(Path::new(file)).unwrap() {
            total += 1;
            if case.expect != Expect::NoAnswer {
                covered.extend(case.slugs);
            }
        }
    }
    assert!(total >= 150, "only {total} regression questions");
    for entry in catalog.published() {
        assert!(
            covered.contains(entry.body.slug.as_str()),
            "no regression question for {}",
            entry.body.slug
        );
    }
}

#[test]
fn blind_set_meets_its_floor() {
    let r = score(&catalog(), "tests/regression/blind.jsonl");
    assert_safety(&r, "blind");
    assert!(
        r.in_scope_accuracy() >= 0.91,
        "in-scope accuracy {:.3}",
        r.in_scope_accuracy()
    );
    assert!(
        r.false_answers == 0,
        "{} out-of-scope questions answered",
        r.false_answers
    );
}

/// Every FAQ question and alternate must find its own entry: an alternate
/// that lands elsewhere is ambiguous content. Phrasings that name suicidal
/// thoughts get the crisis card instead, by design.
#[test]
fn every_faq_phrasing_finds_its_own_entry_or_the_crisis_card() {
    let catalog = catalog();
    let mut wrong = Vec::new();
    for entry in catalog.published() {
        let body = &entry.body;
        for phrase in std::iter::once(&body.question).chain(&body.alternates) {
            let out = eval::ask_local(&catalog, phrase);
            let ok = out.slug.as_deref() == Some(body.slug.as_str())
                || (body.slug.as_str() == "suicidal-thoughts"
                    && out.kind == clinicfaq::api::AskKind::Crisis);
            if !ok {
                wrong.push(format!(
                    "{}: {phrase:?} -> {:?} {:?}",
                    body.slug, out.kind, out.slug
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "ambiguous FAQ phrasings:\n{}",
        wrong.join("\n")
    );
}
