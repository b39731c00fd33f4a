//! Staff edits under kill -9. Each editor owns one FAQ and saves draft after
//! draft with `If-Match`; every 200 is recorded with its version and text.
//! After a restart every acknowledged revision must read back exactly as
//! sent, and the head may be ahead of the last acknowledged version only by
//! the one edit that was in flight, with exactly that edit's text.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// One editor's FAQ: its acknowledged revisions and the edit in flight.
#[derive(Debug, Default, Clone)]
pub struct Edits {
    /// version → answer text, for every revision the server acknowledged.
    pub acked: BTreeMap<u32, String>,
    /// The answer of a request sent and not (yet) acknowledged.
    pub in_flight: Option<String>,
}

#[derive(Default)]
pub struct StaffLedger(pub Mutex<BTreeMap<String, Edits>>);

impl StaffLedger {
    fn sending(&self, slug: &str, answer: &str) {
        let mut map = self.0.lock().unwrap();
        map.entry(slug.to_owned()).or_default().in_flight = Some(answer.to_owned());
    }

    fn acked(&self, slug: &str, version: u32, answer: String) {
        let mut map = self.0.lock().unwrap();
        let edits = map.get_mut(slug).unwrap();
        edits.in_flight = None;
        edits.acked.insert(version, answer);
    }

    pub fn total(&self) -> usize {
        self.0.lock().unwrap().values().map(|e| e.acked.len()).sum()
    }
}

fn faq(answer: &str) -> Value {
    json!({"question": "What does the crash test write?", "answer": answer,
           "category": "Crash test", "provider_kind": "psychiatry"})
}

fn etag(res: &reqwest::Response) -> u32 {
    res.headers()["etag"]
        .to_str()
        .unwrap()
        .trim_matches('"')
        .parse()
        .expect("a numeric ETag")
}

/// An editor's token, created by the admin (`CLINICFAQ_ADMIN_TOKEN`).
pub async fn editor_token(client: &Client, base: &str, admin: &str) -> String {
    let res = client
        .post(format!("{base}/v1/staff/tokens"))
        .bearer_auth(admin)
        .json(&json!({"name": "crash-editor", "role": "editor", "days": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}

/// Creates each editor's FAQ (an acknowledged write like any other).
pub async fn create(client: &Client, base: &str, token: &str, slug: &str, ledger: &StaffLedger) {
    let answer = format!("First draft of {slug}.");
    ledger.sending(slug, &answer);
    let res = client
        .post(format!("{base}/v1/staff/faqs"))
        .bearer_auth(token)
        .json(&json!({"slug": slug, "faq": faq(&answer)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "create {slug}");
    ledger.acked(slug, etag(&res), answer);
}

/// What every editor of one round shares.
#[derive(Clone)]
pub struct Round {
    pub client: Client,
    pub base: String,
    pub token: String,
    pub number: u32,
    pub ledger: Arc<StaffLedger>,
    pub killed: Arc<AtomicBool>,
}

/// Saves drafts of `slug` until the server goes away; a failure before the kill is a bug.
pub async fn editor(round: Round, slug: String, mut version: u32) {
    let Round {
        client,
        base,
        token,
        number: round,
        ledger,
        killed,
    } = round;
    for n in 1.. {
        let answer = format!("Draft {n} of round {round} for {slug}: the crash test wrote this.");
        ledger.sending(&slug, &answer);
        let res = client
            .put(format!("{base}/v1/staff/faqs/{slug}"))
            .bearer_auth(&token)
            .header("if-match", format!("\"{version}\""))
            .json(&json!({"faq": faq(&answer)}))
            .send()
            .await;
        match res {
            Ok(r) if r.status() == StatusCode::OK => {
                version = etag(&r);
                ledger.acked(&slug, version, answer);
            }
            Ok(r) => panic!("edit of {slug} got {}", r.status()),
            Err(_) if killed.load(Ordering::SeqCst) => return,
            Err(e) => panic!("edit of {slug} failed before the kill: {e}"),
        }
    }
}

/// (version, answer) of a revision, or of an FAQ's head (its working draft).
async fn answer_of(client: &Client, url: String, token: &str) -> (u32, String) {
    let res = client.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "GET {url}");
    let body: Value = res.json().await.unwrap();
    let revision = if body["working"].is_object() {
        let working = &body["working"];
        assert_eq!(
            working["version"], body["version"],
            "{url}: head is the draft"
        );
        working
    } else {
        &body
    };
    let version = revision["version"].as_u64().expect("a version") as u32;
    let answer = revision["faq"]["answer"].as_str().expect("an answer");
    (version, answer.to_owned())
}

/// Checks every editor's FAQ after a restart and returns each one's current
/// version (where its editor carries on). `all`: also read back every
/// acknowledged revision, not just the newest.
pub async fn check(
    client: &Client,
    base: &str,
    token: &str,
    ledger: &StaffLedger,
    all: bool,
) -> BTreeMap<String, u32> {
    let mut heads = BTreeMap::new();
    let mut map = ledger.0.lock().unwrap().clone();
    for (slug, edits) in &mut map {
        let (&last, last_answer) = edits.acked.last_key_value().expect("created");
        let (head, head_answer) =
            answer_of(client, format!("{base}/v1/staff/faqs/{slug}"), token).await;
        if head == last {
            assert_eq!(
                &head_answer, last_answer,
                "{slug} v{head} is not what was sent"
            );
        } else {
            // Only the edit in flight at the kill may have landed, whole.
            assert_eq!(
                head,
                last + 1,
                "{slug}: head v{head}, last acknowledged v{last}"
            );
            assert_eq!(
                Some(&head_answer),
                edits.in_flight.as_ref(),
                "{slug} v{head}"
            );
            edits.acked.insert(head, head_answer);
        }
        edits.in_flight = None;
        // The newest acknowledged revision, read on its own.
        let url = format!("{base}/v1/staff/faqs/{slug}/revisions/{last}");
        let (version, answer) = answer_of(client, url, token).await;
        assert_eq!(version, last);
        assert_eq!(&answer, &edits.acked[&last], "{slug} revision {last}");
        heads.insert(slug.clone(), head);
    }
    if all {
        check_every_revision(client, base, token, &map).await;
    }
    *ledger.0.lock().unwrap() = map;
    heads
}

/// Every acknowledged revision, read back from one corpus export.
async fn check_every_revision(
    client: &Client,
    base: &str,
    token: &str,
    edits: &BTreeMap<String, Edits>,
) {
    let url = format!("{base}/v1/staff/corpus/export?revisions=true");
    let res = client.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "GET {url}");
    let export: Value = res.json().await.expect("the export parses");
    for (slug, edits) in edits {
        let faq = export["faqs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["slug"] == slug.as_str())
            .unwrap_or_else(|| panic!("{slug} is missing from the export"));
        let stored: BTreeMap<u64, &str> = faq["revisions"]
            .as_array()
            .expect("revisions")
            .iter()
            .map(|r| {
                (
                    r["version"].as_u64().unwrap(),
                    r["faq"]["answer"].as_str().unwrap(),
                )
            })
            .collect();
        for (v, answer) in &edits.acked {
            assert_eq!(
                stored.get(&u64::from(*v)).copied(),
                Some(answer.as_str()),
                "{slug} revision {v}"
            );
        }
    }
}
