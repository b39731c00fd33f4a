//! A real server on port 0 with a temp database seeded from faq/, and one
//! token per role plus an expired and a revoked one.

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::web;
use clinicfaq::api::AppState;
use clinicfaq::config::{Policy, Settings};
use clinicfaq::content::workflow::Role;
use clinicfaq::startup;
use clinicfaq::store::AuditDraft;

#[path = "../common/tokens.rs"]
mod tokens;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

pub use tokens::make_token;

pub struct App {
    pub base: String,
    pub client: reqwest::Client,
    pub state: web::Data<AppState>,
    pub dir: tempfile::TempDir,
    pub admin: String,
    pub editor: String,
    pub editor2: String,
    pub clinician: String,
    pub clinician2: String,
    pub expired: String,
    pub revoked: String,
}

pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("faq")
}

pub async fn spawn() -> App {
    spawn_with(Policy::default()).await
}

pub async fn spawn_with(policy: Policy) -> App {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::for_dirs(dir.path().join("db"), content_dir());
    let store = startup::open_store(&settings).unwrap();
    let state = web::Data::new(AppState::with_policy(store, policy).unwrap());
    let tok = |name: &str, role| make_token(&state, name, role, Some(30));
    let app_tokens = (
        tok("ada-admin", Role::Admin),
        tok("sam-editor", Role::Editor),
        tok("kim-editor", Role::Editor),
        tok("dr-robin", Role::Clinician),
        tok("dr-lee", Role::Clinician),
        make_token(&state, "old-editor", Role::Editor, Some(-1)),
    );
    let revoked = tok("gone-editor", Role::Editor);
    let id = clinicfaq::auth::token::hash(&revoked)[..12].to_owned();
    state
        .store
        .revoke_token(&id, &AuditDraft::system("test revoke", "tokens"))
        .unwrap();
    state.reload_tokens().unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = startup::server(listener, state.clone(), Some(1)).unwrap();
    tokio::spawn(server);
    App {
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        state,
        dir,
        admin: app_tokens.0,
        editor: app_tokens.1,
        editor2: app_tokens.2,
        clinician: app_tokens.3,
        clinician2: app_tokens.4,
        expired: app_tokens.5,
        revoked,
    }
}

impl App {
    pub fn req(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    /// GET `path` and its JSON body, which must come with a 200.
    pub async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        let res = self.req(Method::GET, path, token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    /// A staff FAQ and its ETag version; `slug` may carry a query
    /// (`"treatment-process?lang=es"` for the Spanish version).
    pub async fn faq(&self, slug: &str) -> (Value, u32) {
        let res = self
            .req(
                Method::GET,
                &format!("/v1/staff/faqs/{slug}"),
                Some(&self.editor),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let etag = etag(&res);
        (res.json().await.unwrap(), etag)
    }

    /// PUT a new draft of `slug` with `answer`, using the current ETag.
    pub async fn edit(&self, token: &str, slug: &str, answer: &str) -> Response {
        let (faq, version) = self.faq(slug).await;
        let mut content = faq["working"]["faq"].clone();
        if content.is_null() {
            content = faq["published"]["faq"].clone();
        }
        content["answer"] = Value::String(self::answer(answer));
        self.req(Method::PUT, &format!("/v1/staff/faqs/{slug}"), Some(token))
            .header("If-Match", format!("\"{version}\""))
            .json(&serde_json::json!({"faq": content, "note": "test edit"}))
            .send()
            .await
            .unwrap()
    }

    /// PUT `body` (`{"faq": ..., "note": ...}`) as a new draft of `slug`,
    /// with `version` as the If-Match.
    pub async fn put_faq(&self, token: &str, slug: &str, version: u32, body: &Value) -> Response {
        self.req(Method::PUT, &format!("/v1/staff/faqs/{slug}"), Some(token))
            .header("If-Match", format!("\"{version}\""))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// POST a new FAQ as the editor.
    pub async fn create_faq(&self, body: &Value) -> Response {
        self.req(Method::POST, "/v1/staff/faqs", Some(&self.editor))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Asserts that `token` may not approve `slug`'s working revision
    /// because of four eyes.
    pub async fn assert_four_eyes(&self, token: &str, slug: &str) {
        let res = self.step(token, slug, "approve").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(res).await, "four_eyes");
    }

    /// POST a workflow step with the current ETag.
    pub async fn step(&self, token: &str, slug: &str, step: &str) -> Response {
        let (_, version) = self.faq(slug).await;
        self.req(
            Method::POST,
            &format!("/v1/staff/faqs/{slug}/{step}"),
            Some(token),
        )
        .header("If-Match", format!("\"{version}\""))
        .send()
        .await
        .unwrap()
    }

    /// The public answer text of `slug`, or None when it is not public.
    pub async fn public_answer(&self, slug: &str) -> Option<String> {
        let res = self
            .req(Method::GET, &format!("/v1/faqs/{slug}"), None)
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::NOT_FOUND {
            return None;
        }
        let body: Value = res.json().await.unwrap();
        Some(body["answer"].as_str().unwrap().to_owned())
    }
}

/// A test answer that meets the editorial rules (60-180 words): `lead`,
/// then sample text that says so.
pub fn answer(lead: &str) -> String {
    format!(
        "{lead} This sample answer is placeholder text written for an automated test of the staff workflow. It explains nothing about treatment and must never be read as medical advice. A qualified provider at the clinic can answer questions about your own situation, your history and your options. Please talk with your care team before you decide anything about treatment, and ask them about anything that is unclear."
    )
}

pub fn etag(res: &Response) -> u32 {
    res.headers()
        .get("etag")
        .expect("ETag header")
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap()
}

pub async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
