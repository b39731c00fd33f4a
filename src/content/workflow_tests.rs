use time::OffsetDateTime;

use super::*;

fn actor(name: &str, role: Role) -> Actor {
    Actor {
        name: name.into(),
        role,
        shown_as: None,
    }
}

fn body(answer: &str) -> FaqFile {
    toml::from_str(&format!(
        "slug = \"a\"\nquestion = \"q\"\nanswer = \"{answer}\"\ncategory = \"c\"\n\
         provider_kind = \"p\"\nstatus = \"draft\"\nauthor = \"x\"\n"
    ))
    .unwrap()
}

fn apply(before: Option<&EntryState>, change: Change) -> EntryState {
    let find = |v: Option<u32>| {
        v.and_then(|v| {
            change
                .revisions
                .iter()
                .find(|r| r.version == v)
                .cloned()
                .or_else(|| before.and_then(|b| b.published.clone().filter(|p| p.version == v)))
        })
    };
    EntryState {
        working: find(change.head.working),
        published: find(change.head.published),
        head: change.head,
    }
}

fn approved_draft() -> EntryState {
    let now = OffsetDateTime::UNIX_EPOCH;
    let ed = actor("ed", Role::Editor);
    let dr = actor("dr", Role::Clinician);
    let s = apply(
        None,
        edit(None, &ed, body("v1"), String::new(), now).unwrap(),
    );
    let s = apply(Some(&s), submit(&s, &ed, vec![]).unwrap());
    apply(Some(&s), approve(&s, &dr, now).unwrap())
}

#[test]
fn editors_cannot_approve_and_admins_cannot_write() {
    let s = approved_draft();
    let err = publish(&s, &actor("ed", Role::Editor), vec![]).unwrap_err();
    assert!(matches!(err, WorkflowError::Forbidden { .. }));
    let err = edit(
        Some(&s),
        &actor("ad", Role::Admin),
        body("x"),
        String::new(),
        OffsetDateTime::UNIX_EPOCH,
    )
    .unwrap_err();
    assert!(matches!(err, WorkflowError::Forbidden { .. }));
}

#[test]
fn names_that_differ_in_case_or_look_alike_letters_are_one_person() {
    assert!(same_person("Dr-Robin", "dr-robin"));
    assert!(same_person(" DR-ROBIN ", "dr-r\u{43e}bin"));
    assert!(!same_person("dr-robin", "dr-lee"));
    let now = OffsetDateTime::UNIX_EPOCH;
    let dr = actor("dr-robin", Role::Clinician);
    let s = apply(
        None,
        edit(None, &dr, body("v1"), String::new(), now).unwrap(),
    );
    let s = apply(Some(&s), submit(&s, &dr, vec![]).unwrap());
    assert!(matches!(
        approve(&s, &actor("Dr-Robin", Role::Clinician), now),
        Err(WorkflowError::FourEyes(_))
    ));
}

#[test]
fn text_carried_on_keeps_its_authors_until_published() {
    let now = OffsetDateTime::UNIX_EPOCH;
    let dr = actor("dr", Role::Clinician);
    let ed = actor("ed", Role::Editor);
    let s = apply(
        None,
        edit(None, &dr, body("v1"), String::new(), now).unwrap(),
    );
    let first = s.working.clone().unwrap();
    // An editor's edit on top of the clinician's draft.
    let s = apply(
        Some(&s),
        edit(Some(&s), &ed, body("v2"), String::new(), now).unwrap(),
    );
    assert_eq!(s.working.as_ref().unwrap().wrote(), vec!["ed", "dr"]);
    // A restore of the clinician's revision, by the editor.
    let s = apply(Some(&s), restore(&s, &ed, &first, now).unwrap());
    assert_eq!(s.working.as_ref().unwrap().created_by, "ed");
    let s = apply(Some(&s), submit(&s, &ed, vec![]).unwrap());
    assert!(matches!(
        approve(&s, &dr, now),
        Err(WorkflowError::FourEyes(_))
    ));
    let other = actor("lee", Role::Clinician);
    let s = apply(Some(&s), approve(&s, &other, now).unwrap());
    let s = apply(Some(&s), publish(&s, &other, vec![]).unwrap());
    // After publication a new edit starts a new chain.
    let s = apply(
        Some(&s),
        edit(Some(&s), &ed, body("v3"), String::new(), now).unwrap(),
    );
    assert_eq!(s.working.as_ref().unwrap().wrote(), vec!["ed"]);
}

#[test]
fn the_author_cannot_approve_their_own_revision() {
    let now = OffsetDateTime::UNIX_EPOCH;
    let dr = actor("dr", Role::Clinician);
    let s = apply(
        None,
        edit(None, &dr, body("v1"), String::new(), now).unwrap(),
    );
    let s = apply(Some(&s), submit(&s, &dr, vec![]).unwrap());
    assert_eq!(
        approve(&s, &dr, now).unwrap_err(),
        WorkflowError::FourEyes("dr".into())
    );
}

