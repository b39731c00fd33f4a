//! Proposed changes to providers and clinic settings. An admin proposes, a
//! clinician other than the proposer approves, and only then does the live
//! value change: the same four eyes as FAQ text, because the crisis card and
//! the referral are patient-facing too. A proposal is immutable and carries
//! the hash of the live value it was based on, so approving a stale one
//! fails instead of silently undoing someone else's change.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sled::transaction::Transactional;
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::audit::{AuditDraft, Outcome};
use super::revisions::{abort, tx_get, unwrap_tx, WriteError};
use super::{encode, Store, StoreError};
use crate::content::workflow::{Actor, WorkflowError, REVIEWERS};
use crate::content::{ClinicSettings, Provider};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeTarget {
    /// Add, replace or (with `remove`) delete one provider.
    Provider {
        #[schema(example = "dr-alex-rivera")]
        id: String,
    },
    /// Replace the clinic settings (contacts, referral, disclaimer, crisis card).
    Clinic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Pending,
    Applied,
    Rejected,
}

/// One proposal and its decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangeRecord {
    #[schema(example = 7)]
    pub id: u64,
    pub target: ChangeTarget,
    /// The new provider; null with `remove`.
    pub provider: Option<Provider>,
    /// The new clinic settings for a clinic change.
    pub clinic: Option<ClinicSettings>,
    /// The proposal deletes the provider.
    pub remove: bool,
    /// Hash of the live value when proposed ("" if there was none).
    pub base_hash: String,
    /// Hash of the proposed value; the approval is bound to it.
    pub content_hash: String,
    pub proposed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub proposed_at: OffsetDateTime,
    pub note: String,
    pub status: ChangeStatus,
    pub decided_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
}

pub fn value_hash<T: Serialize>(value: Option<&T>) -> String {
    match value {
        None => String::new(),
        Some(v) => Sha256::digest(encode(v))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    }
}

impl ChangeRecord {
    fn live_key(&self) -> (&'static str, Vec<u8>) {
        match &self.target {
            ChangeTarget::Provider { id } => ("providers", id.as_bytes().to_vec()),
            ChangeTarget::Clinic => ("settings", b"clinic".to_vec()),
        }
    }

    fn proposed_hash(&self) -> String {
        match &self.target {
            ChangeTarget::Provider { .. } => value_hash(self.provider.as_ref()),
            ChangeTarget::Clinic => value_hash(self.clinic.as_ref()),
        }
    }
}

impl Store {
    /// The live value's hash, to record as a proposal's base.
    pub fn live_hash(&self, target: &ChangeTarget) -> Result<String, StoreError> {
        Ok(match target {
            ChangeTarget::Provider { id } => {
                value_hash(super::get::<Provider>(&self.providers, id)?.as_ref())
            }
            ChangeTarget::Clinic => value_hash(self.clinic().ok().as_ref()),
        })
    }

    pub fn changes(&self) -> Result<Vec<ChangeRecord>, StoreError> {
        let mut all: Vec<ChangeRecord> = super::values(&self.changes)?;
        all.reverse();
        Ok(all)
    }

    /// Stores a new pending proposal (id and hashes are filled in here).
    pub fn propose_change(
        &self,
        mut record: ChangeRecord,
        audit: &AuditDraft,
    ) -> Result<ChangeRecord, WriteError> {
        let _writing = self.writing();
        record.id = self.db.generate_id().map_err(StoreError::from)?;
        record.content_hash = record.proposed_hash();
        record.base_hash = self.live_hash(&record.target)?;
        let now = record.proposed_at;
        let result = (&self.changes, &self.audit).transaction(|(changes, log)| {
            changes.insert(&record.id.to_be_bytes(), encode(&record))?;
            audit.append_tx(log, now, Outcome::Ok, 202, None)?;
            Ok(())
        });
        unwrap_tx(result)?;
        self.flush()?;
        Ok(record)
    }

    /// Applies (`approve`) or rejects a pending proposal. `problems` are the
    /// caller's checks of the resulting content (e.g. a removed provider
    /// leaving a published FAQ without a referral); any refuses approval.
    pub fn decide_change(
        &self,
        id: u64,
        actor: &Actor,
        approve: Option<Vec<String>>,
        reason: Option<String>,
        audit: &AuditDraft,
    ) -> Result<ChangeRecord, WriteError> {
        let _writing = self.writing();
        if !REVIEWERS.contains(&actor.role) {
            return Err(WorkflowError::Forbidden {
                role: actor.role,
                action: "decide on changes",
            }
            .into());
        }
        let now = OffsetDateTime::now_utc();
        let trees = (&self.changes, &self.providers, &self.settings, &self.audit);
        let result = trees.transaction(|(changes, providers, settings, log)| {
            let Some(mut rec) = tx_get::<ChangeRecord>(changes, &id.to_be_bytes())? else {
                return abort(WriteError::NotFound(format!("change {id}")));
            };
            if rec.status != ChangeStatus::Pending {
                return abort(WorkflowError::InvalidState(format!(
                    "change {id} was already decided"
                )));
            }
            if let Some(problems) = &approve {
                if crate::content::workflow::same_person(&rec.proposed_by, &actor.name) {
                    return abort(WorkflowError::FourEyes(rec.proposed_by.clone()));
                }
                if rec.content_hash != rec.proposed_hash() {
                    return abort(WorkflowError::ApprovalMismatch);
                }
                if !problems.is_empty() {
                    return abort(WorkflowError::Unpublishable(problems.clone()));
                }
                let (tree, key) = match rec.live_key() {
                    ("providers", k) => (providers, k),
                    (_, k) => (settings, k),
                };
                let live = tree.get(&key)?;
                let live_hash = match &rec.target {
                    ChangeTarget::Provider { .. } => value_hash(
                        live.as_ref()
                            .and_then(|v| serde_json::from_slice::<Provider>(v).ok())
                            .as_ref(),
                    ),
                    ChangeTarget::Clinic => value_hash(
                        live.as_ref()
                            .and_then(|v| serde_json::from_slice::<ClinicSettings>(v).ok())
                            .as_ref(),
                    ),
                };
                if live_hash != rec.base_hash {
                    return abort(WorkflowError::InvalidState(
                        "the live value changed since this was proposed; propose again".into(),
                    ));
                }
                match (&rec.provider, &rec.clinic) {
                    _ if rec.remove => {
                        tree.remove(key)?;
                    }
                    (Some(p), _) => {
                        tree.insert(key, encode(p))?;
                    }
                    (_, Some(c)) => {
                        tree.insert(key, encode(c))?;
                    }
                    _ => return abort(WorkflowError::InvalidState("empty proposal".into())),
                }
                rec.status = ChangeStatus::Applied;
            } else {
                rec.status = ChangeStatus::Rejected;
            }
            rec.decided_by = Some(actor.name.clone());
            rec.decided_at = Some(now);
            rec.reason = reason.clone();
            changes.insert(&id.to_be_bytes(), encode(&rec))?;
            audit.append_tx(log, now, Outcome::Ok, 200, None)?;
            Ok(rec)
        });
        let rec = unwrap_tx(result)?;
        self.flush()?;
        Ok(rec)
    }

    /// One proposal.
    pub fn change(&self, id: u64) -> Result<Option<ChangeRecord>, StoreError> {
        self.changes
            .get(id.to_be_bytes())?
            .map(|v| super::decode(&format!("changes/{id}"), &v))
            .transpose()
    }
}
