//! Both approval workflows: who may do what, in which state, to FAQ text
//! (draft → in_review → approved → published → retired) and to provider and
//! clinic proposals (pending → applied or rejected). Four eyes holds in both:
//! nobody approves what they wrote or proposed ([`person_key`]). Pure: no
//! clock, no sled, no HTTP; the store runs these inside a transaction.
//!
//! An FAQ has at most one *working* and one *published* revision. An edit
//! always makes a new revision, so an approval, bound to the content hash,
//! can never cover text the clinician did not read.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::proposal::{ChangeRecord, ChangeStatus, Decision, LiveState};
pub use super::revision::{
    from_file, Approval, Change, EntryState, FaqHead, Revision, RevisionStatus, FILE_APPROVER,
};
pub use super::role::{Role, ADMINS, REVIEWERS, STAFF, WRITERS};
use super::{referral, FaqFile, Status};

/// The person behind a token. Four eyes compares names: one person, one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
    /// How patients see this person on answers they approved ("Robin
    /// Sample, MD"): the token's display name and credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_as: Option<String>,
}

/// How four eyes compares two names: case, spacing and look-alike letters
/// do not make another person (`Dr-Robin`, `dr-robin`, `dr-r\u{43e}bin`).
pub fn person_key(name: &str) -> String {
    // Lower case first: the skeleton reads `I` as `l` but `i` as `i`.
    let skeleton: String = unicode_security::skeleton(&name.trim().to_lowercase()).collect();
    skeleton.to_lowercase()
}

/// True when two names belong to one person under [`person_key`].
pub fn same_person(a: &str, b: &str) -> bool {
    person_key(a) == person_key(b)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("the {role} role may not {action}")]
    Forbidden { role: Role, action: &'static str },
    #[error("four eyes: `{0}` wrote, restored or added text in this revision since it was last published, so another clinician must approve it")]
    FourEyes(String),
    #[error("{0}")]
    InvalidState(String),
    #[error("the approval does not cover this text; submit it for review again")]
    ApprovalMismatch,
    #[error("cannot publish: {}", .0.join("; "))]
    Unpublishable(Vec<String>),
}

fn allow(actor: &Actor, roles: &[Role], action: &'static str) -> Result<(), WorkflowError> {
    let role = actor.role;
    if roles.contains(&role) {
        return Ok(());
    }
    Err(WorkflowError::Forbidden { role, action })
}

/// A new revision of `body` (new FAQ, edit, restore or inbox alternate).
/// Whatever was being worked on is superseded: one working revision at a time.
pub fn edit(
    state: Option<&EntryState>,
    actor: &Actor,
    body: FaqFile,
    note: String,
    now: OffsetDateTime,
) -> Result<Change, WorkflowError> {
    allow(actor, WRITERS, "write drafts")?;
    let mut head = state.map_or_else(
        || FaqHead::new(body.slug.clone(), body.lang),
        |s| s.head.clone(),
    );
    let mut revisions = Vec::new();
    // The working draft's authors stay on: an edit, an inbox alternate or a
    // restore may carry their text on.
    let mut authors = vec![actor.name.clone()];
    if let Some(old) = state.and_then(|s| s.working.clone()) {
        add_authors(&mut authors, old.wrote());
        revisions.push(Revision {
            status: RevisionStatus::Superseded,
            ..old
        });
    }
    head.latest += 1;
    head.working = Some(head.latest);
    let body = FaqFile {
        status: Status::Draft,
        author: actor.name.clone(),
        reviewed_by: None,
        reviewed_at: None,
        ..body
    };
    revisions.push(Revision {
        version: head.latest,
        content_hash: body.content_hash(),
        body,
        status: RevisionStatus::Draft,
        created_by: actor.name.clone(),
        created_at: now,
        note,
        approval: None,
        review_note: None,
        authors,
    });
    Ok(Change { head, revisions })
}

fn add_authors(authors: &mut Vec<String>, more: Vec<&str>) {
    for name in more {
        if !authors.iter().any(|a| same_person(a, name)) {
            authors.push(name.to_owned());
        }
    }
}

fn working<'a>(state: &'a EntryState, what: &str) -> Result<&'a Revision, WorkflowError> {
    state
        .working
        .as_ref()
        .ok_or_else(|| WorkflowError::InvalidState(format!("there is no working draft to {what}")))
}

