//! The inbox queue. `/v1/ask` hands it unanswered questions and crisis
//! counts and returns at once; a writer thread scrubs and stores them in one
//! go every `INTERVAL`. The request path pays a mutex push: never a disk
//! write, a thread hand-off or a regex. (Handing each question to the
//! blocking pool, as before, cost about a third of the throughput of
//! `/v1/ask` under load.)
//!
//! Repeats of one question within a write are stored once, with their
//! count (`inbox::fold_repeats`). Bounded twice: at most `MAX_PENDING` questions wait in memory (more are
//! dropped and counted, so a stalled disk cannot grow the process), and the
//! stored inbox keeps the newest `max_items` questions (the oldest go first,
//! so a flood of questions cannot grow the database without end).
//!
//! Best effort by design, like the inbox itself: a question still queued
//! when the process is killed is lost. A graceful stop writes it (`close`).

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use time::Date;

use crate::safety::Tier;

use crate::inbox::{fold_repeats, scrub, InboxItem};
use crate::store::{Store, StoreError};

/// How often the writer stores what is queued.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// Questions waiting in memory at most; later ones are dropped until the
/// writer catches up.
pub const MAX_PENDING: usize = 10_000;

pub struct InboxQueue {
    shared: Arc<Shared>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

struct Shared {
    pending: Mutex<Pending>,
    closed: Condvar,
}

#[derive(Default)]
struct Pending {
    /// Not yet scrubbed: the writer does that.
    questions: Vec<InboxItem>,
    /// Flagged messages by day, tier and category: counted, never stored.
    flagged: BTreeMap<(Date, Tier, String), u64>,
    dropped: u64,
    closed: bool,
}

impl InboxQueue {
    /// Starts the writer thread for `store`, keeping at most `max_items`
    /// questions stored.
    pub fn start(store: Store, max_items: usize) -> Self {
        let shared = Arc::new(Shared {
            pending: Mutex::new(Pending::default()),
            closed: Condvar::new(),
        });
        let writer = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("inbox-writer".to_owned())
                .spawn(move || write_until_closed(&shared, &store, max_items))
                .expect("spawn the inbox writer thread")
        };
        Self {
            shared,
            writer: Mutex::new(Some(writer)),
        }
    }

    /// Queues a question the matcher could not answer well. Its text is
    /// scrubbed before it is stored.
    pub fn question(&self, item: InboxItem) {
        let mut pending = self.shared.lock();
        if pending.closed || pending.questions.len() >= MAX_PENDING {
            pending.dropped += 1;
        } else {
            pending.questions.push(item);
        }
    }

    /// Counts one message the crisis screen flagged (crisis or concern), by
    /// day and category. Its text never comes here.
    pub fn flagged(&self, day: Date, tier: Tier, category: &str) {
        *self
            .shared
            .lock()
            .flagged
            .entry((day, tier, category.to_owned()))
            .or_default() += 1;
    }

    /// Stops the writer after it has stored everything queued. Idempotent.
    pub fn close(&self) {
        self.shared.lock().closed = true;
        self.shared.closed.notify_all();
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(writer) = writer {
            if writer.join().is_err() {
                tracing::error!("the inbox writer panicked");
            }
        }
    }
}

impl Drop for InboxQueue {
    fn drop(&mut self) {
        self.close();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn write_until_closed(shared: &Shared, store: &Store, max_items: usize) {
    // An estimate of the stored questions, corrected whenever a trim counts.
    let mut stored = match store.inbox_len() {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "could not count the inbox");
            0
        }
    };
    loop {
        let batch = {
            let pending = shared.lock();
            let (mut pending, _) = shared
                .closed
                .wait_timeout_while(pending, INTERVAL, |p| !p.closed)
                .unwrap_or_else(PoisonError::into_inner);
            let closed = pending.closed;
            let batch = std::mem::take(&mut *pending);
            pending.closed = closed;
            batch
        };
        if let Err(e) = write(store, &batch, max_items, &mut stored) {
            tracing::warn!(error = %e, "could not record unanswered questions");
        }
        if batch.dropped > 0 {
            tracing::warn!(
                dropped = batch.dropped,
                "unanswered questions dropped: the inbox writer fell behind"
            );
        }
        if batch.closed {
            return;
        }
    }
}

fn write(
    store: &Store,
    batch: &Pending,
    max_items: usize,
    stored: &mut usize,
) -> Result<(), StoreError> {
    for ((day, tier, category), n) in &batch.flagged {
        store.count_flagged(*day, *tier, category, *n)?;
    }
    for item in fold_repeats(&batch.questions) {
        store.record_unanswered(&InboxItem {
            question: scrub(&item.question),
            ..item
        })?;
        *stored += 1;
    }
    if *stored > max_items {
        *stored = store.trim_inbox(max_items)?;
    }
    Ok(())
}
