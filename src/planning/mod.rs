//! From a validated [`Plan`] to a [`Computed`] plan: paths, estimates, methods, units, waves,
//! cutover dates, hybrid links, go/no-go checklists and status (spec section 3).

pub mod calendar;
pub mod gonogo;
pub mod links;
pub mod transfer;
pub mod waves;

use crate::diagnostics::{Diagnostic, sort};
use crate::model::{Method, MethodChoice, Path, Plan, Scope, Workload};
use calendar::Window;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;
use transfer::{Estimate, MethodDecision, NoPath, PathDecision};

/// Production or non-production: what a unit holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Nonprod,
    Prod,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Nonprod => "nonprod",
            Tier::Prod => "prod",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tier::Nonprod => "non-production",
            Tier::Prod => "production",
        }
    }
}

/// What waves hold: a workload's production environment, or all its other environments.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index into `plan.workloads`.
    pub workload: usize,
    pub tier: Tier,
    pub environments: Vec<String>,
    pub data_gb: f64,
    pub path: Path,
    pub method: Method,
    pub transfer_hours: f64,
    /// Data Box devices (0 on a network path).
    pub devices: u32,
    /// The shared figure: for an offline network transfer, the transfers of its cutover day
    /// and path plus the overhead (spec section 3, "Shared links").
    pub downtime_hours: f64,
    /// 1-based; 0 only while planning.
    pub wave: u32,
    pub cutover: Option<Date>,
    /// The units whose offline transfers share its cutover day and path.
    pub shared_with: Vec<usize>,
}

/// What planning decided for one workload.
#[derive(Debug, Clone)]
pub struct WorkloadPlan {
    pub path: PathDecision,
    /// Production data on every available path.
    pub estimates: Vec<Estimate>,
    /// The production unit's method (or the non-production one's for a workload without
    /// production).
    pub method: MethodDecision,
    pub tolerance_hours: f64,
    pub tolerance_defaulted: bool,
    /// The production unit's downtime (or the only unit's), shared with the transfers of its
    /// cutover day and path; `method.downtime_hours` is the solo figure the method rules used.
    pub downtime_hours: f64,
    pub nonprod_unit: Option<usize>,
    pub prod_unit: Option<usize>,
    /// Workloads that depend on this one (indices), for links both ways.
    pub dependents: Vec<usize>,
}

impl WorkloadPlan {
    pub fn meets_tolerance(&self) -> bool {
        self.downtime_hours <= self.tolerance_hours + 1e-9
    }
}

/// A direct dependency whose two ends are in different waves.
#[derive(Debug, Clone, PartialEq)]
pub struct HybridLink {
    /// The dependent workload.
    pub from: usize,
    /// The workload it depends on.
    pub to: usize,
    pub tier: Tier,
    pub from_wave: u32,
    pub to_wave: u32,
    /// The dependent has a `hybrid_plan`.
    pub bridged: bool,
}

/// One item of a wave's go/no-go checklist.
#[derive(Debug, Clone, Serialize)]
pub struct CheckItem {
    pub key: &'static str,
    pub title: String,
    pub passed: bool,
    pub reason: String,
    pub workloads: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Wave {
    pub number: u32,
    pub window: Window,
    /// Unit indices by cutover date, then tier, then workload id.
    pub units: Vec<usize>,
    pub checklist: Vec<CheckItem>,
    pub go: bool,
    /// Load per network path against capacity, Data Box devices, shared-link warnings.
    pub links: links::WaveLinks,
}

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

/// The computed plan.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Parallel to `plan.workloads`.
    pub workloads: Vec<WorkloadPlan>,
    pub units: Vec<Unit>,
    pub waves: Vec<Wave>,
    pub hybrid_links: Vec<HybridLink>,
    pub status: Status,
    /// Planning warnings, pointing at the plan.toml lines that cause them.
    pub diagnostics: Vec<Diagnostic>,
}

impl Computed {
    pub fn wave(&self, number: u32) -> Option<&Wave> {
        self.waves.get((number as usize).checked_sub(1)?)
    }
}

/// The plan is approved when it has a plan-scoped approval and every plan-scoped approval is
/// signed; wave-scoped approvals count for their wave's go/no-go only.
pub fn status(plan: &Plan) -> Status {
    let plan_scoped: Vec<_> = plan
        .approvals
        .iter()
        .filter(|a| a.scope == Scope::Plan)
        .collect();
    if !plan_scoped.is_empty() && plan_scoped.iter().all(|a| a.signed_on.is_some()) {
        Status::Approved
    } else {
        Status::Draft
    }
}

