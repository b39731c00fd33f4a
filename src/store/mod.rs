//! sled storage. Nothing outside this module knows sled exists.
//!
//! Trees:
//! - `faqs`: slug → [`FaqHead`] (latest version, published and working revision);
//! - `revisions`: `slug/` + big-endian u32 version → [`Revision`], every version kept;
//! - `providers` (id → Provider), `settings` (`clinic`, `matching`): what is live;
//! - `changes`: proposed provider and settings changes awaiting a clinician;
//! - `tokens`: SHA-256 of a staff token → [`crate::auth::TokenRecord`];
//! - `audit`: big-endian id → [`AuditRecord`], append-only;
//! - `inbox`, `inbox_counts`: unanswered questions (scrubbed) and crisis counts;
//! - `feedback`: slug → helpful / not-helpful counters (see feedback.rs);
//! - `meta`: schema version.
//!
//! `backup.rs` copies every tree at a moment no write is in flight, and
//! restores such a copy into a new data directory.
//!
//! Every write is one transaction across the trees it touches (including its
//! audit record), flushed before the caller acknowledges it.

mod audit;
mod backup;
mod changes;
mod feedback;
mod import;
mod inbox;
mod migrate;
mod revisions;
mod tokens;
mod transfer;

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::Tree;

use crate::content::{ClinicSettings, DocId, FaqEntry, FaqFile, Library, Provider};
use crate::matching::MatchConfig;

pub use audit::{AuditDraft, AuditPage, AuditQuery, AuditRecord, Outcome, RefusalCounter};
pub use backup::{Backup, BackupError, BACKUP_FORMAT};
pub use feedback::FeedbackCount;
pub use import::ImportReport;
pub use revisions::{FaqOp, WriteError};
pub use transfer::CorpusImportReport;

const SCHEMA_VERSION: &[u8] = b"2";

