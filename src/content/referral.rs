//! Who a reply refers patients to, and that someone always can be: the
//! referral choice and provider coverage, this module their one owner.
//! The catalog, the publish rules and the provider-change workflow call it.

use super::{FaqFile, Provider};

/// The providers a reply refers to: those serving the answered entry's
/// `kind`; every provider when there is no entry or nobody serves that
/// kind, so a referral is never empty.
pub fn referral<'a>(providers: &'a [Provider], kind: Option<&str>) -> Vec<&'a Provider> {
    let matched: Vec<&Provider> = match kind {
        Some(kind) => providers.iter().filter(|p| p.serves(kind)).collect(),
        None => Vec::new(),
    };
    if matched.is_empty() {
        providers.iter().collect()
    } else {
        matched
    }
}

/// Provider coverage: someone serves `kind`. Every published entry's
/// provider kind must be covered.
pub fn covered(providers: &[Provider], kind: &str) -> bool {
    providers.iter().any(|p| p.serves(kind))
}

/// What `providers` would leave uncovered: no provider at all, or a
/// published entry whose provider kind nobody serves. Empty means covered.
pub fn uncovered<'a>(
    providers: &[Provider],
    published: impl IntoIterator<Item = &'a FaqFile>,
) -> Vec<String> {
    if providers.is_empty() {
        return vec!["every reply refers to a provider, so at least one must remain".into()];
    }
    published
        .into_iter()
        .filter(|e| !covered(providers, &e.provider_kind))
        .map(|e| {
            format!(
                "published FAQ `{}` would have no provider for `{}`",
                e.slug, e.provider_kind
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Slug;

    fn provider(id: &str, kinds: &[&str]) -> Provider {
        Provider {
            id: Slug::parse(id).unwrap(),
            name: id.into(),
            credentials: "MD".into(),
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            specialties: vec![],
            phone: "+1-555-0100".into(),
            email: None,
            booking_url: "https://example.org".into(),
            locations: vec![],
        }
    }

    fn entry(slug: &str, kind: &str) -> FaqFile {
        toml::from_str(&format!(
            "slug = \"{slug}\"\nquestion = \"q\"\nanswer = \"a\"\ncategory = \"c\"\n\
             provider_kind = \"{kind}\"\nstatus = \"published\"\nauthor = \"x\"\n"
        ))
        .unwrap()
    }

    fn ids(providers: Vec<&Provider>) -> Vec<&str> {
        providers.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn a_referral_names_the_providers_of_the_entrys_kind() {
        let all = [provider("a", &["psychiatry"]), provider("b", &["infusion"])];
        assert_eq!(ids(referral(&all, Some("infusion"))), vec!["b"]);
    }

    #[test]
    fn a_referral_falls_back_to_every_provider_and_is_never_empty() {
        let all = [provider("a", &["psychiatry"]), provider("b", &["infusion"])];
        assert_eq!(ids(referral(&all, None)), vec!["a", "b"]);
        assert_eq!(ids(referral(&all, Some("nobody-serves"))), vec!["a", "b"]);
    }

    #[test]
    fn an_entry_nobody_serves_is_uncovered() {
        let all = [provider("a", &["psychiatry"])];
        assert!(covered(&all, "psychiatry"));
        assert!(!covered(&all, "infusion"));
        let published = [entry("dose", "psychiatry"), entry("drip", "infusion")];
        let problems = uncovered(&all, &published);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`drip`") && problems[0].contains("`infusion`"));
    }

    #[test]
    fn the_last_provider_cannot_go() {
        let problems = uncovered(&[], &[]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("at least one must remain"));
    }
}
