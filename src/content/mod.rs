//! Domain types and content rules. No HTTP, no sled: this module is what a
//! clinic's FAQ *is*, and the checks every entry must pass to be published.

mod dosing;
mod files;
mod model;
mod role;
mod slug;
pub mod workflow;

pub use dosing::find_dosing;
pub use files::{load_dir, ContentBundle, LoadError};
pub use model::{
    CardLanguage, ClinicSettings, CrisisCard, CrisisResource, FaqEntry, FaqFile, Provider,
    ResourceKind, Source, Status,
};
pub use slug::{Slug, SlugError};

/// Problems that keep an entry from being published. Empty means publishable.
pub fn publish_problems(entry: &FaqFile, providers: &[Provider]) -> Vec<String> {
    let mut problems = Vec::new();
    if entry.sources.is_empty() {
        problems.push("the entry has no source".to_owned());
    }
    if !providers
        .iter()
        .any(|p| p.kinds.contains(&entry.provider_kind))
    {
        problems.push(format!(
            "no provider serves provider_kind `{}`",
            entry.provider_kind
        ));
    }
    if let Some(hit) = find_dosing(&entry.answer) {
        problems.push(format!("the answer contains dosing: `{hit}`"));
    }
    problems
}