#[derive(Debug, thiserror::Error)]
// Messages leave out the `source`: `{:#}` (main, anyhow) and the 500 log
// print the whole cause chain, so naming it here would print it twice.
pub enum StoreError {
    #[error("the data directory {0} is in use by another clinicfaq process (sled holds a lock on it); stop that process or choose another --data directory")]
    Locked(String),
    #[error("cannot open the data directory {path}")]
    Open { path: String, source: sled::Error },
    #[error("the data directory was written by an incompatible version (schema {0})")]
    Schema(String),
    #[error("storage error")]
    Sled(#[from] sled::Error),
    #[error("stored record `{key}` is unreadable")]
    Corrupt {
        key: String,
        source: serde_json::Error,
    },
    #[error("the database has no clinic settings; import a content directory first")]
    NotSeeded,
}

#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    faqs: Tree,
    providers: Tree,
    settings: Tree,
    meta: Tree,
    revisions: Tree,
    changes: Tree,
    tokens: Tree,
    audit: Tree,
    inbox: Tree,
    inbox_counts: Tree,
    feedback: Tree,
    /// Writes in flight, for consistent online backups (backup.rs).
    gate: std::sync::Arc<backup::WriteGate>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let db = sled::Config::new().path(path).open().map_err(|e| {
            let display = path.display().to_string();
            match &e {
                sled::Error::Io(io)
                    if io.kind() == std::io::ErrorKind::WouldBlock
                        || io.to_string().contains("lock") =>
                {
                    StoreError::Locked(display)
                }
                _ => StoreError::Open {
                    path: display,
                    source: e,
                },
            }
        })?;
        Self::with_db(db)
    }

    /// [`Store::open`], waiting up to `patience` while the directory is
    /// locked. For reopening a directory that an earlier handle *in this
    /// process* has just dropped: sled lets go of its file lock only when
    /// the last reference goes, and deferred work on other threads can hold
    /// one for a moment after the drop. Another process's lock outlasts the
    /// wait and still ends in [`StoreError::Locked`].
    pub fn open_waiting(path: &Path, patience: std::time::Duration) -> Result<Self, StoreError> {
        let deadline = std::time::Instant::now() + patience;
        loop {
            match Self::open(path) {
                Err(StoreError::Locked(_)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                other => return other,
            }
        }
    }

    /// The store over an open database: its trees, migrated if need be.
    fn with_db(db: sled::Db) -> Result<Self, StoreError> {
        let store = Self {
            faqs: db.open_tree("faqs")?,
            providers: db.open_tree("providers")?,
            settings: db.open_tree("settings")?,
            meta: db.open_tree("meta")?,
            revisions: db.open_tree("revisions")?,
            changes: db.open_tree("changes")?,
            tokens: db.open_tree("tokens")?,
            audit: db.open_tree("audit")?,
            inbox: db.open_tree("inbox")?,
            inbox_counts: db.open_tree("inbox_counts")?,
            feedback: db.open_tree("feedback")?,
            gate: Default::default(),
            db,
        };
        match store.meta.get("schema_version")? {
            Some(v) if v.as_ref() == b"1" => store.migrate_v1()?,
            Some(v) if v.as_ref() != SCHEMA_VERSION => {
                return Err(StoreError::Schema(String::from_utf8_lossy(&v).into_owned()))
            }
            _ => {}
        }
        Ok(store)
    }

    /// True once content has been imported at least once.
    pub fn is_seeded(&self) -> Result<bool, StoreError> {
        Ok(self.settings.contains_key("clinic")?)
    }

    /// Blocking: waits until every write so far is on disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// The published revision of every FAQ, as the public may see it.
    pub fn entries(&self) -> Result<Vec<FaqEntry>, StoreError> {
        self.published_entries()
    }

    /// The published revision of one FAQ.
    pub fn entry(&self, id: &DocId) -> Result<Option<FaqEntry>, StoreError> {
        self.published_entry(id)
    }

    pub fn providers(&self) -> Result<Vec<Provider>, StoreError> {
        values(&self.providers)
    }

    pub fn clinic(&self) -> Result<ClinicSettings, StoreError> {
        get(&self.settings, "clinic")?.ok_or(StoreError::NotSeeded)
    }

    /// The source articles entries may cite, as last imported.
    pub fn articles(&self) -> Result<Option<Vec<String>>, StoreError> {
        get(&self.settings, "articles")
    }

    /// What an entry's text is checked against before it may be published:
    /// the providers, the source articles and every published entry's
    /// phrasings, plus `more` (entries arriving together).
    pub fn library(&self, more: &[FaqFile]) -> Result<Library, StoreError> {
        let published = self.entries()?;
        Ok(Library::new(
            self.providers()?,
            self.articles()?,
            published.iter().map(|e| &e.body).chain(more),
        ))
    }

    pub fn matching(&self) -> Result<MatchConfig, StoreError> {
        Ok(get(&self.settings, "matching")?.unwrap_or_default())
    }
}

fn get<T: DeserializeOwned>(tree: &Tree, key: &str) -> Result<Option<T>, StoreError> {
    tree.get(key)?.map(|v| decode(key, &v)).transpose()
}

fn values<T: DeserializeOwned>(tree: &Tree) -> Result<Vec<T>, StoreError> {
    tree.iter()
        .map(|kv| {
            let (k, v) = kv?;
            decode(&String::from_utf8_lossy(&k), &v)
        })
        .collect()
}

fn decode<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|source| StoreError::Corrupt {
        key: key.to_owned(),
        source,
    })
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("content types serialize to JSON")
}

/// One stored record, raw: tree name, key, value.
pub type RawRecord = (String, Vec<u8>, Vec<u8>);

impl Store {
    /// Every tree's raw keys and values, for tests and forensic checks that
    /// must see exactly what is stored (e.g. that no crisis text is).
    pub fn dump_raw(&self) -> Result<Vec<RawRecord>, StoreError> {
        let mut out = Vec::new();
        for name in self.db.tree_names() {
            let tree = self.db.open_tree(&name)?;
            let name = String::from_utf8_lossy(&name).into_owned();
            for kv in tree.iter() {
                let (k, v) = kv?;
                out.push((name.clone(), k.to_vec(), v.to_vec()));
            }
        }
        Ok(out)
    }
}
