//! The website: the computed plan rendered into pages (spec section 7).
//!
//! [`render`] adds to a [`Site`] every page, the charts (inline SVG), the static files and the
//! plan's assets. It reads nothing from disk: templates and static files come from the binary
//! ([`crate::embedded`]) and from the plan's [`Inputs`], so the same inputs give the same bytes.
//!
//! - [`view`]: the view model, built once and shared by every page;
//! - [`templates`]: tera with the built-ins and the plan's overrides;
//! - [`pages`]: the page list and the parallel rendering;
//! - [`incremental`]: re-rendering only the page of an edited note (for `serve`);
//! - [`urls`]: the URL scheme, every page path and link;
//! - [`markdown`], [`charts`], [`load_chart`], [`format`]: notes, SVG charts, dates and numbers.

pub mod charts;
pub mod format;
pub mod incremental;
pub mod load_chart;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod templates;
pub mod urls;
pub mod view;

use crate::diagnostics::Diagnostic;
use crate::inputs::{ASSETS_DIR, Inputs, STATIC_DIR, TEMPLATES_DIR};
use crate::model::Plan;
use crate::planning::Computed;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use templates::Templates;
use urls::Export;

/// A built site: output files keyed by their path in the site (always with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

/// Where the files of a site go as they are made, from every core at once: a [`Site`] in
/// memory (`serve`, `archive`, `check`, `verify`) or the output folder (`build`, through
/// `output::Staging`), so one render serves both. A sink that cannot take a file keeps why,
/// and says so when it is finished; rendering goes on regardless.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>);
}

impl Sink for Mutex<Site> {
    fn put(&self, path: &str, bytes: Vec<u8>) {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, bytes);
    }
}

/// Renders the pages into `sink` and copies the assets and static files; returns every path
/// of the site (the pages, these files and the exports, which the caller puts). Generated
/// pages and the exports win over static files of the same name; the plan's `static/` wins
/// over the built-in static files. Paths that collide (`E-static-path`) fail the render before
/// a page is made.
pub fn render(
    inputs: &Inputs,
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    sink: &dyn Sink,
) -> Result<BTreeSet<String>, Vec<Diagnostic>> {
    let templates = Templates::load(inputs)?;
    let model = view_model(plan, computed, warnings, inputs)?;
    let value = site_value(&model)?;
    let (_, paths) = render_pages(templates, value, &model, (plan, computed), inputs, sink)?;
    Ok(paths)
}

/// [`render`], keeping the templates and the view model so that `serve` can re-render only
/// the page of a note that changed ([`incremental::Kept::rerender`]).
pub fn render_keeping(
    inputs: &Inputs,
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    sink: &dyn Sink,
) -> Result<incremental::Kept, Vec<Diagnostic>> {
    let templates = Templates::load(inputs)?;
    let model = view_model(plan, computed, warnings, inputs)?;
    let value = site_value(&model)?;
    let (templates, _) = render_pages(templates, value, &model, (plan, computed), inputs, sink)?;
    Ok(incremental::Kept::new(templates, model, plan, inputs))
}

fn view_model(
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    inputs: &Inputs,
) -> Result<view::SiteView, Vec<Diagnostic>> {
    view::build(plan, computed, warnings, inputs).map_err(|e| {
        vec![
            Diagnostic::error("E-chart", format!("a chart could not be drawn: {e}"))
                .in_file(crate::inputs::PLAN_FILE),
        ]
    })
}

/// The view model as tera data, converted once (a view several lists show, once:
/// [`view::shared`]); pages share it through tera's global context.
fn site_value(model: &view::SiteView) -> Result<tera::Value, Vec<Diagnostic>> {
    view::shared::convert(model).map_err(|e| {
        vec![
            Diagnostic::error(
                "E-template",
                format!("the page data could not be prepared: {e}"),
            )
            .in_file("templates"),
        ]
    })
}