#[test]
fn an_approval_that_does_not_cover_the_text_cannot_publish() {
    let mut s = approved_draft();
    s.working.as_mut().unwrap().body.answer = "changed behind the approval".into();
    let err = publish(&s, &actor("dr", Role::Clinician), vec![]).unwrap_err();
    assert_eq!(err, WorkflowError::ApprovalMismatch);
}

#[test]
fn publish_is_refused_with_every_problem() {
    let s = approved_draft();
    let problems = vec!["the entry has no source".to_owned(), "dosing".to_owned()];
    let err = publish(&s, &actor("dr", Role::Clinician), problems.clone()).unwrap_err();
    assert_eq!(err, WorkflowError::Unpublishable(problems));
}

#[test]
fn publishing_supersedes_the_old_text_and_records_the_reviewer() {
    let now = OffsetDateTime::UNIX_EPOCH;
    let s = approved_draft();
    let s = apply(
        Some(&s),
        publish(&s, &actor("dr", Role::Clinician), vec![]).unwrap(),
    );
    assert_eq!(s.head.published, Some(1));
    assert_eq!(
        s.published.as_ref().unwrap().body.reviewed_by.as_deref(),
        Some("dr")
    );
    let ed = actor("ed", Role::Editor);
    let s2 = apply(
        Some(&s),
        edit(Some(&s), &ed, body("v2"), String::new(), now).unwrap(),
    );
    assert_eq!(
        s2.head.published,
        Some(1),
        "an edit leaves the published text alone"
    );
    assert_eq!(s2.head.working, Some(2));
    let s3 = apply(Some(&s2), submit(&s2, &ed, vec![]).unwrap());
    let s3 = apply(
        Some(&s3),
        approve(&s3, &actor("lee", Role::Clinician), now).unwrap(),
    );
    let change = publish(&s3, &actor("dr", Role::Clinician), vec![]).unwrap();
    let old = change.revisions.iter().find(|r| r.version == 1).unwrap();
    assert_eq!(old.status, RevisionStatus::Superseded);
    assert_eq!(change.head.published, Some(2));
    assert_eq!(change.head.working, None);
}

#[test]
fn retire_hides_and_keeps_the_draft() {
    let s = approved_draft();
    let s = apply(
        Some(&s),
        publish(&s, &actor("dr", Role::Clinician), vec![]).unwrap(),
    );
    let change = retire(&s, &actor("dr", Role::Clinician)).unwrap();
    assert_eq!(change.head.published, None);
    assert!(change.head.retired);
    assert_eq!(change.revisions[0].status, RevisionStatus::Retired);
}

#[test]
fn inbox_alternates_are_added_once_to_the_current_text_as_a_draft() {
    let now = OffsetDateTime::UNIX_EPOCH;
    let ed = actor("ed", Role::Editor);
    let mut s = approved_draft();
    s.working.as_mut().unwrap().body.alternates = vec!["Can I drive?".into()];
    let phrases = ["can i drive?".to_owned(), "parking".to_owned()];
    let s = apply(
        Some(&s),
        add_alternates(&s, &ed, &phrases, String::new(), now).unwrap(),
    );
    let working = s.working.as_ref().unwrap();
    assert_eq!(working.status, RevisionStatus::Draft);
    assert_eq!(working.body.alternates, vec!["Can I drive?", "parking"]);
    assert_eq!(working.wrote(), vec!["ed"], "the draft's author stays on");
}

#[test]
fn alternates_need_text_to_go_into() {
    let s = EntryState {
        head: FaqHead::new(
            crate::content::Slug::parse("a").unwrap(),
            Default::default(),
        ),
        working: None,
        published: None,
    };
    let err = add_alternates(
        &s,
        &actor("ed", Role::Editor),
        &[],
        String::new(),
        OffsetDateTime::UNIX_EPOCH,
    )
    .unwrap_err();
    assert!(matches!(err, WorkflowError::InvalidState(_)));
}

mod changes {
    use super::*;
    use crate::content::proposal::{
        value_hash, ChangeRecord, ChangeStatus, ChangeTarget, Decision, LiveState,
    };
    use crate::content::{FaqEntry, Provider, Slug};

    fn provider(id: &str, kind: &str) -> Provider {
        Provider {
            id: Slug::parse(id).unwrap(),
            name: id.into(),
            credentials: "MD".into(),
            kinds: vec![kind.into()],
            specialties: vec![],
            phone: "+1-555-0100".into(),
            email: None,
            booking_url: "https://example.org".into(),
            locations: vec![],
        }
    }

