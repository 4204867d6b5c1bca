//! The list of pages and their parallel rendering.
//!
//! Each page job names its output path, template and the one item it is about (a wave, a
//! workload, a free page). A wave or free page is a `tera::Value` taken from the site-wide
//! value, which tera keeps behind `Arc`s: handing it to a page clones a pointer, not the
//! data. A workload is converted to tera data when its pages render and dropped after, so the
//! site-wide value holds only its summary row.

use super::templates::Templates;
use super::urls::{self, Page, Section};
use super::view::workloads::WorkloadView;
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
}

/// One page to render.
pub struct Job<'m> {
    pub path: String,
    pub template: &'static str,
    /// The navigation entry to mark as current.
    pub nav: String,
    pub title: String,
    /// The page's subject, under a key the template expects (`wave`, `workload`, `free_page`).
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

fn items<'v>(site: &'v Value, key: &'v str) -> &'v [Value] {
    site.get_from_path(key)
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

fn text(v: &Value, key: &str) -> String {
    v.get_from_path(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
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

/// Every page of the site, in a fixed order.
pub fn jobs<'m>(site: &Value, workloads: &'m [WorkloadView]) -> Vec<Job<'m>> {
    let mut out: Vec<Job<'m>> = Section::ALL
        .into_iter()
        .map(|s| job(&Page::Section(s).path(), template(s), s.key(), s.title()))
        .collect();
    for wave in items(site, "waves") {
        let number = wave
            .get_from_path("number")
            .and_then(Value::as_i64)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or_default();
        let mut j = job(
            &Page::Wave(number).path(),
            "wave.html",
            "waves",
            &format!("Wave {number}"),
        );
        j.item = Some(("wave", Item::Shared(wave.clone())));
        out.push(j);
    }
    for w in workloads {
        out.extend(pair(&w.id, &w.name, || Item::Workload(w)));
    }
    for p in items(site, "pages") {
        out.push(page_job(p));
    }
    out
}

/// A workload's page and its rollback page, from the workload's full data as a tera value.
/// Used by [`super::incremental`] to re-render the pages of one workload.
pub fn workload_jobs(w: &Value) -> [Job<'static>; 2] {
    pair(&text(w, "id"), &text(w, "name"), || Item::Shared(w.clone()))
}

/// A workload's page and its rollback page, both about the same item.
fn pair<'m>(id: &str, name: &str, item: impl Fn() -> Item<'m>) -> [Job<'m>; 2] {
    let mut page = job(
        &Page::Workload(id).path(),
        "workload.html",
        "workloads",
        &format!("{id}: {name}"),
    );
    page.item = Some(("workload", item()));
    let mut rollback = job(
        &Page::Rollback(id).path(),
        "rollback.html",
        "workloads",
        &format!("Rollback plan: {id}"),
    );
    rollback.item = Some(("workload", item()));
    [page, rollback]
}

/// A free page, from one of `site.pages`.
pub fn page_job(p: &Value) -> Job<'static> {
    let slug = text(p, "slug");
    let mut j = job(
        &Page::Free(&slug).path(),
        "page.html",
        &format!("page-{slug}"),
        &text(p, "title"),
    );
    j.item = Some(("free_page", Item::Shared(p.clone())));
    j
}

fn context(job: &Job<'_>) -> Result<Context, Box<Diagnostic>> {
    let mut ctx = Context::new();
    ctx.insert("root", &urls::root_of(&job.path));
    ctx.insert("page_path", &job.path);
    ctx.insert("nav_key", &job.nav);
    ctx.insert("page_title", &job.title);
    match &job.item {
        Some((key, Item::Shared(value))) => ctx.insert_value(*key, value.clone()),
        Some((key, Item::Workload(w))) => {
            let value = Value::try_from_serializable(*w).map_err(|e| {
                Box::new(
                    Diagnostic::error(
                        "E-template",
                        format!("the page data could not be prepared: {e}"),
                    )
                    .in_file("templates"),
                )
            })?;
            ctx.insert_value(*key, value);
        }
        None => {}
    }
    Ok(ctx)
}

/// Renders every job in parallel; the output order is the jobs' order. All failures are
/// returned, one per distinct template problem (a broken workload template fails every
/// workload page the same way).
pub fn render(templates: &Templates, jobs: &[Job<'_>]) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    let results: Vec<Result<Rendered, Box<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| {
            templates
                .render(job.template, &context(job)?)
                .map(|html| (job.path.clone(), html.into_bytes()))
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(d) if !errors.contains(&d) => errors.push(*d),
            Err(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        sort(&mut errors);
        Err(errors)
    }
}
