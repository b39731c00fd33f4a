//! The binary: `clinicfaq token ...` against a stopped server, the
//! bootstrap admin from CLINICFAQ_ADMIN_TOKEN, and no secret in the logs.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;

use crate::app::repo_faq;

const ADMIN: &str = "operator-chosen-admin-secret-0123456789";

fn clinicfaq(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clinicfaq"));
    cmd.arg("--data").arg(data).arg("--content").arg(repo_faq());
    cmd.env_remove("CLINICFAQ_ADMIN_TOKEN");
    cmd
}

#[tokio::test]
async fn tokens_from_the_cli_work_and_no_secret_is_ever_logged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("db");

    // Seed the database with a serve-less import, then create a token offline.
    let out = clinicfaq(&data).arg("import").output().await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = clinicfaq(&data)
        .args([
            "token",
            "create",
            "--name",
            "dr-cli",
            "--role",
            "clinician",
            "--display-name",
            "Casey Cli",
            "--credentials",
            "MD",
            "--days",
            "5",
        ])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(secret.starts_with("cfq_") && secret.len() == 68, "{secret}");
    let list = clinicfaq(&data)
        .args(["token", "list"])
        .output()
        .await
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.contains("dr-cli") && !list.contains(&secret[4..]),
        "{list}"
    );

    // Serve with debug JSON logs and the bootstrap admin.
    let mut child = clinicfaq(&data)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--log",
            "debug",
            "--log-format",
            "json",
        ])
        .env("CLINICFAQ_ADMIN_TOKEN", ADMIN)
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut logs = String::new();
    let addr = loop {
        let mut line = String::new();
        let n = tokio::time::timeout(Duration::from_secs(20), stderr.read_line(&mut line))
            .await
            .expect("server start")
            .unwrap();
        assert!(n > 0, "server exited: {logs}");
        logs += &line;
        if line.contains("clinicfaq listening") {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            break v["fields"]["addr"].as_str().unwrap().to_owned();
        }
    };
    let client = reqwest::Client::new();
    let base = format!("http://{addr}/v1/staff");
    let me = |token: &str| client.get(format!("{base}/me")).bearer_auth(token).send();
    assert_eq!(me(ADMIN).await.unwrap().status(), 200);
    assert_eq!(me(&secret).await.unwrap().status(), 200);
    let bogus = "cfq_ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    assert_eq!(me(bogus).await.unwrap().status(), 401);
    let res = client
        .post(format!("{base}/tokens"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"name": "via-api", "role": "editor", "display_name": "Via Api"}))
        .send()
        .await
        .unwrap();
    let created: serde_json::Value = res.json().await.unwrap();
    let api_secret = created["token"].as_str().unwrap().to_owned();

    // The CLI refuses to touch a database the server holds.
    let busy = clinicfaq(&data)
        .args(["token", "list"])
        .output()
        .await
        .unwrap();
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains("in use"));

    // Logs never say who sent a message, a crisis above all, nor what a
    // client put in a URL.
    let probe = client
        .post(format!("http://{addr}/v1/ask"))
        .header("User-Agent", "PrivacyProbe/1.0")
        .header("X-Forwarded-For", "203.0.113.77")
        .json(&serde_json::json!({"question": "i want to end my life tonight"}))
        .send()
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);
    let query = client
        .get(format!("http://{addr}/v1/faqs?token=querysecret4711"))
        .send()
        .await
        .unwrap();
    assert!(query.status().is_success() || query.status().is_client_error());
    // Lines reach stderr through a background writer: wait for the ask's
    // before the kill below, which would lose what is still buffered.
    loop {
        let mut line = String::new();
        let n = tokio::time::timeout(Duration::from_secs(20), stderr.read_line(&mut line))
            .await
            .expect("the ask is logged")
            .unwrap();
        assert!(n > 0, "server exited: {logs}");
        logs += &line;
        if line.contains("\"asked\"") {
            break;
        }
    }

    child.start_kill().unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).await.unwrap();
    logs += &rest;
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .await
        .unwrap();
    logs += &stdout;
    assert!(
        logs.contains("staff token refused"),
        "request logs expected: {logs}"
    );
    for s in [ADMIN, &secret, &api_secret, bogus] {
        assert!(!logs.contains(&s[8..]), "a token reached the logs");
    }
    assert!(logs.contains("\"Crisis\""), "the ask was logged: {logs}");
    for private in [
        "PrivacyProbe",
        "203.0.113.77",
        "client_ip",
        "user_agent",
        "querysecret4711",
    ] {
        assert!(!logs.contains(private), "{private} reached the logs");
    }
}
