//! OWASP API Security Top 10 (2023), the items that apply today, each as a test.
//!
//! | item | where it is proved |
//! |---|---|
//! | API1 object-level authorisation: drafts, entries in review and retired entries are 404 | tests/api/visibility.rs |
//! | API2 authentication, API5 function-level authorisation: every staff route × role × bad token | tests/staff/roles.rs; tokens never reach the logs: here |
//! | API3 object property level (mass assignment), public and staff bodies | here |
//! | API4 resource consumption: body size, slow bodies, slow heads, question length, list sizes, rate limit | here, tests/api/bad_input.rs, tests/api/rate_limit.rs |
//! | API8 misconfiguration: security headers on every kind of response, no server banner | here; CORS allowlist in tests/widget.rs |
//! | API9 inventory: every route is in the spec, and nothing else is served | tests/openapi.rs, tests/api/bad_input.rs (404/405) |
//!
//! API6 (business flows), API7 (SSRF) and API10 (consuming other APIs) do not
//! apply: the service makes no outbound requests from user input.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clinicfaq::config::RateLimit;
use clinicfaq::startup::HttpOptions;
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[path = "common/app.rs"]
mod app;
use app::TestApp;

const FOREIGN_SITE: &str = "https://evil.example";
const CLINIC_SITE: &str = "https://www.clinic.example";

/// The sample clinic with the clinic's site on the CORS allowlist.
async fn spawn_default() -> TestApp {
    TestApp::builder().cors(&[CLINIC_SITE]).spawn().await
}

async fn spawn(options: HttpOptions) -> TestApp {
    TestApp::builder().options(options).spawn().await
}

/// What these tests send and read, over the shared harness.
trait Probe {
    async fn post_json(&self, path: &str, body: &str) -> Response;
    /// The feedback counts (staff-only).
    async fn votes(&self) -> Value;
    async fn json(&self, path: &str) -> Value;
    /// Sends raw bytes on a fresh connection and reads until the server
    /// closes it (or `wait` passes); returns the reply and how long it took.
    async fn raw(&self, bytes: &[u8], wait: Duration) -> (String, Duration);
}

