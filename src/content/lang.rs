//! The languages the service reads and answers in, and the id of one
//! language version of an FAQ.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Slug;

/// A language the FAQ can be written in. English is the clinic's first
/// language: every entry has it, and a Spanish version translates it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 tag (`Content-Language`, `?lang=`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn is_english(&self) -> bool {
        *self == Lang::En
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One language version of an FAQ: the unit of editing, review and
/// publication. A Spanish text is its own document with its own revisions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub slug: Slug,
    pub lang: Lang,
}

impl DocId {
    pub fn new(slug: Slug, lang: Lang) -> Self {
        Self { slug, lang }
    }

    pub fn english(slug: Slug) -> Self {
        Self::new(slug, Lang::En)
    }

    /// The store's key: the slug for English (as before languages existed),
    /// `slug@es` for another language. `@` is never part of a slug.
    pub fn key(&self) -> String {
        match self.lang {
            Lang::En => self.slug.to_string(),
            lang => format!("{}@{}", self.slug, lang.code()),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_english_as_it_was_and_never_collide() {
        let slug = Slug::parse("side-effects").unwrap();
        assert_eq!(DocId::english(slug.clone()).key(), "side-effects");
        assert_eq!(DocId::new(slug, Lang::Es).key(), "side-effects@es");
        assert_eq!(Lang::parse("ES"), Some(Lang::Es));
        assert_eq!(Lang::parse("fr"), None);
    }
}
