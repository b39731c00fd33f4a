//! Staff roles and which of them may do what. The workflow enforces these;
//! the HTTP extractor checks them before a handler runs.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a staff token may do. Roles are not nested: an admin manages tokens,
/// providers and settings but does not approve clinical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes drafts and submits them for review.
    Editor,
    /// Approves or rejects, publishes and retires; may also write drafts.
    Clinician,
    /// Manages tokens, providers and clinic settings; reads the audit log.
    Admin,
}

impl Role {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "editor" => Some(Self::Editor),
            "clinician" => Some(Self::Clinician),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Editor => "editor",
            Self::Clinician => "clinician",
            Self::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may write drafts, submit them and restore old revisions.
pub const WRITERS: &[Role] = &[Role::Editor, Role::Clinician];
/// Who may approve, reject, publish and retire.
pub const REVIEWERS: &[Role] = &[Role::Clinician];
/// Who may manage tokens, propose provider and settings changes, read the audit log.
pub const ADMINS: &[Role] = &[Role::Admin];
/// Every staff role: read-only staff views.
pub const STAFF: &[Role] = &[Role::Editor, Role::Clinician, Role::Admin];
