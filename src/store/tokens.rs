//! Staff tokens, keyed by the SHA-256 of the secret. The secret itself is
//! never stored.

use std::sync::Mutex;

use sled::transaction::Transactional;
use time::OffsetDateTime;

use super::audit::{AuditDraft, Outcome};
use super::revisions::{abort, tx_get, unwrap_tx, WriteError};
use super::{encode, values, Store, StoreError};
use crate::auth::TokenRecord;
use crate::content::workflow::{person_key, Role};

impl Store {
    pub fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        values(&self.tokens)
    }

    /// Stores a new token, with its audit record when an actor made it.
    /// Four eyes compares names, so no two usable tokens may name one
    /// person under [`person_key`] (`Dr-Robin` and `dr-robin`).
    pub fn insert_token(&self, record: &TokenRecord, audit: &AuditDraft) -> Result<(), WriteError> {
        let _writing = self.writing();
        // sled's transactions cannot scan a tree: one insert at a time.
        static INSERTING: Mutex<()> = Mutex::new(());
        let _one = INSERTING.lock().unwrap_or_else(|e| e.into_inner());
        let now = OffsetDateTime::now_utc();
        let key = person_key(&record.name);
        if let Some(taken) = self.tokens()?.into_iter().find(|t| {
            t.revoked_at.is_none()
                && t.expires_at.is_none_or(|e| e > now)
                && person_key(&t.name) == key
        }) {
            return Err(WriteError::NameTaken(taken.name));
        }
        let result = (&self.tokens, &self.audit).transaction(|(tokens, log)| {
            tokens.insert(record.hash.as_bytes(), encode(record))?;
            audit.append_tx(log, now, Outcome::Ok, 201, None)?;
            Ok(())
        });
        unwrap_tx(result)?;
        self.flush()?;
        Ok(())
    }

    /// Revokes the token with this public id. Revoking twice is a no-op.
    pub fn revoke_token(&self, id: &str, audit: &AuditDraft) -> Result<TokenRecord, WriteError> {
        let _writing = self.writing();
        let key = match self.tokens.scan_prefix(id.as_bytes()).keys().next() {
            Some(k) if id.len() == crate::auth::token::ID_LEN => k.map_err(StoreError::from)?,
            _ => return Err(WriteError::NotFound(format!("token {id}"))),
        };
        let now = OffsetDateTime::now_utc();
        let result = (&self.tokens, &self.audit).transaction(|(tokens, log)| {
            let Some(mut record) = tx_get::<TokenRecord>(tokens, &key)? else {
                return abort(WriteError::NotFound(format!("token {id}")));
            };
            record.revoked_at.get_or_insert(now);
            tokens.insert(&key, encode(&record))?;
            audit.append_tx(log, now, Outcome::Ok, 200, None)?;
            Ok(record)
        });
        let record = unwrap_tx(result)?;
        self.flush()?;
        Ok(record)
    }

    /// Makes the stored bootstrap admin match `CLINICFAQ_ADMIN_TOKEN`: a new
    /// value replaces the old record, no value removes it. A bootstrap token
    /// revoked through the API stays revoked until the variable changes.
    pub fn sync_bootstrap_admin(&self, hash: Option<&str>) -> Result<(), StoreError> {
        let _writing = self.writing();
        let now = OffsetDateTime::now_utc();
        let mut changed = false;
        for record in self.tokens()? {
            if record.bootstrap && Some(record.hash.as_str()) != hash {
                self.tokens.remove(record.hash.as_bytes())?;
                changed = true;
            }
        }
        if let Some(hash) = hash {
            if !self.tokens.contains_key(hash.as_bytes())? {
                let name = crate::auth::TokenName::parse("bootstrap-admin").expect("valid name");
                let mut record = TokenRecord::new(
                    hash.to_owned(),
                    name,
                    Role::Admin,
                    now,
                    None,
                    "CLINICFAQ_ADMIN_TOKEN",
                );
                record.bootstrap = true;
                self.tokens.insert(hash.as_bytes(), encode(&record))?;
                changed = true;
            }
        }
        if changed {
            self.append_audit(
                &AuditDraft::system("bootstrap admin token", "tokens/bootstrap-admin"),
                Outcome::Ok,
                200,
                Some(if hash.is_some() { "set" } else { "removed" }.to_owned()),
            )?;
            self.flush()?;
        }
        Ok(())
    }
}
