//! Property: over any sequence of staff actions, the public catalog only
//! ever holds text that a clinician other than its author approved. Runs
//! against the store and workflow directly, so hundreds of steps stay fast.

use std::collections::HashSet;

use clinicfaq::catalog::Catalog;
use clinicfaq::content::workflow::{Actor, Role};
use clinicfaq::content::{load_dir, DocId, Slug};
use clinicfaq::store::{AuditDraft, FaqOp, Store};
use proptest::prelude::*;

use crate::app::repo_faq;

const SLUGS: [&str; 2] = ["telehealth", "side-effects"];

fn actors() -> Vec<Actor> {
    [
        ("ed-one", Role::Editor),
        ("ed-two", Role::Editor),
        ("dr-one", Role::Clinician),
        ("dr-two", Role::Clinician),
        ("admin", Role::Admin),
    ]
    .into_iter()
    .map(|(name, role)| Actor {
        name: name.into(),
        role,
        shown_as: None,
    })
    .collect()
}

#[derive(Debug, Clone)]
enum Act {
    Edit,
    Submit,
    Approve,
    Reject,
    Publish,
    Retire,
    Restore(u32),
    StaleEdit,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        3 => Just(Act::Edit),
        2 => Just(Act::Submit),
        2 => Just(Act::Approve),
        1 => Just(Act::Reject),
        2 => Just(Act::Publish),
        1 => Just(Act::Retire),
        1 => (1u32..6).prop_map(Act::Restore),
        1 => Just(Act::StaleEdit),
    ]
}

fn step() -> impl Strategy<Value = (usize, usize, Act)> {
    (0..SLUGS.len(), 0..5usize, act())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn unapproved_text_never_reaches_the_public(steps in prop::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut bundle = load_dir(&repo_faq()).unwrap();
        bundle.entries.retain(|e| SLUGS.contains(&e.slug.as_str()));
        store.import(&bundle, false, false).unwrap();
        let actors = actors();
        // Hashes a clinician approved (files count as approved on import).
        let mut approved: HashSet<String> =
            store.entries().unwrap().into_iter().map(|e| e.content_hash).collect();
        for (n, (slug_i, actor_i, act)) in steps.into_iter().enumerate() {
            let slug = DocId::english(Slug::parse(SLUGS[slug_i]).unwrap());
            let actor = &actors[actor_i];
            let state = store.faq_state(&slug).unwrap().unwrap();
            let version = state.head.latest;
            let mut body = state.working.as_ref().or(state.published.as_ref())
                .map(|r| r.body.clone())
                .unwrap_or_else(|| store.revision(&slug, 1).unwrap().unwrap().body);
            body.answer = format!("unreviewed text number {n}");
            let (expected, op) = match act {
                Act::Edit => (version, FaqOp::Edit { body, note: String::new() }),
                Act::StaleEdit => (version.saturating_sub(1), FaqOp::Edit { body, note: String::new() }),
                Act::Submit => (version, FaqOp::Submit),
                Act::Approve => (version, FaqOp::Approve),
                Act::Reject => (version, FaqOp::Reject { reason: "no".into() }),
                Act::Publish => (version, FaqOp::Publish),
                Act::Retire => (version, FaqOp::Retire),
                Act::Restore(v) => (version, FaqOp::Restore { version: v }),
            };
            let audit = AuditDraft::new(Some(actor), "prop", slug.to_string());
            let result = store.apply_faq(&slug, Some(expected), &op, actor, &audit);
            if let (FaqOp::Approve, Ok(after)) = (&op, &result) {
                let rev = after.working.as_ref().unwrap();
                let approval = rev.approval.as_ref().unwrap();
                prop_assert_eq!(actor.role, Role::Clinician);
                prop_assert_ne!(&approval.by, &rev.created_by, "four eyes");
                prop_assert_eq!(&approval.content_hash, &rev.body.content_hash());
                approved.insert(approval.content_hash.clone());
            }
            if let (FaqOp::Edit { .. }, true) = (&op, expected != version) {
                prop_assert!(result.is_err(), "a stale edit went through");
            }
            let catalog = Catalog::load(&store).unwrap();
            for entry in catalog.published() {
                prop_assert!(
                    approved.contains(&entry.content_hash),
                    "unapproved text of {} is public: {:?}", entry.body.slug, entry.body.answer
                );
                prop_assert_eq!(&entry.body.content_hash(), &entry.content_hash);
            }
        }
    }
}