/// Runs the planning rules. Errors: no path for a workload, or a unit no wave can take.
pub fn compute(plan: &Plan) -> Result<Computed, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let index_of: HashMap<&str, usize> = plan
        .workloads
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();

    // Paths, estimates and methods.
    let mut workloads = Vec::with_capacity(plan.workloads.len());
    let mut units = Vec::new();
    for (i, w) in plan.workloads.iter().enumerate() {
        let path = match transfer::choose_path(plan, w) {
            Ok(path) => path,
            Err(reason) => {
                errors.push(no_path_error(plan, w, reason));
                continue;
            }
        };
        let chosen = path.path;
        let mut unit = |tier: Tier, environments: Vec<String>, data_gb: f64| {
            let estimate = transfer::estimate(plan, chosen, data_gb);
            let transfer_hours = estimate.hours;
            let decision = match tier {
                Tier::Nonprod => transfer::nonprod_method(plan, w, transfer_hours),
                Tier::Prod => transfer::choose_method(plan, w, chosen, transfer_hours),
            };
            units.push(Unit {
                workload: i,
                tier,
                environments,
                data_gb,
                path: chosen,
                method: decision.method,
                transfer_hours,
                devices: estimate.devices.unwrap_or(0),
                downtime_hours: decision.downtime_hours,
                wave: 0,
                cutover: None,
                shared_with: Vec::new(),
            });
            (units.len() - 1, decision)
        };
        let nonprod = w
            .has_nonprod()
            .then(|| unit(Tier::Nonprod, w.nonprod_environments(), w.nonprod_data_gb));
        let prod = w
            .has_prod()
            .then(|| unit(Tier::Prod, w.prod_environments(), w.data_gb));
        // The workload's method is its production unit's, or its only unit's.
        let Some(method) = prod.as_ref().or(nonprod.as_ref()).map(|(_, d)| d.clone()) else {
            continue; // No environments: rejected by the loader already.
        };
        let wp = WorkloadPlan {
            downtime_hours: method.downtime_hours,
            method,
            estimates: transfer::estimates(plan, w.data_gb),
            path,
            tolerance_hours: w.downtime_tolerance_hours(),
            tolerance_defaulted: w.max_downtime_hours.is_none(),
            nonprod_unit: nonprod.map(|(u, _)| u),
            prod_unit: prod.map(|(u, _)| u),
            dependents: Vec::new(),
        };
        workloads.push(wp);
    }
    if !errors.is_empty() {
        sort(&mut errors);
        return Err(errors);
    }
    for (i, w) in plan.workloads.iter().enumerate() {
        for dep in &w.depends_on {
            if let Some(&j) = index_of.get(dep.as_str()) {
                workloads[j].dependents.push(i);
            }
        }
        method_warnings(plan, w, &workloads[i], &mut warnings);
    }

    // Direct dependencies between units of the same tier.
    let unit_of = |workload: usize, tier: Tier| match tier {
        Tier::Nonprod => workloads[workload].nonprod_unit,
        Tier::Prod => workloads[workload].prod_unit,
    };
    let unit_deps: Vec<Vec<usize>> = units
        .iter()
        .map(|u| {
            plan.workloads[u.workload]
                .direct_dependencies()
                .filter_map(|d| index_of.get(d).and_then(|&j| unit_of(j, u.tier)))
                .collect()
        })
        .collect();

    // Waves.
    let groups = waves::groups(plan, &units, &index_of);
    let placer = waves::Placer::new(plan, &mut units, &groups);
    let placement = match placer.place_all(&groups, &unit_deps) {
        Ok(placement) => placement,
        Err(waves::PlacementError::Unschedulable { unit }) => {
            let u = &units[unit];
            let w = &plan.workloads[u.workload];
            let d = Diagnostic::error(
                "E-unschedulable",
                format!(
                    "no wave within {} years of {} can take `{}` ({}): no allowed cutover day fits",
                    calendar::HORIZON_YEARS,
                    plan.meta.start,
                    w.id,
                    u.tier.as_str()
                ),
            )
            .help("allow more `cutover_weekdays`, shorten the freezes or peaks that cover it, or raise the wave capacity");
            return Err(vec![plan.point(d, w.loc_of("id"))]);
        }
    };
    for &u in &placement.oversized_units {
        let w = &plan.workloads[units[u].workload];
        let d = Diagnostic::warning(
            "W-capacity",
            format!(
                "`{}` ({}) alone holds {:.1} TB, more than `max_data_tb_per_wave`: it gets a wave of its own",
                w.id,
                units[u].tier.as_str(),
                units[u].data_gb / 1000.0
            ),
        )
        .help("raise `max_data_tb_per_wave`, or plan the transfer of this workload separately");
        warnings.push(plan.point(d, w.loc_of("data_gb")));
    }

    let mut wave_list: Vec<Wave> = placement
        .windows
        .iter()
        .enumerate()
        .map(|(i, window)| Wave {
            number: i as u32 + 1,
            window: *window,
            units: Vec::new(),
            checklist: Vec::new(),
            go: false,
            links: links::WaveLinks::default(),
        })
        .collect();
    for (u, unit) in units.iter().enumerate() {
        wave_list[unit.wave as usize - 1].units.push(u);
    }
    for wave in &mut wave_list {
        wave.units.sort_by(|&a, &b| {
            (
                units[a].cutover,
                units[a].tier,
                &plan.workloads[units[a].workload].id,
            )
                .cmp(&(
                    units[b].cutover,
                    units[b].tier,
                    &plan.workloads[units[b].workload].id,
                ))
        });
    }
    if wave_list.first().is_some_and(|w| w.units.is_empty()) {
        warnings.push(
            Diagnostic::warning(
                "W-pilot",
                format!(
                    "no group fits the pilot wave (at most {} units, no production unit of criticality high or above): wave 1 is empty",
                    plan.meta.pilot_max_units
                ),
            )
            .in_file(crate::inputs::PLAN_FILE)
            .help("raise `pilot_max_units`, or add a simple, self-contained workload to pilot the migration"),
        );
    }

    // Hybrid links: direct dependencies whose ends are in different waves.
    let mut hybrid_links = Vec::new();
    for (u, deps) in unit_deps.iter().enumerate() {
        for &d in deps {
            if units[u].wave != units[d].wave {
                let from = units[u].workload;
                hybrid_links.push(HybridLink {
                    from,
                    to: units[d].workload,
                    tier: units[u].tier,
                    from_wave: units[u].wave,
                    to_wave: units[d].wave,
                    bridged: plan.workloads[from].hybrid_plan.is_some(),
                });
            }
        }
    }
    for link in hybrid_links.iter().filter(|l| !l.bridged) {
        let (from, to) = (&plan.workloads[link.from], &plan.workloads[link.to]);
        let d = Diagnostic::warning(
            "W-hybrid",
            format!(
                "`{}` ({}, wave {}) depends directly on `{}` (wave {}) across waves, with no `hybrid_plan`",
                from.id,
                link.tier.as_str(),
                link.from_wave,
                to.id,
                link.to_wave
            ),
        )
        .help("add a `hybrid_plan` saying how the link is bridged, or raise the wave capacity so the group stays whole");
        warnings.push(plan.point(d, from.loc_of("depends_on")));
    }

    wave_references(plan, wave_list.len() as u32, &mut warnings);

    // Shared links: shared downtime per cutover day and path, load per wave, replication.
    let mut findings = placement.link_findings;
    findings.extend(links::share_days(plan, &mut units));
    for wave in &mut wave_list {
        wave.links = links::wave_links(plan, &units, wave);
        for f in links::replication(plan, &units, wave) {
            findings.push((wave.number, f));
        }
    }
    for (number, finding) in findings {
        warnings.push(links::diagnostic(plan, &units, number, &finding));
        wave_list[number as usize - 1].links.findings.push(finding);
    }
    for (w, wp) in plan.workloads.iter().zip(&mut workloads) {
        if let Some(u) = wp.prod_unit.or(wp.nonprod_unit) {
            wp.downtime_hours = units[u].downtime_hours;
        }
        if w.has_prod() {
            tolerance_warning(plan, w, wp, &units, &mut warnings);
        }
    }

    let status = status(plan);
    let mut computed = Computed {
        workloads,
        units,
        waves: wave_list,
        hybrid_links,
        status,
        diagnostics: Vec::new(),
    };
    let checklists: Vec<Vec<CheckItem>> = computed
        .waves
        .iter()
        .map(|w| gonogo::checklist(plan, &computed, w))
        .collect();
    for (wave, checklist) in computed.waves.iter_mut().zip(checklists) {
        wave.go = checklist.iter().all(|c| c.passed);
        wave.checklist = checklist;
    }
    sort(&mut warnings);
    computed.diagnostics = warnings;
    Ok(computed)
}

