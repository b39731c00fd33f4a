//! Importing a content directory: first-start seeding and the explicit
//! `clinicfaq import` both go through here, in one transaction.

use std::collections::BTreeMap;

use serde::Serialize;
use sled::transaction::{TransactionError, Transactional};

use super::{encode, Store, StoreError, SCHEMA_VERSION};
use crate::content::{ContentBundle, FaqEntry};

/// What an import changed (or, on a dry run, would change).
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    /// In the database but not in the files: left as they are.
    pub only_in_database: Vec<String>,
    pub providers_changed: bool,
    pub clinic_changed: bool,
    pub matching_changed: bool,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty()
            || !self.updated.is_empty()
            || self.providers_changed
            || self.clinic_changed
            || self.matching_changed
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |v: &[String]| {
            if v.is_empty() {
                "-".to_owned()
            } else {
                v.join(", ")
            }
        };
        writeln!(f, "added ({}): {}", self.added.len(), list(&self.added))?;
        writeln!(
            f,
            "updated ({}): {}",
            self.updated.len(),
            list(&self.updated)
        )?;
        writeln!(f, "unchanged: {}", self.unchanged.len())?;
        writeln!(
            f,
            "only in database, left alone ({}): {}",
            self.only_in_database.len(),
            list(&self.only_in_database)
        )?;
        writeln!(f, "providers changed: {}", self.providers_changed)?;
        writeln!(f, "clinic settings changed: {}", self.clinic_changed)?;
        write!(f, "matching config changed: {}", self.matching_changed)
    }
}

impl Store {
    /// Brings the database in line with `bundle`. Entries whose body changed get
    /// the next version; entries only in the database are kept. With `dry_run`
    /// nothing is written. A real import is flushed before it returns.
    pub fn import(
        &self,
        bundle: &ContentBundle,
        dry_run: bool,
    ) -> Result<ImportReport, StoreError> {
        let mut report = ImportReport::default();
        let existing: BTreeMap<String, FaqEntry> = self
            .entries()?
            .into_iter()
            .map(|e| (e.body.slug.to_string(), e))
            .collect();
        let mut writes: Vec<(String, FaqEntry)> = Vec::new();
        for body in &bundle.entries {
            let slug = body.slug.to_string();
            match existing.get(&slug) {
                None => {
                    report.added.push(slug.clone());
                    writes.push((slug, FaqEntry::new(body.clone(), 1)));
                }
                Some(old) if old.body == *body => report.unchanged.push(slug),
                Some(old) => {
                    report.updated.push(slug.clone());
                    writes.push((slug, FaqEntry::new(body.clone(), old.version + 1)));
                }
            }
        }
        report.only_in_database = existing
            .keys()
            .filter(|k| !bundle.entries.iter().any(|e| e.slug.as_str() == k.as_str()))
            .cloned()
            .collect();
        // The tree lists providers in id order; the file may not.
        let mut wanted = bundle.providers.clone();
        wanted.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        report.providers_changed = self.providers()? != wanted;
        report.clinic_changed = self.clinic().ok().as_ref() != Some(&bundle.clinic);
        report.matching_changed =
            self.matching()? != bundle.matching || !self.settings.contains_key("matching")?;
        if dry_run || !report.changed() {
            return Ok(report);
        }

        // Read outside the transaction: sled transactions must not iterate their own trees.
        let stale_providers: Vec<sled::IVec> =
            self.providers.iter().keys().collect::<Result<_, _>>()?;
        let result: Result<(), TransactionError<()>> =
            (&self.faqs, &self.providers, &self.settings, &self.meta).transaction(
                |(faqs, providers, settings, meta)| {
                    for (slug, entry) in &writes {
                        faqs.insert(slug.as_bytes(), encode(entry))?;
                    }
                    if report.providers_changed {
                        for key in &stale_providers {
                            providers.remove(key.as_ref())?;
                        }
                        for p in &bundle.providers {
                            providers.insert(p.id.as_str().as_bytes(), encode(p))?;
                        }
                    }
                    settings.insert("clinic", encode(&bundle.clinic))?;
                    settings.insert("matching", encode(&bundle.matching))?;
                    meta.insert("schema_version", SCHEMA_VERSION)?;
                    Ok(())
                },
            );
        result.map_err(|e| match e {
            TransactionError::Storage(e) => StoreError::Sled(e),
            TransactionError::Abort(()) => {
                StoreError::Sled(sled::Error::Unsupported("import aborted".into()))
            }
        })?;
        self.flush()?;
        Ok(report)
    }
}
