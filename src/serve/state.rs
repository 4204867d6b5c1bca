//! What the server answers from: one snapshot, replaced whole.
//!
//! A rebuild makes a new [`Snapshot`] and stores it in one write; requests clone the `Arc`
//! under a read lock held for no longer than that. A request therefore sees the old site or
//! the new one, never a mix, and the reload event goes out only after the store.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock};

/// The site's files by path (`workloads/crm/index.html`). Values are shared so that a note
/// edit copies pointers, not pages.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

#[derive(Debug, Default)]
pub struct Snapshot {
    /// Bumped by every rebuild. Pages carry it, so one that missed a reload event notices
    /// when its event stream (re)connects.
    pub generation: u64,
    /// The last good site; empty until a build succeeds.
    pub files: Arc<Files>,
    /// The errors of the latest build; empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
}

impl Snapshot {
    /// Whether any build has succeeded yet.
    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Current(RwLock<Arc<Snapshot>>);

impl Current {
    pub fn get(&self) -> Arc<Snapshot> {
        // A poisoned lock still holds a whole snapshot: the store is a single assignment.
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn set(&self, snapshot: Snapshot) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
    }
}
