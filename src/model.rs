//! The plan as the author wrote it, typed and with defaults applied.
//!
//! Values that later stages may need to point at keep a [`Loc`]: a byte span in a named input
//! file, resolved to line and column only when a diagnostic is made.

use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A byte span in one input file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: Arc<str>,
    pub start: usize,
    pub end: usize,
}

/// An enum spelled in plan.toml: the one table of its values and their spellings, which the
/// loader parses with, the schema lists (`NAMES`) and the exports and pages print.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// How plan.toml and plan.json spell each value of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// CAF's criticality scale, in increasing order.
    Criticality {
        Low = "low",
        Medium = "medium",
        High = "high",
        UnitCritical = "unit-critical",
        MissionCritical = "mission-critical",
    }
);

impl Criticality {
    /// CAF-derived default downtime tolerance.
    pub fn default_max_downtime_hours(self) -> f64 {
        match self {
            Criticality::Low => 72.0,
            Criticality::Medium => 24.0,
            Criticality::High => 8.0,
            Criticality::UnitCritical => 4.0,
            Criticality::MissionCritical => 1.0,
        }
    }
}

text_enum!(
    Sensitivity {
        Public = "public",
        NonBusiness = "non-business",
        General = "general",
        Confidential = "confidential",
        HighlyConfidential = "highly-confidential",
    }
);

impl Sensitivity {
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            Sensitivity::Confidential | Sensitivity::HighlyConfidential
        )
    }
}

text_enum!(MethodChoice { Auto = "auto", Offline = "offline", NearZero = "near-zero" });
text_enum!(Method { Offline = "offline", NearZero = "near-zero" });
text_enum!(TransferPathChoice {
    Auto = "auto",
    ExpressRoute = "expressroute",
    Vpn = "vpn",
    Internet = "internet",
    DataBox = "databox",
});
text_enum!(
    /// A data transfer path, in the order pages list them.
    TransferPath {
        ExpressRoute = "expressroute",
        Vpn = "vpn",
        Internet = "internet",
        DataBox = "databox",
    }
);
text_enum!(SkillStatus { Ready = "ready", Training = "training", Partner = "partner", Gap = "gap" });
text_enum!(TestResult { Passed = "passed", Failed = "failed" });
text_enum!(
    /// Production or non-production: what a unit holds.
    Tier { Nonprod = "nonprod", Prod = "prod" }
);
text_enum!(
    /// What a `[[result]]` says happened to a unit (spec section 9).
    ResultStatus {
        Done = "done",
        InProgress = "in-progress",
        RolledBack = "rolled-back",
        Postponed = "postponed",
    }
);

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Nonprod => "non-production",
            Tier::Prod => "production",
        }
    }
}

impl ResultStatus {
    /// `done` and `in-progress` pin a unit where it happened; the others leave it open.
    pub fn pins(self) -> bool {
        matches!(self, ResultStatus::Done | ResultStatus::InProgress)
    }
    pub fn label(self) -> &'static str {
        match self {
            ResultStatus::Done => "done",
            ResultStatus::InProgress => "in progress",
            ResultStatus::RolledBack => "rolled back",
            ResultStatus::Postponed => "postponed",
        }
    }
}

impl TransferPath {
    pub fn label(self) -> &'static str {
        match self {
            TransferPath::ExpressRoute => "ExpressRoute",
            TransferPath::Vpn => "VPN",
            TransferPath::Internet => "Internet",
            TransferPath::DataBox => "Data Box",
        }
    }
    pub fn is_network(self) -> bool {
        self != TransferPath::DataBox
    }
}

