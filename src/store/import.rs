//! Importing a content directory: first-start seeding and the explicit
//! `clinicfaq import` both go through here, in one transaction.
//!
//! Files are trusted operator input: an entry with `status = "published"`
//! counts as approved by its `reviewed_by` (on its `reviewed_at`), exactly as
//! if that clinician had approved it through the API (the rule is
//! `content::workflow::from_file`). A changed file becomes a new revision;
//! staff drafts in progress are kept.

use std::collections::BTreeMap;

use serde::Serialize;
use sled::transaction::Transactional;
use time::OffsetDateTime;

use super::audit::{AuditDraft, Outcome};
use super::revisions::{abort, rev_key, tx_get, unwrap_tx, WriteError};
use super::{encode, Store, StoreError, SCHEMA_VERSION};
use crate::content::workflow::{self, Actor, EntryState, FaqHead, Role};
use crate::content::{ContentBundle, FaqFile};

/// What an import changed (or, on a dry run, would change).
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    /// In the database but not in the files: left as they are, unless the
    /// import prunes (then the published ones are in `retired` too).
    pub only_in_database: Vec<String>,
    /// Published entries the files no longer have, retired by `--prune`
    /// (their history is kept; a restore brings one back through review).
    pub retired: Vec<String>,
    pub providers_changed: bool,
    pub clinic_changed: bool,
    pub matching_changed: bool,
    /// The list of source articles entries may cite.
    pub articles_changed: bool,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty()
            || !self.updated.is_empty()
            || !self.retired.is_empty()
            || self.providers_changed
            || self.clinic_changed
            || self.matching_changed
            || self.articles_changed
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
            "only in database ({}): {}",
            self.only_in_database.len(),
            list(&self.only_in_database)
        )?;
        writeln!(
            f,
            "retired because the files no longer have them ({}): {}",
            self.retired.len(),
            list(&self.retired)
        )?;
        writeln!(f, "providers changed: {}", self.providers_changed)?;
        writeln!(f, "clinic settings changed: {}", self.clinic_changed)?;
        writeln!(f, "matching config changed: {}", self.matching_changed)?;
        write!(f, "source articles changed: {}", self.articles_changed)
    }
}

/// The text in the database that a file is compared with: the published
/// revision for published files, else the working draft.
fn comparable(state: &EntryState, file: &FaqFile) -> Option<FaqFile> {
    let rev = if file.is_published() {
        state.published.as_ref()
    } else {
        state.working.as_ref().or(state.published.as_ref())
    };
    rev.map(|r| r.body.clone())
}

impl Store {
    /// Brings the database in line with `bundle`. Entries whose text changed
    /// get a new revision; entries only in the database are kept, or with
    /// `prune` the published ones are retired (history kept). With
    /// `dry_run` nothing is written. A real import is flushed before it returns.
    pub fn import(
        &self,
        bundle: &ContentBundle,
        dry_run: bool,
        prune: bool,
    ) -> Result<ImportReport, StoreError> {
        let _writing = self.writing();
        let mut report = ImportReport::default();
        let existing: BTreeMap<String, EntryState> = self
            .faq_states()?
            .into_iter()
            .map(|s| (s.head.id().key(), s))
            .collect();
        let now = OffsetDateTime::now_utc();
        let mut writes = Vec::new();
        for body in &bundle.entries {
            let slug = body.id().key();
            let before = existing.get(&slug);
            match before {
                None => report.added.push(slug.clone()),
                Some(s) if comparable(s, body).as_ref() == Some(body) => {
                    report.unchanged.push(slug);
                    continue;
                }
                Some(_) => report.updated.push(slug.clone()),
            }
            let version = before.map_or(1, |s| s.head.latest + 1);
            let expected = before.map(|s| s.head.latest);
            let change = workflow::from_file(before, body, version, now);
            writes.push((slug, expected, (change.head, change.revisions)));
        }
        report.only_in_database = existing
            .keys()
            .filter(|k| !bundle.entries.iter().any(|e| e.id().key() == **k))
            .cloned()
            .collect();
        if prune {
            let importer = Actor {
                name: "import".into(),
                role: Role::Clinician,
                shown_as: None,
            };
            for slug in &report.only_in_database {
                let state = &existing[slug];
                // Only a published entry has anything to retire.
                if let Ok(change) = workflow::retire(state, &importer) {
                    report.retired.push(slug.clone());
                    writes.push((
                        slug.clone(),
                        Some(state.head.latest),
                        (change.head, change.revisions),
                    ));
                }
            }
        }
        // The tree lists providers in id order; the file may not.
        let mut wanted = bundle.providers.clone();
        wanted.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        report.providers_changed = self.providers()? != wanted;
        report.clinic_changed = self.clinic().ok().as_ref() != Some(&bundle.clinic);
        report.matching_changed =
            self.matching()? != bundle.matching || !self.settings.contains_key("matching")?;
        report.articles_changed = self.articles()? != bundle.articles;
        if dry_run || !report.changed() {
            return Ok(report);
        }

        // Read outside the transaction: sled transactions must not iterate their own trees.
        let stale_providers: Vec<sled::IVec> =
            self.providers.iter().keys().collect::<Result<_, _>>()?;
        let audit = AuditDraft::system("import content files", "faqs");
        let detail = format!(
            "added {}, updated {}, retired {}",
            report.added.len(),
            report.updated.len(),
            report.retired.len()
        );
        let trees = (
            &self.faqs,
            &self.revisions,
            &self.providers,
            &self.settings,
            &self.meta,
            &self.audit,
        );
        let result = trees.transaction(|(faqs, revs, providers, settings, meta, log)| {
            for (slug, expected, (head, revisions)) in &writes {
                let current = tx_get::<FaqHead>(faqs, slug.as_bytes())?.map(|h| h.latest);
                if current != *expected {
                    return abort(WriteError::Stale {
                        current: current.unwrap_or(0),
                    });
                }
                for rev in revisions {
                    revs.insert(rev_key(slug, rev.version), encode(rev))?;
                }
                faqs.insert(slug.as_bytes(), encode(head))?;
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
            match &bundle.articles {
                Some(articles) => settings.insert("articles", encode(articles))?,
                None => settings.remove("articles")?,
            };
            meta.insert("schema_version", SCHEMA_VERSION)?;
            audit.append_tx(log, now, Outcome::Ok, 200, Some(detail.clone()))?;
            Ok(())
        });
        unwrap_tx(result).map_err(|e| match e {
            WriteError::Store(e) => e,
            other => StoreError::Sled(sled::Error::Unsupported(format!(
                "the database changed during the import ({other}); run it again"
            ))),
        })?;
        self.flush()?;
        Ok(report)
    }
}