    /// `by` proposes replacing provider `id` (serving `p`) with one serving `kind`.
    fn proposal(by: &str, id: &str, kind: &str, live: &[Provider]) -> ChangeRecord {
        let target = ChangeTarget::Provider { id: id.into() };
        let mut rec = ChangeRecord::pending(target, by, String::new(), OffsetDateTime::UNIX_EPOCH);
        rec.provider = Some(provider(id, kind));
        rec.content_hash = rec.proposed_hash();
        rec.base_hash = value_hash(live.iter().find(|p| p.id.as_str() == id));
        rec
    }

    fn decide(
        rec: &ChangeRecord,
        who: &Actor,
        decision: Decision,
        live: &[Provider],
    ) -> Result<ChangeRecord, WorkflowError> {
        let published = [FaqEntry::new(body("text"), 1)];
        let hash = value_hash(live.iter().find(|p| p.id.as_str() == "dr-a"));
        let state = LiveState {
            hash: &hash,
            providers: live,
            published: &published,
        };
        decide_change(rec, who, decision, state, OffsetDateTime::UNIX_EPOCH)
    }

    #[test]
    fn a_clinician_other_than_the_proposer_applies_a_change() {
        let live = [provider("dr-a", "p")];
        let rec = proposal("admin-kim", "dr-a", "p", &live);
        let dr = actor("dr", Role::Clinician);
        let done = decide(&rec, &dr, Decision::Approve, &live).unwrap();
        assert_eq!(done.status, ChangeStatus::Applied);
        assert_eq!(done.decided_by.as_deref(), Some("dr"));
        assert_eq!(done.reason, None);
    }

    #[test]
    fn four_eyes_the_proposer_cannot_approve_their_own_change() {
        let live = [provider("dr-a", "p")];
        let rec = proposal("Dr-Robin", "dr-a", "p", &live);
        let err = decide(
            &rec,
            &actor("dr-r\u{43e}bin", Role::Clinician),
            Decision::Approve,
            &live,
        );
        assert_eq!(err.unwrap_err(), WorkflowError::FourEyes("Dr-Robin".into()));
    }

    #[test]
    fn only_clinicians_decide_and_only_once() {
        let live = [provider("dr-a", "p")];
        let rec = proposal("kim", "dr-a", "p", &live);
        for role in [Role::Admin, Role::Editor] {
            let err = decide(&rec, &actor("lee", role), Decision::Approve, &live).unwrap_err();
            assert!(matches!(err, WorkflowError::Forbidden { .. }), "{role}");
        }
        let reason = "the phone number is the old one".to_owned();
        let dr = actor("dr", Role::Clinician);
        let done = decide(
            &rec,
            &dr,
            Decision::Reject {
                reason: reason.clone(),
            },
            &live,
        )
        .unwrap();
        assert_eq!(
            (done.status, done.reason.as_ref()),
            (ChangeStatus::Rejected, Some(&reason))
        );
        let again = decide(&done, &dr, Decision::Approve, &live).unwrap_err();
        assert!(matches!(again, WorkflowError::InvalidState(_)));
    }

    #[test]
    fn an_approval_covers_only_the_value_proposed() {
        let live = [provider("dr-a", "p")];
        let mut rec = proposal("kim", "dr-a", "p", &live);
        rec.provider.as_mut().unwrap().phone = "+1-555-0666".into();
        let err = decide(
            &rec,
            &actor("dr", Role::Clinician),
            Decision::Approve,
            &live,
        );
        assert_eq!(err.unwrap_err(), WorkflowError::ApprovalMismatch);
    }

    #[test]
    fn a_stale_proposal_cannot_undo_a_newer_change() {
        let before = [provider("dr-a", "p")];
        let rec = proposal("kim", "dr-a", "p", &before);
        let mut now_live = before.clone();
        now_live[0].phone = "+1-555-0199".into();
        let err = decide(
            &rec,
            &actor("dr", Role::Clinician),
            Decision::Approve,
            &now_live,
        );
        assert!(
            matches!(err.unwrap_err(), WorkflowError::InvalidState(m) if m.contains("live value changed"))
        );
    }

    #[test]
    fn a_change_that_leaves_a_published_entry_without_a_provider_is_refused() {
        let live = [provider("dr-a", "p")];
        // The entry refers to kind `p`; its only provider would serve `q`.
        let rec = proposal("kim", "dr-a", "q", &live);
        let err = decide(
            &rec,
            &actor("dr", Role::Clinician),
            Decision::Approve,
            &live,
        );
        match err.unwrap_err() {
            WorkflowError::Unpublishable(problems) => {
                assert!(problems[0].contains("no provider for `p`"), "{problems:?}")
            }
            other => panic!("{other:?}"),
        }
    }
}