impl TransferPathChoice {
    pub fn path(self) -> Option<TransferPath> {
        match self {
            TransferPathChoice::Auto => None,
            TransferPathChoice::ExpressRoute => Some(TransferPath::ExpressRoute),
            TransferPathChoice::Vpn => Some(TransferPath::Vpn),
            TransferPathChoice::Internet => Some(TransferPath::Internet),
            TransferPathChoice::DataBox => Some(TransferPath::DataBox),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: PlanMeta,
    pub network: Network,
    pub site: SiteSettings,
    pub freezes: Vec<Freeze>,
    pub peaks: Vec<Peak>,
    pub workloads: Vec<Workload>,
    pub skills: Vec<Skill>,
    pub approvals: Vec<Approval>,
    pub checks: Vec<Check>,
    /// `[[result]]`s in plan order (spec section 9).
    pub results: Vec<UnitResult>,
    pub notes: Notes,
    /// The text of plan.toml and its line index, to resolve [`Loc`]s into diagnostics.
    pub plan_toml: Arc<str>,
    pub plan_lines: Arc<crate::diagnostics::LineIndex>,
    /// Workload id to its index in `workloads` (the first, should an id repeat).
    pub workload_ids: std::collections::HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct PlanMeta {
    pub title: String,
    pub organization: Option<String>,
    pub revision: String,
    pub start: Date,
    pub wave_weeks: u32,
    pub wave_gap_days: u32,
    pub max_units_per_wave: Option<u32>,
    pub max_data_tb_per_wave: Option<f64>,
    pub pilot_max_units: u32,
    pub estimate_buffer_percent: f64,
    pub cutover_weekdays: Vec<Weekday>,
    pub cutover_overhead_hours: f64,
    /// As written; [`Plan::as_of`] derives it from the results when absent.
    pub as_of: Option<Date>,
    /// `baseline`: an archive of an earlier revision, relative to the plan folder.
    pub baseline: Option<Baseline>,
}

/// Where `[plan] baseline` points, and where it is written.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub path: String,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Network {
    pub expressroute_mbps: f64,
    pub vpn_mbps: f64,
    pub internet_mbps: f64,
    pub utilization: f64,
    pub databox_turnaround_days: f64,
    pub databox_device_tb: f64,
    pub databox_min_tb: f64,
    /// Hours a day that bulk copies may use the links (0 < h <= 24).
    pub transfer_hours_per_day: f64,
    /// Data Box devices on hand at once; `None`: no limit.
    pub databox_devices: Option<u32>,
}

impl Network {
    /// Bandwidth of a network path; 0 when it is not available (Data Box has none).
    pub fn mbps(&self, path: TransferPath) -> f64 {
        match path {
            TransferPath::ExpressRoute => self.expressroute_mbps,
            TransferPath::Vpn => self.vpn_mbps,
            TransferPath::Internet => self.internet_mbps,
            TransferPath::DataBox => 0.0,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    pub raw_html: bool,
    pub footer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Freeze {
    pub name: String,
    pub start: Date,
    pub end: Date,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub enum PeakWhen {
    /// The last N weekdays (Mon-Fri) of every month.
    MonthEnd(u32),
    Dated {
        start: Date,
        end: Date,
    },
}

#[derive(Debug, Clone)]
pub struct Peak {
    pub name: String,
    pub when: PeakWhen,
    pub business_units: Vec<String>,
    pub workloads: Vec<String>,
    pub loc: Loc,
}

impl Peak {
    /// Whether the peak affects a workload: named by id or business unit; neither given: all.
    pub fn applies_to(&self, workload: &Workload) -> bool {
        if self.business_units.is_empty() && self.workloads.is_empty() {
            return true;
        }
        self.workloads.contains(&workload.id)
            || workload
                .business_unit
                .as_ref()
                .is_some_and(|bu| self.business_units.contains(bu))
    }
}

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

#[derive(Debug, Clone)]
pub struct Skill {
    pub area: String,
    pub status: SkillStatus,
    pub owner: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Plan,
    Wave(u32),
}

impl Scope {
    /// How plan.toml spells [`Scope::Plan`].
    pub const PLAN: &'static str = "plan";
    /// How plan.toml spells [`Scope::Wave`] before the wave number: `wave-2`.
    pub const WAVE_PREFIX: &'static str = "wave-";

    /// `plan` or `wave-N` with N at least 1.
    pub fn parse(text: &str) -> Option<Scope> {
        if text == Self::PLAN {
            return Some(Scope::Plan);
        }
        text.strip_prefix(Self::WAVE_PREFIX)
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n >= 1)
            .map(Scope::Wave)
    }
}

/// Written as plan.toml spells it: `plan` or `wave-N`.
impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Plan => f.write_str(Self::PLAN),
            Scope::Wave(n) => write!(f, "{}{n}", Self::WAVE_PREFIX),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Approval {
    pub role: String,
    pub name: String,
    pub scope: Scope,
    pub signed_on: Option<Date>,
    /// The revision the signer approved; `None`: the current one.
    pub revision: Option<String>,
    pub loc: Loc,
}

impl Approval {
    /// Whether it counts for wave `number`'s go/no-go: plan-scoped approvals count for every
    /// wave, wave-scoped ones for their wave only.
    pub fn covers_wave(&self, number: u32) -> bool {
        self.scope == Scope::Plan || self.scope == Scope::Wave(number)
    }
}

#[derive(Debug, Clone)]
pub struct Check {
    pub item: String,
    pub wave: Option<u32>,
    pub done: bool,
    pub loc: Loc,
}

/// What happened to one unit (a `[[result]]`, spec section 9).
#[derive(Debug, Clone)]
pub struct UnitResult {
    pub workload: String,
    pub tier: Tier,
    pub status: ResultStatus,
    /// The cutover day, or the day of the decision.
    pub date: Date,
    pub transfer_hours: Option<f64>,
    pub downtime_hours: Option<f64>,
    /// The path it ran on, as written.
    pub path: Option<TransferPath>,
    /// The data actually moved, as written.
    pub data_gb: Option<f64>,
    /// A post-incident review: a file under `pages/`.
    pub review: Option<String>,
    pub note: Option<String>,
    /// The whole `[[result]]` table and each key in it, for pointing diagnostics.
    pub loc: Loc,
    pub key_locs: BTreeMap<&'static str, Loc>,
}

impl UnitResult {
    /// Where a diagnostic about `key` should point: the key if written, else the table.
    pub fn loc_of(&self, key: &str) -> &Loc {
        self.key_locs.get(key).unwrap_or(&self.loc)
    }
}

/// A markdown note with its optional `+++` front matter.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the plan folder (`workloads/crm.md`).
    pub file: String,
    pub title: Option<String>,
    pub weight: i64,
    pub body: String,
}

/// A free page from `pages/<slug>.md`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub note: Note,
}

#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub workloads: BTreeMap<String, Note>,
    pub rollback: BTreeMap<String, Note>,
    /// Sorted by weight, then slug.
    pub pages: Vec<Page>,
}

impl Plan {
    /// The plan-scoped approvals, in plan order: the plan is approved when there is at least
    /// one and all of them are signed.
    pub fn plan_approvals(&self) -> Vec<&Approval> {
        self.approvals
            .iter()
            .filter(|a| a.scope == Scope::Plan)
            .collect()
    }

    /// The day results are recorded up to: `as_of` as written, else the latest result's date;
    /// `None` when neither (then open units have no such constraint).
    pub fn as_of(&self) -> Option<Date> {
        self.meta
            .as_of
            .or_else(|| self.results.iter().map(|r| r.date).max())
    }

    /// The latest result of a unit (by date; plan order breaks no tie, two on one day are an
    /// input error), and every result of it in date order.
    pub fn results_of(&self, workload: &str, tier: Tier) -> Vec<&UnitResult> {
        let mut list: Vec<&UnitResult> = self
            .results
            .iter()
            .filter(|r| r.workload == workload && r.tier == tier)
            .collect();
        list.sort_by_key(|r| r.date);
        list
    }

    pub fn workload(&self, id: &str) -> Option<&Workload> {
        self.workload_index(id).map(|i| &self.workloads[i])
    }

    pub fn workload_index(&self, id: &str) -> Option<usize> {
        self.workload_ids.get(id).copied()
    }

    /// Points a diagnostic at a place in plan.toml.
    pub fn point(
        &self,
        diagnostic: crate::diagnostics::Diagnostic,
        loc: &Loc,
    ) -> crate::diagnostics::Diagnostic {
        diagnostic.at_indexed(
            &loc.file,
            &self.plan_toml,
            &self.plan_lines,
            loc.start..loc.end,
        )
    }
}

/// A plan is `approved` when it has a plan-scoped approval and all of them are signed (and
/// none is stale); otherwise it is a `draft` (spec section 3, section 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Approved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
        }
    }
}
