//! Re-rendering the one page a note edit changes, for `serve`.
//!
//! A note (`workloads/<id>.md`, `rollback/<id>.md`, `pages/<slug>.md`) feeds no planning
//! figure and no export; with the built-in templates it shows on exactly one page: the
//! workload page, the rollback page or the free page. A full render keeps its templates and
//! view model in a [`Kept`]; [`Kept::rerender`] then swaps the note into the view model and
//! renders that page alone, with the bytes a full build would give.
//!
//! What stays out: a plan's own templates (they may show any note anywhere through `site`)
//! and a free page whose title or weight changed (the navigation of every page shows them).
//! [`Kept::rerender`] answers `None` for those and the caller builds in full. Whether the
//! edit changes the diagnostics is the caller's question: it knows the old warnings.
//!
//! The tera global `site` keeps the note as it was at the full render. Only the page's own
//! item (`workload`, `free_page`) carries the new note, which is all the built-in templates
//! read a note from.

use super::pages::{self, Job, Rendered};
use super::templates::Templates;
use super::view::{self, SiteView, workloads::note_view};
use crate::diagnostics::Diagnostic;
use crate::inputs::{Inputs, NoteFolder, TEMPLATES_DIR};
use crate::model::{FreePage, Note, Plan};
use std::collections::BTreeMap;

/// What a full render leaves behind for re-rendering single notes.
pub struct Kept {
    templates: Templates,
    view: SiteView,
    raw_html: bool,
    /// Free pages' weights: not in the view model, but they order the navigation.
    page_weights: BTreeMap<String, i64>,
    /// No template of the plan's own: only the built-ins are known to show a note on its own
    /// page alone.
    builtin_templates: bool,
}

/// Which page a note belongs to.
enum Target<'n> {
    Workload(&'n str),
    Rollback(&'n str),
    Page(&'n str),
}

fn target(file: &str) -> Option<Target<'_>> {
    let (folder, stem) = NoteFolder::of(file)?;
    Some(match folder {
        NoteFolder::Workloads => Target::Workload(stem),
        NoteFolder::Rollback => Target::Rollback(stem),
        NoteFolder::Pages => Target::Page(stem),
    })
}

impl Kept {
    /// The plan has a baseline: its changes list every file, notes included.
    pub fn has_baseline(&self) -> bool {
        self.view.changes.is_some()
    }
}

impl Kept {
    pub(super) fn new(templates: Templates, view: SiteView, plan: &Plan, inputs: &Inputs) -> Kept {
        Kept {
            templates,
            view,
            raw_html: plan.site.raw_html,
            page_weights: plan
                .notes
                .pages
                .iter()
                .map(|p| (p.slug.clone(), p.note.weight))
                .collect(),
            builtin_templates: inputs.under(TEMPLATES_DIR).next().is_none(),
        }
    }

    /// Renders the page that shows `note` (already parsed, `note.file` naming it) and keeps
    /// the new note in the view model for the next edit. `None` when the edit may change
    /// other pages too, or names no known workload or page: build in full then. After
    /// `Some(Err(..))` the kept state may be half-updated: drop it.
    pub fn rerender(&mut self, note: &Note) -> Option<Result<Rendered, Vec<Diagnostic>>> {
        if !self.builtin_templates {
            return None;
        }
        let (index, pick) = match target(&note.file)? {
            Target::Workload(id) => (self.workload_note(id, note, false)?, 0),
            Target::Rollback(id) => (self.workload_note(id, note, true)?, 1),
            Target::Page(slug) => {
                let index = self.page_note(slug, note)?;
                let job = pages::page_job(&self.view.pages[index]);
                return Some(self.render_one(job));
            }
        };
        let [page, rollback] = pages::workload_jobs(&self.view.workloads[index]);
        Some(self.render_one(if pick == 0 { page } else { rollback }))
    }

    /// Puts a workload's (or its rollback's) note into the view; the workload's index.
    fn workload_note(&mut self, id: &str, note: &Note, rollback: bool) -> Option<usize> {
        let index = self.view.workloads.iter().position(|w| w.id == id)?;
        let w = &mut self.view.workloads[index];
        let notes = Some(note_view(note, self.raw_html));
        if rollback {
            w.rollback.notes = notes;
        } else {
            w.notes = notes;
        }
        Some(index)
    }

    /// Puts a free page's note into the view, unless its title or weight changed; the page's
    /// index.
    fn page_note(&mut self, slug: &str, note: &Note) -> Option<usize> {
        if self.page_weights.get(slug) != Some(&note.weight) {
            return None;
        }
        let page = FreePage {
            slug: slug.to_string(),
            note: note.clone(),
        };
        let fresh = view::free_page_view(&page, self.raw_html);
        let index = self.view.pages.iter().position(|p| p.slug == slug)?;
        let p = &mut self.view.pages[index];
        if p.title != fresh.title {
            return None;
        }
        *p = fresh;
        Some(index)
    }

    fn render_one(&self, job: Job) -> Result<Rendered, Vec<Diagnostic>> {
        let page = std::sync::Mutex::new(super::Site::default());
        pages::render(&self.templates, std::slice::from_ref(&job), &page)?;
        let page = page
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        page.files.into_iter().next().ok_or_else(|| {
            vec![Diagnostic::error("E-template", "the page was not rendered").in_file("templates")]
        })
    }
}
