//! The shipped sample clinic's content meets the editorial brief. These run
//! on the files in faq/, so a content edit that breaks a rule fails CI.

use std::collections::HashMap;
use std::path::Path;

use clinicfaq::content::{self, find_dosing, publish_problems, ContentBundle, Library, Status};
use clinicfaq::matching::words;

const REQUIRED: [&str; 22] = [
    "what-is-ketamine-therapy",
    "how-ketamine-works",
    "conditions-treated",
    "treatment-resistant-depression",
    "how-fast-it-works",
    "how-long-effects-last",
    "side-effects",
    "long-term-risks",
    "treatment-process",
    "after-your-session",
    "screening-and-eligibility",
    "administration-methods",
    "number-of-sessions",
    "safety-monitoring",
    "ketamine-vs-antidepressants",
    "ketamine-assisted-psychotherapy",
    "dissociation",
    "suicidal-thoughts",
    "chronic-pain",
    "self-administration",
    "medical-vs-recreational-use",
    "telehealth",
];

fn bundle() -> ContentBundle {
    content::load_dir(Path::new("faq")).expect("faq/ loads")
}

#[test]
fn every_required_slug_is_present_and_published_with_six_alternates() {
    let bundle = bundle();
    for slug in REQUIRED {
        let entry = bundle
            .entries
            .iter()
            .find(|e| e.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("{slug} is missing"));
        assert_eq!(entry.status, Status::Published, "{slug}");
        assert!(
            entry.alternates.len() >= 6,
            "{slug} has {} alternates",
            entry.alternates.len()
        );
        assert!(
            entry.reviewed_by.is_some() && entry.reviewed_at.is_some(),
            "{slug} is unreviewed"
        );
    }
}

#[test]
fn every_source_article_has_a_title_patients_see() {
    let bundle = bundle();
    for article in bundle.articles.as_deref().unwrap_or_default() {
        let title = bundle.clinic.source_titles.get(article);
        assert!(
            title.is_some_and(|t| !t.title.trim().is_empty()),
            "{article} has no title under [source_titles] in faq/clinic.toml"
        );
    }
}

#[test]
fn every_answer_cites_an_article_that_exists() {
    for entry in bundle().entries {
        assert!(!entry.sources.is_empty(), "{} has no source", entry.slug);
        for source in &entry.sources {
            let path = Path::new("faq/sources").join(&source.article);
            assert!(
                path.is_file(),
                "{}: {} does not exist",
                entry.slug,
                path.display()
            );
            assert!(
                !source.fact.trim().is_empty(),
                "{}: a source without its fact",
                entry.slug
            );
        }
    }
}

#[test]
fn no_answer_contains_dosing() {
    for entry in bundle().entries {
        assert_eq!(
            find_dosing(&entry.answer),
            None,
            "{} gives dosing",
            entry.slug
        );
    }
}

#[test]
fn no_two_entries_share_a_question_or_alternate() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for entry in bundle().entries {
        for phrase in std::iter::once(&entry.question).chain(&entry.alternates) {
            let key = words(phrase).join(" ");
            if let Some(other) = seen.insert(key.clone(), entry.slug.to_string()) {
                assert_eq!(
                    other,
                    entry.slug.to_string(),
                    "{key:?} is in both {other} and {}",
                    entry.slug
                );
            }
        }
    }
}

#[test]
fn every_entry_is_publishable_and_its_provider_kind_is_served() {
    let bundle = bundle();
    let library = Library::new(
        bundle.providers.clone(),
        bundle.articles.clone(),
        &bundle.entries,
    );
    for entry in &bundle.entries {
        let problems = publish_problems(entry, &library);
        assert!(problems.is_empty(), "{}: {problems:?}", entry.slug);
    }
}

#[test]
fn answers_are_60_to_180_words_and_answer_in_the_first_sentence() {
    for entry in bundle().entries {
        let count = entry.answer.split_whitespace().count();
        assert!(
            (60..=180).contains(&count),
            "{} has {count} words",
            entry.slug
        );
        let first = entry.answer.trim_start();
        assert!(
            !first.starts_with('-') && !first.starts_with('#'),
            "{} starts with a list or heading instead of an answer",
            entry.slug
        );
    }
}

#[test]
fn the_suicidal_thoughts_answer_carries_the_crisis_resources() {
    let bundle = bundle();
    let entry = bundle
        .entries
        .iter()
        .find(|e| e.slug.as_str() == "suicidal-thoughts")
        .unwrap();
    assert!(entry.answer.contains("988"), "no 988");
    assert!(entry.answer.contains("911"), "no 911");
}

#[test]
fn sample_providers_are_clearly_fictional() {
    let bundle = bundle();
    assert!(bundle.providers.len() >= 3);
    for p in &bundle.providers {
        let digits: String = p.phone.chars().filter(char::is_ascii_digit).collect();
        assert!(
            digits.contains("55501"),
            "{}: {} is not a 555-01xx number",
            p.id,
            p.phone
        );
        assert!(
            p.booking_url.contains("example.org"),
            "{}: {}",
            p.id,
            p.booking_url
        );
    }
    let crisis: Vec<&str> = bundle
        .clinic
        .crisis
        .resources
        .iter()
        .map(|r| r.value.as_str())
        .collect();
    assert!(
        crisis.contains(&"988") && crisis.contains(&"911"),
        "{crisis:?}"
    );
}

/// One place holds the thresholds: the code's defaults are the shipped
/// values, so a clinic that leaves `[thresholds]` out gets the same service.
#[test]
fn the_code_defaults_equal_the_shipped_thresholds() {
    assert_eq!(
        bundle().matching.thresholds,
        clinicfaq::matching::Thresholds::default()
    );
}

/// The second sample clinic (examples/dental/, a different domain with three
/// phrasings per entry) loads as content, so the matcher can be measured on it.
#[test]
fn the_dental_example_loads_as_content() {
    let dental = content::load_dir(Path::new("examples/dental")).expect("examples/dental loads");
    assert_eq!(dental.entries.len(), 26);
    assert!(dental.entries.iter().all(|e| e.alternates.len() == 2));
    assert!(dental.clinic.name.contains("Example"));
}