fn no_path_error(plan: &Plan, w: &Workload, reason: NoPath) -> Diagnostic {
    let d = match reason {
        NoPath::NoSecurePath => Diagnostic::error(
            "E-no-secure-path",
            format!(
                "`{}` holds {} data and is time-sensitive, but there is no VPN or ExpressRoute to carry it",
                w.id, w.sensitivity
            ),
        )
        .help("add `vpn_mbps` or `expressroute_mbps` to [network], or set `time_sensitive = false` to allow Data Box"),
        NoPath::NoPath => Diagnostic::error(
            "E-no-path",
            format!("`{}` is time-sensitive and the [network] has no path to carry its data", w.id),
        )
        .help("add `internet_mbps`, `vpn_mbps` or `expressroute_mbps` to [network], or set `time_sensitive = false`"),
    };
    plan.point(d, w.loc_of("id"))
}

fn method_warnings(plan: &Plan, w: &Workload, wp: &WorkloadPlan, out: &mut Vec<Diagnostic>) {
    if !w.has_prod() {
        return;
    }
    if wp.tolerance_defaulted {
        let d = Diagnostic::warning(
            "W-downtime",
            format!(
                "`{}` has no `max_downtime_hours`: the {} h default for {} criticality applies",
                w.id, wp.tolerance_hours, w.criticality
            ),
        )
        .help("agree the downtime tolerance with the workload owner and write it as `max_downtime_hours`");
        out.push(plan.point(d, w.loc_of("id")));
    }
    if wp.method.replication_keeps_up == Some(false) {
        let detail = match wp.method.replication_mbps {
            Some((need, have)) => {
                format!("{need:.0} Mbps of daily change against {have:.0} Mbps of the sync path")
            }
            None => "there is no network path to carry the sync".into(),
        };
        let d = Diagnostic::warning("W-replication", format!("replication of `{}` cannot keep up: {detail}", w.id))
            .help("add bandwidth, reduce `change_gb_per_day` (for example by archiving), or plan an offline window");
        out.push(plan.point(d, w.loc_of("change_gb_per_day")));
    }
    if w.method == MethodChoice::NearZero && !w.replication {
        let d = Diagnostic::warning(
            "W-near-zero",
            format!(
                "`{}` asks for near-zero migration but does not declare `replication = true`",
                w.id
            ),
        )
        .help("confirm the workload supports continuous replication and set `replication = true`");
        out.push(plan.point(d, w.loc_of("method")));
    }
    if w.sensitivity.is_sensitive() && wp.path.path == Path::Internet {
        let d = Diagnostic::warning(
            "W-insecure-path",
            format!("`{}` holds {} data but is set to move over the internet", w.id, w.sensitivity),
        )
        .help("use `path = \"vpn\"` or ExpressRoute for sensitive data (CAF), or remove `path` to let the rules choose");
        out.push(plan.point(d, w.loc_of("path")));
    }
}

