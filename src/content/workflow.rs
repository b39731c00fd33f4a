//! The editorial state machine: who may do what to an FAQ, and in which
//! state. Pure: no clock (callers pass `now`), no sled, no HTTP. The store runs
//! these functions inside a transaction and persists whatever they return.
//!
//! Each FAQ has at most one *working* revision (draft → in_review → approved)
//! and at most one *published* revision. Revisions never change their text:
//! an edit always makes a new revision, so an approval, which is bound to the
//! content hash, can never cover text the clinician did not read.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

pub use super::role::{Role, ADMINS, REVIEWERS, STAFF, WRITERS};
use super::{DocId, FaqFile, Lang, Slug, Status};

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

/// Where one revision is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevisionStatus {
    Draft,
    InReview,
    /// A clinician other than the author approved exactly this text.
    Approved,
    /// The text the public sees.
    Published,
    /// Replaced by a later revision before or after being published.
    Superseded,
    /// Was published when the entry was retired.
    Retired,
}

/// A clinician's sign-off, bound to the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Approval {
    #[schema(example = "dr-robin")]
    pub by: String,
    /// How patients see the approver: display name and credentials, when
    /// their token has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Robin Sample, MD")]
    pub reviewer: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// [`FaqFile::content_hash`] of the approved text.
    pub content_hash: String,
}

/// One immutable version of an FAQ's text plus its review bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub version: u32,
    pub body: FaqFile,
    pub content_hash: String,
    pub status: RevisionStatus,
    /// Token name of whoever created this revision.
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub note: String,
    pub approval: Option<Approval>,
    /// The latest rejection reason, if a reviewer sent it back.
    pub review_note: Option<String>,
    /// Everyone whose text is in this revision since the last publication:
    /// who wrote, restored or added to it, and the authors of the working
    /// draft or old revision it carries on. None of them may approve it.
    /// Empty in records written before it existed: then `created_by`.
    #[serde(default)]
    pub authors: Vec<String>,
}

impl Revision {
    /// The people four eyes keeps from approving this revision.
    pub fn wrote(&self) -> Vec<&str> {
        if self.authors.is_empty() {
            vec![self.created_by.as_str()]
        } else {
            self.authors.iter().map(String::as_str).collect()
        }
    }

    /// True when an approval exists and covers exactly this text.
    pub fn approval_matches(&self) -> bool {
        let hash = self.body.content_hash();
        self.content_hash == hash
            && self
                .approval
                .as_ref()
                .is_some_and(|a| a.content_hash == hash)
    }
}

/// Per-FAQ pointers: the newest version number (the ETag), the published
/// revision and the working one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqHead {
    pub slug: Slug,
    /// The language version this head tracks (English for heads stored
    /// before languages existed).
    #[serde(default)]
    pub lang: Lang,
    pub latest: u32,
    pub published: Option<u32>,
    pub working: Option<u32>,
    pub retired: bool,
}

impl FaqHead {
    pub fn id(&self) -> DocId {
        DocId::new(self.slug.clone(), self.lang)
    }
}

/// An FAQ as the workflow sees it.
#[derive(Debug, Clone)]
pub struct EntryState {
    pub head: FaqHead,
    pub working: Option<Revision>,
    pub published: Option<Revision>,
}

/// What a workflow step changes: the new head and the revisions to write.
#[derive(Debug, Clone)]
pub struct Change {
    pub head: FaqHead,
    pub revisions: Vec<Revision>,
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
    if roles.contains(&actor.role) {
        Ok(())
    } else {
        Err(WorkflowError::Forbidden {
            role: actor.role,
            action,
        })
    }
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
    let mut head = match state {
        Some(s) => s.head.clone(),
        None => FaqHead {
            slug: body.slug.clone(),
            lang: body.lang,
            latest: 0,
            published: None,
            working: None,
            retired: false,
        },
    };
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
            status_name(rev.status),
            status_name(status)
        )))
    }
}

fn status_name(s: RevisionStatus) -> &'static str {
    match s {
        RevisionStatus::Draft => "draft",
        RevisionStatus::InReview => "in_review",
        RevisionStatus::Approved => "approved",
        RevisionStatus::Published => "published",
        RevisionStatus::Superseded => "superseded",
        RevisionStatus::Retired => "retired",
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

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