/// Renders every page into `sink`, after the site's paths are checked, then the search index
/// (`search-index.js`, which the search box and the workloads list's filters read), the
/// assets and the static files; gives back the templates (holding the site data) and every
/// path.
fn render_pages(
    mut templates: Templates,
    value: tera::Value,
    model: &view::SiteView,
    (plan, computed): (&Plan, &Computed),
    inputs: &Inputs,
    sink: &dyn Sink,
) -> Result<(Templates, BTreeSet<String>), Vec<Diagnostic>> {
    let jobs = pages::jobs(&value, model);
    let search_index = urls::Script::SearchIndex.path();
    let mut paths: BTreeSet<String> = Export::ALL.iter().map(|e| e.path().to_string()).collect();
    paths.insert(search_index.to_string());
    paths.extend(jobs.iter().map(|j| j.path.clone()));
    let files = copied_files(inputs, &mut paths);
    check_paths(inputs, &paths)?;
    templates.set_global("site", value);
    pages::render(&templates, &jobs, sink)?;
    sink.put(
        search_index,
        search::index(plan, computed, &model.workloads),
    );
    for (path, bytes) in files {
        sink.put(&path, bytes.to_vec());
    }
    Ok((templates, paths))
}

/// The assets and static files the site gets, each added to `taken`, none where a page, an
/// export or a file before it goes. Assets keep their path (`assets/...`) so rollback pages
/// link to them; static files go to the site root, the plan's before the built-in ones.
fn copied_files<'a>(inputs: &'a Inputs, taken: &mut BTreeSet<String>) -> Vec<(String, &'a [u8])> {
    let assets = inputs
        .under(ASSETS_DIR)
        .map(|(rel, bytes)| (format!("{ASSETS_DIR}/{rel}"), bytes));
    let statics = inputs
        .under(STATIC_DIR)
        .map(|(rel, bytes)| (rel.to_string(), bytes));
    let builtin = crate::embedded::STATIC
        .iter()
        .map(|(rel, bytes)| ((*rel).to_string(), *bytes));
    assets
        .chain(statics)
        .chain(builtin)
        .filter(|(path, _)| taken.insert(path.clone()))
        .collect()
}

/// Every path of a finished site is a file, never also a folder of another one: a static file
/// or asset `index.html/x` (or a static file named like a page's folder) could not be written.
/// Each such collision is an error naming the plan's file that causes it.
pub fn check_paths(inputs: &Inputs, paths: &BTreeSet<String>) -> Result<(), Vec<Diagnostic>> {
    // The plan's file a site path comes from, if any.
    let origin = |path: &str| {
        let from_static = format!("static/{path}");
        if inputs.get(&from_static).is_some() {
            Some(from_static)
        } else {
            inputs.get(path).is_some().then(|| path.to_string())
        }
    };
    let mut errors = Vec::new();
    for file in paths {
        let folder = format!("{file}/");
        let Some(inside) = paths
            .range(folder.clone()..)
            .next()
            .filter(|k| k.starts_with(&folder))
        else {
            continue;
        };
        let (blamed, other) = match (origin(inside), origin(file)) {
            (Some(input), _) => (input, file),
            (None, Some(input)) => (input, inside),
            (None, None) => continue,
        };
        errors.push(
            Diagnostic::error(
                "E-static-path",
                format!(
                    "{blamed} collides with the site's {other}: `{file}` would have to be both a file and a folder"
                ),
            )
            .in_file(&blamed)
            .help("rename or move the file: a static file or asset cannot sit where a page, an export or another file of the site goes"),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The built-in templates and static files, as they would be written into a plan folder.
pub fn builtin_files() -> Vec<(String, &'static [u8])> {
    let templates = crate::embedded::TEMPLATES
        .iter()
        .map(|(p, b)| (format!("{TEMPLATES_DIR}/{p}"), *b));
    let statics = crate::embedded::STATIC
        .iter()
        .map(|(p, b)| (format!("{STATIC_DIR}/{p}"), *b));
    templates.chain(statics).collect()
}
