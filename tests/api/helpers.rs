//! The api suite's conveniences over the shared [`TestApp`], and the
//! `clinicfaq` binary as a child process for the CLI and signal tests.
//!
//! `TestApp::spawn()` serves the repo's own `faq/` (nothing copied); tests that
//! need different content edit a `content_copy()` with [`edit_entry`].

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Response, StatusCode};
use serde_json::Value;

use crate::app::TestApp;

/// The public API as the suite's tests use it.
pub trait PublicApi {
    /// GET that must answer 200 with JSON.
    async fn get_json(&self, path: &str) -> Value;
    /// POST /v1/ask that must answer 200; its JSON body.
    async fn ask(&self, question: &str) -> Value;
    /// POST /v1/ask with a raw body and content type.
    async fn post_ask_raw(&self, body: impl Into<reqwest::Body>, content_type: &str) -> Response;
    /// Everything a client can read, to prove a request changed nothing.
    async fn public_state(&self) -> Value;
}

impl PublicApi for TestApp {
    async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.expect("JSON body")
    }

    async fn ask(&self, question: &str) -> Value {
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

    async fn post_ask_raw(&self, body: impl Into<reqwest::Body>, content_type: &str) -> Response {
        self.client
            .post(self.url("/v1/ask"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST /v1/ask")
    }

    async fn public_state(&self) -> Value {
        serde_json::json!({
            "faqs": self.get_json("/v1/faqs").await,
            "providers": self.get_json("/v1/providers").await,
            "clinic": self.get_json("/v1/clinic").await,
            "entries": self.get_json("/health").await["entries"],
        })
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
