//! Proposed changes to providers and clinic settings, stored in `changes`.
//! What a proposal is lives in `content::proposal`, who may decide it and
//! how in `content::workflow::decide_change`; this file reads what the
//! decision is checked against and writes its outcome in one transaction.

use sled::transaction::Transactional;
use time::OffsetDateTime;

use super::audit::{AuditDraft, Outcome};
use super::revisions::{abort, tx_get, unwrap_tx, WriteError};
use super::{encode, Store, StoreError};
use crate::content::proposal::{
    value_hash, Apply, ChangeRecord, ChangeStatus, ChangeTarget, Decision, LiveState,
};
use crate::content::workflow::{self, Actor};
use crate::content::{ClinicSettings, Provider};

/// The tree and key of the live value a proposal changes.
fn live_key(target: &ChangeTarget) -> (&'static str, Vec<u8>) {
    match target {
        ChangeTarget::Provider { id } => ("providers", id.as_bytes().to_vec()),
        ChangeTarget::Clinic => ("settings", b"clinic".to_vec()),
    }
}

/// The hash of a live value as stored (unreadable counts as none).
fn stored_hash(target: &ChangeTarget, stored: Option<&[u8]>) -> String {
    match target {
        ChangeTarget::Provider { .. } => value_hash(
            stored
                .and_then(|v| serde_json::from_slice::<Provider>(v).ok())
                .as_ref(),
        ),
        ChangeTarget::Clinic => value_hash(
            stored
                .and_then(|v| serde_json::from_slice::<ClinicSettings>(v).ok())
                .as_ref(),
        ),
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

    /// Applies or rejects a pending proposal, as `workflow::decide_change`
    /// rules, and writes the live value an approval applies.
    pub fn decide_change(
        &self,
        id: u64,
        actor: &Actor,
        decision: Decision,
        audit: &AuditDraft,
    ) -> Result<ChangeRecord, WriteError> {
        let _writing = self.writing();
        workflow::may_decide_changes(actor)?;
        // What an approval is checked against. Read outside the transaction:
        // sled transactions cannot scan trees.
        let (providers, published) = match decision {
            Decision::Approve => (self.providers()?, self.entries()?),
            Decision::Reject { .. } => (Vec::new(), Vec::new()),
        };
        let now = OffsetDateTime::now_utc();
        let trees = (&self.changes, &self.providers, &self.settings, &self.audit);
        let result = trees.transaction(|(changes, live_providers, settings, log)| {
            let Some(rec) = tx_get::<ChangeRecord>(changes, &id.to_be_bytes())? else {
                return abort(WriteError::NotFound(format!("change {id}")));
            };
            let (tree, key) = match live_key(&rec.target) {
                ("providers", k) => (live_providers, k),
                (_, k) => (settings, k),
            };
            let hash = stored_hash(&rec.target, tree.get(&key)?.as_deref());
            let live = LiveState {
                hash: &hash,
                providers: &providers,
                published: &published,
            };
            let rec =
                workflow::decide_change(&rec, actor, decision.clone(), live, now).or_else(abort)?;
            if rec.status == ChangeStatus::Applied {
                match rec.apply() {
                    Some(Apply::Remove) => {
                        tree.remove(key)?;
                    }
                    Some(Apply::Provider(p)) => {
                        tree.insert(key, encode(p))?;
                    }
                    Some(Apply::Clinic(c)) => {
                        tree.insert(key, encode(c))?;
                    }
                    None => {}
                }
            }
            changes.insert(&id.to_be_bytes(), encode(&rec))?;
            audit.append_tx(log, now, Outcome::Ok, 200, None)?;
            Ok(rec)
        });
        let rec = unwrap_tx(result)?;
        self.flush()?;
        Ok(rec)
    }
}
