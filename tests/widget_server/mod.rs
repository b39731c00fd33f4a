//! Starts the real server on port 0 with a temp data dir, for the widget tests.

use std::fs;
use std::net::TcpListener;
use std::path::Path;

use actix_web::web;
use clinicfaq::auth::token::generate;
use clinicfaq::auth::{TokenName, TokenRecord};
use clinicfaq::config::Settings;
use clinicfaq::content::workflow::Role;
use clinicfaq::startup::{self, AppState, HttpOptions};
use clinicfaq::store::AuditDraft;
use tempfile::TempDir;
use time::OffsetDateTime;

pub struct TestServer {
    pub base: String,
    /// An editor's bearer token, for the staff-only feedback counts.
    pub staff_token: String,
    _data: TempDir,
}

/// The repository's sample content.
pub fn sample_content() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

/// Serves `content` from a fresh database, allowing `cors_origins` cross-origin.
pub async fn spawn(content: &Path, cors_origins: &[&str]) -> TestServer {
    let data = tempfile::tempdir().expect("temp data dir");
    let settings = Settings::for_dirs(data.path().join("db"), content.to_owned());
    let store = startup::open_store(&settings).expect("seed the store");
    let state = web::Data::new(AppState::new(store).expect("load the catalog"));
    let staff_token = editor_token(&state);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let options = HttpOptions {
        workers: Some(1),
        cors_origins: cors_origins.iter().map(|o| o.to_string()).collect(),
    };
    let server = startup::server(listener, state, options).expect("build the server");
    tokio::spawn(server);
    TestServer {
        base,
        staff_token,
        _data: data,
    }
}

fn editor_token(state: &AppState) -> String {
    let new = generate().expect("random token");
    let now = OffsetDateTime::now_utc();
    let mut record = TokenRecord::new(
        new.hash,
        TokenName::parse("widget-test-editor").unwrap(),
        Role::Editor,
        now,
        Some(1),
        "test",
    );
    record.expires_at = Some(now + time::Duration::days(1));
    state
        .store
        .insert_token(&record, &AuditDraft::system("test token", "tokens"))
        .expect("store the token");
    state.reload_tokens().expect("reload tokens");
    new.secret
}

/// Copies a content directory (one level of subfolders, as `faq/` has) into `to`.
pub fn copy_content(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).expect("read content dir") {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_content(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
