//! FAQ heads and revisions: every workflow step is one transaction over
//! `faqs`, `revisions` and `audit`, checked against the version the caller read.

use serde::de::DeserializeOwned;
use sled::transaction::{
    ConflictableTransactionError, TransactionError, Transactional, TransactionalTree,
};
use time::OffsetDateTime;

use super::audit::{AuditDraft, Outcome};
use super::{decode, encode, Store, StoreError};
use crate::content::workflow::{self, Actor, Change, EntryState, FaqHead, Revision, WorkflowError};
use crate::content::{publish_problems, DocId, FaqEntry, FaqFile, Library};

/// A workflow step on one FAQ.
#[derive(Debug, Clone)]
pub enum FaqOp {
    Create {
        body: FaqFile,
        note: String,
    },
    Edit {
        body: FaqFile,
        note: String,
    },
    /// Adds phrasings to the current text as a new draft (inbox → FAQ).
    AddAlternates {
        phrases: Vec<String>,
        note: String,
    },
    Submit,
    Approve,
    Reject {
        reason: String,
    },
    Publish,
    Retire,
    Restore {
        version: u32,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("no FAQ `{0}`")]
    NotFound(String),
    #[error("an FAQ `{0}` already exists")]
    Exists(String),
    #[error("no revision {1} of `{0}`")]
    NoRevision(String, u32),
    #[error("a usable token named `{0}` exists")]
    NameTaken(String),
    #[error("stale version; current is {current}")]
    Stale { current: u32 },
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

type TxResult<T> = Result<T, ConflictableTransactionError<WriteError>>;

pub(super) fn abort<T>(err: impl Into<WriteError>) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(err.into()))
}

pub(super) fn tx_get<T: DeserializeOwned>(
    tree: &TransactionalTree,
    key: &[u8],
) -> TxResult<Option<T>> {
    match tree.get(key)? {
        None => Ok(None),
        Some(v) => match decode(&String::from_utf8_lossy(key), &v) {
            Ok(t) => Ok(Some(t)),
            Err(e) => abort(e),
        },
    }
}

pub(super) fn unwrap_tx<T>(
    result: Result<T, TransactionError<WriteError>>,
) -> Result<T, WriteError> {
    result.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => WriteError::Store(StoreError::Sled(e)),
    })
}

/// `slug/` + big-endian version: one FAQ's revisions sort together, in order.
pub(super) fn rev_key(slug: &str, version: u32) -> Vec<u8> {
    let mut key = Vec::with_capacity(slug.len() + 5);
    key.extend_from_slice(slug.as_bytes());
    key.push(b'/');
    key.extend_from_slice(&version.to_be_bytes());
    key
}

fn rev_prefix(slug: &str) -> Vec<u8> {
    let mut key = slug.as_bytes().to_vec();
    key.push(b'/');
    key
}

fn load_state(revs: &TransactionalTree, head: FaqHead) -> TxResult<EntryState> {
    let slug = head.id().key();
    let get = |v: Option<u32>| -> TxResult<Option<Revision>> {
        match v {
            Some(v) => tx_get(revs, &rev_key(&slug, v)),
            None => Ok(None),
        }
    };
    Ok(EntryState {
        working: get(head.working)?,
        published: get(head.published)?,
        head,
    })
}

/// The state after `change`: the new head with its revisions looked up in
/// the change first, then in the state before it.
fn after(before: Option<&EntryState>, change: &Change) -> EntryState {
    let find = |v: Option<u32>| {
        v.and_then(|v| {
            change
                .revisions
                .iter()
                .rev()
                .find(|r| r.version == v)
                .cloned()
                .or_else(|| {
                    before.and_then(|b| {
                        [&b.working, &b.published]
                            .into_iter()
                            .flatten()
                            .find(|r| r.version == v)
                            .cloned()
                    })
                })
        })
    };
    EntryState {
        head: change.head.clone(),
        working: find(change.head.working),
        published: find(change.head.published),
    }
}

#[allow(clippy::too_many_arguments)]
fn run(
    op: &FaqOp,
    state: Option<&EntryState>,
    actor: &Actor,
    now: OffsetDateTime,
    library: &Library,
    revs: &TransactionalTree,
    slug: &str,
) -> TxResult<Change> {
    let Some(s) = state else {
        return match op {
            FaqOp::Create { body, note } => {
                Ok(workflow::edit(None, actor, body.clone(), note.clone(), now).or_else(abort)?)
            }
            _ => abort(WriteError::NotFound(slug.to_owned())),
        };
    };
    let problems = || {
        s.working
            .as_ref()
            .map(|r| publish_problems(&r.body, library))
            .unwrap_or_default()
    };
    let result = match op {
        FaqOp::Create { .. } => return abort(WriteError::Exists(slug.to_owned())),
        FaqOp::Edit { body, note } => {
            workflow::edit(Some(s), actor, body.clone(), note.clone(), now)
        }
        FaqOp::AddAlternates { phrases, note } => {
            workflow::add_alternates(s, actor, phrases, note.clone(), now)
        }
        FaqOp::Submit => workflow::submit(s, actor, problems()),
        FaqOp::Approve => workflow::approve(s, actor, now),
        FaqOp::Reject { reason } => workflow::reject(s, actor, reason.clone()),
        FaqOp::Publish => workflow::publish(s, actor, problems()),
        FaqOp::Retire => workflow::retire(s, actor),
        FaqOp::Restore { version } => {
            let Some(old) = tx_get::<Revision>(revs, &rev_key(slug, *version))? else {
                return abort(WriteError::NoRevision(slug.to_owned(), *version));
            };
            workflow::restore(s, actor, &old, now)
        }
    };
    result.or_else(abort)
}

