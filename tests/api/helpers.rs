//! A real server on 127.0.0.1:0 over a temp data dir, and a real client.
//!
//! `spawn_app()` serves the repo's own `faq/` (nothing copied); tests that need
//! different content copy it with [`content_copy`] and edit the copy.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::web;
use clinicfaq::api::AppState;
use clinicfaq::config::Settings;
use clinicfaq::startup::{self, HttpOptions};
use clinicfaq::store::Store;
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

/// The repository's sample content.
pub fn repo_faq() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Kept so the data dir outlives the server; `None` when the caller owns it.
    pub data_dir: Option<TempDir>,
    pub data_path: PathBuf,
    handle: ServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// The sample clinic on a fresh data dir.
pub async fn spawn_app() -> TestApp {
    let data = TempDir::new().expect("temp data dir");
    let path = data.path().join("db");
    let mut app = spawn_app_on(&repo_faq(), &path).await;
    app.data_dir = Some(data);
    app
}

/// A server over `content`, with its database in `data` (seeded on first start).
pub async fn spawn_app_on(content: &Path, data: &Path) -> TestApp {
    spawn_app_with(content, data, Some(1).into()).await
}

/// The sample clinic on a fresh data dir, with these HTTP options (e.g. a rate limit).
pub async fn spawn_app_with_options(options: HttpOptions) -> TestApp {
    let data = TempDir::new().expect("temp data dir");
    let path = data.path().join("db");
    let mut app = spawn_app_with(&repo_faq(), &path, options).await;
    app.data_dir = Some(data);
    app
}

async fn spawn_app_with(content: &Path, data: &Path, options: HttpOptions) -> TestApp {
    let settings = Settings::for_dirs(data.to_owned(), content.to_owned());
    let store = startup::open_store(&settings).expect("open and seed the store");
    let state = web::Data::new(AppState::new(store).expect("load the catalog"));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
    let port = listener.local_addr().unwrap().port();
    let server = startup::server(listener, state, options).expect("build the server");
    let handle = server.handle();
    let task = tokio::spawn(server);
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap(),
        data_dir: None,
        data_path: data.to_owned(),
        handle,
        task,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET that must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.expect("JSON body")
    }

    pub async fn ask(&self, question: &str) -> Value {
        let res = self
            .client
            .post(self.url("/v1/ask"))
            .json(&serde_json::json!({ "question": question }))
            .send()
            .await
            .expect("POST /v1/ask");
        assert_eq!(res.status(), StatusCode::OK, "asking {question:?}");
        res.json().await.expect("JSON body")
    }

    /// POST /v1/ask with a raw body and content type.
    pub async fn post_ask_raw(
        &self,
        body: impl Into<reqwest::Body>,
        content_type: &str,
    ) -> Response {
        self.client
            .post(self.url("/v1/ask"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST /v1/ask")
    }

    /// Everything a client can read, to prove a request changed nothing.
    pub async fn public_state(&self) -> Value {
        serde_json::json!({
            "faqs": self.get_json("/v1/faqs").await,
            "providers": self.get_json("/v1/providers").await,
            "clinic": self.get_json("/v1/clinic").await,
            "entries": self.get_json("/health").await["entries"],
        })
    }

    /// Stops the server gracefully and waits until it has let go of the database.
    pub async fn stop(self) -> Option<TempDir> {
        self.handle.stop(true).await;
        self.task.await.expect("server task").expect("server ran");
        // The server future resolves as its workers are told to stop; their
        // threads drop the app state (and with it the sled lock) a moment later.
        let path = self.data_path.clone();
        tokio::task::spawn_blocking(move || Store::open_waiting(&path, Duration::from_secs(10)))
            .await
            .expect("reopen task")
            .unwrap_or_else(|err| panic!("the stopped server kept its data dir: {err}"));
        self.data_dir
    }
}

/// Asserts the one error contract: status, JSON `{"error":{"code","message"}}`
/// with exactly those keys, the expected code and a request id.
pub async fn assert_error(res: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(res.status(), status);
    assert!(
        res.headers().contains_key("x-request-id"),
        "no x-request-id"
    );
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = res.json().await.expect("JSON error body");
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["error"], "{body}");
    let error = body["error"].as_object().unwrap();
    let mut keys: Vec<&String> = error.keys().collect();
    keys.sort();
    assert_eq!(keys, ["code", "message"], "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        !body["error"]["message"].as_str().unwrap().is_empty(),
        "{body}"
    );
    body
}

/// A private, editable copy of the repo's `faq/`.
pub fn content_copy() -> TempDir {
    let dir = TempDir::new().expect("temp content dir");
    copy_dir(&repo_faq(), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Rewrites one entry file in a content dir.
pub fn edit_entry(content: &Path, slug: &str, edit: impl FnOnce(String) -> String) {
    let path = content.join("entries").join(format!("{slug}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "edit of {slug} changed nothing");
    std::fs::write(path, edited).unwrap();
}

pub fn set_status(content: &Path, slug: &str, status: &str) {
    edit_entry(content, slug, |t| {
        t.replace("status = \"published\"", &format!("status = \"{status}\""))
    });
}

/// The `clinicfaq` binary, with none of the caller's CLINICFAQ_* settings leaking in.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clinicfaq"));
    for (key, _) in std::env::vars() {
        if key.starts_with("CLINICFAQ_") {
            cmd.env_remove(key);
        }
    }
    cmd.args(["--log", "info", "--log-format", "text"])
        .stdin(Stdio::null());
    cmd
}

/// A `clinicfaq serve` child process; its stderr is collected in `log`.
pub struct Served {
    pub child: Child,
    pub address: String,
    pub log: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// Starts the binary on port 0 and waits for its "listening" line.
pub fn serve_bin(content: &Path, data: &Path) -> Served {
    let mut child = bin()
        .arg("--bind")
        .arg("127.0.0.1:0")
        .arg("--content")
        .arg(content)
        .arg("--data")
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clinicfaq");
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let sink = log.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("clinicfaq listening") {
                if let Some(addr) = line.split("addr=").nth(1) {
                    let _ = tx.send(addr.split_whitespace().next().unwrap_or("").to_owned());
                }
            }
            let mut log = sink.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    });
    let addr = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(addr) => addr,
        Err(_) => {
            let _ = child.kill();
            panic!("clinicfaq did not start:\n{}", log.lock().unwrap());
        }
    };
    let served = Served {
        child,
        address: format!("http://{addr}"),
        log,
        reader: Some(reader),
    };
    // "listening" is logged just before the server (and its signal handlers)
    // starts; a first answered request means both are up.
    wait_until_answering(&addr, &served);
    served
}

fn wait_until_answering(addr: &str, served: &Served) {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut conn) = std::net::TcpStream::connect(addr) {
            let mut reply = String::new();
            let asked = conn.write_all(b"GET /health HTTP/1.0\r\n\r\n").is_ok()
                && conn.read_to_string(&mut reply).is_ok();
            if asked && reply.starts_with("HTTP/1.") && reply.contains(" 200 ") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("clinicfaq never answered:\n{}", served.log.lock().unwrap());
}

impl Served {
    pub fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns its status and full log.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let killed = Command::new("kill")
            .args(["-TERM", &self.pid()])
            .status()
            .expect("run kill");
        assert!(killed.success());
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("clinicfaq ignored SIGTERM:\n{}", self.log.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        self.reader.take().unwrap().join().unwrap();
        let log = self.log.lock().unwrap().clone();
        (status, log)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        if self.reader.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
