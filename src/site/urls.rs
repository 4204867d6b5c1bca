//! The site's URL scheme, declared once. Every page's path in the site and every link to a
//! page or an export is made here: [`super::pages`] writes each page at [`Page::path`], the
//! views' `href`s come from it, and the templates call it as the tera function `url`
//! ([`register`]). A page cannot be written at one path and linked at another.
//!
//! Paths are relative to the site root and always use `/`; a page reaches the root through
//! the `root` prefix of its context ([`root_of`]).

use std::fmt::Write;
use tera::{Kwargs, State, Tera};

/// The pages with a fixed address, one per entry of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Waves,
    Workloads,
    Schedule,
    Transfers,
    Readiness,
}

impl Section {
    /// In navigation order.
    pub const ALL: [Section; 6] = [
        Section::Dashboard,
        Section::Waves,
        Section::Workloads,
        Section::Schedule,
        Section::Transfers,
        Section::Readiness,
    ];

    /// The key templates and the navigation name it with (`url(page="waves")`, `nav_key`).
    pub fn key(self) -> &'static str {
        match self {
            Section::Dashboard => "index",
            Section::Waves => "waves",
            Section::Workloads => "workloads",
            Section::Schedule => "schedule",
            Section::Transfers => "transfers",
            Section::Readiness => "readiness",
        }
    }

    /// Its title, also its label in the navigation.
    pub fn title(self) -> &'static str {
        match self {
            Section::Dashboard => "Dashboard",
            Section::Waves => "Waves",
            Section::Workloads => "Workloads",
            Section::Schedule => "Schedule",
            Section::Transfers => "Transfers",
            Section::Readiness => "Readiness",
        }
    }
}

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    Section(Section),
    Wave(u32),
    Workload(&'a str),
    /// A workload's rollback page.
    Rollback(&'a str),
    /// A free page (`pages/<slug>.md`), by its slug.
    Free(&'a str),
    /// The baseline and its scenarios side by side (only when the plan has scenarios).
    Scenarios,
    /// A scenario, by its slug.
    Scenario(&'a str),
    /// What changed since the plan's `baseline` (only when it has one).
    Changes,
    /// A page of the warnings, grouped by code, from 1: `warnings/`, `warnings/page_2/`...
    Warnings(u32),
    /// Where the migration stands (only when the plan has results).
    Progress,
    /// A page, from 1, of a section that lists every workload or unit (workloads, schedule,
    /// transfers): page 1 is the section's own page, then `workloads/page_2/`...
    Listing(Section, u32),
}

/// The sections that list every workload or unit, a bounded number per page
/// ([`Page::Listing`]).
pub const LISTS: [Section; 3] = [Section::Workloads, Section::Schedule, Section::Transfers];

/// The key of the changes page, for `url(page="changes")` and the navigation.
pub const CHANGES_KEY: &str = "changes";

/// The key of the progress page, for `url(page="progress")` and the navigation.
pub const PROGRESS_KEY: &str = "progress";

/// The file a folder's address serves: each page is a folder with one, so addresses stay
/// readable (`waves/3/`).
pub const FOLDER_INDEX: &str = "index.html";

/// The folder of the warnings pages.
const WARNINGS_DIR: &str = "warnings";

/// The folder of page `number` (from 1) of a paginated list whose first page is `folder`:
/// `folder`, then `folder/page_2`... The underscore keeps these apart from workload ids
/// (`workloads/<id>/`), which are `[a-z0-9][a-z0-9-]*`.
fn paged(folder: &str, number: u32) -> String {
    if number <= 1 {
        folder.to_string()
    } else {
        format!("{folder}/page_{number}")
    }
}

impl Page<'_> {
    pub const DASHBOARD: Page<'static> = Page::Section(Section::Dashboard);

    /// The page's folder below the site root; empty for the dashboard.
    pub fn folder(self) -> String {
        match self {
            Page::Section(Section::Dashboard) => String::new(),
            Page::Section(section) => section.key().to_string(),
            Page::Wave(number) => format!("waves/{number}"),
            Page::Workload(id) => format!("workloads/{id}"),
            Page::Rollback(id) => format!("workloads/{id}/rollback"),
            Page::Free(slug) => format!("pages/{slug}"),
            Page::Scenarios => "scenarios".into(),
            Page::Scenario(slug) => format!("scenarios/{slug}"),
            Page::Changes => CHANGES_KEY.to_string(),
            Page::Warnings(number) => paged(WARNINGS_DIR, number),
            Page::Progress => PROGRESS_KEY.to_string(),
            Page::Listing(section, number) => paged(&Page::Section(section).folder(), number),
        }
    }

    /// The page's file in the site, which is also its link from the site root.
    pub fn path(self) -> String {
        let folder = self.folder();
        if folder.is_empty() {
            FOLDER_INDEX.to_string()
        } else {
            format!("{folder}/{FOLDER_INDEX}")
        }
    }
}

/// The exports, at the site root: the plan for tools, spreadsheets and calendars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    PlanJson,
    WavesCsv,
    ScheduleIcs,
}

impl Export {
    pub const ALL: [Export; 3] = [Export::PlanJson, Export::WavesCsv, Export::ScheduleIcs];

    /// The file's path in the site, also its name.
    pub const fn path(self) -> &'static str {
        match self {
            Export::PlanJson => "plan.json",
            Export::WavesCsv => "waves.csv",
            Export::ScheduleIcs => "schedule.ics",
        }
    }
}

