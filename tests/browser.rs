//! The chat widget in a real headless Chromium: tests/browser/widget.test.mjs drives Debian's
//! `chromium` with playwright-core against this server (see tests/browser/README.md).
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`), `node` and `npm ci --prefix tests/browser`.
//! Under `CI=true` a missing prerequisite fails the test; elsewhere it is skipped with the
//! reason printed.

#[path = "common/app.rs"]
mod app;

use std::path::{Path, PathBuf};
use std::time::Duration;

use app::TestApp;

/// Chromium start-up plus ten checks take about 10 s here; this only catches a hang.
const BROWSER_TEST_TIMEOUT: Duration = Duration::from_secs(240);

#[tokio::test]
async fn the_widget_works_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(reason) = missing_prerequisite(root) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the browser test cannot run under CI=true: {reason}");
        }
        eprintln!("SKIPPED the_widget_works_in_headless_chromium: {reason}");
        return;
    }

    // Arrange: the sample content plus one published entry with hostile markup.
    let content = app::content_copy();
    std::fs::copy(
        root.join("tests/browser/fixtures/widget-markup-test.toml"),
        content.path().join("entries/widget-markup-test.toml"),
    )
    .unwrap();
    // The script also embeds the widget on a "clinic site" it serves on this port; only that
    // origin is allowed cross-origin.
    let site_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let clinic_site = format!("http://127.0.0.1:{site_port}");
    let server = TestApp::builder()
        .content(content.path())
        .cors(&[clinic_site.as_str()])
        .spawn()
        .await;
    let screenshot = root.join("target/widget-e2e.png");
    std::fs::create_dir_all(screenshot.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&screenshot);

    // Act
    let run = tokio::process::Command::new("node")
        .arg(root.join("tests/browser/widget.test.mjs"))
        .arg(&server.address)
        .arg(&screenshot)
        .env("CHROMIUM", chromium())
        .env("CLINIC_SITE_PORT", site_port.to_string())
        .env("STAFF_TOKEN", &server.editor)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(BROWSER_TEST_TIMEOUT, run)
        .await
        .expect("the browser test hung")
        .expect("node runs");

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "widget.test.mjs failed: {stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(
        screenshot.exists(),
        "no screenshot at {}",
        screenshot.display()
    );
}

/// The staff console (tests/browser/console.test.mjs): an editor's change reaches the public
/// through a second person's review in the page alone; bypasses are refused; axe-core finds
/// no serious or critical violation; screenshots at desktop and phone sizes.
#[tokio::test]
async fn the_staff_console_works_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(reason) = missing_prerequisite(root) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the browser test cannot run under CI=true: {reason}");
        }
        eprintln!("SKIPPED the_staff_console_works_in_headless_chromium: {reason}");
        return;
    }
    let server = TestApp::spawn().await;
    let shots = root.join("target/console-e2e");
    std::fs::create_dir_all(&shots).unwrap();

    let run = tokio::process::Command::new("node")
        .arg(root.join("tests/browser/console.test.mjs"))
        .arg(&server.address)
        .arg(&shots)
        .env("CHROMIUM", chromium())
        .env("EDITOR", &server.editor)
        .env("CLINICIAN", &server.clinician)
        .env("CLINICIAN2", &server.clinician2)
        .env("ADMIN", &server.admin)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(BROWSER_TEST_TIMEOUT, run)
        .await
        .expect("the console test hung")
        .expect("node runs");

    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "console.test.mjs failed: {stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    assert!(shots.join("console-detail-360.png").exists());
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn missing_prerequisite(root: &Path) -> Option<String> {
    if !chromium().exists() {
        return Some(format!(
            "{} not found; install it with `apt-get install -y chromium`",
            chromium().display()
        ));
    }
    let node = std::process::Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("`node` is not on PATH; install Node.js 20 or newer".to_owned());
    }
    if !root
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        return Some(
            "playwright-core is not installed; run `npm ci --prefix tests/browser`".to_owned(),
        );
    }
    None
}
