//! Schema migrations, run on open.

use sled::transaction::{TransactionError, Transactional};
use time::OffsetDateTime;

use super::revisions::rev_key;
use super::{encode, values, Store, StoreError, SCHEMA_VERSION};
use crate::content::workflow;
use crate::content::FaqEntry;

impl Store {
    /// Schema 1 kept one `FaqEntry` per slug in `faqs`. Schema 2 keeps every
    /// revision: each old entry becomes its only revision, approved by its
    /// file's reviewer as on import.
    pub(super) fn migrate_v1(&self) -> Result<(), StoreError> {
        let now = OffsetDateTime::now_utc();
        let old: Vec<FaqEntry> = values(&self.faqs)?;
        let result: Result<(), TransactionError<()>> = (&self.faqs, &self.revisions, &self.meta)
            .transaction(|(faqs, revs, meta)| {
                for entry in &old {
                    let change = workflow::from_file(None, &entry.body, entry.version, now);
                    let slug = entry.body.slug.as_str();
                    for rev in change.revisions {
                        revs.insert(rev_key(slug, rev.version), encode(&rev))?;
                    }
                    faqs.insert(slug.as_bytes(), encode(&change.head))?;
                }
                meta.insert("schema_version", SCHEMA_VERSION)?;
                Ok(())
            });
        result.map_err(|e| match e {
            TransactionError::Storage(e) => StoreError::Sled(e),
            TransactionError::Abort(()) => {
                StoreError::Sled(sled::Error::Unsupported("migration aborted".into()))
            }
        })?;
        self.flush()?;
        tracing::info!(entries = old.len(), "migrated the database to schema 2");
        Ok(())
    }
}
