//! Backups taken while the service runs, and restoring one into a fresh data
//! directory.
//!
//! sled has no snapshot across trees, so a backup copies every tree at a
//! moment when no write is in flight, and checks that none started or
//! finished while it copied ([`WriteGate`]): a write either is in the backup
//! whole (all its trees, its audit record) or not at all. Writers never wait
//! for a backup; a backup that keeps meeting writes tries again, and gives
//! up after a while rather than block patients.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{Store, StoreError};

/// The format name every backup carries.
pub const BACKUP_FORMAT: &str = "clinicfaq-backup/1";

/// How long a backup keeps trying to find a quiet moment.
const PATIENCE: Duration = Duration::from_secs(10);

/// Counts writes in flight and finished, so a backup can tell whether its
/// copy saw a quiet database.
#[derive(Debug, Default)]
pub struct WriteGate {
    active: AtomicUsize,
    finished: AtomicU64,
}

/// A write in flight; dropping it marks it finished.
pub struct Writing<'a>(&'a WriteGate);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.finished.fetch_add(1, Ordering::SeqCst);
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

impl WriteGate {
    /// Marks a write as in flight until the guard is dropped. Nesting is fine.
    pub fn writing(&self) -> Writing<'_> {
        self.active.fetch_add(1, Ordering::SeqCst);
        Writing(self)
    }

    /// The count of finished writes, when none is in flight.
    fn quiet(&self) -> Option<u64> {
        let finished = self.finished.load(Ordering::SeqCst);
        (self.active.load(Ordering::SeqCst) == 0).then_some(finished)
    }
}

/// Every tree of the database, every record, as taken at one quiet moment.
/// Keys and values are base64, so any byte survives the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Always `clinicfaq-backup/1`.
    #[schema(example = "clinicfaq-backup/1")]
    pub format: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub taken_at: OffsetDateTime,
    /// Tree name → its records, in key order, as `[key, value]` in base64.
    #[schema(value_type = Object, example = json!({"faqs": [["dGVsZWhlYWx0aA==", "eyJzbHVnIjoi..."]]}))]
    pub trees: BTreeMap<String, Vec<[String; 2]>>,
}

impl Backup {
    /// Records per tree, for reports.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        self.trees
            .iter()
            .map(|(name, records)| (name.as_str(), records.len()))
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database kept changing for {0:?}; try again when it is quieter")]
    Busy(Duration),
    #[error("not a clinicfaq backup (format `{0}`, expected `{BACKUP_FORMAT}`)")]
    Format(String),
    #[error("a record of tree `{0}` is not valid base64")]
    Encoding(String),
    #[error("{0} is not empty: restore into a new, empty data directory")]
    NotEmpty(String),
    #[error("the restored database differs from the backup in tree `{0}`")]
    Mismatch(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sled::Error> for BackupError {
    fn from(e: sled::Error) -> Self {
        Self::Store(StoreError::Sled(e))
    }
}

impl Store {
    /// Marks a write in flight (see [`WriteGate`]). Every write takes one.
    pub(super) fn writing(&self) -> Writing<'_> {
        self.gate.writing()
    }

    /// A consistent copy of the whole database, taken while it serves.
    pub fn backup(&self) -> Result<Backup, BackupError> {
        let started = Instant::now();
        loop {
            if let Some(before) = self.gate.quiet() {
                let trees = self.copy_trees()?;
                if self.gate.quiet() == Some(before) {
                    return Ok(Backup {
                        format: BACKUP_FORMAT.to_owned(),
                        taken_at: OffsetDateTime::now_utc(),
                        trees,
                    });
                }
            }
            if started.elapsed() > PATIENCE {
                return Err(BackupError::Busy(PATIENCE));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn copy_trees(&self) -> Result<BTreeMap<String, Vec<[String; 2]>>, BackupError> {
        let mut trees = BTreeMap::new();
        for name in self.db.tree_names() {
            let tree = self.db.open_tree(&name)?;
            let records = tree
                .iter()
                .map(|kv| kv.map(|(k, v)| [BASE64.encode(k), BASE64.encode(v)]))
                .collect::<Result<Vec<_>, _>>()?;
            trees.insert(String::from_utf8_lossy(&name).into_owned(), records);
        }
        Ok(trees)
    }

    /// Writes `backup` into a new data directory at `path` (absent or
    /// empty), flushes it, and reads every record back to compare it with
    /// the backup. The restored directory then opens like any other.
    pub fn restore(path: &Path, backup: &Backup) -> Result<Store, BackupError> {
        if backup.format != BACKUP_FORMAT {
            return Err(BackupError::Format(backup.format.clone()));
        }
        if path.exists() && std::fs::read_dir(path).map_or(true, |mut d| d.next().is_some()) {
            return Err(BackupError::NotEmpty(path.display().to_string()));
        }
        // One handle from write to read-back: a second open of the same
        // directory could meet the first one's lock still held.
        let db = sled::Config::new().path(path).open()?;
        for (name, records) in &backup.trees {
            let tree = db.open_tree(name)?;
            let mut batch = sled::Batch::default();
            for [k, v] in records {
                let decode = |s: &str| {
                    BASE64
                        .decode(s)
                        .map_err(|_| BackupError::Encoding(name.clone()))
                };
                batch.insert(decode(k)?, decode(v)?);
            }
            tree.apply_batch(batch)?;
        }
        db.flush()?;
        let store = Store::with_db(db)?;
        let restored = store.copy_trees()?;
        for (name, records) in &backup.trees {
            if restored.get(name) != Some(records) {
                return Err(BackupError::Mismatch(name.clone()));
            }
        }
        Ok(store)
    }
}
