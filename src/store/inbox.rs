//! Inbox storage: `inbox` holds scrubbed questions keyed by big-endian id,
//! `inbox_counts` holds per-day counters of the messages the crisis screen
//! flagged, by tier and category (`crisis/YYYY-MM-DD/plan_timing`,
//! `concern/YYYY-MM-DD/distress`). Those messages are counted and never
//! stored.

use time::{Date, OffsetDateTime};

use super::{decode, encode, Store, StoreError};
use crate::inbox::{kept_since, InboxItem};
use crate::safety::Tier;

const CRISIS_PREFIX: &str = "crisis/";
const CONCERN_PREFIX: &str = "concern/";

/// How many flagged messages one day had in one tier and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyCount {
    pub day: String,
    pub tier: Tier,
    pub category: String,
    pub count: u64,
}

impl Store {
    /// Stores an already scrubbed question. Not flushed: the inbox is a
    /// best-effort aid, and sled flushes on its own within half a second.
    pub fn record_unanswered(&self, item: &InboxItem) -> Result<(), StoreError> {
        let _writing = self.writing();
        let id = self.db.generate_id()?;
        self.inbox.insert(id.to_be_bytes(), encode(item))?;
        Ok(())
    }

    /// Counts `n` messages of `tier` and `category` on `day`. Their text
    /// never reaches this layer.
    pub fn count_flagged(
        &self,
        day: Date,
        tier: Tier,
        category: &str,
        n: u64,
    ) -> Result<(), StoreError> {
        let _writing = self.writing();
        let prefix = match tier {
            Tier::Concern => CONCERN_PREFIX,
            _ => CRISIS_PREFIX,
        };
        let key = format!("{prefix}{day}/{category}");
        self.inbox_counts.update_and_fetch(key, |old| {
            let was = old.map_or(0, |b| u64::from_be_bytes(b.try_into().unwrap_or([0; 8])));
            Some((was + n).to_be_bytes().to_vec())
        })?;
        Ok(())
    }

    /// Stored questions (counts them: O(n)).
    pub fn inbox_len(&self) -> Result<usize, StoreError> {
        Ok(self.inbox.len())
    }

    /// Drops the oldest questions beyond `max`; returns how many are left.
    pub fn trim_inbox(&self, max: usize) -> Result<usize, StoreError> {
        let _writing = self.writing();
        let mut len = self.inbox.len();
        while len > max && self.inbox.pop_min()?.is_some() {
            len -= 1;
        }
        Ok(len)
    }

    /// Flagged messages counted within the retention window, by day (newest
    /// first), tier and category.
    pub fn safety_counts(&self) -> Result<Vec<SafetyCount>, StoreError> {
        let mut out = Vec::new();
        for (prefix, tier) in [
            (CRISIS_PREFIX, Tier::Crisis),
            (CONCERN_PREFIX, Tier::Concern),
        ] {
            for kv in self.inbox_counts.scan_prefix(prefix) {
                let (k, v) = kv?;
                let key = String::from_utf8_lossy(&k);
                let rest = &key[prefix.len()..];
                let (day, category) = rest.split_once('/').unwrap_or((rest, "crisis"));
                out.push(SafetyCount {
                    day: day.to_owned(),
                    tier,
                    category: category.to_owned(),
                    count: u64::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 8])),
                });
            }
        }
        out.sort_by(|a, b| {
            b.day
                .cmp(&a.day)
                .then(b.tier.cmp(&a.tier))
                .then(a.category.cmp(&b.category))
        });
        Ok(out)
    }

    /// Crisis messages counted within the retention window.
    pub fn crisis_count(&self) -> Result<u64, StoreError> {
        let mut total = 0;
        for v in self.inbox_counts.scan_prefix(CRISIS_PREFIX).values() {
            total += u64::from_be_bytes(v?.as_ref().try_into().unwrap_or([0; 8]));
        }
        Ok(total)
    }

    /// Stored questions, oldest first, at most `limit` of the newest.
    pub fn inbox_items(&self, limit: usize) -> Result<Vec<(u64, InboxItem)>, StoreError> {
        let mut items = Vec::new();
        for kv in self.inbox.iter().rev().take(limit) {
            let (k, v) = kv?;
            let id = u64::from_be_bytes(k.as_ref().try_into().unwrap_or([0; 8]));
            items.push((id, decode(&format!("inbox/{id}"), &v)?));
        }
        items.reverse();
        Ok(items)
    }

    /// Removes questions (dismissed, or turned into alternates). Flushed.
    pub fn remove_inbox_items(&self, ids: &[u64]) -> Result<usize, StoreError> {
        let _writing = self.writing();
        let mut batch = sled::Batch::default();
        for id in ids {
            batch.remove(&id.to_be_bytes());
        }
        self.inbox.apply_batch(batch)?;
        self.flush()?;
        Ok(ids.len())
    }

    /// Drops questions and crisis counts older than `days` (as
    /// `inbox::kept_since` rules); returns how many questions went. Keys are in time order, so this stops at the first
    /// young item.
    pub fn purge_inbox(&self, days: u32) -> Result<usize, StoreError> {
        let _writing = self.writing();
        let since = kept_since(OffsetDateTime::now_utc(), days);
        let mut purged = 0;
        for kv in self.inbox.iter() {
            let (k, v) = kv?;
            let item: InboxItem = decode("inbox", &v)?;
            if since.is_some_and(|since| item.at >= since) {
                break;
            }
            self.inbox.remove(k)?;
            purged += 1;
        }
        for prefix in [CRISIS_PREFIX, CONCERN_PREFIX] {
            let oldest_kept = since.map(|since| format!("{prefix}{}", since.date()));
            for k in self.inbox_counts.scan_prefix(prefix).keys() {
                let k = k?;
                if oldest_kept
                    .as_ref()
                    .is_none_or(|oldest| k.as_ref() < oldest.as_bytes())
                {
                    self.inbox_counts.remove(k)?;
                }
            }
        }
        if purged > 0 {
            self.flush()?;
        }
        Ok(purged)
    }
}
