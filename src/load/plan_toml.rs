//! plan.toml: parsing, checking against the schema, and reading into the typed model.

use super::shape::check_table;
use super::values::Fields;
use super::workload::read_workload;
use super::{Reporter, decode};
use crate::diagnostics::Diagnostic;
use crate::inputs::{Inputs, PLAN_FILE};
use crate::model::{
    Approval, Baseline, Check, Freeze, Network, Notes, Peak, PeakWhen, Plan, PlanMeta, Scope,
    SiteSettings, Skill, SkillStatus, Workload,
};
use crate::schema::{self, defaults};
use jiff::civil::Date;
use std::ops::Range;
use std::sync::Arc;
use toml::de::DeTable;

pub(super) fn load_plan_toml(inputs: &Inputs, out: &mut Vec<Diagnostic>) -> Option<Plan> {
    let Some(bytes) = inputs.get(PLAN_FILE) else {
        out.push(
            Diagnostic::error("E-no-plan", format!("no {PLAN_FILE} in the plan folder"))
                .in_file(PLAN_FILE)
                .help("create a plan with `waveplan init DIR`"),
        );
        return None;
    };
    let text = decode(PLAN_FILE, bytes, out)?;
    let mut ctx = Reporter {
        file: Arc::from(PLAN_FILE),
        text,
        out,
        lines: Default::default(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for err in errors {
            let mut message = err.message().trim().to_string();
            if message == "recursion limit" {
                message.push_str(": a key of 80 or more dotted parts, or values nested 80 deep");
            }
            let span = err
                .span()
                .or_else(|| deep_key(text, &message))
                .unwrap_or(0..0);
            ctx.error("E-toml", format!("TOML syntax: {message}"), span)
                .help = Some(toml_help(&message).into());
        }
        return None;
    }
    let root_span = root.span();
    let root = root.get_ref();
    check_table(
        &mut ctx,
        &schema::ROOT,
        root,
        root_span.start..root_span.start,
    );
    let top = Fields { table: root };
    let mut plan = read_plan(&mut ctx, &top);
    for (i, w) in plan.workloads.iter().enumerate() {
        plan.workload_ids.entry(w.id.clone()).or_insert(i);
    }
    plan.scenarios = super::scenarios::read_scenarios(&mut ctx, root, &plan, read_plan);
    Some(plan)
}

pub(super) fn toml_help(message: &str) -> &'static str {
    if message.contains("duplicate key") {
        "each key may appear once per table; remove or rename one of them"
    } else if message.contains("invalid string") || message.contains("quote") {
        "put text in double quotes, e.g. name = \"CRM\""
    } else if message.contains("date") || message.contains("time") {
        "write dates as YYYY-MM-DD without quotes, e.g. start = 2027-02-01"
    } else {
        "see the TOML syntax at the line shown; strings need quotes, tables need [brackets]"
    }
}