impl Store {
    /// Runs one workflow step on `slug`. `expected` is the caller's If-Match
    /// version (checked against the head's latest version); the step, its
    /// revisions and its audit record commit together and are flushed.
    pub fn apply_faq(
        &self,
        id: &DocId,
        expected: Option<u32>,
        op: &FaqOp,
        actor: &Actor,
        audit: &AuditDraft,
    ) -> Result<EntryState, WriteError> {
        let _writing = self.writing();
        // Only submit and publish check the editorial rules. Read outside the
        // transaction: sled transactions cannot scan trees.
        let library = if matches!(op, FaqOp::Submit | FaqOp::Publish) {
            self.library(&[])?
        } else {
            Library::default()
        };
        let key = id.key();
        let key = key.as_str();
        let now = OffsetDateTime::now_utc();
        let result = (&self.faqs, &self.revisions, &self.audit).transaction(|(faqs, revs, log)| {
            let state = match tx_get::<FaqHead>(faqs, key.as_bytes())? {
                Some(head) => Some(load_state(revs, head)?),
                None => None,
            };
            if let (Some(expected), Some(s)) = (expected, &state) {
                if s.head.latest != expected {
                    return abort(WriteError::Stale {
                        current: s.head.latest,
                    });
                }
            }
            let change = run(op, state.as_ref(), actor, now, &library, revs, key)?;
            for rev in &change.revisions {
                revs.insert(rev_key(key, rev.version), encode(rev))?;
            }
            faqs.insert(key.as_bytes(), encode(&change.head))?;
            audit.append_tx(log, now, Outcome::Ok, 200, None)?;
            Ok(after(state.as_ref(), &change))
        });
        let state = unwrap_tx(result)?;
        self.flush()?;
        Ok(state)
    }

    /// One FAQ's head with its working and published revisions, read as one
    /// consistent snapshot.
    pub fn faq_state(&self, id: &DocId) -> Result<Option<EntryState>, StoreError> {
        let key = id.key();
        let key = key.as_bytes();
        let result = (&self.faqs, &self.revisions).transaction(|(faqs, revs)| {
            match tx_get::<FaqHead>(faqs, key)? {
                Some(head) => Ok(Some(load_state(revs, head)?)),
                None => Ok(None),
            }
        });
        unwrap_tx(result).map_err(|e| match e {
            WriteError::Store(e) => e,
            other => StoreError::Sled(sled::Error::Unsupported(other.to_string())),
        })
    }

    /// Every FAQ's state (each language version), in key order: an entry's
    /// English version, then its other languages.
    pub fn faq_states(&self) -> Result<Vec<EntryState>, StoreError> {
        let heads: Vec<FaqHead> = super::values(&self.faqs)?;
        let mut out = Vec::with_capacity(heads.len());
        for head in heads {
            if let Some(state) = self.faq_state(&head.id())? {
                out.push(state);
            }
        }
        Ok(out)
    }

    pub fn revision(&self, id: &DocId, version: u32) -> Result<Option<Revision>, StoreError> {
        let key = rev_key(&id.key(), version);
        self.revisions
            .get(&key)?
            .map(|v| decode(&format!("{id}/{version}"), &v))
            .transpose()
    }

    /// Every revision of one FAQ, oldest first.
    pub fn revisions(&self, id: &DocId) -> Result<Vec<Revision>, StoreError> {
        let key = id.key();
        self.revisions
            .scan_prefix(rev_prefix(&key))
            .values()
            .map(|v| decode(&key, &v?))
            .collect()
    }

    /// Published revisions whose approval covers their text. The check is
    /// redundant with the workflow on purpose: the public never sees
    /// unapproved text, even if a record were damaged.
    pub(super) fn published_entries(&self) -> Result<Vec<FaqEntry>, StoreError> {
        let mut out = Vec::new();
        for state in self.faq_states()? {
            if let Some(entry) = public_entry(state.published) {
                out.push(entry);
            }
        }
        Ok(out)
    }

    pub(super) fn published_entry(&self, id: &DocId) -> Result<Option<FaqEntry>, StoreError> {
        Ok(self.faq_state(id)?.and_then(|s| public_entry(s.published)))
    }
}

fn public_entry(rev: Option<Revision>) -> Option<FaqEntry> {
    let rev = rev?;
    if rev.status != workflow::RevisionStatus::Published || !rev.approval_matches() {
        tracing::error!(slug = %rev.body.slug, version = rev.version, "published revision without a matching approval; hidden");
        return None;
    }
    Some(FaqEntry {
        content_hash: rev.content_hash,
        version: rev.version,
        body: rev.body,
    })
}
