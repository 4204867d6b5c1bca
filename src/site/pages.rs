//! The list of pages and their parallel rendering.
//!
//! Each page job names its output path, template and the one item it is about (a wave, a
//! workload, a free page), all read from the typed view model. A wave's tera data is shared
//! from the site-wide value, which tera keeps behind `Arc`s: handing it to a page clones a
//! pointer, not the data. A workload or free page is converted to tera data when its page
//! renders and dropped after, so the site-wide value holds only a workload's summary row.

use super::templates::Templates;
use super::urls::{self, Page, Section};
use super::view::scenarios::ScenarioView;
use super::view::workloads::WorkloadView;
use super::view::{FreePageView, SiteView};
use crate::diagnostics::{Diagnostic, sort};
use rayon::prelude::*;
use tera::{Context, Value};

/// A rendered page: its path in the site and its bytes.
pub type Rendered = (String, Vec<u8>);

/// What a page is about.
pub enum Item<'m> {
    /// A part of the site-wide data.
    Shared(Value),
    /// A workload, converted when its page renders.
    Workload(&'m WorkloadView),
    /// A free page, converted when it renders.
    Page(&'m FreePageView),
    /// A scenario, converted when its page renders.
    Scenario(&'m ScenarioView),
}

/// One page to render.
pub struct Job<'m> {
    pub path: String,
    pub template: &'static str,
    /// The navigation entry to mark as current.
    pub nav: String,
    pub title: String,
    /// The page's subject, under a key the template expects (`wave`, `workload`, `free_page`,
    /// `listing` for a page of a long list).
    pub item: Option<(&'static str, Item<'m>)>,
}

fn job<'m>(path: &str, template: &'static str, nav: &str, title: &str) -> Job<'m> {
    Job {
        path: path.into(),
        template,
        nav: nav.into(),
        title: title.into(),
        item: None,
    }
}

/// The template of a page with a fixed address.
fn template(section: Section) -> &'static str {
    match section {
        Section::Dashboard => "index.html",
        Section::Waves => "waves.html",
        Section::Workloads => "workloads.html",
        Section::Schedule => "schedule.html",
        Section::Transfers => "transfers.html",
        Section::Readiness => "readiness.html",
    }
}

/// Every page of the site, in a fixed order. `site` is `model` as tera data: the wave pages
/// share their part of it.
pub fn jobs<'m>(site: &Value, model: &'m SiteView) -> Vec<Job<'m>> {
    let shared_waves = site
        .get_from_path("waves")
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    let mut out: Vec<Job<'m>> = Vec::new();
    for s in Section::ALL {
        let lists = model.lists.of(s);
        if lists.is_empty() {
            out.push(job(
                &Page::Section(s).path(),
                template(s),
                s.key(),
                s.title(),
            ));
            continue;
        }
        // A long list: its pages, each told which rows it shows (`listing`).
        let key = format!("lists.{}", s.key());
        let shared = site
            .get_from_path(&key)
            .and_then(Value::as_array)
            .unwrap_or(&[]);
        for (page, shared) in lists.iter().zip(shared) {
            let title = match page.number {
                1 => s.title().to_string(),
                n => format!("{}, page {n}", s.title()),
            };
            let mut j = job(&page.path, template(s), s.key(), &title);
            j.item = Some(("listing", Item::Shared(shared.clone())));
            out.push(j);
        }
    }
    if !model.progress.href.is_empty() {
        out.push(job(
            &model.progress.href,
            "progress.html",
            super::urls::PROGRESS_KEY,
            super::view::PROGRESS_TITLE,
        ));
    }
    if let Some(changes) = &model.changes {
        out.push(job(
            &Page::Changes.path(),
            "changes.html",
            super::urls::CHANGES_KEY,
            &format!("Changes since revision {}", changes.since),
        ));
    }
    for (wave, shared) in model.waves.iter().zip(shared_waves) {
        let number = wave.number;
        let mut j = job(
            &Page::Wave(number).path(),
            "wave.html",
            "waves",
            &format!("Wave {number}"),
        );
        j.item = Some(("wave", Item::Shared(shared.clone())));
        out.push(j);
    }
    for w in &model.workloads {
        out.extend(workload_jobs(w));
    }
    for p in &model.pages {
        out.push(page_job(p));
    }
    let shared_warning_pages = site
        .get_from_path("warning_pages")
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    for (page, shared) in model.warning_pages.iter().zip(shared_warning_pages) {
        let title = match page.number {
            1 => "Warnings".to_string(),
            n => format!("Warnings, page {n}"),
        };
        let mut j = job(&page.path, "warnings.html", "warnings", &title);
        j.item = Some(("warnings_page", Item::Shared(shared.clone())));
        out.push(j);
    }
    if !model.scenarios.href.is_empty() {
        let nav = super::view::SCENARIOS_NAV;
        out.push(job(
            &model.scenarios.href,
            "scenarios.html",
            nav,
            "Scenarios",
        ));
        for s in &model.scenarios.pages {
            let mut j = job(
                &s.href,
                "scenario.html",
                nav,
                &format!("Scenario: {}", s.name),
            );
            j.item = Some(("scenario", Item::Scenario(s)));
            out.push(j);
        }
    }
    out
}

