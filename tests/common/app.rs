//! The one test server: the real app on 127.0.0.1:0 over a temp data dir, a
//! token per staff role, and a real client. Every suite that talks HTTP to an
//! in-process server starts it here:
//!
//! ```ignore
//! let app = TestApp::spawn().await; // the repo's faq/, a fresh data dir
//! let app = TestApp::builder().content(dir).policy(policy).options(http).spawn().await;
//! ```
//!
//! Suites add their own conveniences (ask, edit, ...) as extension traits.

// Each test binary includes this file and uses a different part of it.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::web;
use clinicfaq::api::AppState;
use clinicfaq::auth::token::ID_LEN;
use clinicfaq::config::{Policy, Settings};
use clinicfaq::content::workflow::Role;
use clinicfaq::startup::{self, HttpOptions};
use clinicfaq::store::{AuditDraft, Store};
use reqwest::{Method, RequestBuilder, Response};
use tempfile::TempDir;

#[path = "files.rs"]
mod files;
#[path = "tokens.rs"]
mod tokens;
use files::copy_dir;

/// The repository's sample content.
pub fn repo_faq() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

/// A private, editable copy of the repo's `faq/`.
pub fn content_copy() -> TempDir {
    let dir = TempDir::new().expect("temp content dir");
    copy_dir(&repo_faq(), dir.path());
    dir
}

/// Turns a hung server into a failure. Not 10 s: a publish rebuilds the
/// catalog, which takes about 9 s in a debug build on two cores.
const REQUEST_LIMIT: Duration = Duration::from_secs(60);

pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The bound socket, for tests that speak raw HTTP over TCP.
    pub addr: SocketAddr,
    /// Redirects are not followed; a request gives up after [`REQUEST_LIMIT`].
    pub client: reqwest::Client,
    /// The server's own state, for arranging and inspecting the store.
    pub state: web::Data<AppState>,
    pub data_path: PathBuf,
    /// Kept so the data dir outlives the server; `None` when the caller owns it.
    pub data_dir: Option<TempDir>,
    /// Bearer tokens, one per person. `ada-admin`, an admin.
    pub admin: String,
    /// `sam-editor` and `kim-editor`, editors.
    pub editor: String,
    pub editor2: String,
    /// `dr-robin` and `dr-lee`, clinicians.
    pub clinician: String,
    pub clinician2: String,
    /// `old-editor`, expired yesterday.
    pub expired: String,
    /// `gone-editor`, revoked.
    pub revoked: String,
    handle: ServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// What to serve; see [`TestApp::builder`].
pub struct TestAppBuilder {
    content: PathBuf,
    data: Option<PathBuf>,
    policy: Policy,
    options: HttpOptions,
}

impl TestAppBuilder {
    /// Seed a new database from `dir` instead of the repo's `faq/`.
    pub fn content(mut self, dir: &Path) -> Self {
        self.content = dir.to_owned();
        self
    }

    /// Keep the database in `dir` (the caller owns it; it may hold one already).
    pub fn data(mut self, dir: &Path) -> Self {
        self.data = Some(dir.to_owned());
        self
    }

    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Replaces all HTTP options; the default is one worker and nothing else.
    pub fn options(mut self, options: HttpOptions) -> Self {
        self.options = options;
        self
    }

    /// Allows these site origins cross-origin (the widget's CORS allowlist).
    pub fn cors(mut self, origins: &[&str]) -> Self {
        self.options.cors_origins = origins.iter().map(|o| o.to_string()).collect();
        self
    }

    pub async fn spawn(self) -> TestApp {
        let (data_dir, data_path) = match self.data {
            Some(path) => (None, path),
            None => {
                let dir = TempDir::new().expect("temp data dir");
                let path = dir.path().join("db");
                (Some(dir), path)
            }
        };
        let settings = Settings::for_dirs(data_path.clone(), self.content);
        let store = startup::open_store(&settings).expect("open and seed the store");
        let state =
            web::Data::new(AppState::with_policy(store, self.policy).expect("load the catalog"));
        let tokens = Tokens::mint(&state);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let addr = listener.local_addr().unwrap();
        let server =
            startup::server(listener, state.clone(), self.options).expect("build the server");
        let handle = server.handle();
        let task = tokio::spawn(server);
        TestApp {
            address: format!("http://{addr}"),
            addr,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(REQUEST_LIMIT)
                .build()
                .unwrap(),
            state,
            data_path,
            data_dir,
            admin: tokens.admin,
            editor: tokens.editor,
            editor2: tokens.editor2,
            clinician: tokens.clinician,
            clinician2: tokens.clinician2,
            expired: tokens.expired,
            revoked: tokens.revoked,
            handle,
            task,
        }
    }
}

impl TestApp {
    /// The repo's `faq/` on a fresh data dir, `Policy::default()`, one worker.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            content: repo_faq(),
            data: None,
            policy: Policy::default(),
            options: HttpOptions {
                workers: Some(1),
                ..HttpOptions::default()
            },
        }
    }

    /// The sample clinic with every default.
    pub async fn spawn() -> TestApp {
        Self::builder().spawn().await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A request to `path`, with `token` as its bearer when given.
    pub fn req(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let req = self.client.request(method, self.url(path));
        match token {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }

    /// An anonymous GET.
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// Stops the server gracefully and waits until it has let go of the database.
    pub async fn stop(self) -> Option<TempDir> {
        let TestApp {
            state,
            data_path,
            data_dir,
            handle,
            task,
            ..
        } = self;
        handle.stop(true).await;
        task.await.expect("server task").expect("server ran");
        // Ours is one of the handles on the store; the workers' threads drop
        // theirs (and with the last, the sled lock) a moment after stopping.
        drop(state);
        tokio::task::spawn_blocking(move || {
            Store::open_waiting(&data_path, Duration::from_secs(10))
        })
        .await
        .expect("reopen task")
        .unwrap_or_else(|err| panic!("the stopped server kept its data dir: {err}"));
        data_dir
    }
}

struct Tokens {
    admin: String,
    editor: String,
    editor2: String,
    clinician: String,
    clinician2: String,
    expired: String,
    revoked: String,
}

impl Tokens {
    fn mint(state: &AppState) -> Self {
        let usable = [
            "ada-admin",
            "sam-editor",
            "kim-editor",
            "dr-robin",
            "dr-lee",
        ];
        // A reused data dir still holds the last server's tokens, whose secrets
        // went with it; retire them so the names are free for new ones.
        for old in state.store.tokens().unwrap() {
            if old.revoked_at.is_none() && usable.contains(&old.name.as_str()) {
                revoke(state, &old.id);
            }
        }
        let make = |name: &str, role, days| tokens::make_token(state, name, role, Some(days));
        let tokens = Self {
            admin: make("ada-admin", Role::Admin, 30),
            editor: make("sam-editor", Role::Editor, 30),
            editor2: make("kim-editor", Role::Editor, 30),
            clinician: make("dr-robin", Role::Clinician, 30),
            clinician2: make("dr-lee", Role::Clinician, 30),
            expired: make("old-editor", Role::Editor, -1),
            revoked: make("gone-editor", Role::Editor, 30),
        };
        revoke(
            state,
            &clinicfaq::auth::token::hash(&tokens.revoked)[..ID_LEN],
        );
        tokens
    }
}

fn revoke(state: &AppState, id: &str) {
    state
        .store
        .revoke_token(id, &AuditDraft::system("test revoke", "tokens"))
        .unwrap();
    state.reload_tokens().unwrap();
}
