//! What every request reads: the store, the live catalog with its
//! prerendered replies, the staff token cache, the policy and the inbox
//! queue. The web layer owns it; `startup` builds it and registers it.

use std::sync::Arc;

use actix_web::web;
use arc_swap::{ArcSwap, Guard};

use crate::api::prerender::Prerendered;
use crate::api::InboxQueue;
use crate::auth::TokenCache;
use crate::catalog::Catalog;
use crate::config::Policy;
use crate::store::Store;

pub struct AppState {
    pub store: Store,
    catalog: ArcSwap<Live>,
    /// Staff tokens, checked without touching sled.
    /// Shared with the staff extractor, which needs nothing else.
    pub tokens: web::Data<TokenCache>,
    pub policy: Policy,
    /// Unanswered questions on their way to the inbox.
    pub inbox: InboxQueue,
    /// Serialises reloads so a slow one never overwrites a newer catalog.
    reload_lock: std::sync::Mutex<()>,
    /// Refusals of staff writes without a valid token, counted per minute.
    pub anonymous_refusals: crate::store::RefusalCounter,
}

impl AppState {
    pub fn new(store: Store) -> Result<Self, crate::store::StoreError> {
        Self::with_policy(store, Policy::default())
    }

    pub fn with_policy(store: Store, policy: Policy) -> Result<Self, crate::store::StoreError> {
        let catalog = Catalog::load_with(&store, &policy)?;
        Ok(Self {
            tokens: web::Data::new(TokenCache::new(store.tokens()?)),
            inbox: InboxQueue::start(store.clone(), policy.inbox_max_items),
            store,
            catalog: ArcSwap::from_pointee(Live::new(catalog)),
            policy,
            reload_lock: std::sync::Mutex::new(()),
            anonymous_refusals: crate::store::RefusalCounter::default(),
        })
    }

    /// The current catalog. Lock-free; a reload never blocks readers.
    pub fn catalog(&self) -> Guard<Arc<Live>> {
        self.catalog.load()
    }

    /// Rebuilds the catalog from the store and swaps it in.
    pub fn reload(&self) -> Result<(), crate::store::StoreError> {
        let _serial = self
            .reload_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let catalog = Catalog::load_with(&self.store, &self.policy)?;
        self.catalog.store(Arc::new(Live::new(catalog)));
        Ok(())
    }

    /// Re-reads the token table after a token was created or revoked.
    pub fn reload_tokens(&self) -> Result<(), crate::store::StoreError> {
        self.tokens.replace(self.store.tokens()?);
        Ok(())
    }
}

/// What requests read: the catalog, and its replies' fixed parts already
/// rendered as JSON. Swapped whole, so the two always agree.
pub struct Live {
    pub catalog: Catalog,
    pub json: Prerendered,
}

impl Live {
    fn new(catalog: Catalog) -> Self {
        Self {
            json: Prerendered::new(&catalog),
            catalog,
        }
    }
}

impl std::ops::Deref for Live {
    type Target = Catalog;

    fn deref(&self) -> &Catalog {
        &self.catalog
    }
}
