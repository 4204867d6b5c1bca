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
use std::collections::BTreeMap;
use templates::Templates;

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

/// Renders the pages into `site` and copies the assets and static files. Generated pages and
/// the exports already in `site` win over static files of the same name; the plan's
/// `static/` wins over the built-in static files.
pub fn render(
    inputs: &Inputs,
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    site: &mut Site,
) -> Result<(), Vec<Diagnostic>> {
    let templates = Templates::load(inputs)?;
    let model = view_model(plan, computed, warnings, inputs)?;
    let value = site_value(&model)?;
    drop(render_pages(templates, value, &model, site)?);
    add_search_index(plan, computed, &model, site);
    copy_files(inputs, site);
    Ok(())
}

/// [`render`], keeping the templates and the view model so that `serve` can re-render only
/// the page of a note that changed ([`incremental::Kept::rerender`]).
pub fn render_keeping(
    inputs: &Inputs,
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    site: &mut Site,
) -> Result<incremental::Kept, Vec<Diagnostic>> {
    let templates = Templates::load(inputs)?;
    let model = view_model(plan, computed, warnings, inputs)?;
    let value = site_value(&model)?;
    let templates = render_pages(templates, value, &model, site)?;
    add_search_index(plan, computed, &model, site);
    copy_files(inputs, site);
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

/// The view model as tera data, converted once; pages share it through tera's global context.
fn site_value(model: &view::SiteView) -> Result<tera::Value, Vec<Diagnostic>> {
    tera::Value::try_from_serializable(model).map_err(|e| {
        vec![
            Diagnostic::error(
                "E-template",
                format!("the page data could not be prepared: {e}"),
            )
            .in_file("templates"),
        ]
    })
}

/// Renders every page into `site`; gives the templates back (holding the site data).
fn render_pages(
    mut templates: Templates,
    value: tera::Value,
    model: &view::SiteView,
    site: &mut Site,
) -> Result<Templates, Vec<Diagnostic>> {
    let jobs = pages::jobs(&value, model);
    templates.set_global("site", value);
    for (path, bytes) in pages::render(&templates, &jobs)? {
        site.insert(path, bytes);
    }
    Ok(templates)
}

/// The search index (`search-index.js`) the search box and the workloads list's filters read.
fn add_search_index(plan: &Plan, computed: &Computed, model: &view::SiteView, site: &mut Site) {
    site.insert(
        urls::Script::SearchIndex.path(),
        search::index(plan, computed, &model.workloads),
    );
}

/// Assets keep their path (`assets/...`) so rollback pages link to them; static files go to
/// the site root. Nothing replaces a page or an export.
fn copy_files(inputs: &Inputs, site: &mut Site) {
    for (rel, bytes) in inputs.under(ASSETS_DIR) {
        site.files
            .entry(format!("{ASSETS_DIR}/{rel}"))
            .or_insert_with(|| bytes.to_vec());
    }
    for (rel, bytes) in inputs.under(STATIC_DIR) {
        site.files
            .entry(rel.to_string())
            .or_insert_with(|| bytes.to_vec());
    }
    for (rel, bytes) in crate::embedded::STATIC {
        site.files
            .entry((*rel).to_string())
            .or_insert_with(|| bytes.to_vec());
    }
}

/// Every path of a finished site is a file, never also a folder of another one: a static file
/// or asset `index.html/x` (or a static file named like a page's folder) could not be written.
/// Each such collision is an error naming the plan's file that causes it.
pub fn check_paths(inputs: &Inputs, site: &Site) -> Result<(), Vec<Diagnostic>> {
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
    for file in site.files.keys() {
        let folder = format!("{file}/");
        let Some(inside) = site
            .files
            .range(folder.clone()..)
            .next()
            .map(|(k, _)| k)
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
