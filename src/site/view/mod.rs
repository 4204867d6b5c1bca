//! The view model: everything the templates show, built once from the plan and the computed
//! plan, formatted for reading (tera 2 has no date or number filters). Pages get it by
//! reference through tera's global context; nothing site-wide is copied per page.

pub mod changes;
pub mod common;
pub mod link_load;
pub mod lists;
pub mod mix;
pub mod progress;
pub mod readiness;
pub mod scenarios;
pub mod schedule;
pub mod shared;
pub mod transfers;
pub mod warnings;
pub mod waves;
pub mod workloads;

use crate::diagnostics::Diagnostic;
use crate::inputs::Inputs;
use crate::model::{FreePage, Plan};
use crate::planning::{ApprovalState, Computed, Status, Tier, approvals};
use crate::site::charts::{Chart, ChartError};
use crate::site::format;
use crate::site::urls::{self, Export, Section};
use common::{LinkView, Warned, WarningView};
use mix::MixView;
use rayon::prelude::*;
use readiness::ReadinessView;
use scenarios::ScenariosView;
use schedule::ScheduleView;
use serde::Serialize;
use shared::SharedView;
use transfers::TransfersView;
use waves::WaveView;
use workloads::{NoteView, WorkloadView};

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub title: String,
    pub organization: Option<String>,
    pub revision: String,
    pub status: Status,
    pub draft: bool,
    pub status_reason: String,
    pub start: String,
    pub footer: Option<String>,
    pub version: &'static str,
    pub wave_weeks: u32,
    pub wave_gap_days: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub key: String,
    pub label: String,
    /// Relative to the site root.
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub workloads: usize,
    pub units: usize,
    pub prod_units: usize,
    pub nonprod_units: usize,
    pub waves: usize,
    pub go_waves: usize,
    pub data: String,
    pub warnings: usize,
    pub hybrid_links: usize,
    pub first_day: String,
    pub last_day: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub timeline: Chart,
    pub transfers: Chart,
    pub criticality: Chart,
    /// Load per wave and network path against capacity.
    pub link_load: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    pub slug: String,
    pub title: String,
    pub href: String,
    pub note: NoteView,
}

/// A failing go/no-go item, gathered over every wave it fails in. Bounded for large plans:
/// the waves with how many workloads each, the first few workloads, the count of all.
#[derive(Debug, Clone, Serialize)]
pub struct BlockerView {
    pub title: String,
    pub waves: Vec<BlockerWave>,
    /// The first [`common::NAMED_WORKLOADS`] workloads it concerns, in wave order.
    pub workloads: Vec<common::RefView>,
    /// Every workload it concerns, over all its waves.
    pub workload_count: usize,
    /// The reason where it first fails, for items that name no workload.
    pub detail_html: String,
}

/// A wave a failing item fails in.
#[derive(Debug, Clone, Serialize)]
pub struct BlockerWave {
    pub number: u32,
    /// The wave's checklist, relative to the site root.
    pub href: String,
    /// The workloads it concerns in this wave.
    pub workloads: usize,
}

/// What every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub plan: PlanView,
    /// What changed since the plan's `baseline`, when it has one.
    pub changes: Option<changes::ChangesView>,
    pub nav: Vec<NavItem>,
    pub downloads: Vec<NavItem>,
    pub counts: Counts,
    pub waves: Vec<WaveView>,
    /// What stands between the waves and GO, item by item.
    pub blockers: Vec<BlockerView>,
    /// Every workload in full for its own pages; templates see a summary row of each in
    /// `site.workloads` (see [`workloads::WorkloadRow`]), and the full view as `workload` on
    /// its own pages only, converted page by page, so the site-wide data stays small.
    #[serde(serialize_with = "workloads::serialize_rows")]
    pub workloads: Vec<WorkloadView>,
    /// Each warning code with its count and first few warnings (the dashboard's summary).
    pub warning_codes: Vec<warnings::CodeCount>,
    /// The pages of `warnings/`: every warning, grouped by code.
    pub warning_pages: Vec<warnings::WarningsPageView>,
    /// Warnings that concern no workload (approvals, checks, the pilot wave, files).
    pub general_warnings: Vec<SharedView<WarningView>>,
    pub hybrid_links: Vec<LinkView>,
    pub schedule: ScheduleView,
    pub transfers: TransfersView,
    /// Every wave's load per network path (the transfers page's table).
    pub link_load: link_load::LinkLoadPage,
    pub readiness: ReadinessView,
    /// The pages of the long lists (workloads, schedule, transfers).
    pub lists: lists::ListsView,
    pub mix: MixView,
    pub charts: Charts,
    pub pages: Vec<FreePageView>,
    /// Empty (`href` empty) when the plan has no scenarios.
    pub scenarios: ScenariosView,
    /// Where the migration stands; empty (`href` empty) when the plan has no results.
    pub progress: progress::ProgressView,
}

