//! Storage-level guarantees that HTTP cannot reach: the schema-1 migration
//! and the file import's treatment of staff drafts.

use std::time::Duration;

use clinicfaq::content::workflow::{Actor, Role};
use clinicfaq::content::{load_dir, DocId, FaqEntry, Slug};
use clinicfaq::store::{AuditDraft, FaqOp, Store};

use crate::app::repo_faq;

#[test]
fn a_schema_1_database_is_migrated_with_its_published_text() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = load_dir(&repo_faq()).unwrap();
    {
        // What the first release wrote: one FaqEntry per slug.
        let db = sled::open(dir.path()).unwrap();
        let faqs = db.open_tree("faqs").unwrap();
        // Schema 1 predates languages: English entries only.
        for body in bundle.entries.iter().filter(|e| e.lang.is_english()) {
            let entry = FaqEntry::new(body.clone(), 3);
            faqs.insert(body.slug.as_str(), serde_json::to_vec(&entry).unwrap())
                .unwrap();
        }
        let settings = db.open_tree("settings").unwrap();
        settings
            .insert("clinic", serde_json::to_vec(&bundle.clinic).unwrap())
            .unwrap();
        let providers = db.open_tree("providers").unwrap();
        for p in &bundle.providers {
            providers
                .insert(p.id.as_str(), serde_json::to_vec(p).unwrap())
                .unwrap();
        }
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", "1")
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open_waiting(dir.path(), Duration::from_secs(10)).unwrap();
    let entries = store.entries().unwrap();
    let english = bundle.entries.iter().filter(|e| e.lang.is_english());
    assert_eq!(entries.len(), english.count());
    assert!(entries.iter().all(|e| e.version == 3));
    let slug = DocId::english(Slug::parse("telehealth").unwrap());
    assert_eq!(store.revisions(&slug).unwrap().len(), 1);
    assert_eq!(store.faq_state(&slug).unwrap().unwrap().head.latest, 3);
}

#[test]
fn re_importing_files_keeps_a_staff_draft_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let bundle = load_dir(&repo_faq()).unwrap();
    store.import(&bundle, false, false).unwrap();
    let slug = DocId::english(Slug::parse("telehealth").unwrap());
    let mut body = store.revision(&slug, 1).unwrap().unwrap().body;
    body.answer = "A staff draft.".into();
    let sam = Actor {
        name: "sam".into(),
        role: Role::Editor,
        shown_as: None,
    };
    let op = FaqOp::Edit {
        body,
        note: String::new(),
    };
    store
        .apply_faq(
            &slug,
            Some(1),
            &op,
            &sam,
            &AuditDraft::new(Some(&sam), "t", "t"),
        )
        .unwrap();

    let report = store.import(&bundle, false, false).unwrap();
    assert!(
        report.unchanged.contains(&"telehealth".to_owned()),
        "{report}"
    );
    let state = store.faq_state(&slug).unwrap().unwrap();
    assert_eq!(state.working.unwrap().body.answer, "A staff draft.");
    assert_eq!(state.head.published, Some(1));
}

/// `clinicfaq import --prune`: a published entry the files no longer have
/// is retired in the import's transaction, with its history kept; without
/// `--prune` it is only reported, and a dry run writes nothing.
#[test]
fn pruning_import_retires_entries_the_files_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut bundle = load_dir(&repo_faq()).unwrap();
    store.import(&bundle, false, false).unwrap();
    bundle.entries.retain(|e| e.slug.as_str() != "telehealth");
    let slug = DocId::english(Slug::parse("telehealth").unwrap());

    let kept = store.import(&bundle, false, false).unwrap();
    // Its Spanish version goes with it.
    assert_eq!(kept.only_in_database, ["telehealth", "telehealth@es"]);
    assert!(kept.retired.is_empty());
    let dry = store.import(&bundle, true, true).unwrap();
    assert_eq!(dry.retired, ["telehealth", "telehealth@es"]);
    assert_eq!(
        store.faq_state(&slug).unwrap().unwrap().head.published,
        Some(1)
    );

    let pruned = store.import(&bundle, false, true).unwrap();
    assert_eq!(pruned.retired, ["telehealth", "telehealth@es"]);
    let state = store.faq_state(&slug).unwrap().unwrap();
    assert!(state.head.retired);
    assert_eq!(state.head.published, None);
    assert!(store.revision(&slug, 1).unwrap().is_some(), "history kept");
    // A second prune has nothing left to retire.
    assert!(store
        .import(&bundle, false, true)
        .unwrap()
        .retired
        .is_empty());
}
