//! API tokens: 256 random bits, shown once, stored only as a SHA-256 hash.
//! A plain hash is enough here: the secret has full entropy, so there is
//! nothing for a slow password hash to protect against.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::content::workflow::{Actor, Role};

/// Every token starts with this, so secret scanners and humans can spot one.
pub const PREFIX: &str = "cfq_";
/// Length of the public token id: a prefix of the hash, safe to show and log.
pub const ID_LEN: usize = 12;
/// Longest lifetime a token may be given.
pub const MAX_DAYS: u32 = 365;

/// A freshly generated token: the secret to hand out once, and what is stored.
pub struct NewToken {
    pub secret: String,
    pub hash: String,
}

pub fn generate() -> Result<NewToken, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let secret = format!("{PREFIX}{}", hex(&bytes));
    let hash = hash(&secret);
    Ok(NewToken { secret, hash })
}

/// SHA-256 of the whole token string, lowercase hex.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored per token (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// The first [`ID_LEN`] hex digits of the hash.
    pub id: String,
    pub hash: String,
    pub name: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// None only for the bootstrap admin, which lives as long as its env var.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub created_by: String,
    /// The holder's name as patients see it on answers they approved
    /// ("Robin Sample"), and their credentials ("MD").
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub credentials: Option<String>,
    /// Came from CLINICFAQ_ADMIN_TOKEN; replaced when that variable changes.
    #[serde(default)]
    pub bootstrap: bool,
}

impl TokenRecord {
    pub fn new(
        hash: String,
        name: TokenName,
        role: Role,
        now: OffsetDateTime,
        days: Option<u32>,
        created_by: &str,
    ) -> Self {
        Self {
            id: hash[..ID_LEN].to_owned(),
            hash,
            name: name.0,
            role,
            created_at: now,
            expires_at: days.map(|d| now + time::Duration::days(i64::from(d))),
            revoked_at: None,
            created_by: created_by.to_owned(),
            display_name: None,
            credentials: None,
            bootstrap: false,
        }
    }

    /// Sets how patients see the holder: a clinician's approvals name them
    /// on every answer. The display name is 1-80 characters and not blank,
    /// credentials up to 80; neither has control characters.
    pub fn with_identity(
        mut self,
        display_name: &str,
        credentials: Option<&str>,
    ) -> Result<Self, String> {
        let text = |v: Option<&str>, what: &str| -> Result<Option<String>, String> {
            let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            if v.chars().count() > 80 || v.chars().any(char::is_control) {
                return Err(format!(
                    "{what} is up to 80 characters, without control characters"
                ));
            }
            Ok(Some(v.to_owned()))
        };
        self.display_name = text(Some(display_name), "display_name")?;
        self.credentials = text(credentials, "credentials")?;
        if self.display_name.is_none() {
            return Err(
                "display_name must not be blank: patients see it on every answer \
                 the holder approves"
                    .into(),
            );
        }
        Ok(self)
    }

    /// The holder with their name as patients see it.
    pub fn shown_as(&self) -> Option<String> {
        let name = self.display_name.as_deref()?.trim();
        Some(match self.credentials.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => format!("{name}, {c}"),
            _ => name.to_owned(),
        })
    }

    /// The actor behind this token, if it is usable at `now`.
    pub fn actor(&self, now: OffsetDateTime) -> Result<Actor, AuthError> {
        if self.revoked_at.is_some() {
            return Err(AuthError::Revoked);
        }
        if self.expires_at.is_some_and(|e| e <= now) {
            return Err(AuthError::Expired);
        }
        Ok(Actor {
            name: self.name.clone(),
            role: self.role,
            shown_as: self.shown_as(),
        })
    }
}

/// Why a request is unauthenticated. Messages never echo the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("this route needs a staff token: send `Authorization: Bearer <token>`")]
    Missing,
    #[error("the Authorization header must be `Bearer <token>`")]
    Malformed,
    #[error("the token is not valid")]
    Unknown,
    #[error("the token has expired")]
    Expired,
    #[error("the token has been revoked")]
    Revoked,
}

/// A token's name: who holds it. Four eyes compares these, so name people
/// (`dr-robin`), not devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_LEN: usize = 64;

    /// Trimmed and not blank. The length and the ban on control characters
    /// apply to the name as sent, like the spec's maxLength and pattern.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        if name.is_empty() || raw.chars().count() > Self::MAX_LEN {
            return Err(format!("a token name is 1-{} characters", Self::MAX_LEN));
        }
        if raw.chars().any(char::is_control) {
            return Err("a token name must not contain control characters".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A secret held in configuration. Debug output never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Shortest accepted operator-chosen admin token.
    pub const MIN_LEN: usize = 32;
    /// Fewest distinct characters: 41 `a`s or `abab…` are long but guessable.
    /// A generated token (`cfq_` and 64 hex digits) has all 16 hex digits
    /// all but never; a random 32-character password about 25.
    pub const MIN_DISTINCT: usize = 12;

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.chars().count() < Self::MIN_LEN || s.chars().any(char::is_whitespace) {
            return Err(format!(
                "the admin token must be at least {} characters without spaces \
                 (e.g. generate one with `clinicfaq token generate`)",
                Self::MIN_LEN
            ));
        }
        let mut distinct: Vec<char> = s.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < Self::MIN_DISTINCT {
            return Err(format!(
                "the admin token is too easy to guess: it has {} different characters, and needs \
                 at least {} (generate one with `clinicfaq token generate`)",
                distinct.len(),
                Self::MIN_DISTINCT
            ));
        }
        Ok(Self(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_but_guessable_admin_token_is_refused() {
        for weak in ["a".repeat(41), "ab".repeat(20), "0123456789".repeat(4)] {
            assert!(weak.parse::<Secret>().is_err(), "{weak}");
        }
        assert!(
            "cfq_3f9a1c0b7d2e44aa9b1c0d2e3f4a5b6c7d8e9f00112233445566778899aabbcc"
                .parse::<Secret>()
                .is_ok()
        );
    }

    #[test]
    fn tokens_are_random_prefixed_and_hashed() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with(PREFIX));
        assert_eq!(a.secret.len(), PREFIX.len() + 64);
        assert_eq!(a.hash, hash(&a.secret));
        assert!(!a.hash.contains(&a.secret[PREFIX.len()..]));
    }

    #[test]
    fn expired_and_revoked_tokens_do_not_authenticate() {
        let now = OffsetDateTime::now_utc();
        let name = TokenName::parse("robin").unwrap();
        let mut rec = TokenRecord::new(hash("x"), name, Role::Editor, now, Some(1), "t");
        assert!(rec.actor(now).is_ok());
        assert_eq!(
            rec.actor(now + time::Duration::days(2)),
            Err(AuthError::Expired)
        );
        rec.revoked_at = Some(now);
        assert_eq!(rec.actor(now), Err(AuthError::Revoked));
    }

    #[test]
    fn secrets_do_not_debug_print() {
        let s: Secret = "a-very-long-operator-chosen-secret-123".parse().unwrap();
        assert!(!format!("{s:?}").contains("operator"));
        assert!("short".parse::<Secret>().is_err());
    }
}