/// Builds the view model. Fails only when a chart cannot be drawn.
pub fn build(
    plan: &Plan,
    computed: &Computed,
    warnings: &[Diagnostic],
    inputs: &Inputs,
) -> Result<SiteView, ChartError> {
    let lines = common::workload_lines(plan);
    let warned: Vec<Warned> = warnings
        .iter()
        .map(|d| Warned::new(plan, &lines, d))
        .collect();
    let links = common::link_views(plan, computed);
    let mut links_of = vec![Vec::new(); plan.workloads.len()];
    for (i, l) in computed.hybrid_links.iter().enumerate() {
        links_of[l.from].push(i);
        if l.to != l.from {
            links_of[l.to].push(i);
        }
    }
    let mut warnings_of = vec![Vec::new(); plan.workloads.len()];
    for (i, warning) in warned.iter().enumerate() {
        for &w in &warning.workloads {
            warnings_of[w].push(i);
        }
    }
    // Each unit's view, made once: its wave, the schedule and its workload list it.
    let unit_refs: Vec<SharedView<common::RefView>> = computed
        .units
        .iter()
        .map(|u| SharedView::new(common::unit_ref(plan, u)))
        .collect();
    let units: Vec<SharedView<common::UnitView>> = computed
        .units
        .iter()
        .map(|u| SharedView::new(common::unit_view(plan, computed, u, &unit_refs)))
        .collect();
    let shared = workloads::Shared {
        plan,
        computed,
        inputs,
        links: &links,
        units: &units,
        warnings: &warned,
        links_of: &links_of,
        warnings_of: &warnings_of,
    };
    let mix = mix::mix_view(plan, computed);
    let charts = Charts {
        timeline: schedule::timeline_chart(plan, computed)?,
        transfers: transfers::transfer_chart(plan, computed)?,
        criticality: mix::mix_chart(&mix)?,
        link_load: link_load::load_chart(computed)?,
    };
    let pages = free_pages(plan);
    let scenarios = scenarios::scenarios_view(plan, computed, warnings)?;
    let waves: Vec<WaveView> = computed
        .waves
        .iter()
        .map(|w| waves::wave_view(plan, computed, w, &units, &links, &warned))
        .collect();
    let changes = changes::changes_view(plan, computed);
    let progress = progress::progress_view(plan, computed)?;
    let schedule = schedule::schedule_view(plan, computed, &units);
    let (warning_codes, warning_pages) =
        warnings::warning_pages(warned.iter().map(|w| w.view.clone()).collect());
    Ok(SiteView {
        plan: plan_view(plan, computed),
        nav: nav(&pages, changes.is_some(), &scenarios, &progress),
        changes,
        downloads: downloads(),
        counts: counts(plan, computed, warnings.len()),
        blockers: blockers(&waves),
        waves,
        // Workload views render their notes (markdown and sanitizing): the costliest part of
        // the view model, done on every core.
        workloads: (0..plan.workloads.len())
            .into_par_iter()
            .map(|i| workloads::workload_view(&shared, i))
            .collect(),
        general_warnings: warned
            .iter()
            .filter(|w| w.workloads.is_empty())
            .map(|w| w.view.clone())
            .collect(),
        warning_codes,
        warning_pages,
        hybrid_links: links,
        lists: lists::ListsView::new(plan.workloads.len(), schedule.cutovers.len()),
        schedule,
        transfers: transfers::transfers_view(plan, computed),
        link_load: link_load::link_load_page(plan, computed),
        readiness: readiness::readiness_view(plan, &computed.approvals),
        mix,
        charts,
        pages,
        scenarios,
        progress,
    })
}

fn plan_view(plan: &Plan, computed: &Computed) -> PlanView {
    PlanView {
        title: plan.meta.title.clone(),
        organization: plan.meta.organization.clone(),
        revision: plan.meta.revision.clone(),
        status: computed.status,
        draft: computed.status == Status::Draft,
        status_reason: status_reason(plan, computed),
        start: format::date(plan.meta.start),
        footer: plan.site.footer.clone(),
        version: crate::VERSION,
        wave_weeks: plan.meta.wave_weeks,
        wave_gap_days: plan.meta.wave_gap_days,
    }
}

/// Why the plan is a draft or approved, naming who has not signed (or whose signature is
/// stale).
fn status_reason(plan: &Plan, computed: &Computed) -> String {
    let scoped: Vec<_> = approvals::plan_scoped(plan, &computed.approvals).collect();
    let pending: Vec<String> = scoped
        .iter()
        .filter(|(_, state)| !state.is_signed())
        .map(|(a, state)| match state {
            ApprovalState::Stale { revision, reason } => {
                format!(
                    "{} ({}; signed for {revision}, stale: {reason})",
                    a.name, a.role
                )
            }
            _ => format!("{} ({})", a.name, a.role),
        })
        .collect();
    match computed.status {
        Status::Approved => format!(
            "every plan-scoped approval is signed ({} of {})",
            scoped.len(),
            scoped.len()
        ),
        Status::Draft if scoped.is_empty() => "the plan has no plan-scoped approval yet".into(),
        Status::Draft => format!("waiting for sign-off by {}", pending.join(", ")),
    }
}