impl Probe for TestApp {
    async fn post_json(&self, path: &str, body: &str) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    async fn votes(&self) -> Value {
        let res = self
            .client
            .get(self.url("/v1/staff/feedback"))
            .bearer_auth(&self.editor)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET /v1/staff/feedback");
        res.json().await.unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        let res = self.client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    async fn raw(&self, bytes: &[u8], wait: Duration) -> (String, Duration) {
        let mut conn = TcpStream::connect(self.addr).await.unwrap();
        conn.write_all(bytes).await.unwrap();
        let started = Instant::now();
        let mut reply = Vec::new();
        let _ = tokio::time::timeout(wait, conn.read_to_end(&mut reply)).await;
        (
            String::from_utf8_lossy(&reply).into_owned(),
            started.elapsed(),
        )
    }
}

async fn error_code(res: Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

// --- API3: mass assignment ---------------------------------------------------

#[tokio::test]
async fn privileged_or_unknown_fields_in_bodies_are_rejected_and_change_nothing() {
    let server = spawn_default().await;
    let faqs_before = server.json("/v1/faqs").await;
    let q = r#""question": "how long do the effects last""#;
    let v = r#""slug": "how-long-effects-last", "helpful": true"#;
    for (path, body) in [
        ("/v1/ask", format!(r#"{{{q}, "status": "published"}}"#)),
        (
            "/v1/ask",
            format!(r#"{{{q}, "approved_by": "Dr. Mallory"}}"#),
        ),
        ("/v1/ask", format!(r#"{{{q}, "version": 99}}"#)),
        (
            "/v1/ask",
            format!(r#"{{{q}, "kind": "answer", "confidence": 1}}"#),
        ),
        ("/v1/ask", format!(r#"{{{q}, "question": "second copy"}}"#)),
        ("/v1/feedback", format!(r#"{{{v}, "status": "published"}}"#)),
        (
            "/v1/feedback",
            format!(r#"{{{v}, "approved_by": "Dr. Mallory"}}"#),
        ),
        ("/v1/feedback", format!(r#"{{{v}, "version": 2}}"#)),
        ("/v1/feedback", format!(r#"{{{v}, "helpful_count": 1000}}"#)),
        ("/v1/feedback", format!(r#"{{{v}, "helpful": false}}"#)),
    ] {
        let res = server.post_json(path, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(res).await, "invalid_body", "{body}");
    }
    assert_eq!(server.json("/v1/faqs").await, faqs_before);
    let votes = server.votes().await;
    assert_eq!(votes["items"], json!([]), "a rejected vote was counted");
}

#[tokio::test]
async fn staff_bodies_refuse_workflow_fields_a_writer_may_not_set() {
    let server = spawn_default().await;
    let faq = json!({"question": "Can I drive after a session?", "answer": "No.",
                     "category": "Treatment process", "provider_kind": "infusion"});
    let with = |extra: Value, inside: bool| {
        let mut faq = faq.clone();
        let mut body = json!({"slug": "mass-assignment", "faq": {}});
        let target = if inside { &mut faq } else { &mut body };
        for (k, v) in extra.as_object().unwrap() {
            target[k] = v.clone();
        }
        body["faq"] = faq;
        body
    };
    let create = |body: Value| {
        server
            .client
            .post(server.url("/v1/staff/faqs"))
            .bearer_auth(&server.editor)
            .json(&body)
            .send()
    };
    for (extra, inside) in [
        (json!({"status": "published"}), false),
        (json!({"status": "published"}), true),
        (json!({"approved_by": "dr-mallory"}), false),
        (json!({"approved_by": "dr-mallory"}), true),
        (json!({"reviewed_by": "Dr. Mallory"}), true),
        (json!({"reviewed_at": "2026-01-01"}), true),
        (json!({"version": 7}), false),
        (json!({"version": 7}), true),
        (json!({"author": "someone-else"}), true),
        (json!({"content_hash": "0000"}), true),
    ] {
        let body = with(extra, inside);
        let res = create(body.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(res).await, "invalid_body", "{body}");
    }
    let draft = server
        .client
        .get(server.url("/v1/staff/faqs/mass-assignment"))
        .bearer_auth(&server.editor)
        .send()
        .await
        .unwrap();
    assert_eq!(
        draft.status(),
        StatusCode::NOT_FOUND,
        "a refused draft exists"
    );
    // The same body without the extra field is fine: the field was the reason.
    let plain = create(with(json!({}), false)).await.unwrap();
    assert!(plain.status().is_success(), "{}", plain.status());
}

// --- API4: resource consumption ----------------------------------------------

#[tokio::test]
async fn bodies_are_capped_at_16_kib_even_without_a_content_length() {
    let server = spawn_default().await;
    for path in ["/v1/ask", "/v1/feedback"] {
        // Declared too large: refused before the body is read.
        let res = server
            .post_json(path, &format!(r#"{{"slug": "{}"}}"#, "a".repeat(17 * 1024)))
            .await;
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_eq!(error_code(res).await, "payload_too_large");

        // Chunked, no length: cut off once 16 KiB have arrived.
        let chunk = "a".repeat(4096);
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        for _ in 0..6 {
            request.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
        }
        request.push_str("0\r\n\r\n");
        let (reply, _) = server
            .raw(request.as_bytes(), Duration::from_secs(10))
            .await;
        assert!(reply.starts_with("HTTP/1.1 413"), "{path}: {reply}");
        assert!(reply.contains("payload_too_large"), "{reply}");
    }
}

#[tokio::test]
async fn a_stalled_body_gets_408_and_the_connection_closes() {
    let server = spawn(HttpOptions {
        workers: Some(1),
        request_timeout: Some(Duration::from_secs(1)),
        ..HttpOptions::default()
    })
    .await;
    let head = "POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                Content-Length: 100\r\n\r\n{\"question\":";
    let (reply, took) = server.raw(head.as_bytes(), Duration::from_secs(10)).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains(r#""code":"request_timeout""#), "{reply}");
    assert!(reply.contains("x-content-type-options: nosniff"), "{reply}");
    assert!(reply.contains("connection: close"), "{reply}");
    // read_to_end returned: the server closed the connection, and in time.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[tokio::test]
async fn a_stalled_request_head_is_cut_off() {
    let server = spawn_default().await;
    let (reply, took) = server
        .raw(
            b"GET /v1/faqs HTTP/1.1\r\nHost: x\r\n",
            Duration::from_secs(15),
        )
        .await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test]
async fn votes_for_made_up_slugs_store_nothing() {
    let server = spawn_default().await;
    for i in 0..50 {
        let res = server
            .post_json(
                "/v1/feedback",
                &format!(r#"{{"slug": "made-up-{i}", "helpful": true}}"#),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let votes = server.votes().await;
    assert_eq!(votes["items"], json!([]), "the feedback tree grew");
}

#[tokio::test]
async fn lists_are_bounded_by_the_published_content_whatever_the_query() {
    let server = spawn_default().await;
    let entries = server.json("/health").await["entries"].as_u64().unwrap();
    for path in [
        "/v1/faqs",
        "/v1/faqs?limit=1000000&page=-1&per_page=99999&status=draft",
    ] {
        let res = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.bytes().await.unwrap();
        assert!(body.len() < 256 * 1024, "{path}: {} bytes", body.len());
        let list: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(list["items"].as_array().unwrap().len() as u64, entries);
    }
}

// --- API8: security headers on every kind of response ----------------------

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let server = spawn_default().await;
    let limited = spawn(HttpOptions {
        workers: Some(1),
        rate_limit: RateLimit::parse("1/s,burst=1").unwrap(),
        ..HttpOptions::default()
    })
    .await;
    let etag = server
        .client
        .get(server.url("/widget.js"))
        .send()
        .await
        .unwrap()
        .headers()["etag"]
        .clone();
    let c = &server.client;
    let url = |p: &str| server.url(p);
    let ask = |body: &str, ct: &'static str| {
        c.post(url("/v1/ask"))
            .header("content-type", ct)
            .body(body.to_owned())
    };
    let preflight = |origin: &'static str| {
        c.request(Method::OPTIONS, url("/v1/ask"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
    };
    let cases = vec![
        ("200 json", c.get(url("/v1/faqs")), 200),
        ("200 html", c.get(url("/")), 200),
        ("200 js", c.get(url("/widget.js")), 200),
        (
            "304",
            c.get(url("/widget.js")).header("if-none-match", etag),
            304,
        ),
        ("200 spec", c.get(url("/openapi.json")), 200),
        ("200 docs", c.get(url("/docs/")), 200),
        ("redirect", c.get(url("/docs")), 307),
        ("head", c.head(url("/v1/clinic")), 200),
        (
            "204",
            c.post(url("/v1/feedback"))
                .json(&json!({"slug": "how-long-effects-last", "helpful": true})),
            204,
        ),
        ("400", ask("{", "application/json"), 400),
        ("404", c.get(url("/v1/faqs/no-such-entry")), 404),
        ("404 path", c.get(url("/nope")), 404),
        ("405", c.delete(url("/v1/ask")), 405),
        ("413", ask(&"x".repeat(20_000), "application/json"), 413),
        ("415", ask("question", "text/plain"), 415),
        ("422", ask(r#"{"question": " "}"#, "application/json"), 422),
        ("preflight ok", preflight(CLINIC_SITE), 200),
        ("preflight rejected", preflight(FOREIGN_SITE), 400),
    ];
    for (what, request, status) in cases {
        // A foreign site's page makes every request; preflights name their own origin.
        let request = if what.starts_with("preflight") {
            request
        } else {
            request.header("origin", FOREIGN_SITE)
        };
        let res = request.send().await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_security_headers(what, &res);
    }

    let limited_url = limited.url("/v1/clinic");
    let _ = limited.client.get(&limited_url).send().await.unwrap();
    let res = limited.client.get(&limited_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_security_headers("429", &res);
}

fn assert_security_headers(what: &str, res: &Response) {
    let h = res.headers();
    let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert!(!get("x-request-id").is_empty(), "{what}: no request id");
    assert!(
        h.get("server").is_none() && h.get("x-powered-by").is_none(),
        "{what}: banner"
    );
    // Only the allowlisted site is ever named; the foreign one is never reflected.
    let allowed = get("access-control-allow-origin");
    assert!(
        allowed.is_empty() || allowed == CLINIC_SITE,
        "{what}: CORS {allowed}"
    );
    assert!(
        h.get("access-control-allow-credentials").is_none(),
        "{what}"
    );
}

#[tokio::test]
async fn the_demo_page_and_the_widget_script_carry_a_csp() {
    let server = spawn_default().await;
    for path in ["/", "/widget.js"] {
        let res = server.client.get(server.url(path)).send().await.unwrap();
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
    }
}

// --- Logs: no tokens, no patients' words ------------------------------------

#[test]
fn bearer_tokens_and_patient_questions_never_reach_the_logs() {
    let secret = format!("sk-{:032x}", rand_u128());
    let wrong = format!("sk-{:032x}", rand_u128());
    let email = format!("pat.{:08x}@mailbox.example", rand_u128() as u32);
    let question = format!("my email is {email}, how long do the effects last");
    let data = TempDir::new().unwrap();

    // trace: the most any log filter could let through.
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_clinicfaq"))
            .env_clear()
            .args([
                "--bind",
                "127.0.0.1:0",
                "--log",
                "trace",
                "--log-format",
                "json",
            ])
            .args(["--rate-limit", "off"])
            .env("CLINICFAQ_ADMIN_TOKEN", &secret)
            .arg("--content")
            .arg(app::repo_faq())
            .arg("--data")
            .arg(data.path().join("db"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = serde_json::from_str::<Value>(&line)
                .ok()
                .and_then(|v| v["fields"]["addr"].as_str().map(str::to_owned))
            {
                let _ = tx.send(addr);
            }
            lines.push(line);
        }
        lines
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("started");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = Client::new();
        let base = format!("http://{addr}");
        let bearer = format!("Bearer {secret}");
        let sends = [
            client.get(format!("{base}/v1/faqs")),
            client
                .post(format!("{base}/v1/ask"))
                .json(&json!({"question": question})),
            client
                .post(format!("{base}/v1/ask"))
                .json(&json!({"question": "x".repeat(600)})),
            client
                .post(format!("{base}/v1/ask"))
                .json(&json!({"question": question, "token": secret})),
            client
                .post(format!("{base}/v1/feedback"))
                .json(&json!({"slug": "no-such", "helpful": true})),
            client.delete(format!("{base}/v1/faqs/how-long-effects-last")),
        ];
        for request in sends {
            let res = request
                .header("authorization", &bearer)
                .header("cookie", format!("session={secret}"))
                .send()
                .await
                .unwrap();
            assert!(res.status().as_u16() < 500);
        }
        // The token really is a staff token: staff routes accept it...
        for path in ["/v1/staff/feedback", "/v1/staff/faqs", "/v1/staff/tokens"] {
            let res = client
                .get(format!("{base}{path}"))
                .header("authorization", &bearer)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
        }
        // ...and a wrong one is refused, without being logged either.
        let res = client
            .get(format!("{base}/v1/staff/faqs"))
            .header("authorization", format!("Bearer {wrong}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    });
    let killed = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(child.0.wait().unwrap().success());
    let lines = reader.join().unwrap();

    // The capture works: JSON lines, with the requests in them.
    assert!(lines
        .iter()
        .all(|l| serde_json::from_str::<Value>(l).is_ok()));
    let logged = lines.join("\n");
    assert!(logged.contains("\"asked\""), "no ask was logged");
    assert!(logged.contains("\"request_id\""), "no request span");
    assert!(logged.contains("actix_http::h1"), "not at trace level");

    for (what, needle) in [
        ("bearer token", secret.as_str()),
        ("rejected bearer token", wrong.as_str()),
        ("email address", email.as_str()),
        ("question text", "how long do the effects last"),
    ] {
        let hits: Vec<&String> = lines.iter().filter(|l| l.contains(needle)).collect();
        assert!(hits.is_empty(), "the {what} was logged:\n{hits:#?}");
    }
}

/// A failed assertion must not leave the server running.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Random enough for a secret nobody else would log by chance.
fn rand_u128() -> u128 {
    use std::hash::{BuildHasher, RandomState};
    let s = RandomState::new();
    (u128::from(s.hash_one(1u8)) << 64) | u128::from(s.hash_one(2u8))
}
