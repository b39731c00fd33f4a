//! Domain types and content rules. No HTTP, no sled: this module is what a
//! clinic's FAQ *is*, the checks every entry must pass to be published, and
//! the business rules' one owner: who may do what (`workflow`), who a reply
//! refers to and provider coverage (`referral`), when an entry is overdue
//! (`review`), what a provider or clinic proposal is (`proposal`).

mod dosing;
pub mod editorial;
mod files;
mod lang;
mod model;
pub mod proposal;
pub mod referral;
pub mod review;
mod revision;
mod role;
mod slug;
pub mod workflow;

pub use dosing::find_dosing;
pub use editorial::{problems as publish_problems, Library};
pub use files::{load_dir, ContentBundle, LoadError};
pub use lang::{DocId, Lang};
pub use model::{
    CardLanguage, ClinicSettings, ClinicTexts, CrisisCard, CrisisResource, FaqEntry, FaqFile,
    Provider, ReplyTexts, ResourceKind, Source, Status, UNREAD_LANGUAGE_NOTICE,
    UNTRANSLATED_NOTICE,
};
pub use slug::{Slug, SlugError};
