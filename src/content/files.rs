//! Loading a clinic's content directory:
//!
//! ```text
//! faq/entries/<slug>.toml   one FAQ per file (English)
//! faq/entries/es/<slug>.toml  its Spanish version, `lang = "es"`
//! faq/providers.toml        [[providers]]
//! faq/clinic.toml           clinic settings and the crisis card
//! faq/matching.toml         synonyms, crisis lexicon, thresholds
//! ```

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{ClinicSettings, FaqFile, Lang, Provider};
use crate::matching::MatchConfig;

/// Everything a clinic's content directory holds, parsed and cross-checked.
#[derive(Debug, Clone)]
pub struct ContentBundle {
    pub entries: Vec<FaqFile>,
    pub providers: Vec<Provider>,
    /// File names in `sources/`, the articles entries may cite; `None` when
    /// the content has no such folder.
    pub articles: Option<Vec<String>>,
    pub clinic: ClinicSettings,
    pub matching: MatchConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl LoadError {
    fn invalid(path: &Path, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvidersFile {
    providers: Vec<Provider>,
}

pub fn load_dir(dir: &Path) -> Result<ContentBundle, LoadError> {
    let mut entries = load_entries(&dir.join("entries"), Lang::En)?;
    for lang in Lang::ALL.into_iter().filter(|l| !l.is_english()) {
        let folder = dir.join("entries").join(lang.code());
        if folder.is_dir() {
            let translated = load_entries(&folder, lang)?;
            for entry in &translated {
                if !entries
                    .iter()
                    .any(|e| e.lang.is_english() && e.slug == entry.slug)
                {
                    return Err(LoadError::invalid(
                        &folder.join(format!("{}.toml", entry.slug)),
                        format!("there is no English entry `{}` to translate", entry.slug),
                    ));
                }
            }
            entries.extend(translated);
        }
    }
    let providers_path = dir.join("providers.toml");
    let providers = parse_file::<ProvidersFile>(&providers_path)?.providers;
    let mut ids = HashSet::new();
    for p in &providers {
        if !ids.insert(p.id.clone()) {
            return Err(LoadError::invalid(
                &providers_path,
                format!("duplicate provider id `{}`", p.id),
            ));
        }
    }
    if providers.is_empty() {
        return Err(LoadError::invalid(
            &providers_path,
            "at least one provider is required: every reply refers patients to one",
        ));
    }
    let clinic_path = dir.join("clinic.toml");
    let clinic = parse_file::<ClinicSettings>(&clinic_path)?;
    clinic
        .check()
        .map_err(|m| LoadError::invalid(&clinic_path, m))?;
    let matching_path = dir.join("matching.toml");
    let matching = if matching_path.exists() {
        parse_file::<MatchConfig>(&matching_path)?
    } else {
        MatchConfig::default()
    };
    matching
        .validate()
        .map_err(|m| LoadError::invalid(&matching_path, m))?;
    let articles = load_articles(&dir.join("sources"))?;
    Ok(ContentBundle {
        entries,
        providers,
        articles,
        clinic,
        matching,
    })
}

fn load_articles(dir: &Path) -> Result<Option<Vec<String>>, LoadError> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let read = fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(Some(names))
}

/// The entries of one language's folder: each file's `lang` must be the folder's.
fn load_entries(dir: &Path, lang: Lang) -> Result<Vec<FaqFile>, LoadError> {
    let read = fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut seen = HashSet::new();
    let mut entries = Vec::with_capacity(paths.len());
    for path in paths {
        let entry: FaqFile = parse_file(&path)?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != entry.slug.as_str() {
            return Err(LoadError::invalid(
                &path,
                format!("file name must be `{}.toml`", entry.slug),
            ));
        }
        if entry.lang != lang {
            return Err(LoadError::invalid(
                &path,
                match lang {
                    Lang::En => format!(
                        "a `lang = \"{}\"` version belongs in entries/{}/",
                        entry.lang, entry.lang
                    ),
                    _ => format!("set `lang = \"{lang}\"` in a file under entries/{lang}/"),
                },
            ));
        }
        if entry.question.trim().is_empty() || entry.answer.trim().is_empty() {
            return Err(LoadError::invalid(
                &path,
                "question and answer must not be empty",
            ));
        }
        if !seen.insert(entry.slug.clone()) {
            return Err(LoadError::invalid(
                &path,
                format!("duplicate slug `{}`", entry.slug),
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

fn parse_file<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let text = fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| LoadError::invalid(path, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_files_reject_unknown_fields() {
        let text = r#"
slug = "a"
question = "q"
answer = "a"
category = "c"
provider_kind = "psychiatry"
status = "published"
author = "me"
approved_by = "nobody"
"#;
        let err = toml::from_str::<FaqFile>(text).unwrap_err().to_string();
        assert!(err.contains("approved_by"), "{err}");
    }

    #[test]
    fn entry_files_parse_dates_and_status() {
        let text = r#"
slug = "a-b"
question = "q"
answer = "a"
category = "c"
provider_kind = "psychiatry"
status = "in_review"
author = "me"
reviewed_at = "2026-11-01"
"#;
        let entry: FaqFile = toml::from_str(text).unwrap();
        assert_eq!(entry.status, super::super::Status::InReview);
        assert_eq!(entry.reviewed_at.unwrap().to_string(), "2026-11-01");
    }

    #[test]
    fn blank_clinic_texts_are_refused_at_load() {
        // The spec promises non-blank clinic texts to every client of
        // GET /v1/clinic, so a clinic.toml without them never loads.
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
        let clinic = fs::read_to_string(shipped.join("clinic.toml")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("entries")).unwrap();
        fs::copy(
            shipped.join("providers.toml"),
            dir.path().join("providers.toml"),
        )
        .unwrap();
        let write = |text: &str| fs::write(dir.path().join("clinic.toml"), text).unwrap();
        write(&clinic);
        assert!(load_dir(dir.path()).is_ok());
        for (from, to) in [
            ("name = \"Example Ketamine Clinic\"", "name = \" \""),
            ("value = \"911\"", "value = \"\""),
        ] {
            assert!(clinic.contains(from), "{from}");
            write(&clinic.replace(from, to));
            let err = load_dir(dir.path()).unwrap_err().to_string();
            assert!(err.contains("clinic.toml"), "{err}");
        }
    }

    #[test]
    fn bad_dates_and_slugs_are_rejected() {
        let base = "question = \"q\"\nanswer = \"a\"\ncategory = \"c\"\nprovider_kind = \"p\"\nstatus = \"draft\"\nauthor = \"me\"\n";
        assert!(toml::from_str::<FaqFile>(&format!("slug = \"Bad Slug\"\n{base}")).is_err());
        assert!(toml::from_str::<FaqFile>(&format!(
            "slug = \"ok\"\nreviewed_at = \"2026-13-01\"\n{base}"
        ))
        .is_err());
    }
}
