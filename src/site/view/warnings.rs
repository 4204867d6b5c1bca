//! The warnings page (`warnings/index.html`, spec section 7): every warning, grouped by code
//! with counts, a bounded number per page; and the dashboard's short form of it, the count of
//! each code with its first few warnings and a link to where the code's group starts.

use super::common::{Pager, WarningView};
use super::shared::SharedView;
use crate::diagnostics::FIRST_FEW;
use crate::site::urls::Page;
use serde::Serialize;

/// Warnings on one page of `warnings/`: pages stay small for plans with thousands.
pub const PER_PAGE: usize = 100;

/// A code's count, for the dashboard and the top of every warnings page.
#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    pub code: &'static str,
    pub count: usize,
    /// Relative to the site root: the warnings page where the code's group starts.
    pub href: String,
    /// The first few of the code (the dashboard shows them).
    pub first: Vec<SharedView<WarningView>>,
}

/// The warnings of one code on one page.
#[derive(Debug, Clone, Serialize)]
pub struct WarningGroup {
    pub code: &'static str,
    /// Every warning of the code, on every page.
    pub count: usize,
    /// The group began on an earlier page.
    pub continued: bool,
    pub warnings: Vec<SharedView<WarningView>>,
}

/// One page of `warnings/`.
#[derive(Debug, Clone, Serialize)]
pub struct WarningsPageView {
    pub number: u32,
    /// Its path in the site.
    pub path: String,
    pub groups: Vec<WarningGroup>,
    pub pager: Pager,
}

/// The anchor of a code's group on its page.
pub fn anchor(code: &str) -> String {
    format!("code-{code}")
}

/// The warnings by code (codes in order, each code's warnings in the order given), the
/// counts per code, and the pages. A plan without warnings still has one (empty) page.
pub fn warning_pages(
    warnings: Vec<SharedView<WarningView>>,
) -> (Vec<CodeCount>, Vec<WarningsPageView>) {
    let mut sorted = warnings;
    // Stable: within a code the warnings keep the diagnostics' order.
    sorted.sort_by(|a, b| a.code.cmp(b.code));
    let pages = sorted.len().div_ceil(PER_PAGE).max(1);
    let number_of = |index: usize| u32::try_from(index / PER_PAGE + 1).unwrap_or(u32::MAX);
    let mut counts: Vec<CodeCount> = Vec::new();
    for (i, w) in sorted.iter().enumerate() {
        match counts.last_mut() {
            Some(c) if c.code == w.code => {
                c.count += 1;
                if c.first.len() < FIRST_FEW {
                    c.first.push(w.clone());
                }
            }
            _ => counts.push(CodeCount {
                code: w.code,
                count: 1,
                href: format!("{}#{}", Page::Warnings(number_of(i)).path(), anchor(w.code)),
                first: vec![w.clone()],
            }),
        }
    }
    let count_of = |code: &str| {
        counts
            .iter()
            .find(|c| c.code == code)
            .map_or(0, |c| c.count)
    };
    let mut out: Vec<WarningsPageView> = Vec::with_capacity(pages);
    let mut rest = sorted.into_iter().peekable();
    let mut seen = 0usize;
    for index in 0..pages {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut groups: Vec<WarningGroup> = Vec::new();
        while seen < (index + 1) * PER_PAGE {
            let Some(w) = rest.next() else { break };
            seen += 1;
            match groups.last_mut() {
                Some(g) if g.code == w.code => g.warnings.push(w),
                _ => {
                    // A page's first group may carry on the previous page's last.
                    let continued = groups.is_empty()
                        && out
                            .last()
                            .and_then(|p| p.groups.last())
                            .is_some_and(|g| g.code == w.code);
                    groups.push(WarningGroup {
                        code: w.code,
                        count: count_of(w.code),
                        continued,
                        warnings: vec![w],
                    });
                }
            }
        }
        out.push(WarningsPageView {
            number,
            path: Page::Warnings(number).path(),
            groups,
            pager: Pager::new(number, pages, |n| Page::Warnings(n).path()),
        });
    }
    (counts, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(code: &'static str, n: usize) -> SharedView<WarningView> {
        SharedView::new(WarningView {
            severity: "warning",
            code,
            message_html: format!("message {n}"),
            location: String::new(),
            source_line: String::new(),
            help: None,
            help_html: None,
            workloads: Vec::new(),
            wave: None,
        })
    }

    #[test]
    fn groups_by_code_counts_and_paginates() {
        let mut all = Vec::new();
        for n in 0..PER_PAGE + 5 {
            all.push(warning("W-b", n));
            if n < 2 {
                all.push(warning("W-a", n));
            }
        }
        let (counts, pages) = warning_pages(all);
        let summary: Vec<(&str, usize, usize)> = counts
            .iter()
            .map(|c| (c.code, c.count, c.first.len()))
            .collect();
        assert_eq!(summary, [("W-a", 2, 2), ("W-b", PER_PAGE + 5, FIRST_FEW)]);
        assert_eq!(counts[0].first[1].message_html, "message 1");
        assert_eq!(counts[1].href, "warnings/index.html#code-W-b");
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].path, "warnings/page_2/index.html");
        let first: Vec<(&str, usize, bool)> = pages[0]
            .groups
            .iter()
            .map(|g| (g.code, g.warnings.len(), g.continued))
            .collect();
        assert_eq!(first, [("W-a", 2, false), ("W-b", PER_PAGE - 2, false)]);
        let second = &pages[1].groups;
        assert_eq!(second.len(), 1);
        assert!(second[0].continued);
        assert_eq!(second[0].warnings.len(), 7);
        assert_eq!(second[0].count, PER_PAGE + 5);
        assert_eq!(pages[1].pager.prev.as_deref(), Some("warnings/index.html"));
        assert_eq!(pages[1].pager.next, None);
    }

    #[test]
    fn no_warnings_is_one_empty_page() {
        let (counts, pages) = warning_pages(Vec::new());
        assert!(counts.is_empty());
        assert_eq!(pages.len(), 1);
        assert!(pages[0].groups.is_empty());
        assert_eq!(pages[0].pager.pages.len(), 1);
    }
}
