//! Rebuilding after a change: in full, or only the page of a note that was edited.
//!
//! The incremental path is taken when every changed file is an existing note
//! (`workloads/<id>.md`, `rollback/<id>.md`, `pages/<slug>.md`) and the last build succeeded.
//! It reads just those files, and gives up (a full build follows) as soon as anything could
//! reach beyond the note's own page: the note now or before had a diagnostic, a free page's
//! title or weight changed, or the plan has templates of its own (see
//! [`crate::site::incremental`]). The result is byte for byte what a full build gives; a
//! unit test holds it to that.

use super::state::Files;
use super::watch::Changes;
use crate::build;
use crate::diagnostics::Diagnostic;
use crate::inputs::{self, Inputs, NoteFolder};
use crate::site::incremental::Kept;
use std::path::PathBuf;
use std::sync::Arc;

/// A successful build and what the next incremental one starts from.
pub struct Good {
    inputs: Inputs,
    kept: Kept,
    warnings: Vec<Diagnostic>,
    pub files: Arc<Files>,
}

impl Good {
    /// A full build of `inputs`.
    pub fn build(inputs: Inputs) -> Result<Good, Vec<Diagnostic>> {
        let (built, kept) = build::build_keeping(&inputs)?;
        let files = built
            .site
            .files
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect();
        Ok(Good {
            inputs,
            kept,
            warnings: built.warnings,
            files: Arc::new(files),
        })
    }

    pub fn warnings(&self) -> usize {
        self.warnings.len()
    }

    /// Applies edits of existing notes (path, new bytes), re-rendering only their pages.
    /// Returns the new state and how many pages were re-rendered, or `None` when a full build
    /// is needed (the state is then spent: it may be half-updated).
    pub fn apply_notes(mut self, edits: Vec<(String, Vec<u8>)>) -> Option<(Good, usize)> {
        let edits: Vec<_> = edits
            .into_iter()
            .filter(|(path, bytes)| self.inputs.get(path) != Some(bytes.as_slice()))
            .collect();
        if edits
            .iter()
            .any(|(path, _)| !self.inputs.files.contains_key(path))
        {
            return None;
        }
        // With a baseline, a note is a file the changes list (changes page, dashboard,
        // plan.json): a full build.
        if !edits.is_empty() && self.kept.has_baseline() {
            return None;
        }
        // A diagnostic about the note (front matter, encoding) may disappear with the edit:
        // the warnings on the dashboard would change.
        if self
            .warnings
            .iter()
            .any(|d| edits.iter().any(|(path, _)| d.file == *path))
        {
            return None;
        }
        let mut pages = Vec::with_capacity(edits.len());
        for (path, bytes) in &edits {
            pages.push(build::rerender_note(&mut self.kept, path, bytes)?);
        }
        let count = pages.len();
        if count > 0 {
            let mut files = (*self.files).clone();
            for (path, bytes) in pages {
                files.insert(path, Arc::new(bytes));
            }
            self.files = Arc::new(files);
        }
        for (path, bytes) in edits {
            self.inputs.insert(path, bytes);
        }
        Some((self, count))
    }
}

/// How a rebuild went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildKind {
    /// Everything was read and built again.
    Full,
    /// Only the pages of edited notes were rendered again.
    Pages(usize),
    /// The files changed on disk hold the bytes already built.
    Unchanged,
}

pub struct Outcome {
    pub kind: RebuildKind,
    /// The site to serve: the new one, or the last good one when the build failed.
    pub files: Arc<Files>,
    /// Empty on success.
    pub errors: Vec<Diagnostic>,
    pub warnings: usize,
}

/// Rebuilds a plan folder, keeping the last good build.
pub struct Builder {
    dir: PathBuf,
    /// `None` until a build succeeds, and after a failed one: the incremental path starts only
    /// from a state that matches the files on disk.
    good: Option<Good>,
    /// The last good site, served under the overlay while the plan is broken.
    served: Arc<Files>,
}

impl Builder {
    pub fn new(dir: PathBuf) -> Builder {
        Builder {
            dir,
            good: None,
            served: Arc::default(),
        }
    }

