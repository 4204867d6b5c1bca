//! A `[[scenario]]`: the plan with some keys replaced.

use super::{Loc, Plan};

/// A `[[scenario]]`: the plan with some keys replaced.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    /// What it replaces, in the order written.
    pub overrides: Vec<Override>,
    /// The plan with the overrides applied.
    pub plan: Box<Plan>,
    /// Warnings of loading that plan that the baseline does not have.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    pub loc: Loc,
}

/// One replaced key of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub target: OverrideTarget,
    pub key: String,
    /// The value as written in plan.toml.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    Plan,
    Network,
    Workload(String),
}

impl OverrideTarget {
    /// How the table is named in plan.toml: `plan`, `network`, `workloads.crm`.
    pub fn label(&self) -> String {
        match self {
            OverrideTarget::Plan => "plan".into(),
            OverrideTarget::Network => "network".into(),
            OverrideTarget::Workload(id) => format!("workloads.{id}"),
        }
    }
}