/// The browser scripts, at the site root: the search box and the workloads list's filters
/// (`search.js`, a static file) and the index they search, written by the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Search,
    SearchIndex,
}

impl Script {
    pub const ALL: [Script; 2] = [Script::Search, Script::SearchIndex];

    /// The file's path in the site, also its name (`url(script="search.js")`).
    pub const fn path(self) -> &'static str {
        match self {
            Script::Search => "search.js",
            Script::SearchIndex => "search-index.js",
        }
    }
}

/// A page address split around its one variable part, as `(before, after)`: `path` is the
/// address made with `hole` for that part. The search index hands the browser the workload
/// and wave addresses this way, so the script makes the same links as the pages.
pub fn pattern(path: &str, hole: &str) -> (String, String) {
    match path.split_once(hole) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (path.to_string(), String::new()),
    }
}

/// The link to a file of the plan's `assets/` (same path in the site), percent-encoded, keeping
/// `/` and unreserved characters, so asset names with spaces or `#` still link to the file.
pub fn asset(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The relative prefix from a page at `path` (`waves/1/index.html`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Registers `url` for templates: `url(page="waves")` (a [`Section::key`], or
/// [`CHANGES_KEY`], [`PROGRESS_KEY`]),
/// `url(wave=3)`, `url(workload="crm")`, `url(rollback="crm")`, `url(free_page="glossary")`,
/// `url(warnings=1)` (a page of the warnings), `url(export="schedule.ics")`,
/// `url(script="search.js")` (a [`Script`]). Exactly one argument, except that `page` may
/// come with `number` (from 1) for a page of a long list: `url(page="workloads", number=2)`.
/// The result is relative to the site root, so templates write `{{ root }}{{ url(wave=n) }}`.
pub fn register(tera: &mut Tera) {
    tera.register_function("url", url);
}

fn url(kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let fail = |message: String| tera::Error::message(format!("url: {message}"));
    let mut found = Vec::new();
    let number = match kwargs.get::<i64>("number")? {
        None => None,
        Some(n) => Some(
            u32::try_from(n)
                .ok()
                .filter(|&n| n >= 1)
                .ok_or_else(|| fail(format!("no page number {n}")))?,
        ),
    };
    if number.is_some() && kwargs.get::<&str>("page")?.is_none() {
        return Err(fail("`number` goes with `page`".into()));
    }
    if let Some(key) = kwargs.get::<&str>("page")? {
        if key == CHANGES_KEY && number.is_none() {
            found.push(Page::Changes.path());
        } else if key == PROGRESS_KEY {
            found.push(Page::Progress.path());
        } else {
            let section = Section::ALL
                .into_iter()
                .find(|s| s.key() == key)
                .ok_or_else(|| {
                    let keys: Vec<&str> = Section::ALL.iter().map(|s| s.key()).collect();
                    fail(format!(
                        "no page `{key}`; pages are {}, {CHANGES_KEY}, {PROGRESS_KEY}",
                        keys.join(", ")
                    ))
                })?;
            match number {
                None => found.push(Page::Section(section).path()),
                Some(n) if LISTS.contains(&section) => {
                    found.push(Page::Listing(section, n).path());
                }
                Some(_) => return Err(fail(format!("the page `{key}` has no numbered pages"))),
            }
        }
    }
    if let Some(number) = kwargs.get::<i64>("wave")? {
        let number = u32::try_from(number).map_err(|_| fail(format!("no wave {number}")))?;
        found.push(Page::Wave(number).path());
    }
    if let Some(id) = kwargs.get::<&str>("workload")? {
        found.push(Page::Workload(id).path());
    }
    if let Some(id) = kwargs.get::<&str>("rollback")? {
        found.push(Page::Rollback(id).path());
    }
    if let Some(number) = kwargs.get::<i64>("warnings")? {
        let number = u32::try_from(number)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| fail(format!("no warnings page {number}")))?;
        found.push(Page::Warnings(number).path());
    }
    if let Some(slug) = kwargs.get::<&str>("free_page")? {
        found.push(Page::Free(slug).path());
    }
    if let Some(name) = kwargs.get::<&str>("export")? {
        let export = Export::ALL
            .iter()
            .find(|e| e.path() == name)
            .ok_or_else(|| fail(format!("no export `{name}`")))?;
        found.push(export.path().to_string());
    }
    if let Some(name) = kwargs.get::<&str>("script")? {
        let script = Script::ALL
            .iter()
            .find(|s| s.path() == name)
            .ok_or_else(|| fail(format!("no script `{name}`")))?;
        found.push(script.path().to_string());
    }
    match <[String; 1]>::try_from(found) {
        Ok([path]) => Ok(path),
        Err(_) => Err(fail(
            "give exactly one of page, wave, workload, rollback, free_page, warnings, export, script"
                .into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    #[test]
    fn pages_live_in_folders() {
        assert_eq!(Page::DASHBOARD.path(), "index.html");
        assert_eq!(
            Page::Section(Section::Readiness).path(),
            "readiness/index.html"
        );
        assert_eq!(Page::Wave(3).path(), "waves/3/index.html");
        assert_eq!(
            Page::Rollback("crm").path(),
            "workloads/crm/rollback/index.html"
        );
        assert_eq!(Page::Free("glossary").path(), "pages/glossary/index.html");
        assert_eq!(Page::Scenarios.path(), "scenarios/index.html");
        assert_eq!(
            Page::Scenario("six-week-waves").path(),
            "scenarios/six-week-waves/index.html"
        );
        assert_eq!(Page::Warnings(1).path(), "warnings/index.html");
        assert_eq!(Page::Progress.path(), "progress/index.html");
        assert_eq!(Page::Warnings(3).path(), "warnings/page_3/index.html");
        assert_eq!(
            Page::Listing(Section::Workloads, 1).path(),
            "workloads/index.html"
        );
        assert_eq!(
            Page::Listing(Section::Workloads, 2).path(),
            "workloads/page_2/index.html"
        );
        assert_eq!(
            Page::Listing(Section::Schedule, 12).path(),
            "schedule/page_12/index.html"
        );
        assert_eq!(Export::ScheduleIcs.path(), "schedule.ics");
        assert_eq!(
            pattern(&Page::Workload("\0").path(), "\0"),
            ("workloads/".to_string(), "/index.html".to_string())
        );
    }

    #[test]
    fn asset_links_and_roots() {
        assert_eq!(asset("assets/a b#1.ps1"), "assets/a%20b%231.ps1");
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("workloads/crm/rollback/index.html"), "../../../");
    }

    fn render(call: &str) -> Result<String, String> {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", &format!("{{{{ {call} }}}}"))
            .map_err(|e| e.to_string())?;
        tera.render("t", &Context::new())
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn templates_make_the_same_links() {
        assert_eq!(
            render("url(page=\"waves\")").as_deref(),
            Ok("waves/index.html")
        );
        assert_eq!(
            render("url(wave=2 + 1)").as_deref(),
            Ok("waves/3/index.html")
        );
        assert_eq!(
            render("url(rollback=\"crm\")").as_deref(),
            Ok("workloads/crm/rollback/index.html")
        );
        assert_eq!(
            render("url(page=\"transfers\", number=3)").as_deref(),
            Ok("transfers/page_3/index.html")
        );
        assert_eq!(
            render("url(page=\"workloads\", number=1)").as_deref(),
            Ok("workloads/index.html")
        );
        assert_eq!(
            render("url(export=\"schedule.ics\")").as_deref(),
            Ok("schedule.ics")
        );
        assert_eq!(
            render("url(script=\"search-index.js\")").as_deref(),
            Ok("search-index.js")
        );
        for bad in [
            "url(page=\"nope\")",
            "url(export=\"x.json\")",
            "url(script=\"x.js\")",
            "url()",
            "url(wave=1, workload=\"crm\")",
            "url(wave=-1)",
            "url(page=\"waves\", number=2)",
            "url(page=\"workloads\", number=0)",
            "url(number=2)",
        ] {
            assert!(render(bad).is_err(), "{bad} should fail");
        }
    }
}