pub(super) fn read_plan(ctx: &mut Reporter<'_>, top: &Fields<'_, '_>) -> Plan {
    let empty = DeTable::new();
    let (plan, plan_span) = top
        .table("plan")
        .unwrap_or((Fields { table: &empty }, 0..0));
    let network = top.table("network").map(|(f, _)| f);
    let site = top.table("site").map(|(f, _)| f);

    let mut weekdays = Vec::new();
    if plan.value("cutover_weekdays").is_some() {
        for (day, _) in plan.strs_spanned("cutover_weekdays") {
            if let Some(w) = defaults::weekday(&day)
                && !weekdays.contains(&w)
            {
                weekdays.push(w);
            }
        }
        if weekdays.is_empty()
            && plan
                .value("cutover_weekdays")
                .and_then(|v| v.get_ref().as_array())
                .is_some_and(|a| a.is_empty())
        {
            let span = plan.span("cutover_weekdays").unwrap_or(plan_span.clone());
            ctx.error(
                "E-range",
                "`cutover_weekdays` is empty: no cutover could ever be scheduled",
                span,
            )
            .help = Some("list at least one day, e.g. [\"sat\", \"sun\"]".into());
        }
    } else {
        weekdays = defaults::CUTOVER_WEEKDAYS.to_vec();
    }

    let meta = PlanMeta {
        title: plan.string("title"),
        organization: plan.str("organization"),
        revision: plan
            .str("revision")
            .unwrap_or_else(|| defaults::REVISION.into()),
        start: plan.date("start").unwrap_or(Date::constant(2000, 1, 1)),
        wave_weeks: plan
            .int("wave_weeks")
            .map_or(defaults::WAVE_WEEKS, clamp_u32),
        wave_gap_days: plan
            .int("wave_gap_days")
            .map_or(defaults::WAVE_GAP_DAYS, clamp_u32),
        max_units_per_wave: plan.int("max_units_per_wave").map(clamp_u32),
        max_data_tb_per_wave: plan.num("max_data_tb_per_wave"),
        pilot_max_units: plan
            .int("pilot_max_units")
            .map_or(defaults::PILOT_MAX_UNITS, clamp_u32),
        estimate_buffer_percent: plan
            .num("estimate_buffer_percent")
            .unwrap_or(defaults::ESTIMATE_BUFFER_PERCENT),
        cutover_weekdays: weekdays,
        cutover_overhead_hours: plan
            .num("cutover_overhead_hours")
            .unwrap_or(defaults::CUTOVER_OVERHEAD_HOURS),
        as_of: plan.date("as_of"),
        baseline: plan.str("baseline").map(|path| Baseline {
            loc: ctx.loc(plan.span("baseline").unwrap_or(plan_span.clone())),
            path,
        }),
    };
    let n = |name: &str, default: f64| {
        network
            .as_ref()
            .and_then(|f| f.num(name))
            .unwrap_or(default)
    };
    let network = Network {
        expressroute_mbps: n("expressroute_mbps", defaults::NO_LINK_MBPS),
        vpn_mbps: n("vpn_mbps", defaults::NO_LINK_MBPS),
        internet_mbps: n("internet_mbps", defaults::NO_LINK_MBPS),
        utilization: n("utilization", defaults::UTILIZATION),
        databox_turnaround_days: n("databox_turnaround_days", defaults::DATABOX_TURNAROUND_DAYS),
        databox_device_tb: n("databox_device_tb", defaults::DATABOX_DEVICE_TB),
        databox_min_tb: n("databox_min_tb", defaults::DATABOX_MIN_TB),
        transfer_hours_per_day: n("transfer_hours_per_day", defaults::TRANSFER_HOURS_PER_DAY),
        databox_devices: network
            .as_ref()
            .and_then(|f| f.int("databox_devices"))
            .map(clamp_u32),
        calibrate: network
            .as_ref()
            .and_then(|f| f.bool("calibrate"))
            .unwrap_or(defaults::CALIBRATE),
    };
    let site = SiteSettings {
        raw_html: site
            .as_ref()
            .and_then(|f| f.bool("raw_html"))
            .unwrap_or(defaults::RAW_HTML),
        footer: site.as_ref().and_then(|f| f.str("footer")),
    };

    let freezes = top
        .tables("freeze")
        .into_iter()
        .filter_map(|(f, span)| {
            let (start, end) = date_range(ctx, &f, "freeze")?;
            Some(Freeze {
                name: f.string("name"),
                start,
                end,
                loc: ctx.loc(span),
            })
        })
        .collect();
    let peaks = top
        .tables("peak")
        .into_iter()
        .filter_map(|(f, span)| read_peak(ctx, &f, span))
        .collect();
    let workloads = top
        .tables("workload")
        .into_iter()
        .map(|(f, span)| read_workload(ctx, &f, span))
        .collect::<Vec<Workload>>();
    if let Some((import, _)) = top.table("import") {
        check_ignored_dependencies(ctx, &import, &workloads);
    }
    let skills = top
        .tables("skill")
        .into_iter()
        .map(|(f, _)| Skill {
            area: f.string("area"),
            status: f
                .str("status")
                .and_then(|s| SkillStatus::parse(&s))
                .unwrap_or(SkillStatus::Gap),
            owner: f.str("owner"),
            note: f.str("note"),
        })
        .collect();
    let approvals = top
        .tables("approval")
        .into_iter()
        .map(|(f, span)| read_approval(ctx, &f, span))
        .collect();
    let checks = top
        .tables("check")
        .into_iter()
        .map(|(f, span)| Check {
            item: f.string("item"),
            wave: f.int("wave").map(clamp_u32),
            done: f.bool("done").unwrap_or(defaults::CHECK_DONE),
            loc: ctx.loc(span),
        })
        .collect();

    Plan {
        meta,
        network,
        site,
        freezes,
        peaks,
        workloads,
        skills,
        approvals,
        checks,
        results: super::results::read_results(ctx, top),
        notes: Notes::default(),
        plan_toml: Arc::from(ctx.text),
        plan_lines: Arc::new(crate::diagnostics::LineIndex::new(ctx.text)),
        workload_ids: Default::default(),
        scenarios: Vec::new(),
    }
}

