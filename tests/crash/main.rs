//! Crash durability: every acknowledged write survives `kill -9`.
//!
//! Each round starts the server on the same data dir, runs concurrent writers
//! that record every write they sent and every one that got a 2xx, kills the
//! server with SIGKILL at a random moment, restarts it and checks:
//! - the data dir reopens (no lock left behind, no corruption on open);
//! - every acknowledged vote is counted, and a count exceeds the acknowledged
//!   votes only by requests that were in flight when the server died;
//! - every acknowledged staff edit reads back exactly as sent (staff.rs);
//! - nothing half-written is visible: the summary parses, every published FAQ lists.
//!
//! Slow, so ignored by `cargo test`. Run it with `scripts/crash.sh`, or
//! `cargo test --release --test crash -- --ignored --nocapture`.
//! Knobs: CRASH_ROUNDS (20), CRASH_WRITERS (8 voters), CRASH_EDITORS (2),
//! CRASH_SEED (random).

#[path = "../common/content.rs"]
mod sample;
mod staff;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use staff::StaffLedger;

/// Sent and acknowledged votes per (slug, helpful).
#[derive(Default)]
struct Ledger(Mutex<HashMap<(String, bool), (u64, u64)>>);

impl Ledger {
    fn sent(&self, key: &(String, bool)) {
        self.0.lock().unwrap().entry(key.clone()).or_default().0 += 1;
    }
    fn acked(&self, key: &(String, bool)) {
        self.0.lock().unwrap().get_mut(key).unwrap().1 += 1;
    }
    fn totals(&self) -> (u64, u64) {
        let map = self.0.lock().unwrap();
        map.values()
            .fold((0, 0), |(s, a), (ds, da)| (s + ds, a + da))
    }
}

/// xorshift64*: enough randomness for kill timing and vote choice (never seed it with 0).
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The bootstrap admin token every server in the run starts with.
const ADMIN_TOKEN: &str = "crash-test-admin-token-0123456789abcdef";

struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    /// A failed check must not leave a server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on port 0 over `data` and waits until /health answers 200.
async fn start(data: &Path, client: &reqwest::Client) -> (Server, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clinicfaq"))
        .env_clear()
        .env("CLINICFAQ_ADMIN_TOKEN", ADMIN_TOKEN)
        .args(["--bind", "127.0.0.1:0", "--rate-limit", "off"])
        .args(["--log", "info", "--log-format", "text"])
        .arg("--content")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"))
        .arg("--data")
        .arg(data)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn clinicfaq");
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, rx) = mpsc::channel();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = line.split("addr=").nth(1) {
                let _ = tx.send(addr.split_whitespace().next().unwrap_or("").to_owned());
            }
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(30)))
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("clinicfaq did not start:\n{}", log.lock().unwrap()));
    let server = Server {
        child,
        base: format!("http://{addr}"),
        log,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let res = client.get(format!("{}/health", server.base)).send().await;
        if res.is_ok_and(|r| r.status() == 200) {
            return (server, started.elapsed());
        }
        assert!(
            Instant::now() < deadline,
            "no healthy answer:\n{}",
            server.log.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn get_json(client: &reqwest::Client, url: String) -> Value {
    let res = client.get(&url).send().await.expect(&url);
    assert_eq!(res.status(), 200, "GET {url}");
    res.json().await.unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// The published slugs, and proof that the content is intact.
async fn check_content(client: &reqwest::Client, base: &str) -> Vec<String> {
    let faqs = get_json(client, format!("{base}/v1/faqs")).await;
    let slugs: Vec<String> = faqs["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|f| f["slug"].as_str().expect("slug").to_owned())
        .collect();
    assert_eq!(
        slugs.len(),
        sample::published_entries(),
        "published FAQs after restart"
    );
    let health = get_json(client, format!("{base}/health")).await;
    assert_eq!(health["entries"], sample::published_entries());
    slugs
}

/// Every acknowledged vote is there; extra votes only from unacknowledged
/// requests. Returns how many votes are counted in all.
async fn check_votes(client: &reqwest::Client, base: &str, ledger: &Ledger) -> u64 {
    let res = client
        .get(format!("{base}/v1/staff/feedback"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "GET /v1/staff/feedback");
    let summary: Value = res.json().await.expect("the summary parses");
    let mut counted: BTreeMap<(String, bool), u64> = BTreeMap::new();
    for item in summary["items"].as_array().expect("summary items") {
        let slug = item["slug"].as_str().expect("slug").to_owned();
        for (field, helpful) in [("helpful", true), ("not_helpful", false)] {
            let n = item[field].as_u64().expect("a whole count");
            counted.insert((slug.clone(), helpful), n);
        }
    }
    let ledger = ledger.0.lock().unwrap();
    for (key, &(sent, acked)) in ledger.iter() {
        let n = counted.get(key).copied().unwrap_or(0);
        assert!(n >= acked, "{key:?}: {n} counted, {acked} acknowledged");
        assert!(n <= sent, "{key:?}: {n} counted, only {sent} sent");
    }
    for (key, n) in &counted {
        assert!(
            *n == 0 || ledger.contains_key(key),
            "{key:?}: {n} votes nobody sent"
        );
    }
    counted.values().sum()
}

/// Votes until the server goes away; a failure before the kill is a bug.
async fn writer(
    client: reqwest::Client,
    base: String,
    slugs: Arc<Vec<String>>,
    ledger: Arc<Ledger>,
    killed: Arc<AtomicBool>,
    mut rng: Rng,
) {
    loop {
        let slug = slugs[rng.below(slugs.len() as u64) as usize].clone();
        let key = (slug, rng.below(2) == 0);
        ledger.sent(&key);
        let res = client
            .post(format!("{base}/v1/feedback"))
            .json(&json!({"slug": key.0, "helpful": key.1}))
            .send()
            .await;
        match res {
            Ok(r) if r.status().is_success() => ledger.acked(&key),
            Ok(r) => panic!("vote {key:?} got {}", r.status()),
            Err(_) if killed.load(Ordering::SeqCst) => return,
            Err(e) => panic!("vote {key:?} failed before the kill: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "slow: kill -9 rounds; run scripts/crash.sh"]
async fn acknowledged_writes_survive_kill_9() {
    let rounds: u32 = env_or("CRASH_ROUNDS", 20);
    let writers: u64 = env_or("CRASH_WRITERS", 8);
    let editors: usize = env_or("CRASH_EDITORS", 2);
    let seed: u64 = env_or("CRASH_SEED", RandomState::new().hash_one(0u8) | 1);
    println!("crash test: {rounds} rounds, {writers} voters, {editors} editors, CRASH_SEED={seed}");
    let mut rng = Rng(seed | 1);

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let ledger = Arc::new(Ledger::default());
    let edits = Arc::new(StaffLedger::default());
    let faqs: Vec<String> = (1..=editors).map(|e| format!("crash-editor-{e}")).collect();
    let mut editor_token = None;

    for round in 1..=rounds {
        let (mut server, startup) = start(&data, &client).await;
        let base = server.base.clone();
        let slugs = Arc::new(check_content(&client, &base).await);
        check_votes(&client, &base, &ledger).await;
        // The first round creates the editor's token and FAQs: acknowledged
        // writes too, which every later round relies on.
        let token = match &editor_token {
            Some(token) => token,
            None => {
                let token = staff::editor_token(&client, &base, ADMIN_TOKEN).await;
                for slug in &faqs {
                    staff::create(&client, &base, &token, slug, &edits).await;
                }
                editor_token.insert(token)
            }
        };
        let heads = staff::check(&client, &base, token, &edits, false).await;
        let before = (ledger.totals(), edits.total());

        let killed = Arc::new(AtomicBool::new(false));
        let mut tasks: Vec<_> = (0..writers)
            .map(|w| {
                let own = Rng((rng.next() ^ w) | 1);
                tokio::spawn(writer(
                    client.clone(),
                    base.clone(),
                    slugs.clone(),
                    ledger.clone(),
                    killed.clone(),
                    own,
                ))
            })
            .collect();
        let editing = staff::Round {
            client: client.clone(),
            base: base.clone(),
            token: token.clone(),
            number: round,
            ledger: edits.clone(),
            killed: killed.clone(),
        };
        for (slug, version) in heads {
            tasks.push(tokio::spawn(staff::editor(editing.clone(), slug, version)));
        }
        let delay = Duration::from_millis(20 + rng.below(1500));
        tokio::time::sleep(delay).await;
        killed.store(true, Ordering::SeqCst);
        server.child.kill().expect("kill -9");
        let status = server.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "the server died of SIGKILL");
        for task in tasks {
            task.await.expect("writer");
        }
        let after = (ledger.totals(), edits.total());
        let log = server.log.lock().unwrap().clone();
        assert!(!log.contains("panicked"), "{log}");
        println!(
            "round {round:2}: opened in {:4} ms, killed after {:4} ms, {:5} votes and {:4} staff edits acknowledged, {} votes in flight",
            startup.as_millis(),
            delay.as_millis(),
            after.0 .1 - before.0 .1,
            after.1 - before.1,
            (after.0 .0 - after.0 .1) - (before.0 .0 - before.0 .1),
        );
    }

    // One last restart checks the final round's writes, and every staff revision.
    let (mut server, startup) = start(&data, &client).await;
    check_content(&client, &server.base).await;
    let counted = check_votes(&client, &server.base, &ledger).await;
    let token = editor_token.expect("at least one round");
    staff::check(&client, &server.base, &token, &edits, true).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let (sent, acked) = ledger.totals();
    println!(
        "final reopen in {} ms: {rounds} rounds, {acked} votes acknowledged and all present, \
         {} unacknowledged (in flight at a kill), of which {} were counted anyway; \
         {} staff revisions, every one read back exactly as sent; 0 lost",
        startup.as_millis(),
        sent - acked,
        counted - acked,
        edits.total(),
    );
    assert!(
        acked >= u64::from(rounds),
        "too few writes to prove anything"
    );
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
