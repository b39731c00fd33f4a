//! The database outlives the process, and only one process may own it.

use clinicfaq::store::{Store, StoreError};
use std::path::PathBuf;

use tempfile::TempDir;

use crate::app::{content_copy, TestApp};
use crate::helpers::{edit_entry, PublicApi};

#[tokio::test]
async fn a_restart_keeps_the_database_and_does_not_reseed() {
    let content = content_copy();
    let data = TempDir::new().unwrap();
    let db = data.path().join("db");
    let first = TestApp::builder()
        .content(content.path())
        .data(&db)
        .spawn()
        .await;
    let before = first.get_json("/v1/faqs").await;
    first.stop().await;

    // Files changed after the first start are not picked up by a restart:
    // re-importing is an explicit command, so staff edits are never overwritten.
    edit_entry(content.path(), "telehealth", |t| {
        t.replace(
            "Can I get care through telehealth?",
            "Is telehealth available?",
        )
    });
    let second = TestApp::builder()
        .content(content.path())
        .data(&db)
        .spawn()
        .await;

    assert_eq!(second.get_json("/v1/faqs").await, before);
    assert_eq!(
        second.get_json("/health").await["entries"],
        crate::sample::published_entries()
    );
    assert_eq!(
        second.get_json("/v1/faqs/telehealth").await["question"],
        "Can I get care through telehealth?"
    );
}

#[tokio::test]
async fn a_second_open_of_a_live_data_dir_is_locked() {
    let app = TestApp::spawn().await;

    let err = Store::open(&app.data_path)
        .err()
        .expect("second open must fail");

    assert!(matches!(err, StoreError::Locked(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("in use"), "{message}");
    assert!(
        message.contains(&app.data_path.display().to_string()),
        "{message}"
    );
    // The running server is unaffected.
    assert_eq!(app.get_json("/health").await["status"], "ok");
}

#[tokio::test]
async fn a_stopped_server_releases_its_data_dir() {
    let app = TestApp::spawn().await;
    let path = app.data_path.clone();

    let _data = app.stop().await;

    let store = Store::open(&path).expect("reopen after a graceful stop");
    assert!(store.is_seeded().unwrap());
    // Each published language version is an entry of the store.
    let files =
        clinicfaq::content::load_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("faq"))
            .unwrap()
            .entries;
    assert_eq!(store.entries().unwrap().len(), files.len());
}
