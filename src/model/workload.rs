//! A `[[workload]]` and its rollback plan.

use super::{Criticality, Loc, MethodChoice, Sensitivity, TestResult, TransferPathChoice};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Workload {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub business_unit: Option<String>,
    pub description: Option<String>,
    pub criticality: Criticality,
    pub criticality_validated: Option<Date>,
    pub sensitivity: Sensitivity,
    pub environments: Vec<String>,
    pub data_gb: f64,
    pub nonprod_data_gb: f64,
    pub change_gb_per_day: f64,
    /// As written; `None` means the criticality default applies (and is warned about).
    pub max_downtime_hours: Option<f64>,
    pub replication: bool,
    pub method: MethodChoice,
    pub path: TransferPathChoice,
    pub time_sensitive: bool,
    pub depends_on: Vec<String>,
    pub latency_tolerant: Vec<String>,
    pub hybrid_plan: Option<String>,
    pub success_criteria: Vec<String>,
    pub tags: Vec<String>,
    pub rollback: Option<Rollback>,
    /// The whole `[[workload]]` table and each key in it, for pointing diagnostics.
    pub loc: Loc,
    pub key_locs: BTreeMap<&'static str, Loc>,
}

impl Workload {
    pub fn is_production_env(env: &str) -> bool {
        env == "prod" || env == "production"
    }
    pub fn prod_environments(&self) -> Vec<String> {
        self.environments
            .iter()
            .filter(|e| Self::is_production_env(e))
            .cloned()
            .collect()
    }
    pub fn nonprod_environments(&self) -> Vec<String> {
        self.environments
            .iter()
            .filter(|e| !Self::is_production_env(e))
            .cloned()
            .collect()
    }
    pub fn has_prod(&self) -> bool {
        self.environments.iter().any(|e| Self::is_production_env(e))
    }
    pub fn has_nonprod(&self) -> bool {
        self.environments
            .iter()
            .any(|e| !Self::is_production_env(e))
    }
    /// Direct (latency-sensitive) dependencies: `depends_on` minus `latency_tolerant`.
    pub fn direct_dependencies(&self) -> impl Iterator<Item = &str> {
        self.depends_on
            .iter()
            .filter(|d| !self.latency_tolerant.contains(d))
            .map(String::as_str)
    }
    pub fn downtime_tolerance_hours(&self) -> f64 {
        self.max_downtime_hours
            .unwrap_or_else(|| self.criticality.default_max_downtime_hours())
    }
    /// Where a diagnostic about `key` should point: the key if written, else the table.
    pub fn loc_of(&self, key: &str) -> &Loc {
        self.key_locs.get(key).unwrap_or(&self.loc)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Trigger {
    pub metric: String,
    pub threshold: String,
    pub window: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Rollback {
    pub authority: Option<String>,
    pub triggers: Vec<Trigger>,
    pub steps: Vec<String>,
    pub max_minutes: Option<f64>,
    pub assets: Vec<String>,
    /// Where each asset path is written, for "asset does not exist".
    pub asset_locs: Vec<Loc>,
    pub tested_on: Option<Date>,
    pub test_result: Option<TestResult>,
    pub reviewed_on: Option<Date>,
}

impl Rollback {
    /// What a complete rollback plan lacks: authority, triggers, steps.
    pub fn missing_parts(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self
            .authority
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
        {
            missing.push("authority");
        }
        if self.triggers.is_empty() {
            missing.push("triggers");
        }
        if self.steps.is_empty() {
            missing.push("steps");
        }
        missing
    }
}
