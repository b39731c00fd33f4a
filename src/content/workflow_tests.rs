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
