//! Bulk import of FAQ text over the API: every entry becomes a draft
//! revision (reviewed like any edit), all in one transaction, or nothing on
//! a dry run. Unlike `clinicfaq import` from files, nothing is published.

use serde::{Deserialize, Serialize};
use sled::transaction::Transactional;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::audit::{AuditDraft, Outcome};
use super::revisions::{abort, rev_key, tx_get, unwrap_tx, WriteError};
use super::{encode, Store};
use crate::content::workflow::{self, Actor, EntryState, FaqHead, Revision};
use crate::content::{publish_problems, FaqFile};

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Default, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct CorpusImportReport {
    pub dry_run: bool,
    /// New FAQs, each now a draft at version 1.
    pub created: Vec<String>,
    /// Existing FAQs that got a new draft revision.
    pub updated: Vec<String>,
    /// Text identical to the current draft or published text: left alone.
    pub unchanged: Vec<String>,
    /// Drafts that could not be published as they are, with why.
    pub warnings: Vec<String>,
}

fn current(state: &EntryState) -> Option<&FaqFile> {
    state
        .working
        .as_ref()
        .or(state.published.as_ref())
        .map(|r| &r.body)
}

impl Store {
    /// Imports `entries` as drafts authored by `actor`. Validation of each
    /// body's shape is the caller's; this checks the workflow and reports
    /// publishing problems as warnings.
    pub fn import_drafts(
        &self,
        entries: &[FaqFile],
        actor: &Actor,
        note: &str,
        dry_run: bool,
        audit: &AuditDraft,
    ) -> Result<CorpusImportReport, WriteError> {
        let _writing = self.writing();
        let library = self.library(entries)?;
        let now = OffsetDateTime::now_utc();
        let trees = (&self.faqs, &self.revisions, &self.audit);
        let result = trees.transaction(|(faqs, revs, log)| {
            let mut report = CorpusImportReport {
                dry_run,
                ..Default::default()
            };
            for body in entries {
                let key = body.id().key();
                let slug = key.as_str();
                let state = match tx_get::<FaqHead>(faqs, slug.as_bytes())? {
                    Some(head) => {
                        let get = |v: Option<u32>| -> Result<Option<Revision>, _> {
                            v.map_or(Ok(None), |v| tx_get(revs, &rev_key(slug, v)))
                        };
                        Some(EntryState {
                            working: get(head.working)?,
                            published: get(head.published)?,
                            head,
                        })
                    }
                    None => None,
                };
                let same = state
                    .as_ref()
                    .and_then(current)
                    .is_some_and(|c| c.content_hash() == body.content_hash());
                if same {
                    report.unchanged.push(slug.to_owned());
                    continue;
                }
                let problems = publish_problems(body, &library);
                if !problems.is_empty() {
                    report
                        .warnings
                        .push(format!("{slug}: {}", problems.join("; ")));
                }
                match &state {
                    None => report.created.push(slug.to_owned()),
                    Some(_) => report.updated.push(slug.to_owned()),
                }
                let change =
                    match workflow::edit(state.as_ref(), actor, body.clone(), note.to_owned(), now)
                    {
                        Ok(c) => c,
                        Err(e) => return abort(e),
                    };
                if !dry_run {
                    for rev in &change.revisions {
                        revs.insert(rev_key(slug, rev.version), encode(rev))?;
                    }
                    faqs.insert(slug.as_bytes(), encode(&change.head))?;
                }
            }
            if !dry_run {
                let detail = format!(
                    "created {}, updated {}",
                    report.created.len(),
                    report.updated.len()
                );
                audit.append_tx(log, now, Outcome::Ok, 200, Some(detail))?;
            }
            Ok(report)
        });
        let report = unwrap_tx(result)?;
        if !dry_run {
            self.flush()?;
        }
        Ok(report)
    }
}
