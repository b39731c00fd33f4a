//! Property tests for the pure matching core: deterministic, independent of
//! corpus order, total on any Unicode input, bounded on long input.

use std::path::Path;
use std::sync::OnceLock;

use clinicfaq::content::{self, ContentBundle};
use clinicfaq::matching::{self, Document, Matcher};
use proptest::prelude::*;

fn bundle() -> &'static ContentBundle {
    static BUNDLE: OnceLock<ContentBundle> = OnceLock::new();
    BUNDLE.get_or_init(|| content::load_dir(Path::new("faq")).expect("faq/ loads"))
}

fn documents() -> Vec<Document> {
    bundle()
        .entries
        .iter()
        .filter(|e| e.is_published() && e.lang.is_english())
        .map(|e| Document {
            id: e.slug.to_string(),
            question: e.question.clone(),
            alternates: e.alternates.clone(),
            keywords: std::iter::once(e.category.clone())
                .chain(e.tags.clone())
                .collect(),
            body: e.answer.clone(),
        })
        .collect()
}

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&bundle().matching, &documents()))
}

/// Questions that look like patients' ones: corpus words, typos, noise.
fn patientish() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "how",
        "long",
        "ketamine",
        "ketamin",
        "side",
        "efects",
        "last",
        "does",
        "it",
        "work",
        "spravato",
        "safe",
        "session",
        "infusion",
        "i",
        "want",
        "to",
        "die",
        "not",
        "kill",
        "myself",
        "ibuprofen",
        "ketchup",
        "dying",
        "know",
        "?",
        "!!",
        "é",
        "🙂",
        "isn't",
    ]);
    prop::collection::vec(words, 0..12).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_same_question_always_gets_the_same_result(q in patientish()) {
        prop_assert_eq!(matcher().ask(&q), matcher().ask(&q));
    }

    #[test]
    fn any_unicode_input_is_handled(q in any::<String>()) {
        let result = matcher().ask(&q);
        prop_assert!((0.0..=1.0).contains(&result.confidence));
        prop_assert!(result.candidates.len() <= 3);
    }

    #[test]
    fn scores_are_calibrated_and_sorted(q in patientish()) {
        let ranked = matcher().rank(&q);
        for pair in ranked.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
        for c in &ranked {
            prop_assert!((0.0..=1.0).contains(&c.score));
        }
    }
}

proptest! {
    // Each case builds a fresh index, so fewer cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn corpus_order_does_not_change_the_ranking(
        order in Just(documents()).prop_shuffle(),
        q in patientish(),
    ) {
        let shuffled = Matcher::new(&bundle().matching, &order);
        prop_assert_eq!(shuffled.rank(&q), matcher().rank(&q));
        prop_assert_eq!(shuffled.ask(&q), matcher().ask(&q));
    }
}

#[test]
fn long_input_is_cut_to_a_bounded_length() {
    let long = "how long does ketamine last ".repeat(40_000);
    let words = matching::words(&long);
    let chars: usize = words.iter().map(|w| w.chars().count() + 1).sum();
    assert!(chars <= 2_000 + 1, "normaliser read {chars} characters");
    // And the whole pipeline copes with it.
    let result = matcher().ask(&long);
    assert!((0.0..=1.0).contains(&result.confidence));
}

/// The topic often sits in the sentence before the question ("People say
/// it works quickly. Is it really within hours?"): that sentence, read on
/// its own, makes the matcher surer of the entry the message ranks first.
#[test]
fn a_sentence_before_the_question_confirms_the_first_entry() {
    let context = "My sister did a course last spring. \
                   She says ketamine worked quickly for her. Would it be that fast for me?";
    let alone = "Would it be that fast for me?";
    let with_context = matcher().rank(context);
    assert_eq!(with_context[0].id, "how-fast-it-works");
    let bare = matcher().rank(alone);
    let bare_score = bare
        .iter()
        .find(|c| c.id == "how-fast-it-works")
        .map_or(0.0, |c| c.score);
    assert!(
        with_context[0].score > bare_score + 0.1,
        "{} vs {bare_score}",
        with_context[0].score
    );
}

/// A question that names the clinic's own subject (a word most entries
/// use) is about it: a word no entry uses weighs less in the off-topic
/// guard than in a question that does not name the subject.
#[test]
fn naming_the_clinics_subject_softens_the_off_topic_guard() {
    let doc = |id: &str, question: &str| Document {
        id: id.to_owned(),
        question: question.to_owned(),
        alternates: vec![],
        keywords: vec![],
        body: String::new(),
    };
    let docs = [
        doc("a", "how long does a dental cleaning take"),
        doc("b", "does a dental filling hurt"),
        doc("c", "how often should i get dental x rays"),
    ];
    let matcher = Matcher::new(&bundle().matching, &docs);
    let share = |q: &str| matcher.feature_rows(q)[0].unknown_share;
    let anchored = share("how long does a dental cleaning take with braces");
    let bare = share("how long does a cleaning take with braces");
    assert!(anchored > 0.0 && bare > 0.0);
    assert!(anchored < bare - 0.05, "{anchored} vs {bare}");
}
