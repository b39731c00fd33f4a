//! The module graph points one way. Each top-level module of `src/` may use
//! only modules below it in `LAYERS` (docs/ARCHITECTURE.md draws the same
//! picture); an import against the order, and so any circle, fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// Top to bottom. A module may use the ones after it, never one before.
const LAYERS: &[&str] = &[
    "main",
    "startup",
    "eval",
    "api",
    "catalog",
    "telemetry",
    "config",
    "store",
    "auth",
    "error",
    "inbox",
    "safety",
    "content",
    "matching",
    "console",
    "widget",
];

/// Every `crate::<module>` a top-level module's code names (comments aside).
fn edges() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut files = vec![Path::new("src").to_path_buf()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("src readable") {
                files.push(entry.expect("dir entry").path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix("src").expect("under src");
        let first = relative.components().next().expect("a component");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let module = if module == "lib" { continue } else { module };
        let text = std::fs::read_to_string(&path).expect("readable");
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for (at, _) in code.match_indices("crate::") {
                let used: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !used.is_empty() && used != module {
                    out.insert((module.clone(), used));
                }
            }
        }
    }
    out
}

#[test]
fn every_import_points_down_the_layers() {
    let edges = edges();
    assert!(edges.len() >= 20, "only {} edges read", edges.len());
    let rank = |m: &str| {
        LAYERS
            .iter()
            .position(|l| *l == m)
            .unwrap_or_else(|| panic!("module `{m}` is not in LAYERS: place it"))
    };
    let against: Vec<_> = edges
        .iter()
        .filter(|(from, to)| rank(from) >= rank(to))
        .collect();
    assert!(
        against.is_empty(),
        "imports against the layering: {against:?}"
    );
}

#[test]
fn the_reader_sees_an_edge_it_should() {
    // The scan itself works: these edges are real and known.
    let edges = edges();
    for (from, to) in [
        ("api", "store"),
        ("store", "content"),
        ("catalog", "matching"),
    ] {
        assert!(
            edges.contains(&(from.to_owned(), to.to_owned())),
            "{from} -> {to}"
        );
    }
}