fn expect(rev: &Revision, status: RevisionStatus, what: &str) -> Result<(), WorkflowError> {
    if rev.status == status {
        Ok(())
    } else {
        Err(WorkflowError::InvalidState(format!(
            "revision {} is {}; only a revision in {} can be {what}",
            rev.version,
            rev.status.as_str(),
            status.as_str()
        )))
    }
}

fn single(state: &EntryState, rev: Revision) -> Change {
    Change {
        head: state.head.clone(),
        revisions: vec![rev],
    }
}

/// Draft → in review. Entries that could never be published are refused
/// here already, so reviewers only see text that can go live.
pub fn submit(
    state: &EntryState,
    actor: &Actor,
    problems: Vec<String>,
) -> Result<Change, WorkflowError> {
    allow(actor, WRITERS, "submit drafts for review")?;
    let rev = working(state, "submit")?;
    expect(rev, RevisionStatus::Draft, "submitted")?;
    if !problems.is_empty() {
        return Err(WorkflowError::Unpublishable(problems));
    }
    Ok(single(
        state,
        Revision {
            status: RevisionStatus::InReview,
            ..rev.clone()
        },
    ))
}

/// In review → approved, by a clinician who did not write this revision.
pub fn approve(
    state: &EntryState,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Change, WorkflowError> {
    allow(actor, REVIEWERS, "approve revisions")?;
    let rev = working(state, "approve")?;
    expect(rev, RevisionStatus::InReview, "approved")?;
    if let Some(author) = rev
        .wrote()
        .into_iter()
        .find(|a| same_person(a, &actor.name))
    {
        return Err(WorkflowError::FourEyes(author.to_owned()));
    }
    Ok(single(
        state,
        Revision {
            status: RevisionStatus::Approved,
            approval: Some(Approval {
                by: actor.name.clone(),
                reviewer: actor.shown_as.clone(),
                at: now,
                content_hash: rev.body.content_hash(),
            }),
            review_note: None,
            ..rev.clone()
        },
    ))
}

/// In review or approved → back to draft, with the reviewer's reason.
pub fn reject(state: &EntryState, actor: &Actor, reason: String) -> Result<Change, WorkflowError> {
    allow(actor, REVIEWERS, "reject revisions")?;
    let rev = working(state, "reject")?;
    if !matches!(
        rev.status,
        RevisionStatus::InReview | RevisionStatus::Approved
    ) {
        expect(rev, RevisionStatus::InReview, "rejected")?;
    }
    Ok(single(
        state,
        Revision {
            status: RevisionStatus::Draft,
            approval: None,
            review_note: Some(reason),
            ..rev.clone()
        },
    ))
}

/// Approved → published. The approval must cover the exact text, and the
/// publish rules (`content::publish_problems`) must pass.
pub fn publish(
    state: &EntryState,
    actor: &Actor,
    problems: Vec<String>,
) -> Result<Change, WorkflowError> {
    allow(actor, REVIEWERS, "publish")?;
    let rev = working(state, "publish")?;
    expect(rev, RevisionStatus::Approved, "published")?;
    let Some(approval) = rev.approval.clone().filter(|_| rev.approval_matches()) else {
        return Err(WorkflowError::ApprovalMismatch);
    };
    if !problems.is_empty() {
        return Err(WorkflowError::Unpublishable(problems));
    }
    let mut head = state.head.clone();
    let mut revisions = Vec::new();
    if let Some(old) = state.published.clone() {
        revisions.push(Revision {
            status: RevisionStatus::Superseded,
            ..old
        });
    }
    revisions.push(Revision {
        status: RevisionStatus::Published,
        body: FaqFile {
            status: Status::Published,
            // Patients see the reviewer's name and credentials, never a
            // token name, unless the token (from before they existed) has none.
            reviewed_by: Some(approval.reviewer.clone().unwrap_or(approval.by.clone())),
            reviewed_at: Some(approval.at.date()),
            ..rev.body.clone()
        },
        ..rev.clone()
    });
    head.published = Some(rev.version);
    head.working = None;
    head.retired = false;
    Ok(Change { head, revisions })
}

/// Published → retired: the public stops seeing the entry. A working draft
/// is kept, so the entry can come back through review.
pub fn retire(state: &EntryState, actor: &Actor) -> Result<Change, WorkflowError> {
    allow(actor, REVIEWERS, "retire entries")?;
    let Some(rev) = state.published.clone() else {
        return Err(WorkflowError::InvalidState(
            "the entry is not published, so there is nothing to retire".into(),
        ));
    };
    let mut head = state.head.clone();
    head.published = None;
    head.retired = true;
    Ok(Change {
        head,
        revisions: vec![Revision {
            status: RevisionStatus::Retired,
            body: FaqFile {
                status: Status::Retired,
                ..rev.body.clone()
            },
            ..rev
        }],
    })
}

/// A new draft carrying an old revision's text; it needs review like any edit.
pub fn restore(
    state: &EntryState,
    actor: &Actor,
    old: &Revision,
    now: OffsetDateTime,
) -> Result<Change, WorkflowError> {
    allow(actor, WRITERS, "restore revisions")?;
    let note = format!("restored from revision {}", old.version);
    let mut change = edit(Some(state), actor, old.body.clone(), note, now)?;
    // The restored text's authors wrote it: they may not approve it either.
    if let Some(new) = change.revisions.last_mut() {
        add_authors(&mut new.authors, old.wrote());
    }
    Ok(change)
}

/// A new draft with `phrases` added to the current text (the working draft,
/// else the published text): alternates from the inbox. Phrasings it already
/// has, in any case, are not added twice. Reviewed like any edit.
pub fn add_alternates(
    state: &EntryState,
    actor: &Actor,
    phrases: &[String],
    note: String,
    now: OffsetDateTime,
) -> Result<Change, WorkflowError> {
    let Some(base) = state.working.as_ref().or(state.published.as_ref()) else {
        return Err(WorkflowError::InvalidState(
            "the entry has no text to add alternates to".into(),
        ));
    };
    let mut body = base.body.clone();
    for p in phrases {
        if !body.alternates.iter().any(|a| a.eq_ignore_ascii_case(p)) {
            body.alternates.push(p.clone());
        }
    }
    edit(Some(state), actor, body, note, now)
}

/// Who may approve or reject a provider or clinic change: a clinician.
pub fn may_decide_changes(actor: &Actor) -> Result<(), WorkflowError> {
    allow(actor, REVIEWERS, "decide on changes")
}

/// Pending → applied or rejected: a provider or clinic change. Approval
/// takes a clinician other than the proposer, a record whose proposed value
/// still has its hash, no published entry left without a provider
/// ([`referral::uncovered`]), and the live value the proposal was based on.
/// Returns the decided record; [`ChangeRecord::apply`] says what to write.
pub fn decide_change(
    rec: &ChangeRecord,
    actor: &Actor,
    decision: Decision,
    live: LiveState<'_>,
    now: OffsetDateTime,
) -> Result<ChangeRecord, WorkflowError> {
    may_decide_changes(actor)?;
    if rec.status != ChangeStatus::Pending {
        let decided = format!("change {} was already decided", rec.id);
        return Err(WorkflowError::InvalidState(decided));
    }
    let (status, reason) = match decision {
        Decision::Reject { reason } => (ChangeStatus::Rejected, Some(reason)),
        Decision::Approve => {
            check_change(rec, actor, live)?;
            (ChangeStatus::Applied, None)
        }
    };
    Ok(ChangeRecord {
        status,
        reason,
        decided_by: Some(actor.name.clone()),
        decided_at: Some(now),
        ..rec.clone()
    })
}

/// What keeps `actor` from applying `rec`, in the order it is reported.
fn check_change(rec: &ChangeRecord, by: &Actor, live: LiveState<'_>) -> Result<(), WorkflowError> {
    if same_person(&rec.proposed_by, &by.name) {
        return Err(WorkflowError::FourEyes(rec.proposed_by.clone()));
    }
    if rec.content_hash != rec.proposed_hash() {
        return Err(WorkflowError::ApprovalMismatch);
    }
    if let Some(providers) = rec.providers_after(live.providers) {
        let problems = referral::uncovered(&providers, live.published.iter().map(|e| &e.body));
        if !problems.is_empty() {
            return Err(WorkflowError::Unpublishable(problems));
        }
    }
    if live.hash != rec.base_hash {
        return Err(WorkflowError::InvalidState(
            "the live value changed since this was proposed; propose again".into(),
        ));
    }
    if rec.apply().is_none() {
        return Err(WorkflowError::InvalidState("empty proposal".into()));
    }
    Ok(())
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
