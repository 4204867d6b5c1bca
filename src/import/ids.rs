//! Workload ids from group values: lowercase, every run of other characters than `[a-z0-9]`
//! one `-`, trimmed; clashes take the first free suffix `-2`, `-3`...

use crate::schema::slug;
use std::collections::HashSet;

/// Hands out ids in order, each unique.
#[derive(Default)]
pub(super) struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// The id of a group: its value's slug, else the first server's, else `workload`; with the
    /// first free suffix when taken.
    pub(super) fn assign(&mut self, value: &str, first_server: &str) -> String {
        let base = [slug(value), slug(first_server)]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| "workload".to_string());
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Web Shop (EU)"), "web-shop-eu");
        assert_eq!(slug("  --SAP_ERP--  "), "sap-erp");
        assert_eq!(slug("Zahlungsverkehr/Ä"), "zahlungsverkehr");
        assert_eq!(slug("ÄÖÜ"), "");
    }

    #[test]
    fn clashes_take_the_first_free_suffix() {
        let mut ids = Ids::default();
        assert_eq!(ids.assign("Billing", "x"), "billing");
        assert_eq!(ids.assign("billing", "x"), "billing-2");
        assert_eq!(ids.assign("BILLING!", "x"), "billing-3");
        assert_eq!(ids.assign("", "WEB01"), "web01");
        assert_eq!(ids.assign("ÄÖ", "ÜÜ"), "workload");
    }
}