    /// Rebuilds after `changes`, incrementally when it can.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        if let Some(good) = self.good.take()
            && let Some(edits) = self.note_edits(&good, changes)
            && let Some((good, pages)) = good.apply_notes(edits)
        {
            let kind = if pages == 0 {
                RebuildKind::Unchanged
            } else {
                RebuildKind::Pages(pages)
            };
            return self.succeeded(good, kind);
        }
        match inputs::read_dir(&self.dir).and_then(Good::build) {
            Ok(good) => self.succeeded(good, RebuildKind::Full),
            Err(errors) => Outcome {
                kind: RebuildKind::Full,
                files: Arc::clone(&self.served),
                errors,
                warnings: 0,
            },
        }
    }

    fn succeeded(&mut self, good: Good, kind: RebuildKind) -> Outcome {
        self.served = Arc::clone(&good.files);
        let outcome = Outcome {
            kind,
            files: Arc::clone(&good.files),
            errors: Vec::new(),
            warnings: good.warnings(),
        };
        self.good = Some(good);
        outcome
    }

    /// The new bytes of every changed file, if all of them are notes the last build read.
    fn note_edits(&self, good: &Good, changes: &Changes) -> Option<Vec<(String, Vec<u8>)>> {
        if changes.rescan || changes.paths.is_empty() {
            return None;
        }
        changes
            .paths
            .iter()
            .map(|path| {
                let is_note =
                    NoteFolder::of(path).is_some() && good.inputs.files.contains_key(path);
                // A file that vanished or became a folder changes the set of notes: full.
                let bytes = is_note.then(|| inputs::read_file(&self.dir, path).ok())??;
                Some((path.clone(), bytes))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in example plan, as `waveplan init` writes it.
    fn example_with_baseline() -> Inputs {
        let mut inputs = Inputs::default();
        for (path, bytes) in crate::embedded::CONTENT {
            inputs.insert(*path, *bytes);
        }
        inputs
    }

    /// The example without its baseline: notes re-render on their own.
    fn example() -> Inputs {
        let mut inputs = example_with_baseline();
        let text = String::from_utf8(inputs.get(inputs::PLAN_FILE).unwrap_or_default().to_vec())
            .expect("UTF-8");
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("baseline = "))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(inputs.files.keys().any(|p| p.starts_with("archives/")));
        inputs.files.retain(|p, _| !p.starts_with("archives/"));
        inputs.insert(inputs::PLAN_FILE, text);
        inputs
    }

    #[test]
    fn with_a_baseline_a_note_edit_is_a_full_build() {
        // The changes list every file, notes included.
        let inputs = example_with_baseline();
        let path = first_note(&inputs, "workloads");
        let edit = appended(&inputs, &path, "\nEdited.\n");
        let good = Good::build(inputs).expect("the example builds");
        assert!(good.apply_notes(vec![(path, edit)]).is_none());
    }

    fn first_note(inputs: &Inputs, folder: &str) -> String {
        inputs
            .under(folder)
            .map(|(name, _)| format!("{folder}/{name}"))
            .find(|p| p.ends_with(".md"))
            .expect("the example plan has notes in every note folder")
    }

    fn appended(inputs: &Inputs, path: &str, text: &str) -> Vec<u8> {
        let mut bytes = inputs.get(path).unwrap_or_default().to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }

    /// Applies the edits incrementally and in full; both must give the same site.
    fn check(edits: Vec<(String, Vec<u8>)>) -> Option<usize> {
        let before = example();
        let mut after = before.clone();
        for (path, bytes) in &edits {
            after.insert(path.clone(), bytes.clone());
        }
        let full = Good::build(after).expect("the edited example builds");
        let start = Good::build(before).expect("the example builds");
        let (incremental, pages) = start.apply_notes(edits)?;
        assert_eq!(incremental.files.len(), full.files.len());
        for (path, bytes) in full.files.iter() {
            assert!(
                incremental.files.get(path) == Some(bytes),
                "{path} differs between the incremental and the full build"
            );
        }
        Some(pages)
    }

    #[test]
    fn a_workload_note_edit_equals_a_full_build() {
        let inputs = example();
        let path = first_note(&inputs, "workloads");
        let bytes = appended(
            &inputs,
            &path,
            "\nA line added while serving: **bold** [x](y).\n",
        );
        assert_eq!(check(vec![(path, bytes)]), Some(1));
    }

    #[test]
    fn a_rollback_note_edit_equals_a_full_build() {
        let inputs = example();
        let path = first_note(&inputs, "rollback");
        let bytes = appended(&inputs, &path, "\n## Added step\n\n1. call the bridge\n");
        assert_eq!(check(vec![(path, bytes)]), Some(1));
    }

    #[test]
    fn a_free_page_edit_equals_a_full_build() {
        let inputs = example();
        let path = first_note(&inputs, "pages");
        let bytes = appended(&inputs, &path, "\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(check(vec![(path, bytes)]), Some(1));
    }

    #[test]
    fn several_notes_at_once_equal_a_full_build() {
        let inputs = example();
        let edits: Vec<_> = ["workloads", "rollback", "pages"]
            .iter()
            .map(|folder| {
                let path = first_note(&inputs, folder);
                let bytes = appended(&inputs, &path, "\nmore\n");
                (path, bytes)
            })
            .collect();
        assert_eq!(check(edits), Some(3));
    }

    #[test]
    fn a_new_front_matter_title_of_a_free_page_needs_a_full_build() {
        let inputs = example();
        let path = first_note(&inputs, "pages");
        let body = String::from_utf8_lossy(inputs.get(&path).unwrap_or_default()).into_owned();
        let body = match body.strip_prefix("+++\n") {
            Some(rest) => format!("+++\ntitle = \"A brand new title\"\n{}", strip_title(rest)),
            None => format!("+++\ntitle = \"A brand new title\"\n+++\n{body}"),
        };
        assert_eq!(check(vec![(path, body.into_bytes())]), None);
    }

    fn strip_title(front_matter_and_body: &str) -> String {
        front_matter_and_body
            .lines()
            .filter(|l| !l.trim_start().starts_with("title"))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn a_broken_front_matter_needs_a_full_build() {
        let inputs = example();
        let path = first_note(&inputs, "workloads");
        let bytes = b"+++\ntitle = \n+++\nbody\n".to_vec();
        let start = Good::build(inputs).expect("the example builds");
        assert!(start.apply_notes(vec![(path, bytes)]).is_none());
    }

    #[test]
    fn plan_templates_need_a_full_build() {
        let mut inputs = example();
        inputs.insert("templates/extra.html", b"<p>mine</p>".to_vec());
        let path = first_note(&inputs, "workloads");
        let bytes = appended(&inputs, &path, "\nmore\n");
        let start = Good::build(inputs).expect("the example builds");
        assert!(start.apply_notes(vec![(path, bytes)]).is_none());
    }

    #[test]
    fn unchanged_bytes_render_nothing() {
        let inputs = example();
        let path = first_note(&inputs, "workloads");
        let bytes = inputs.get(&path).unwrap_or_default().to_vec();
        assert_eq!(check(vec![(path, bytes)]), Some(0));
    }
}
