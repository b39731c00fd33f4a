//! What the editorial workflow works on: an FAQ's revisions, their review
//! bookkeeping and the head that points at them. The rules that move them
//! from one state to the next are in `workflow.rs`; the store persists them.
//!
//! Also the revision a content file becomes on import: files are trusted
//! operator input, so a published file counts as approved by its
//! `reviewed_by`, as if that clinician had approved it through the API.

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, Time};
use utoipa::ToSchema;

use super::{DocId, FaqFile, Lang, Slug, Status};

/// Who approved a published file that names no reviewer.
pub const FILE_APPROVER: &str = "content files";

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

impl RevisionStatus {
    /// The status as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::Published => "published",
            Self::Superseded => "superseded",
            Self::Retired => "retired",
        }
    }

    /// The revision status a content file's `status` stands for.
    fn of_file(status: Status) -> Self {
        match status {
            Status::Draft => Self::Draft,
            Status::InReview => Self::InReview,
            Status::Published => Self::Published,
            Status::Retired => Self::Retired,
        }
    }
}

impl FaqHead {
    /// The head of an FAQ that has no revision yet.
    pub fn new(slug: Slug, lang: Lang) -> Self {
        Self {
            slug,
            lang,
            latest: 0,
            published: None,
            working: None,
            retired: false,
        }
    }
}

/// The revision a content file becomes (as `version`), and the head pointing
/// at it. A published file is approved by its `reviewed_by` (else
/// [`FILE_APPROVER`]) on its `reviewed_at`; the file's author and the import
/// count as its authors, so four eyes keeps them from approving it later.
pub fn from_file(
    before: Option<&EntryState>,
    body: &FaqFile,
    version: u32,
    now: OffsetDateTime,
) -> Change {
    let mut head = before.map_or_else(
        || FaqHead::new(body.slug.clone(), body.lang),
        |s| s.head.clone(),
    );
    head.latest = head.latest.max(version);
    let hash = body.content_hash();
    let mut revisions = Vec::new();
    let status = RevisionStatus::of_file(body.status);
    let approval = (status == RevisionStatus::Published).then(|| Approval {
        reviewer: body.reviewed_by.clone(),
        by: body
            .reviewed_by
            .clone()
            .unwrap_or_else(|| FILE_APPROVER.into()),
        at: body
            .reviewed_at
            .map_or(now, |d| d.with_time(Time::MIDNIGHT).assume_utc()),
        content_hash: hash.clone(),
    });
    let replaced = match status {
        RevisionStatus::Draft | RevisionStatus::InReview => {
            head.working.replace(version);
            before.and_then(|s| s.working.clone())
        }
        _ => {
            head.retired = status == RevisionStatus::Retired;
            head.published = (!head.retired).then_some(version);
            before.and_then(|s| s.published.clone())
        }
    };
    if let Some(old) = replaced {
        revisions.push(Revision {
            status: RevisionStatus::Superseded,
            ..old
        });
    }
    revisions.push(Revision {
        version,
        body: body.clone(),
        content_hash: hash,
        status,
        created_by: "import".into(),
        created_at: now,
        note: "imported from content files".into(),
        approval,
        review_note: None,
        // The file names who wrote the text: four eyes keeps them too.
        authors: ["import", body.author.as_str()]
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    });
    Change { head, revisions }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn file(status: &str, reviewed_by: Option<&str>) -> FaqFile {
        let mut body: FaqFile = toml::from_str(&format!(
            "slug = \"a\"\nquestion = \"q\"\nanswer = \"a\"\ncategory = \"c\"\n\
             provider_kind = \"p\"\nstatus = \"{status}\"\nauthor = \"ed\"\n"
        ))
        .unwrap();
        body.reviewed_by = reviewed_by.map(str::to_owned);
        body.reviewed_at = reviewed_by.map(|_| date!(2026 - 11 - 01));
        body
    }

    #[test]
    fn a_published_file_counts_as_approved_by_its_reviewer() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let change = from_file(None, &file("published", Some("dr-robin")), 1, now);
        assert_eq!(change.head.published, Some(1));
        let rev = &change.revisions[0];
        assert!(rev.approval_matches());
        let approval = rev.approval.as_ref().unwrap();
        assert_eq!(approval.by, "dr-robin");
        assert_eq!(approval.at.date(), date!(2026 - 11 - 01));
        assert_eq!(
            rev.wrote(),
            vec!["import", "ed"],
            "four eyes keeps its author"
        );
    }

    #[test]
    fn a_file_without_a_reviewer_is_approved_by_the_content_files() {
        let change = from_file(
            None,
            &file("published", None),
            1,
            OffsetDateTime::UNIX_EPOCH,
        );
        let approval = change.revisions[0].approval.as_ref().unwrap();
        assert_eq!(approval.by, FILE_APPROVER);
    }

    #[test]
    fn a_draft_file_is_a_working_revision_without_approval() {
        let published = from_file(
            None,
            &file("published", Some("dr")),
            1,
            OffsetDateTime::UNIX_EPOCH,
        );
        let before = EntryState {
            working: None,
            published: published.revisions.last().cloned(),
            head: published.head,
        };
        let change = from_file(
            Some(&before),
            &file("draft", None),
            2,
            OffsetDateTime::UNIX_EPOCH,
        );
        assert_eq!(
            (change.head.working, change.head.published),
            (Some(2), Some(1))
        );
        assert_eq!(change.revisions.len(), 1, "the published text stays");
        assert!(change.revisions[0].approval.is_none());
    }
}
