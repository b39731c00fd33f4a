//! Staff authentication: bearer tokens, the in-memory token table and the
//! actix extractor that checks a route's roles.

mod extract;
pub mod token;

use std::collections::HashMap;
use std::sync::Arc;

use arc_swap::ArcSwap;
use time::OffsetDateTime;

pub use extract::{Admins, AnyStaff, Policy, Reviewers, Staff, Writers};
pub use token::{AuthError, Secret, TokenName, TokenRecord};

use crate::content::workflow::Actor;

/// Every stored token by hash, swapped whole on change. Requests check
/// tokens without touching sled, so the extractor answers synchronously and
/// 401/403 always win over body errors.
#[derive(Default)]
pub struct TokenCache(ArcSwap<HashMap<String, TokenRecord>>);

impl TokenCache {
    pub fn new(records: Vec<TokenRecord>) -> Self {
        let cache = Self::default();
        cache.replace(records);
        cache
    }

    pub fn replace(&self, records: Vec<TokenRecord>) {
        let map = records.into_iter().map(|r| (r.hash.clone(), r)).collect();
        self.0.store(Arc::new(map));
    }

    /// Checks an `Authorization` header value.
    pub fn authenticate(
        &self,
        header: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Actor, AuthError> {
        let header = header.ok_or(AuthError::Missing)?;
        let (scheme, secret) = header.trim().split_once(' ').ok_or(AuthError::Malformed)?;
        if !scheme.eq_ignore_ascii_case("bearer") || secret.trim().is_empty() {
            return Err(AuthError::Malformed);
        }
        let map = self.0.load();
        map.get(&token::hash(secret.trim()))
            .ok_or(AuthError::Unknown)?
            .actor(now)
    }
}
