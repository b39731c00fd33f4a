//! Online backup and restore: a backup taken while staff and patients write
//! is consistent across trees, and a restored data directory holds every
//! record of the backup, byte for byte, and serves.

use std::process::Command;

use clinicfaq::content::{DocId, Slug};
use clinicfaq::store::{Backup, Store};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use crate::helpers::{answer, etag, StaffApi};

async fn download(app: &TestApp) -> Backup {
    let res = app
        .req(Method::GET, "/v1/staff/backup", Some(&app.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("clinicfaq-backup-"));
    res.json().await.unwrap()
}

/// Every head's revisions and every token are in the restored store: no
/// write is in the backup by halves.
fn assert_consistent(store: &Store) {
    for state in store.faq_states().unwrap() {
        let id = state.head.id();
        for v in 1..=state.head.latest {
            assert!(
                store.revision(&id, v).unwrap().is_some(),
                "{id}: revision {v} of {} missing",
                state.head.latest
            );
        }
    }
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_every_record() {
    let app = TestApp::spawn().await;
    // Some of everything: revisions, a token, feedback, the inbox.
    assert_eq!(
        app.edit(
            &app.editor,
            "telehealth",
            "Telehealth is for follow-up visits."
        )
        .await
        .status(),
        StatusCode::OK
    );
    let res = app
        .req(Method::POST, "/v1/staff/tokens", Some(&app.admin))
        .json(
            &json!({"name": "backup-test-editor", "role": "editor", "display_name": "Backup Test"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    for q in ["where do i park my car", "do you validate parking"] {
        app.req(Method::POST, "/v1/ask", None)
            .json(&json!({ "question": q }))
            .send()
            .await
            .unwrap();
    }
    app.req(Method::POST, "/v1/feedback", None)
        .json(&json!({"slug": "side-effects", "helpful": true}))
        .send()
        .await
        .unwrap();

    // Writers keep going while three backups are taken.
    let writers: Vec<_> = (0..3)
        .map(|i| {
            let (client, base, token) =
                (app.client.clone(), app.address.clone(), app.editor.clone());
            tokio::spawn(async move {
                for n in 0..15 {
                    let url = format!("{base}/v1/staff/faqs/side-effects");
                    let res = client.get(&url).bearer_auth(&token).send().await.unwrap();
                    let version = etag(&res);
                    let faq: serde_json::Value = res.json().await.unwrap();
                    let mut content = faq["working"]["faq"].clone();
                    if content.is_null() {
                        content = faq["published"]["faq"].clone();
                    }
                    content["answer"] = json!(answer(&format!("Writer {i}, edit {n}.")));
                    // 412s from racing writers are fine: each write is whole or absent.
                    client
                        .put(&url)
                        .bearer_auth(&token)
                        .header("If-Match", format!("\"{version}\""))
                        .json(&json!({"faq": content, "note": "during a backup"}))
                        .send()
                        .await
                        .unwrap();
                    client
                        .post(format!("{base}/v1/feedback"))
                        .json(&json!({"slug": "telehealth", "helpful": n % 2 == 0}))
                        .send()
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    let mut during = Vec::new();
    for _ in 0..3 {
        during.push(download(&app).await);
    }
    for w in writers {
        w.await.unwrap();
    }
    for backup in &during {
        let dir = tempfile::tempdir().unwrap();
        let restored = Store::restore(&dir.path().join("data"), backup).unwrap();
        assert_consistent(&restored);
    }

    // Quiet now (the inbox's writer thread has stored the questions): the
    // backup is the live database, record for record, and a restored copy
    // is the backup, record for record.
    for _ in 0..200 {
        if app.state.store.inbox_len().unwrap() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let backup = download(&app).await;
    for tree in [
        "faqs",
        "revisions",
        "tokens",
        "audit",
        "inbox",
        "feedback",
        "settings",
    ] {
        assert!(!backup.trees[tree].is_empty(), "{tree} is in the backup");
    }
    let live = app.state.store.backup().unwrap();
    let audit = |b: &Backup| b.trees["audit"].len();
    // The download itself was audited after its copy was taken.
    assert_eq!(audit(&live), audit(&backup) + 1);
    let mut without_audit = live.trees.clone();
    without_audit.remove("audit");
    let mut backup_without_audit = backup.trees.clone();
    backup_without_audit.remove("audit");
    assert_eq!(without_audit, backup_without_audit);
    assert_eq!(
        live.trees["audit"][..audit(&backup)],
        backup.trees["audit"][..]
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restored");
    let restored = Store::restore(&path, &backup).unwrap();
    assert_eq!(restored.backup().unwrap().trees, backup.trees);
    let telehealth = DocId::english(Slug::parse("telehealth").unwrap());
    assert_eq!(
        restored.faq_state(&telehealth).unwrap().unwrap().head,
        app.state
            .store
            .faq_state(&telehealth)
            .unwrap()
            .unwrap()
            .head
    );
    assert!(restored
        .tokens()
        .unwrap()
        .iter()
        .any(|t| t.name == "backup-test-editor"));
    assert!(restored.inbox_len().unwrap() >= 1);
}

// Who may download one (admins only) is in the role matrix (roles.rs).

/// `clinicfaq restore FILE --data DIR`: a new directory only, every record
/// compared, and the restored directory serves.
#[tokio::test]
async fn the_cli_restores_into_a_new_directory_only() {
    let app = TestApp::spawn().await;
    let backup = download(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    std::fs::write(&file, serde_json::to_vec(&backup).unwrap()).unwrap();
    let restore = |data: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_clinicfaq"))
            .env_clear()
            .arg("restore")
            .arg(&file)
            .arg("--data")
            .arg(data)
            .output()
            .unwrap()
    };
    let fresh = dir.path().join("fresh");
    let out = restore(&fresh);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("every record read back and compared"),
        "{stdout}"
    );
    assert!(stdout.contains("revisions: "), "{stdout}");

    let again = restore(&fresh);
    assert!(!again.status.success(), "a second restore over the first");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");

    let store = Store::open(&fresh).unwrap();
    assert_eq!(
        store.entries().unwrap().len(),
        app.state.store.entries().unwrap().len()
    );
}
