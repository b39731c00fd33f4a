//! The unanswered-question inbox: which messages it keeps and for how long
//! (`intake.rs`, the inbox rule), what is kept of a question (scrubbed
//! text, never who asked) and how questions are grouped. Storage is in
//! `store::inbox`; the queue that stores them off the request path is
//! `api::InboxQueue`, the staff routes are `api::staff::inbox`.

mod group;
mod intake;
mod scrub;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

pub use group::{group, Group};
pub use intake::{fold_repeats, intake, kept_since, Intake};
pub use scrub::scrub;

/// Why a question landed in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// No vetted answer fitted.
    NoMatch,
    /// Only low-confidence suggestions were offered.
    Suggestions,
}

/// One stored question. No IP address, no user agent, no request id: only
/// the scrubbed text and what the matcher made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub question: String,
    pub kind: InboxKind,
    pub confidence: f64,
    /// Slugs the matcher suggested, best first.
    pub suggested: Vec<String>,
    /// When it was (last) asked.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// How often it was asked: the same question arriving several times
    /// between two writes is stored once (records from before this field: 1).
    #[serde(default = "once")]
    pub times: u64,
}

fn once() -> u64 {
    1
}
