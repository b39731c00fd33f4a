//! Patient feedback: per FAQ, how many readers found the answer helpful and
//! how many did not. No text, no identifiers: just two counters per slug.
//!
//! A counter is 16 bytes, two big-endian u64 (helpful, not helpful), bumped
//! with `update_and_fetch` so concurrent votes never lose an increment.

use sled::IVec;

use super::{Store, StoreError};
use crate::content::Slug;

/// The counts for one FAQ entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedbackCount {
    pub helpful: u64,
    pub not_helpful: u64,
}

impl FeedbackCount {
    const LEN: usize = 16;

    fn decode(bytes: &[u8]) -> Option<Self> {
        let bytes: &[u8; Self::LEN] = bytes.try_into().ok()?;
        let (helpful, not_helpful) = bytes.split_at(8);
        Some(Self {
            helpful: u64::from_be_bytes(helpful.try_into().ok()?),
            not_helpful: u64::from_be_bytes(not_helpful.try_into().ok()?),
        })
    }

    fn encode(self) -> [u8; Self::LEN] {
        let mut out = [0; Self::LEN];
        out[..8].copy_from_slice(&self.helpful.to_be_bytes());
        out[8..].copy_from_slice(&self.not_helpful.to_be_bytes());
        out
    }

    fn bump(mut self, helpful: bool) -> Self {
        let counter = if helpful {
            &mut self.helpful
        } else {
            &mut self.not_helpful
        };
        *counter = counter.saturating_add(1);
        self
    }
}

impl Store {
    /// Counts one vote for `slug` and flushes it to disk before returning.
    /// Blocking: call it from `web::block`.
    pub fn record_feedback(&self, slug: &Slug, helpful: bool) -> Result<FeedbackCount, StoreError> {
        let _writing = self.writing();
        let mut corrupt = false;
        let stored = self.feedback.update_and_fetch(slug.as_str(), |old| {
            // May run more than once under contention; only the last run counts.
            corrupt = false;
            match old {
                None => Some(IVec::from(&FeedbackCount::default().bump(helpful).encode())),
                Some(bytes) => match FeedbackCount::decode(bytes) {
                    Some(count) => Some(IVec::from(&count.bump(helpful).encode())),
                    None => {
                        // Never overwrite a record we cannot read; report it instead.
                        corrupt = true;
                        Some(IVec::from(bytes))
                    }
                },
            }
        })?;
        if corrupt {
            return Err(corrupt_counter(slug.as_str()));
        }
        self.flush()?;
        stored
            .as_deref()
            .and_then(FeedbackCount::decode)
            .ok_or_else(|| corrupt_counter(slug.as_str()))
    }

    /// Every FAQ that has received feedback, in slug order.
    pub fn feedback_counts(&self) -> Result<Vec<(String, FeedbackCount)>, StoreError> {
        self.feedback
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                let slug = String::from_utf8_lossy(&k).into_owned();
                let count = FeedbackCount::decode(&v).ok_or_else(|| corrupt_counter(&slug))?;
                Ok((slug, count))
            })
            .collect()
    }
}

fn corrupt_counter(slug: &str) -> StoreError {
    StoreError::Corrupt {
        key: format!("feedback/{slug}"),
        source: serde::de::Error::custom("a feedback counter is not 16 bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).unwrap()
    }

    #[test]
    fn votes_are_counted_per_slug_and_kind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.record_feedback(&slug("side-effects"), true).unwrap();
        store.record_feedback(&slug("side-effects"), true).unwrap();
        let last = store.record_feedback(&slug("side-effects"), false).unwrap();
        store.record_feedback(&slug("dissociation"), false).unwrap();

        assert_eq!(
            last,
            FeedbackCount {
                helpful: 2,
                not_helpful: 1
            }
        );
        let counts = store.feedback_counts().unwrap();
        assert_eq!(
            counts,
            vec![
                (
                    "dissociation".to_owned(),
                    FeedbackCount {
                        helpful: 0,
                        not_helpful: 1
                    }
                ),
                ("side-effects".to_owned(), last),
            ]
        );
    }

    #[test]
    fn concurrent_votes_lose_no_increment() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..25 {
                        store.record_feedback(&slug("telehealth"), true).unwrap();
                    }
                });
            }
        });
        let counts = store.feedback_counts().unwrap();
        assert_eq!(counts[0].1.helpful, 100);
    }

    #[test]
    fn votes_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            store.record_feedback(&slug("telehealth"), false).unwrap();
        }
        let store = Store::open_waiting(dir.path(), std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(store.feedback_counts().unwrap()[0].1.not_helpful, 1);
    }
}
