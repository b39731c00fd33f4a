//! Proposed changes to providers and clinic settings: what a proposal is
//! and what approving it writes. An admin proposes, a clinician other than
//! the proposer approves (`workflow::decide_change`), and only then does
//! the live value change: the same four eyes as FAQ text, because the crisis
//! card and the referral are patient-facing too. A proposal is immutable
//! and carries the hash of the live value it was based on, so approving a
//! stale one fails instead of silently undoing someone else's change.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ClinicSettings, FaqEntry, Provider};

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

/// The SHA-256 of a value's JSON, as stored ("" for no value): what an
/// approval and a proposal's base are bound to.
pub fn value_hash<T: Serialize>(value: Option<&T>) -> String {
    match value {
        None => String::new(),
        Some(v) => Sha256::digest(serde_json::to_vec(v).expect("content types serialize to JSON"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    }
}

/// A clinician's decision on a pending proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject { reason: String },
}

/// What a decision is checked against, as the store reads it: the live
/// value's hash, the live providers and the published entries.
#[derive(Debug, Clone, Copy)]
pub struct LiveState<'a> {
    pub hash: &'a str,
    pub providers: &'a [Provider],
    pub published: &'a [FaqEntry],
}

/// What applying a proposal writes to the live value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Apply<'a> {
    Remove,
    Provider(&'a Provider),
    Clinic(&'a ClinicSettings),
}

impl ChangeRecord {
    /// A new proposal by `proposed_by`, pending; the store gives it its id
    /// and hashes when it keeps it.
    pub fn pending(
        target: ChangeTarget,
        proposed_by: &str,
        note: String,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id: 0,
            target,
            provider: None,
            clinic: None,
            remove: false,
            base_hash: String::new(),
            content_hash: String::new(),
            proposed_by: proposed_by.to_owned(),
            proposed_at: now,
            note,
            status: ChangeStatus::Pending,
            decided_by: None,
            decided_at: None,
            reason: None,
        }
    }

    /// The hash of the proposed value, which the approval is bound to.
    pub fn proposed_hash(&self) -> String {
        match &self.target {
            ChangeTarget::Provider { .. } => value_hash(self.provider.as_ref()),
            ChangeTarget::Clinic => value_hash(self.clinic.as_ref()),
        }
    }

    /// What approving it writes; `None` for an empty proposal.
    pub fn apply(&self) -> Option<Apply<'_>> {
        match (&self.provider, &self.clinic) {
            _ if self.remove => Some(Apply::Remove),
            (Some(p), _) => Some(Apply::Provider(p)),
            (_, Some(c)) => Some(Apply::Clinic(c)),
            _ => None,
        }
    }

    /// The providers there would be after this change, for a provider
    /// change; `None` for a clinic change.
    pub fn providers_after(&self, live: &[Provider]) -> Option<Vec<Provider>> {
        let ChangeTarget::Provider { id } = &self.target else {
            return None;
        };
        let mut providers: Vec<Provider> = live
            .iter()
            .filter(|p| p.id.as_str() != id)
            .cloned()
            .collect();
        if let Some(p) = &self.provider {
            providers.push(p.clone());
        }
        Some(providers)
    }
}
