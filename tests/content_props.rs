//! Property tests of content file parsing: whatever a staff member (or a
//! broken editor, or a half-synced disk) puts in the content directory,
//! parsing answers `Ok` or a `LoadError` quickly, and never panics. Content
//! that does load also builds a matcher that answers.
//!
//! The matcher's own properties (questions in, verdicts out) are in
//! tests/matching_props.rs.

use std::path::Path;

#[path = "common/files.rs"]
mod files;
use files::copy_dir;
use std::time::{Duration, Instant};

use clinicfaq::catalog::Catalog;
use clinicfaq::content::{self, ClinicSettings, FaqFile, LoadError};
use clinicfaq::matching::MatchConfig;
use proptest::prelude::*;

/// Generous for a debug build on a shared 2-core machine (a whole catalog,
/// with its matchers' calibration and the crisis screen, took 6-7 s there in
/// the ninth session's CI); a hang or a quadratic blow-up is orders of
/// magnitude slower.
const TIME_LIMIT: Duration = Duration::from_secs(30);

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq").join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Pieces that are meaningful to a TOML parser, plus the fields our files use.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_owned()),
        Just("'''".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("[[".to_owned()),
        Just("]]".to_owned()),
        Just(" = ".to_owned()),
        Just("\n".to_owned()),
        Just("# ".to_owned()),
        Just("\\u{".to_owned()),
        Just("\\".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(",".to_owned()),
        Just(".".to_owned()),
        Just("1979-05-27".to_owned()),
        Just("2026-02-30".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("inf".to_owned()),
        Just("nan".to_owned()),
        Just("-0.0".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("0x7fffffff".to_owned()),
        Just("true".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("é".to_owned()),
        Just("status = \"published\"".to_owned()),
        Just("status = \"approved\"".to_owned()),
        Just("slug = \"a--b\"".to_owned()),
        Just("version = 7".to_owned()),
        Just("approved_by = \"x\"".to_owned()),
        Just("[[sources]]".to_owned()),
        Just("[thresholds]".to_owned()),
        Just("answer = 1.5".to_owned()),
        Just("window = 0".to_owned()),
        Just("groups = [[\"a b\"], []]".to_owned()),
        Just("terms = []".to_owned()),
        "[a-z_]{1,12}",
        any::<String>(),
    ]
}

/// One random edit of a text, at a char boundary.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), fragment()).prop_map(|(at, s)| Edit::Insert(at, s)),
        2 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => any::<usize>().prop_map(Edit::DuplicateLine),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for e in edits {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = |i: usize| bounds[i % bounds.len()];
        match e {
            Edit::Insert(i, s) => text.insert_str(at(*i), s),
            Edit::Delete(i, n) => {
                let start = i % bounds.len();
                let end = (start + n).min(bounds.len() - 1);
                text.replace_range(bounds[start]..bounds[end], "");
            }
            Edit::DuplicateLine(i) => {
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = lines[i % lines.len()].to_owned();
                    text = format!("{text}\n{line}\n");
                }
            }
            Edit::Truncate(i) => text.truncate(at(*i)),
        }
    }
    text
}

/// A document made only of fragments: mostly not TOML at all.
fn toml_ish() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// The content files that `load_dir` reads.
const FILES: [&str; 4] = [
    "entries/how-long-effects-last.toml",
    "providers.toml",
    "clinic.toml",
    "matching.toml",
];

/// Something a content directory can end up holding.
#[derive(Debug, Clone)]
enum Damage {
    /// One of the real files, edited.
    Edit(usize, Vec<Edit>),
    /// An extra file in entries/, with any name and any bytes.
    Stray(String, Vec<u8>),
    /// A real file replaced by raw bytes (not necessarily UTF-8).
    Bytes(usize, Vec<u8>),
    /// A real file removed.
    Remove(usize),
    /// A directory where a real file should be.
    Directory(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        6 => (0..FILES.len(), prop::collection::vec(edit(), 1..6))
            .prop_map(|(f, e)| Damage::Edit(f, e)),
        2 => ("[a-z0-9._-]{1,20}(\\.toml)?", prop::collection::vec(any::<u8>(), 0..200))
            .prop_map(|(n, b)| Damage::Stray(n, b)),
        1 => (0..FILES.len(), prop::collection::vec(any::<u8>(), 0..200))
            .prop_map(|(f, b)| Damage::Bytes(f, b)),
        1 => (0..FILES.len()).prop_map(Damage::Remove),
        1 => (0..FILES.len()).prop_map(Damage::Directory),
    ]
}

fn inflict(dir: &Path, damage: &Damage) {
    let file = |i: usize| dir.join(FILES[i]);
    match damage {
        Damage::Edit(i, edits) => {
            let path = file(*i);
            if let Ok(text) = std::fs::read_to_string(&path) {
                std::fs::write(path, apply(&text, edits)).unwrap();
            }
        }
        Damage::Stray(name, bytes) => {
            // Names such as "." or ".." are not files; skip them.
            let _ = std::fs::write(dir.join("entries").join(name), bytes);
        }
        Damage::Bytes(i, bytes) => {
            let _ = std::fs::write(file(*i), bytes);
        }
        Damage::Remove(i) => {
            let _ = std::fs::remove_file(file(*i));
        }
        Damage::Directory(i) => {
            let path = file(*i);
            if std::fs::remove_file(&path).is_ok() {
                std::fs::create_dir_all(path).unwrap();
            }
        }
    }
}

/// Parses with a stopwatch: must finish, quickly.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    assert!(
        started.elapsed() < TIME_LIMIT,
        "{what} took {:?}",
        started.elapsed()
    );
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_to_an_entry_or_an_error(text in toml_ish()) {
        let _ = timed("FaqFile", || toml::from_str::<FaqFile>(&text));
        let _ = timed("ClinicSettings", || toml::from_str::<ClinicSettings>(&text));
        if let Ok(config) = timed("MatchConfig", || toml::from_str::<MatchConfig>(&text)) {
            let _ = config.validate();
        }
    }

    #[test]
    fn edited_real_files_parse_or_fail_cleanly(
        file in 0..FILES.len(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let text = apply(&sample(FILES[file]), &edits);
        let _ = timed("FaqFile", || toml::from_str::<FaqFile>(&text));
        let _ = timed("ClinicSettings", || toml::from_str::<ClinicSettings>(&text));
        if let Ok(config) = timed("MatchConfig", || toml::from_str::<MatchConfig>(&text)) {
            let _ = config.validate();
        }
    }
}

proptest! {
    // Each case copies faq/ and may build a whole catalog: fewer, bigger cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_damaged_content_dir_loads_or_reports_which_file(
        damages in prop::collection::vec(damage(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"), dir.path());
        for d in &damages {
            inflict(dir.path(), d);
        }
        match timed("load_dir", || content::load_dir(dir.path())) {
            Ok(bundle) => {
                // What loads must also serve: the matcher builds and answers.
                let catalog = timed("Catalog", || Catalog::from_bundle(&bundle));
                let reply = timed("ask", || catalog.ask("how long do the effects last"));
                prop_assert!((0.0..=1.0).contains(&reply.confidence));
            }
            Err(err) => {
                let path = match &err {
                    LoadError::Io { path, .. } | LoadError::Invalid { path, .. } => path,
                };
                prop_assert!(path.starts_with(dir.path()), "{err}");
                prop_assert!(err.to_string().contains(&path.display().to_string()));
            }
        }
    }
}
