//! The pages of the long lists: the workloads index, the schedule's cutovers and the
//! transfers' chosen path per workload grow with the plan, so each shows [`PER_PAGE`] rows a
//! page. The rows stay in the site-wide data (`site.workloads`, `site.schedule.cutovers`); a
//! page knows which of them it shows (`start..end`) and the templates slice them
//! (`site.workloads[listing.start:listing.end]`), so no row is copied per page.

use super::common::Pager;
use crate::site::urls::{Page, Section};
use serde::Serialize;

/// Rows on one page of a long list: about 150 KB of workloads, 350 KB of cutovers.
pub const PER_PAGE: usize = 200;

/// One page of a long list.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    pub number: u32,
    /// Its path in the site.
    pub path: String,
    /// The rows it shows, `start..end` of the whole list (from 0).
    pub start: usize,
    pub end: usize,
    /// Every row of the list, on every page.
    pub total: usize,
    pub pager: Pager,
}

/// The pages of each long list (`site.lists`).
#[derive(Debug, Clone, Serialize)]
pub struct ListsView {
    pub workloads: Vec<ListPage>,
    pub schedule: Vec<ListPage>,
    pub transfers: Vec<ListPage>,
}

impl ListsView {
    /// The lists of a plan of `workloads` workloads and `cutovers` cutovers.
    pub fn new(workloads: usize, cutovers: usize) -> Self {
        ListsView {
            workloads: list_pages(Section::Workloads, workloads),
            schedule: list_pages(Section::Schedule, cutovers),
            transfers: list_pages(Section::Transfers, workloads),
        }
    }

    /// The pages of `section`'s list; empty for a section without one.
    pub fn of(&self, section: Section) -> &[ListPage] {
        match section {
            Section::Workloads => &self.workloads,
            Section::Schedule => &self.schedule,
            Section::Transfers => &self.transfers,
            _ => &[],
        }
    }
}

/// The pages of `section`'s list of `total` rows: at least one, the first at the section's
/// own address.
pub fn list_pages(section: Section, total: usize) -> Vec<ListPage> {
    let count = total.div_ceil(PER_PAGE).max(1);
    (0..count)
        .map(|index| {
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let path = |n: u32| Page::Listing(section, n).path();
            ListPage {
                number,
                path: path(number),
                start: index * PER_PAGE,
                end: ((index + 1) * PER_PAGE).min(total),
                total,
                pager: Pager::new(number, count, path),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_is_one_page_at_the_sections_address() {
        let pages = list_pages(Section::Workloads, 7);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].path, "workloads/index.html");
        assert_eq!((pages[0].start, pages[0].end, pages[0].total), (0, 7, 7));
        assert_eq!(pages[0].pager.total, 1);
        assert_eq!(list_pages(Section::Schedule, 0).len(), 1);
    }

    #[test]
    fn a_long_list_splits_into_bounded_pages() {
        let total = 10 * PER_PAGE + 1;
        let pages = list_pages(Section::Schedule, total);
        assert_eq!(pages.len(), 11);
        assert_eq!(pages[1].path, "schedule/page_2/index.html");
        assert_eq!((pages[1].start, pages[1].end), (PER_PAGE, 2 * PER_PAGE));
        assert_eq!((pages[10].start, pages[10].end), (10 * PER_PAGE, total));
        // Every row on exactly one page.
        let shown: usize = pages.iter().map(|p| p.end - p.start).sum();
        assert_eq!(shown, total);
        // The pager of page 6 of 11: 1 … 4 5 6 7 8 … 11.
        let pager = &pages[5].pager;
        let numbers: Vec<(u32, bool)> = pager.pages.iter().map(|p| (p.number, p.gap)).collect();
        assert_eq!(
            numbers,
            [
                (1, false),
                (4, true),
                (5, false),
                (6, false),
                (7, false),
                (8, false),
                (11, true)
            ]
        );
        assert_eq!(pager.prev.as_deref(), Some("schedule/page_5/index.html"));
        assert_eq!(pager.next.as_deref(), Some("schedule/page_7/index.html"));
        assert_eq!(pages[1].pager.prev.as_deref(), Some("schedule/index.html"));
    }
}
