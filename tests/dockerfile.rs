//! There is no Docker engine here, so the Dockerfile is kept honest by
//! reading it: every path it copies exists and survives .dockerignore, the
//! runtime stage keeps its contract, and its HEALTHCHECK is a real command.

use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Dockerfile instructions, with `\` continuations joined and comments dropped.
fn instructions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("Dockerfile")).expect("Dockerfile");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => current.push_str(head),
            None => {
                current.push_str(line);
                let (keyword, rest) = current.trim().split_once(' ').unwrap_or((&current, ""));
                out.push((keyword.to_uppercase(), rest.trim().to_owned()));
                current.clear();
            }
        }
    }
    out
}

/// The context paths of every COPY/ADD that does not come from a build stage.
fn copy_sources() -> Vec<String> {
    let mut sources = Vec::new();
    for (keyword, args) in instructions() {
        if keyword != "COPY" && keyword != "ADD" {
            continue;
        }
        let words: Vec<&str> = args.split_whitespace().collect();
        if words.iter().any(|w| w.starts_with("--from=")) {
            continue;
        }
        let paths: Vec<&str> = words.into_iter().filter(|w| !w.starts_with("--")).collect();
        let (_dest, srcs) = paths.split_last().expect("COPY has a destination");
        sources.extend(srcs.iter().map(|s| s.to_string()));
    }
    sources
}

/// The runtime stage: everything after the last FROM.
fn runtime_stage() -> Vec<(String, String)> {
    let all = instructions();
    let last_from = all.iter().rposition(|(k, _)| k == "FROM").unwrap();
    all[last_from..].to_vec()
}

#[test]
fn every_copy_source_exists_in_the_repo() {
    let sources = copy_sources();
    assert!(
        sources.iter().any(|s| s == "faq"),
        "the image must ship faq/: {sources:?}"
    );
    for source in sources {
        assert!(
            repo().join(&source).exists(),
            "Dockerfile copies `{source}`, which does not exist"
        );
    }
}

#[test]
fn dockerignore_keeps_every_copy_source() {
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).expect(".dockerignore");
    let patterns: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .collect();
    assert!(
        patterns.contains(&"target"),
        "the build context must not ship target/"
    );
    for source in copy_sources() {
        for pattern in &patterns {
            let pattern = pattern.trim_end_matches('/');
            assert!(
                source != pattern && !source.starts_with(&format!("{pattern}/")),
                ".dockerignore pattern `{pattern}` drops `{source}`, which the Dockerfile copies"
            );
        }
    }
}

#[test]
fn runtime_stage_is_slim_non_root_and_keeps_data_in_a_volume() {
    let stage = runtime_stage();
    let find = |keyword: &str| -> Vec<String> {
        stage
            .iter()
            .filter(|(k, _)| k == keyword)
            .map(|(_, v)| v.clone())
            .collect()
    };
    assert_eq!(find("FROM"), ["debian:bookworm-slim"]);
    let user = find("USER").pop().expect("runtime stage sets USER");
    assert!(
        !user.starts_with("root") && !user.starts_with("0"),
        "runs as root: {user}"
    );
    assert_eq!(find("VOLUME"), ["/data"]);
    assert_eq!(find("EXPOSE"), ["8080"]);
    let env = find("ENV").join(" ");
    for setting in [
        "CLINICFAQ_BIND=0.0.0.0:8080",
        "CLINICFAQ_DATA=/data",
        "CLINICFAQ_CONTENT=/app/faq",
    ] {
        assert!(env.contains(setting), "ENV lacks {setting}: {env}");
    }
    let builder = instructions();
    assert!(
        builder[0].1.starts_with("rust:") && builder[0].1.ends_with(" AS builder"),
        "{:?}",
        builder[0]
    );
}

#[test]
fn healthcheck_runs_a_real_subcommand() {
    let check = runtime_stage()
        .into_iter()
        .find(|(k, _)| k == "HEALTHCHECK")
        .expect("runtime stage has a HEALTHCHECK")
        .1;
    let cmd = check.split_once("CMD").expect("HEALTHCHECK CMD").1;
    let argv: Vec<String> = serde_json::from_str(cmd.trim()).expect("exec-form CMD");
    assert_eq!(argv[0], "clinicfaq", "{argv:?}");

    let help = std::process::Command::new(env!("CARGO_BIN_EXE_clinicfaq"))
        .args(&argv[1..])
        .arg("--help")
        .output()
        .unwrap();

    assert!(
        help.status.success(),
        "`{}` is not a clinicfaq command",
        argv.join(" ")
    );
}

#[test]
fn the_dependency_stub_build_cannot_ship_a_stub_binary() {
    // The builder compiles dependencies against stub sources first. COPY keeps
    // the real files' (older) mtimes, so without a `touch` cargo takes the stub
    // build as fresh and the image ships an empty `fn main() {}`.
    let runs: Vec<String> = instructions()
        .into_iter()
        .filter(|(k, _)| k == "RUN" || k == "COPY")
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let Some(stub) = runs.iter().position(|r| r.contains("fn main() {}")) else {
        return; // no stub build, nothing to guard
    };
    let copy_src = runs
        .iter()
        .position(|r| r.starts_with("COPY src"))
        .expect("the builder copies src/");
    assert!(copy_src > stub, "src/ must be copied after the stub build");
    let real_build = runs[copy_src..]
        .iter()
        .find(|r| r.contains("cargo build"))
        .expect("a real build after COPY src");
    assert!(
        real_build.contains("touch src/main.rs src/lib.rs"),
        "the real build must touch the sources first: {real_build}"
    );
}