/// `[import] ignore_dependencies`: each entry `"from->to"`; an id that names no workload is
/// likely a typo that would let `waveplan import --into` add the dependency again.
fn check_ignored_dependencies(
    ctx: &mut Reporter<'_>,
    import: &Fields<'_, '_>,
    workloads: &[Workload],
) {
    for (entry, at) in import.strs_spanned("ignore_dependencies") {
        let Some((from, to)) = entry.split_once("->") else {
            ctx.error(
                "E-import-ignore",
                format!("`{entry}` is not a dependency: write \"from->to\""),
                at,
            )
            .help = Some("name two workload ids, e.g. \"monitoring->web-shop\"".into());
            continue;
        };
        for id in [from.trim(), to.trim()] {
            if !workloads.iter().any(|w| w.id == id) {
                let ids = workloads.iter().map(|w| w.id.as_str());
                let d = ctx.warning(
                    "W-import-ignore",
                    format!("`{entry}` names `{id}`, which is no workload of this plan"),
                    at.clone(),
                );
                d.help = Some(match crate::diagnostics::did_you_mean(id, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "remove the entry, or correct the id".into(),
                });
            }
        }
    }
}

pub(super) fn clamp_u32(n: i64) -> u32 {
    n.clamp(0, u32::MAX as i64) as u32
}

/// `start` and `end` of a table, with `end` not before `start`.
pub(super) fn date_range(
    ctx: &mut Reporter<'_>,
    f: &Fields<'_, '_>,
    what: &str,
) -> Option<(Date, Date)> {
    let (start, end) = (f.date("start")?, f.date("end")?);
    if end < start {
        let span = f.span("end").unwrap_or_default();
        ctx.error(
            "E-date-order",
            format!("this {what} ends ({end}) before it starts ({start})"),
            span,
        )
        .help = Some("swap `start` and `end`, or correct the year".into());
        return None;
    }
    Some((start, end))
}

pub(super) fn read_peak(
    ctx: &mut Reporter<'_>,
    f: &Fields<'_, '_>,
    span: Range<usize>,
) -> Option<Peak> {
    let month_end = f.int("month_end_days");
    let dated = f.value("start").is_some() || f.value("end").is_some();
    let when = match (month_end, dated) {
        (Some(_), true) => {
            ctx.error(
                "E-peak",
                "a peak has either `month_end_days` or `start` and `end`, not both",
                span,
            )
            .help = Some("split it into two [[peak]] tables".into());
            return None;
        }
        (Some(days), false) => PeakWhen::MonthEnd(clamp_u32(days)),
        (None, true) => {
            if f.value("start").is_none() || f.value("end").is_none() {
                let missing = if f.value("start").is_none() {
                    "start"
                } else {
                    "end"
                };
                ctx.error(
                    "E-missing",
                    format!("[[peak]] has a dated period without `{missing}`"),
                    span.start..span.start + 1,
                )
                .help = Some(format!("add `{missing} = 2027-11-30`"));
                return None;
            }
            let (start, end) = date_range(ctx, f, "peak")?;
            PeakWhen::Dated { start, end }
        }
        (None, false) => {
            if f.value("month_end_days").is_none() {
                ctx.error(
                    "E-peak",
                    "a peak needs `month_end_days` or a dated period (`start` and `end`)",
                    span.start..span.start + 1,
                )
                .help = Some("add `month_end_days = 3`, or `start` and `end` dates".into());
            }
            return None;
        }
    };
    Some(Peak {
        name: f.string("name"),
        when,
        business_units: f.strs("business_units"),
        workloads: f.strs("workloads"),
        loc: ctx.loc(span),
    })
}

pub(super) fn read_approval(
    ctx: &mut Reporter<'_>,
    f: &Fields<'_, '_>,
    span: Range<usize>,
) -> Approval {
    let scope = match f.str("scope") {
        None => defaults::SCOPE,
        Some(s) => match Scope::parse(&s) {
            Some(scope) => scope,
            None => {
                let at = f.span("scope").unwrap_or(span.clone());
                ctx.error("E-scope", format!("`{s}` is not an approval scope"), at)
                    .help =
                    Some("use \"plan\" or \"wave-N\" with the wave number, e.g. \"wave-2\"".into());
                defaults::SCOPE
            }
        },
    };
    Approval {
        role: f.string("role"),
        name: f.string("name"),
        scope,
        signed_on: f.date("signed_on"),
        revision: f.str("revision"),
        loc: ctx.loc(span),
    }
}

/// toml reports a key of too many dotted parts ("recursion limit") without a place: the span of
/// the first key with that many parts, found here instead.
fn deep_key(text: &str, message: &str) -> Option<std::ops::Range<usize>> {
    /// toml's limit on the parts of a key (and on nesting).
    const PARTS: usize = 80;
    if !message.contains("recursion limit") {
        return None;
    }
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let key = if let Some(header) = trimmed.strip_prefix('[') {
            header.split(']').next().unwrap_or_default()
        } else {
            trimmed.split('=').next().unwrap_or_default()
        };
        if !trimmed.starts_with('#') && key.matches('.').count() + 1 >= PARTS {
            let offset = start + indent + usize::from(trimmed.starts_with('['));
            return Some(offset..offset + key.trim_end().len());
        }
        start += line.len();
    }
    None
}