/// A workload's page and its rollback page, both about the workload. Also used by
/// [`super::incremental`] to re-render the pages of one workload.
pub fn workload_jobs(w: &WorkloadView) -> [Job<'_>; 2] {
    let (id, name) = (&w.id, &w.name);
    let mut page = job(
        &Page::Workload(id).path(),
        "workload.html",
        "workloads",
        &format!("{id}: {name}"),
    );
    page.item = Some(("workload", Item::Workload(w)));
    let mut rollback = job(
        &Page::Rollback(id).path(),
        "rollback.html",
        "workloads",
        &format!("Rollback plan: {id}"),
    );
    rollback.item = Some(("workload", Item::Workload(w)));
    [page, rollback]
}

/// A free page.
pub fn page_job(p: &FreePageView) -> Job<'_> {
    let slug = &p.slug;
    let mut j = job(
        &Page::Free(slug).path(),
        "page.html",
        &format!("page-{slug}"),
        &p.title,
    );
    j.item = Some(("free_page", Item::Page(p)));
    j
}

/// The page's variables, with its item's tera data (`item`, see [`item_value`]).
fn context(job: &Job<'_>, item: Option<Value>) -> Context {
    let mut ctx = Context::new();
    ctx.insert("root", &urls::root_of(&job.path));
    ctx.insert("page_path", &job.path);
    ctx.insert("nav_key", &job.nav);
    ctx.insert("page_title", &job.title);
    if let (Some((key, _)), Some(value)) = (&job.item, item) {
        ctx.insert_value(*key, value);
    }
    ctx
}

/// A job's item as tera data: shared, or converted now.
fn item_value(job: &Job<'_>) -> Result<Option<Value>, Box<Diagnostic>> {
    Ok(match &job.item {
        Some((_, Item::Shared(value))) => Some(value.clone()),
        Some((_, Item::Workload(w))) => Some(page_value(*w)?),
        Some((_, Item::Page(p))) => Some(page_value(*p)?),
        Some((_, Item::Scenario(s))) => Some(page_value(*s)?),
        None => None,
    })
}

/// Whether two jobs are about the same workload (its page and its rollback page).
fn same_workload(a: &Job<'_>, b: &Job<'_>) -> bool {
    match (&a.item, &b.item) {
        (Some((_, Item::Workload(x))), Some((_, Item::Workload(y)))) => std::ptr::eq(*x, *y),
        _ => false,
    }
}

/// A page's own item as tera data.
fn page_value(item: &impl serde::Serialize) -> Result<Value, Box<Diagnostic>> {
    Value::try_from_serializable(item).map_err(|e| {
        Box::new(
            Diagnostic::error(
                "E-template",
                format!("the page data could not be prepared: {e}"),
            )
            .in_file("templates"),
        )
    })
}

/// Renders every job in parallel into `sink`, each page handed over as soon as it is made (a
/// large site is never held whole here). All failures are returned, one per distinct template
/// problem (a broken workload template fails every workload page the same way).
pub fn render(
    templates: &Templates,
    jobs: &[Job<'_>],
    sink: &dyn super::Sink,
) -> Result<(), Vec<Diagnostic>> {
    let progress = &crate::progress_line::PAGES;
    progress.expect(jobs.len());
    // A workload's two pages, next to each other, share its tera data, converted once.
    let groups: Vec<&[Job<'_>]> = jobs.chunk_by(|a, b| same_workload(a, b)).collect();
    let failures: Vec<Box<Diagnostic>> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let item = item_value(&group[0]);
            group.iter().filter_map(move |job| {
                let html = item
                    .clone()
                    .and_then(|item| templates.render(job.template, &context(job, item)));
                match html {
                    Ok(html) => {
                        sink.put(&job.path, html.into_bytes());
                        progress.tick();
                        None
                    }
                    Err(d) => Some(d),
                }
            })
        })
        .collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for d in failures {
        if !errors.contains(&d) {
            errors.push(*d);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        sort(&mut errors);
        Err(errors)
    }
}
