//! A data directory the server cannot write (unwritable path, read-only
//! directory, full disk) stops it at start with one clear `error:` line and
//! exit code 1: never a panic (exit 101), never a half-started server.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

use crate::app::repo_faq;
use crate::helpers::bin;

/// `clinicfaq serve` over `data`, with a port nobody else needs.
fn serve_args(cmd: &mut Command, data: &Path) {
    cmd.arg("--bind")
        .arg("127.0.0.1:0")
        .arg("--content")
        .arg(repo_faq())
        .arg("--data")
        .arg(data)
        .arg("serve");
}

/// Exit code 1, an `error:` line that names the data dir and contains `cause`, no panic.
fn assert_clear_start_error(out: &Output, data: &Path, cause: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no `error:` line in:\n{stderr}"));
    assert!(error.contains(&data.display().to_string()), "{error}");
    assert!(error.contains(cause), "expected {cause:?} in: {error}");
    assert!(!stderr.contains("clinicfaq listening"), "{stderr}");
}

#[test]
fn a_data_path_that_cannot_be_created_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let data = file.join("db");
    let mut cmd = bin();
    serve_args(&mut cmd, &data);
    assert_clear_start_error(&cmd.output().unwrap(), &data, "Not a directory");

    // Nobody, root included, can create a directory in /proc.
    let data = Path::new("/proc/clinicfaq-test/db");
    let mut cmd = bin();
    serve_args(&mut cmd, data);
    assert_clear_start_error(&cmd.output().unwrap(), data, "No such file or directory");
}

#[test]
fn a_read_only_data_dir_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("db");
    let seeded = bin()
        .arg("--content")
        .arg(repo_faq())
        .arg("--data")
        .arg(&data)
        .arg("import")
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{seeded:?}");

    // Root ignores file modes, so as root the server runs as `nobody`, from a
    // copy of the binary that `nobody` can reach.
    let as_root = std::fs::metadata(&data).unwrap().uid() == 0;
    let program = if as_root {
        let copy = dir.path().join("clinicfaq");
        let original = Path::new(env!("CARGO_BIN_EXE_clinicfaq"));
        if std::fs::hard_link(original, &copy).is_err() {
            std::fs::copy(original, &copy).unwrap();
        }
        copy
    } else {
        env!("CARGO_BIN_EXE_clinicfaq").into()
    };
    set_mode(dir.path(), 0o755);
    set_mode_recursive(&data, 0o555, 0o444);

    let mut cmd = Command::new(&program);
    cmd.env_clear()
        .args(["--log", "info", "--log-format", "text"]);
    serve_args(&mut cmd, &data);
    if as_root {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    set_mode_recursive(&data, 0o755, 0o644);
    assert_clear_start_error(&out, &data, "Permission denied");
}

#[test]
fn a_full_disk_at_start_is_a_clear_error() {
    // RLIMIT_FSIZE makes writes past the limit fail with EFBIG, as a full disk
    // fails them with ENOSPC; with SIGXFSZ ignored the process sees the error.
    // 0 fails while sled creates its files, 64 blocks while seeding.
    for blocks in [0, 64] {
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("db");
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_clinicfaq"))
            .args(["--log", "warn", "--log-format", "text"])
            .env_remove("CLINICFAQ_DATA");
        serve_args(&mut cmd, &data);
        assert_clear_start_error(&cmd.output().unwrap(), &data, "File too large");
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn set_mode_recursive(path: &Path, dir_mode: u32, file_mode: u32) {
    // Open up before descending, lock down after, so the walk works both ways.
    if path.is_dir() {
        set_mode(path, 0o755);
        for entry in std::fs::read_dir(path).unwrap() {
            set_mode_recursive(&entry.unwrap().path(), dir_mode, file_mode);
        }
        set_mode(path, dir_mode);
    } else {
        set_mode(path, file_mode);
    }
}
