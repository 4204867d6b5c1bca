//! Watching a plan folder: notify's debounced events turned into the plan files that changed.
//!
//! Watched: the plan folder itself, not recursively (plan.toml, and input folders appearing),
//! and each input folder that exists ([`INPUT_DIRS`], recursively where the build descends).
//! An input folder created later is watched as soon as its creation is seen. Nothing else is
//! watched, so `public/` (from `waveplan build`) and the like never trigger a rebuild.
//! Dropped: access events (reading a file fires one: a build would retrigger itself), editor
//! temp and hidden files ([`is_ignored_name`]), and paths the build does not read.

use super::ServeError;
use crate::inputs::{INPUT_DIRS, PLAN_FILE, is_ignored_name};
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Events within this time of each other are merged; editors write a file in several steps.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Files of the plan folder that changed since the last rebuild.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChangedFiles {
    /// Relative to the plan folder, with `/`.
    pub paths: BTreeSet<String>,
    /// Events may have been lost (the watcher overflowed or failed): read everything again.
    pub rescan: bool,
}

impl ChangedFiles {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    pub fn merge(&mut self, other: ChangedFiles) {
        self.paths.extend(other.paths);
        self.rescan |= other.rescan;
    }

    /// "plan.toml, workloads/crm.md and 3 more", for the rebuild line.
    pub fn describe(&self) -> String {
        let shown: Vec<&str> = self.paths.iter().take(3).map(String::as_str).collect();
        let mut text = shown.join(", ");
        if self.paths.len() > shown.len() {
            text.push_str(&format!(" and {} more", self.paths.len() - shown.len()));
        }
        if self.rescan {
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str("events may have been lost, reading everything");
        }
        text
    }
}

pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Input folders under watch.
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching `root`; batches of events go to `events`.
    pub fn start(root: &Path, events: Sender<DebounceEventResult>) -> Result<Watch, ServeError> {
        let debouncer = new_debouncer(DEBOUNCE, None, events).map_err(ServeError::Watcher)?;
        let mut watch = Watch {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        watch
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|source| ServeError::Watch {
                path: root.to_path_buf(),
                source,
            })?;
        watch.refresh_input_dirs(&BTreeSet::new());
        Ok(watch)
    }

    /// The plan files a batch of events concerns. Input folders created meanwhile are watched
    /// from now on (the rebuild that follows reads whatever they already hold).
    pub fn changes(&mut self, batch: DebounceEventResult) -> ChangedFiles {
        let mut changes = ChangedFiles::default();
        match batch {
            Ok(events) => {
                for event in events.iter().filter(|e| !ignored(&e.kind)) {
                    changes.rescan |= event.need_rescan();
                    for path in event.paths.iter().filter_map(|p| relevant(&self.root, p)) {
                        // A folder's own metadata events say nothing about its files.
                        let folder = INPUT_DIRS.iter().any(|(dir, _)| *dir == path);
                        if !folder || is_structural(&event.kind) {
                            changes.paths.insert(path);
                        }
                    }
                }
            }
            Err(_) => changes.rescan = true,
        }
        if changes.rescan || INPUT_DIRS.iter().any(|(d, _)| changes.paths.contains(*d)) {
            self.refresh_input_dirs(&changes.paths);
        }
        changes
    }

    /// Watches the input folders that exist and are not watched yet, and those in `renewed`
    /// again (removed and created anew, their old watch went with them).
    fn refresh_input_dirs(&mut self, renewed: &BTreeSet<String>) {
        for &(dir, recursive) in INPUT_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if self.watched.contains(dir) && (!exists || renewed.contains(dir)) {
                // The kernel may have dropped the watch already; this only tidies up.
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(dir);
            }
            if !exists || self.watched.contains(dir) {
                continue;
            }
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if self.debouncer.watch(&path, mode).is_ok() {
                self.watched.insert(dir);
            }
        }
    }
}

/// Reading a file fires an access event. (Touching one is kept: it is how to ask for a
/// rebuild.)
fn ignored(kind: &EventKind) -> bool {
    kind.is_access()
}

/// Whether an event creates, removes or renames its path.
fn is_structural(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    )
}

/// The path relative to the plan folder if the build reads it (or it is an input folder),
/// else `None`.
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        let Component::Normal(name) = component else {
            return None;
        };
        let name = name.to_str()?;
        if is_ignored_name(name) {
            return None;
        }
        parts.push(name);
    }
    let (&first, rest) = parts.split_first()?;
    if rest.is_empty() {
        let input_dir = INPUT_DIRS.iter().any(|(dir, _)| *dir == first);
        return (first == PLAN_FILE || input_dir).then(|| first.to_string());
    }
    let &(_, recursive) = INPUT_DIRS.iter().find(|(dir, _)| *dir == first)?;
    // The build reads only the files directly inside a folder it does not descend into.
    (recursive || rest.len() == 1).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(path: &str) -> Option<String> {
        relevant(Path::new("/plan"), &Path::new("/plan").join(path))
    }

    #[test]
    fn plan_and_input_files_are_relevant() {
        assert_eq!(rel("plan.toml").as_deref(), Some("plan.toml"));
        assert_eq!(rel("workloads/crm.md").as_deref(), Some("workloads/crm.md"));
        assert_eq!(rel("workloads").as_deref(), Some("workloads"));
        assert_eq!(
            rel("assets/crm/run.sh").as_deref(),
            Some("assets/crm/run.sh")
        );
        assert_eq!(
            rel("templates/partials/x.html").as_deref(),
            Some("templates/partials/x.html")
        );
    }

    #[test]
    fn output_temp_and_other_files_are_not() {
        assert_eq!(rel("public/index.html"), None);
        assert_eq!(rel("public"), None);
        assert_eq!(rel("README.md"), None);
        assert_eq!(rel(".git/index"), None);
        assert_eq!(rel("workloads/.crm.md.swp"), None);
        assert_eq!(rel("workloads/crm.md~"), None);
        assert_eq!(rel("workloads/4913"), None);
        assert_eq!(rel("workloads/old/crm.md"), None);
        assert_eq!(
            relevant(Path::new("/plan"), Path::new("/elsewhere/plan.toml")),
            None
        );
    }

    #[test]
    fn changes_describe_themselves() {
        let mut c = ChangedFiles::default();
        for p in ["a", "b", "c", "d", "e"] {
            c.paths.insert(p.into());
        }
        assert_eq!(c.describe(), "a, b, c and 2 more");
    }
}
