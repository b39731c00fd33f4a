//! The audit log: append-only, keyed by sled's monotonic id (big-endian, so
//! key order is time order; ids jump after a restart, which keeps the order).

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{decode, encode, Store, StoreError};
use crate::content::workflow::{Actor, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    Failed,
}

/// One staff write, successful or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditRecord {
    /// Increasing; use it as the `after` cursor.
    #[schema(example = 42)]
    pub id: u64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// Token name, or `anonymous` when no valid token was sent.
    #[schema(example = "dr-robin")]
    pub actor: String,
    pub role: Option<Role>,
    /// Method and route, e.g. `POST faqs/{slug}/publish`.
    #[schema(example = "POST faqs/{slug}/publish")]
    pub action: String,
    /// What was acted on: the path below `/v1/staff/`.
    #[schema(example = "faqs/how-long-effects-last")]
    pub target: String,
    pub outcome: Outcome,
    /// The HTTP status returned.
    #[schema(example = 200)]
    pub status: u16,
    /// The error code of a failed write.
    pub detail: Option<String>,
}

/// Who did what to which target; completed with time and outcome on write.
#[derive(Debug, Clone)]
pub struct AuditDraft {
    pub actor: String,
    pub role: Option<Role>,
    pub action: String,
    pub target: String,
}

impl AuditDraft {
    pub fn new(
        actor: Option<&Actor>,
        action: impl Into<String>,
        target: impl Into<String>,
    ) -> Self {
        Self {
            actor: actor.map_or_else(|| "anonymous".to_owned(), |a| a.name.clone()),
            role: actor.map(|a| a.role),
            action: action.into(),
            target: target.into(),
        }
    }

    /// An action the service or an operator's CLI took, not a token holder.
    pub fn system(action: impl Into<String>, target: impl Into<String>) -> Self {
        Self {
            actor: "system".to_owned(),
            role: None,
            action: action.into(),
            target: target.into(),
        }
    }

    fn complete(
        &self,
        id: u64,
        at: OffsetDateTime,
        outcome: Outcome,
        status: u16,
        detail: Option<String>,
    ) -> AuditRecord {
        AuditRecord {
            id,
            at,
            actor: self.actor.clone(),
            role: self.role,
            action: self.action.clone(),
            target: self.target.clone(),
            outcome,
            status,
            detail,
        }
    }

    /// Appends inside the caller's transaction, so a change and its record
    /// commit together.
    pub(super) fn append_tx<E>(
        &self,
        tree: &TransactionalTree,
        at: OffsetDateTime,
        outcome: Outcome,
        status: u16,
        detail: Option<String>,
    ) -> Result<(), ConflictableTransactionError<E>> {
        let id = tree.generate_id()?;
        let record = self.complete(id, at, outcome, status, detail);
        tree.insert(&id.to_be_bytes(), encode(&record))?;
        Ok(())
    }
}

/// Filters for reading the log. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    pub actor: Option<String>,
    /// Prefix of the target, e.g. `faqs/telehealth`.
    pub target: Option<String>,
    /// Only records with an id greater than this (the previous page's cursor).
    pub after: Option<u64>,
}

impl AuditQuery {
    fn matches(&self, r: &AuditRecord) -> bool {
        self.since.is_none_or(|t| r.at >= t)
            && self.until.is_none_or(|t| r.at < t)
            && self.actor.as_ref().is_none_or(|a| r.actor == *a)
            && self
                .target
                .as_ref()
                .is_none_or(|t| r.target.starts_with(t.as_str()))
    }
}

pub struct AuditPage {
    pub items: Vec<AuditRecord>,
    /// Pass as `after` for the next page; None at the end.
    pub next: Option<u64>,
}

impl Store {
    /// Appends a record on its own (refused requests, CLI actions) and flushes.
    pub fn append_audit(
        &self,
        draft: &AuditDraft,
        outcome: Outcome,
        status: u16,
        detail: Option<String>,
    ) -> Result<(), StoreError> {
        let _writing = self.writing();
        let id = self.db.generate_id()?;
        let record = draft.complete(id, OffsetDateTime::now_utc(), outcome, status, detail);
        self.audit.insert(id.to_be_bytes(), encode(&record))?;
        self.flush()
    }

    /// Up to `limit` matching records, oldest first, after `query.after`.
    pub fn audit_page(&self, query: &AuditQuery, limit: usize) -> Result<AuditPage, StoreError> {
        let mut items = Vec::new();
        let mut more = false;
        self.audit_scan(query, |r| {
            if items.len() == limit {
                more = true;
                return false;
            }
            items.push(r);
            true
        })?;
        let next = if more {
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(AuditPage { items, next })
    }

    /// Calls `f` for every matching record in order until it returns false.
    pub fn audit_scan(
        &self,
        query: &AuditQuery,
        mut f: impl FnMut(AuditRecord) -> bool,
    ) -> Result<(), StoreError> {
        let start = query.after.map_or(0, |a| a.saturating_add(1));
        for kv in self.audit.range(start.to_be_bytes()..) {
            let (k, v) = kv?;
            let record: AuditRecord = decode(&format!("audit/{k:?}"), &v)?;
            if query.until.is_some_and(|u| record.at >= u) {
                break;
            }
            if query.matches(&record) && !f(record) {
                break;
            }
        }
        Ok(())
    }
}

/// Counts refusals of requests without a valid token, so that anyone
/// sending them cannot grow the audit log without limit: per action and
/// status, the first in a window is recorded, the rest only counted (see
/// `api::staff::audit_log`).
#[derive(Debug, Default)]
pub struct RefusalCounter {
    windows: std::sync::Mutex<std::collections::HashMap<(String, u16), (std::time::Instant, u64)>>,
}

impl RefusalCounter {
    /// How long refusals of one action and status share a record.
    pub const WINDOW: std::time::Duration = std::time::Duration::from_secs(60);

    /// `Some(n)` when this refusal opens a window and must be recorded, `n`
    /// being the refusals of the window before that were only counted;
    /// `None` when it only counts.
    pub fn refusal(&self, action: &str, status: u16, now: std::time::Instant) -> Option<u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let window = windows
            .entry((action.to_owned(), status))
            .or_insert((now, 0));
        if window.1 > 0 && now.duration_since(window.0) < Self::WINDOW {
            window.1 += 1;
            return None;
        }
        let unrecorded = window.1.saturating_sub(1);
        *window = (now, 1);
        Some(unrecorded)
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::RefusalCounter;
    use std::time::{Duration, Instant};

    #[test]
    fn a_window_records_its_first_refusal_and_counts_the_rest() {
        let c = RefusalCounter::default();
        let t = Instant::now();
        assert_eq!(c.refusal("POST faqs", 401, t), Some(0));
        for k in 1..=499 {
            assert_eq!(
                c.refusal("POST faqs", 401, t + Duration::from_millis(k)),
                None
            );
        }
        // Another route or status has its own window.
        assert_eq!(c.refusal("POST tokens", 401, t), Some(0));
        assert_eq!(c.refusal("POST faqs", 403, t), Some(0));
        // The next window's first record says how many went unrecorded.
        assert_eq!(
            c.refusal("POST faqs", 401, t + RefusalCounter::WINDOW),
            Some(499)
        );
    }
}
