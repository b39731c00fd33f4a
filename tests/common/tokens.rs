//! Minting staff tokens straight into a test server's store, as
//! `clinicfaq token create` does, for the test harness's token per role (app.rs).

use clinicfaq::api::AppState;
use clinicfaq::auth::token::generate;
use clinicfaq::auth::{TokenName, TokenRecord};
use clinicfaq::content::workflow::Role;
use clinicfaq::store::AuditDraft;
use time::OffsetDateTime;

/// Stores a token directly (as `clinicfaq token create` does) and returns its secret.
pub fn make_token(state: &AppState, name: &str, role: Role, days: Option<i64>) -> String {
    let new = generate().unwrap();
    let now = OffsetDateTime::now_utc();
    let mut record = TokenRecord::new(
        new.hash,
        TokenName::parse(name).unwrap(),
        role,
        now,
        Some(1),
        "test",
    )
    .with_identity(&format!("Test {name}"), Some("sample credentials"))
    .unwrap();
    record.expires_at = days.map(|d| now + time::Duration::days(d));
    state
        .store
        .insert_token(&record, &AuditDraft::system("test token", "tokens"))
        .unwrap();
    state.reload_tokens().unwrap();
    new.secret
}