fn free_pages(plan: &Plan) -> Vec<FreePageView> {
    plan.notes
        .pages
        .iter()
        .map(|p| free_page_view(p, plan.site.raw_html))
        .collect()
}

/// A free page; its title (from the front matter, else the slug) also labels the navigation.
pub fn free_page_view(p: &FreePage, raw_html: bool) -> FreePageView {
    FreePageView {
        slug: p.slug.clone(),
        title: p
            .note
            .title
            .clone()
            .unwrap_or_else(|| p.slug.replace('-', " ")),
        href: urls::Page::Free(&p.slug).path(),
        note: workloads::note_view(&p.note, raw_html),
    }
}

fn item(key: &str, label: &str, href: &str) -> NavItem {
    NavItem {
        key: key.into(),
        label: label.into(),
        href: href.into(),
    }
}

fn nav(
    pages: &[FreePageView],
    changes: bool,
    scenarios: &ScenariosView,
    progress: &progress::ProgressView,
) -> Vec<NavItem> {
    let mut items: Vec<NavItem> = Section::ALL
        .into_iter()
        .map(|s| item(s.key(), s.title(), &urls::Page::Section(s).path()))
        .collect();
    if !progress.href.is_empty() {
        // Right after the dashboard: while the plan runs, it is what people come for.
        items.insert(1, item(urls::PROGRESS_KEY, PROGRESS_TITLE, &progress.href));
    }
    if changes {
        items.push(item(
            urls::CHANGES_KEY,
            "Changes",
            &urls::Page::Changes.path(),
        ));
    }
    if !scenarios.href.is_empty() {
        items.push(item(SCENARIOS_NAV, "Scenarios", &scenarios.href));
    }
    items.extend(
        pages
            .iter()
            .map(|p| item(&format!("page-{}", p.slug), &p.title, &p.href)),
    );
    items
}

/// The progress page's title, also its label in the navigation.
pub const PROGRESS_TITLE: &str = "Progress";

/// The navigation key of the scenarios pages.
pub const SCENARIOS_NAV: &str = "scenarios";

fn downloads() -> Vec<NavItem> {
    Export::ALL
        .into_iter()
        .map(|e| {
            let what = match e {
                Export::PlanJson => "for tools",
                Export::WavesCsv => "for spreadsheets",
                Export::ScheduleIcs => "for calendars",
            };
            item(e.path(), &format!("{} ({what})", e.path()), e.path())
        })
        .collect()
}

fn counts(plan: &Plan, computed: &Computed, warnings: usize) -> Counts {
    let first = computed
        .waves
        .first()
        .map(|w| format::date(w.window.start))
        .unwrap_or_default();
    let last = computed
        .waves
        .last()
        .map(|w| format::date(w.window.end))
        .unwrap_or_default();
    Counts {
        workloads: plan.workloads.len(),
        units: computed.units.len(),
        prod_units: computed
            .units
            .iter()
            .filter(|u| u.tier == Tier::Prod)
            .count(),
        nonprod_units: computed
            .units
            .iter()
            .filter(|u| u.tier == Tier::Nonprod)
            .count(),
        waves: computed.waves.len(),
        go_waves: computed.waves.iter().filter(|w| w.go).count(),
        data: format::data(computed.units.iter().map(|u| u.data_gb).sum()),
        warnings,
        hybrid_links: computed.hybrid_links.len(),
        first_day: first,
        last_day: last,
    }
}

/// Failing checklist items across waves, in the order they first fail: the to-do list
/// between the plan and GO.
fn blockers(waves: &[WaveView]) -> Vec<BlockerView> {
    let mut out: Vec<BlockerView> = Vec::new();
    // The workloads each blocker counted already: a large plan has thousands per item.
    let mut seen: Vec<std::collections::HashSet<&str>> = Vec::new();
    for wave in waves {
        for item in wave.checklist.iter().filter(|c| !c.passed) {
            let at = match out.iter().position(|b| b.title == item.title) {
                Some(i) => i,
                None => {
                    out.push(BlockerView {
                        title: item.title.clone(),
                        waves: Vec::new(),
                        workloads: Vec::new(),
                        workload_count: 0,
                        detail_html: item.reason_html.clone(),
                    });
                    seen.push(std::collections::HashSet::new());
                    out.len() - 1
                }
            };
            let blocker = &mut out[at];
            blocker.waves.push(BlockerWave {
                number: wave.number,
                href: format!("{}#checklist", wave.href),
                workloads: item.workloads.len(),
            });
            for r in &item.workloads {
                if seen[at].insert(&r.label) {
                    blocker.workload_count += 1;
                    if blocker.workloads.len() < common::NAMED_WORKLOADS {
                        blocker.workloads.push(r.clone());
                    }
                }
            }
        }
    }
    out
}
