//! The `clinicfaq` binary itself: exclusive data dir, graceful shutdown,
//! explicit re-import, the container healthcheck and --help.

use clinicfaq::content::Slug;
use clinicfaq::store::Store;
use tempfile::TempDir;

use crate::app::{content_copy, repo_faq};
use crate::helpers::{bin, edit_entry, serve_bin};

fn stdout_of(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().expect("run clinicfaq");
    assert!(
        out.status.success(),
        "{:?} failed:\n{}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_second_process_on_the_same_data_dir_fails_with_a_clear_message() {
    let data = TempDir::new().unwrap();
    let db = data.path().join("db");
    let first = serve_bin(&repo_faq(), &db);

    let second = bin()
        .args(["--bind", "127.0.0.1:0", "--content"])
        .arg(repo_faq())
        .arg("--data")
        .arg(&db)
        .output()
        .unwrap();

    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("in use"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (status, log) = first.terminate();
    assert!(status.success(), "first server: {status:?}\n{log}");
}

#[test]
fn sigterm_shuts_down_gracefully_and_flushes() {
    let data = TempDir::new().unwrap();
    let server = serve_bin(&repo_faq(), &data.path().join("db"));
    let health = bin()
        .args([
            "healthcheck",
            "--bind",
            server.address.trim_start_matches("http://"),
        ])
        .output()
        .unwrap();
    assert!(health.status.success(), "server not healthy before SIGTERM");

    let (status, log) = server.terminate();

    assert!(status.success(), "exit {status:?}\n{log}");
    assert!(log.contains("database flushed"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    // And it let go of the data dir.
    Store::open(&data.path().join("db")).expect("data dir released");
}

#[test]
fn healthcheck_exits_nonzero_when_nothing_answers() {
    // Bind and drop to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let out = bin()
        .args(["healthcheck", "--bind", &format!("0.0.0.0:{port}")])
        .output()
        .unwrap();

    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}/health")),
        "{stderr}"
    );
}

#[test]
fn import_dry_run_reports_changes_without_writing_and_import_applies_them() {
    let content = content_copy();
    let data = TempDir::new().unwrap();
    let db = data.path().join("db");
    let import = |dry_run: bool| {
        let mut cmd = bin();
        cmd.arg("import")
            .arg("--content")
            .arg(content.path())
            .arg("--data")
            .arg(&db);
        if dry_run {
            cmd.arg("--dry-run");
        }
        stdout_of(&mut cmd)
    };
    let first = import(false);
    // Every language version of every entry in the files.
    let documents = clinicfaq::content::load_dir(content.path())
        .unwrap()
        .entries
        .len();
    assert!(first.contains(&format!("added ({documents})")), "{first}");

    edit_entry(content.path(), "telehealth", |t| {
        t.replace("telehealth?", "telehealth today?")
    });
    let new_entry = std::fs::read_to_string(content.path().join("entries/side-effects.toml"))
        .unwrap()
        .replace("slug = \"side-effects\"", "slug = \"side-effects-copy\"");
    std::fs::write(
        content.path().join("entries/side-effects-copy.toml"),
        new_entry,
    )
    .unwrap();

    let dry = import(true);
    assert!(dry.starts_with("dry run:"), "{dry}");
    assert!(dry.contains("added (1): side-effects-copy"), "{dry}");
    assert!(dry.contains("updated (1): telehealth"), "{dry}");
    assert_eq!(import(true), dry, "a dry run must not write");

    let real = import(false);
    assert!(real.contains("added (1): side-effects-copy"), "{real}");
    assert!(real.contains("updated (1): telehealth"), "{real}");
    let again = import(true);
    for unchanged in [
        "added (0)",
        "updated (0)",
        "providers changed: false",
        "clinic settings changed: false",
        "matching config changed: false",
    ] {
        assert!(again.contains(unchanged), "{again}");
    }

    let store = Store::open(&db).unwrap();
    let telehealth = store
        .entry(&clinicfaq::content::DocId::english(
            Slug::parse("telehealth").unwrap(),
        ))
        .unwrap()
        .unwrap();
    assert_eq!(telehealth.version, 2);
    assert_eq!(
        store.entries().unwrap().len(),
        documents + 1,
        "the copy was added"
    );
}

#[test]
fn check_validates_the_sample_content() {
    let out = stdout_of(bin().arg("check").arg("--content").arg(repo_faq()));
    assert!(out.contains("0 problem(s)"), "{out}");
}

#[test]
fn help_documents_every_option_and_command() {
    let help = stdout_of(bin().arg("--help"));
    for word in [
        "--bind",
        "--data",
        "--content",
        "--log",
        "--log-format",
        "--workers",
        "serve",
        "import",
        "check",
        "eval",
        "openapi",
        "healthcheck",
        "CLINICFAQ_BIND",
        "CLINICFAQ_DATA",
        "CLINICFAQ_CONTENT",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}
