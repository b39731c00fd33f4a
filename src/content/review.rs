//! The overdue rule: a published entry names when its text is next due for
//! clinical review (`next_review_due`). Past that day it is overdue, which
//! staff see flagged; a clinic may also hide it from the public once it is
//! overdue by more than a grace period (`--hide-overdue-after-days`).

use time::{Date, Duration};

use super::FaqFile;

/// The entry's review is past due on `today`.
pub fn overdue(body: &FaqFile, today: Date) -> bool {
    body.next_review_due.is_some_and(|due| today > due)
}

/// The entry is overdue by more than `grace_days`, so the public no longer
/// sees it. Without a grace period (`None`) nothing is hidden.
pub fn hidden_as_overdue(body: &FaqFile, grace_days: Option<u32>, today: Date) -> bool {
    match (grace_days, body.next_review_due) {
        (Some(grace), Some(due)) => today > due + Duration::days(i64::from(grace)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn due(on: Option<Date>) -> FaqFile {
        let mut body: FaqFile = toml::from_str(
            "slug = \"a\"\nquestion = \"q\"\nanswer = \"a\"\ncategory = \"c\"\n\
             provider_kind = \"p\"\nstatus = \"published\"\nauthor = \"x\"\n",
        )
        .unwrap();
        body.next_review_due = on;
        body
    }

    #[test]
    fn an_entry_is_overdue_the_day_after_it_is_due() {
        let body = due(Some(date!(2026 - 11 - 01)));
        assert!(!overdue(&body, date!(2026 - 11 - 01)));
        assert!(overdue(&body, date!(2026 - 11 - 02)));
        assert!(!overdue(&due(None), date!(2099 - 01 - 01)));
    }

    #[test]
    fn an_overdue_entry_is_hidden_only_past_the_grace_period() {
        let body = due(Some(date!(2026 - 11 - 01)));
        assert!(!hidden_as_overdue(&body, Some(10), date!(2026 - 11 - 11)));
        assert!(hidden_as_overdue(&body, Some(10), date!(2026 - 11 - 12)));
        assert!(
            !hidden_as_overdue(&body, None, date!(2099 - 01 - 01)),
            "no grace period: overdue entries stay visible"
        );
        assert!(!hidden_as_overdue(
            &due(None),
            Some(0),
            date!(2099 - 01 - 01)
        ));
    }
}
