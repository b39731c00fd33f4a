//! Starts the real server on port 0 with a temp data dir, for the widget tests.

use std::fs;
use std::net::TcpListener;
use std::path::Path;

use actix_web::web;
use clinicfaq::api::AppState;
use clinicfaq::config::Settings;
use clinicfaq::content::workflow::Role;
use clinicfaq::startup::{self, HttpOptions};
use tempfile::TempDir;

#[path = "../common/tokens.rs"]
mod tokens;
use tokens::make_token;

pub struct TestServer {
    pub base: String,
    /// An editor's bearer token, for the staff-only feedback counts.
    pub staff_token: String,
    /// Two clinicians' tokens, for the staff console's review (tests/browser.rs; the
    /// widget tests share this module and leave them unread).
    #[allow(dead_code)]
    pub clinician_tokens: [String; 2],
    /// An admin's token, for the console's staff-access page (tests/browser.rs).
    #[allow(dead_code)]
    pub admin_token: String,
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
    let staff_token = make_token(&state, "widget-test-editor", Role::Editor, Some(1));
    let clinician_tokens = [
        make_token(&state, "console-dr-one", Role::Clinician, Some(1)),
        make_token(&state, "console-dr-two", Role::Clinician, Some(1)),
    ];
    let admin_token = make_token(&state, "console-admin", Role::Admin, Some(1));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let options = HttpOptions {
        workers: Some(1),
        cors_origins: cors_origins.iter().map(|o| o.to_string()).collect(),
        ..HttpOptions::default()
    };
    let server = startup::server(listener, state, options).expect("build the server");
    tokio::spawn(server);
    TestServer {
        base,
        staff_token,
        clinician_tokens,
        admin_token,
        _data: data,
    }
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
