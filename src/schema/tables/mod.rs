//! The tables and keys of plan.toml and of a note's front matter.
//!
//! One file per group of tables: [`plan`] (`[plan]`, `[network]`, `[site]`), [`calendar`]
//! (freezes, peaks), [`workload`] (workloads, rollbacks, triggers), [`signoff`] (skills,
//! approvals, checks), [`results`], [`scenario`]; here the root, `[import]` and front matter.

use super::DefaultValue::Int;
use super::defaults;
use super::{FieldKind, TableSchema, dflt, f, req};

mod calendar;
mod plan;
mod results;
mod scenario;
mod signoff;
mod workload;

pub use calendar::*;
pub use plan::*;
pub use results::*;
pub use scenario::*;
pub use signoff::*;
pub use workload::*;

pub static IMPORT: TableSchema = TableSchema {
    display: "[import]",
    fields: &[f(
        "ignore_dependencies",
        FieldKind::StrArray,
        "Discovered dependencies a person rejected, as \"from->to\": `waveplan import --into` never adds them again.",
    )],
};

/// The value `waveplan import` writes for a required value its sources do not hold;
/// `check` warns (`W-placeholder`) until a person replaces it.
pub const PLACEHOLDER: &str = "TBD";

pub static ROOT: TableSchema = TableSchema {
    display: "plan.toml",
    fields: &[
        req("plan", FieldKind::Table(&PLAN), "The plan."),
        f(
            "network",
            FieldKind::Table(&NETWORK),
            "Network paths to Azure.",
        ),
        f("site", FieldKind::Table(&SITE), "Site settings."),
        f("freeze", FieldKind::TableArray(&FREEZE), "Change freezes."),
        f("peak", FieldKind::TableArray(&PEAK), "Business peaks."),
        req("workload", FieldKind::TableArray(&WORKLOAD), "Workloads."),
        f(
            "skill",
            FieldKind::TableArray(&SKILL),
            "Readiness assessment.",
        ),
        f(
            "approval",
            FieldKind::TableArray(&APPROVAL),
            "Stakeholder sign-off.",
        ),
        f(
            "scenario",
            FieldKind::TableArray(&SCENARIO),
            "Alternative plans to compare with this one.",
        ),
        f(
            "check",
            FieldKind::TableArray(&CHECK),
            "Extra go/no-go items.",
        ),
        f(
            "result",
            FieldKind::TableArray(&RESULT),
            "What happened to a unit.",
        ),
        f(
            "import",
            FieldKind::Table(&IMPORT),
            "Settings of `waveplan import --into`.",
        ),
    ],
};

/// The `+++` front matter of a note (`workloads/`, `rollback/`, `pages/`).
pub static FRONT_MATTER: TableSchema = TableSchema {
    display: "front matter",
    fields: &[
        f(
            "title",
            FieldKind::Str,
            "Heading of a free page and its name in the navigation; default: the file name.",
        ),
        dflt(
            f(
                "weight",
                FieldKind::Int,
                "Orders free pages in the navigation: lighter first, then by name.",
            ),
            Int(defaults::NOTE_WEIGHT),
        ),
    ],
};
