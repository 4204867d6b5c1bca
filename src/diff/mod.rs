//! `waveplan diff OLD [NEW]` (spec section 11): what changed between two revisions of a plan,
//! on the inputs and on the results of planning.
//!
//! - [`sources`]: a side from a plan folder, a waveplan archive or `git:REV`;
//! - [`compare`]: the [`crate::changes::Changes`] between two planned sides (`keys`: the
//!   inputs as written);
//! - [`render`]: text, markdown and JSON.
//!
//! The command itself (reading and planning both sides) is `commands::diff`: the build sits
//! above this module, since a plan with a `baseline` is compared while it is built.

pub mod compare;
mod keys;
pub mod render;
pub mod sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}