/// `W-tolerance`: the production unit's downtime, shared with its cutover day's transfers,
/// exceeds the tolerance.
fn tolerance_warning(
    plan: &Plan,
    w: &Workload,
    wp: &WorkloadPlan,
    units: &[Unit],
    out: &mut Vec<Diagnostic>,
) {
    if wp.meets_tolerance() {
        return;
    }
    let shared = wp
        .prod_unit
        .map(|u| &units[u].shared_with)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let ids: Vec<String> = s
                .iter()
                .map(|&o| format!("`{}`", plan.workloads[units[o].workload].id))
                .collect();
            format!(", sharing its cutover day's link with {}", ids.join(", "))
        })
        .unwrap_or_default();
    let d = Diagnostic::warning(
        "W-tolerance",
        format!(
            "`{}` needs {:.1} h of downtime ({}{shared}), over its {} h tolerance",
            w.id, wp.downtime_hours, wp.method.method, wp.tolerance_hours
        ),
    )
    .help(if w.replication || wp.method.method == Method::NearZero {
        "even near-zero migration needs `cutover_overhead_hours`; renegotiate the tolerance or shorten the cutover"
    } else {
        "enable replication (`replication = true`) if the workload supports it, use a faster path, or renegotiate the tolerance"
    });
    out.push(plan.point(d, w.loc_of("max_downtime_hours")));
}

/// Approvals and checks that name a wave the plan does not have.
fn wave_references(plan: &Plan, waves: u32, out: &mut Vec<Diagnostic>) {
    for a in &plan.approvals {
        if let Scope::Wave(n) = a.scope
            && n > waves
        {
            let d = Diagnostic::warning(
                "W-wave-ref",
                format!(
                    "approval by {} is for wave {n}, but the plan has {waves} waves",
                    a.name
                ),
            )
            .help("check the wave number in `scope`");
            out.push(plan.point(d, &a.loc));
        }
    }
    for c in &plan.checks {
        if let Some(n) = c.wave.filter(|n| *n > waves) {
            let d = Diagnostic::warning(
                "W-wave-ref",
                format!(
                    "check \"{}\" is for wave {n}, but the plan has {waves} waves",
                    c.item
                ),
            )
            .help("check the `wave` number of this [[check]]");
            out.push(plan.point(d, &c.loc));
        }
    }
}
