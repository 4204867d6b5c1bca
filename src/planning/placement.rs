//! Planning step 3: dependency groups placed into waves (capacity, pilot, calendar windows and
//! cutover days, see `waves` and `calendar`), the waves' unit lists, and the warnings about
//! oversized units and an empty pilot.

use super::waves::Refusal;
use super::{Unit, Wave, calendar, pinned, shared_links, waves};
use crate::diagnostics::Diagnostic;
use crate::model::Plan;
use std::collections::HashMap;

/// The waves with their units (checklists still empty), and placement's warnings.
pub struct Placed {
    pub waves: Vec<Wave>,
    pub warnings: Vec<Diagnostic>,
    /// Groups placed alone over a wave's link or Data Box capacity, with their wave.
    pub link_findings: Vec<(u32, shared_links::Finding)>,
}

/// Places every unit (sets its `wave` and `cutover`). Fails when no wave can take a unit.
pub fn place(
    plan: &Plan,
    index_of: &HashMap<&str, usize>,
    units: &mut [Unit],
    unit_deps: &[Vec<usize>],
) -> Result<Placed, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let groups = waves::groups(plan, units, index_of);
    let pinned = pinned::pinned_units(plan, units);
    let mut placer = waves::Placer::new(plan, units, &groups);
    let pinned_waves: HashMap<usize, usize> = pinned
        .iter()
        .map(|&(u, date)| (u, placer.pin(u, date)))
        .collect();
    let groups = pinned::groups_around_pins(groups, &pinned_waves);
    let placement = match placer.place_all(&groups, unit_deps) {
        Ok(placement) => placement,
        Err(waves::PlacementError::Unschedulable { unit, full }) => {
            let u = &units[unit];
            let w = &plan.workloads[u.workload];
            let why = match full {
                None => "no allowed cutover day fits".to_string(),
                Some(capacity) => format!(
                    "every wave it could go to until then is full ({})",
                    match capacity {
                        Refusal::Units => format!(
                            "`max_units_per_wave` = {}",
                            plan.meta.max_units_per_wave.unwrap_or_default()
                        ),
                        Refusal::Data => "`max_data_tb_per_wave`".to_string(),
                        Refusal::Links => "link or Data Box capacity".to_string(),
                        Refusal::Pilot | Refusal::Days => "the pilot's limits".to_string(),
                    }
                ),
            };
            let help = match full {
                None => {
                    "allow more `cutover_weekdays`, shorten the freezes or peaks that cover it, or raise the wave capacity"
                }
                Some(_) => {
                    "raise the wave capacity, or fit more waves into ten years: a shorter `wave_weeks` or `wave_gap_days`"
                }
            };
            let d = Diagnostic::error(
                "E-unschedulable",
                format!(
                    "no wave within {} years of {} can take `{}` ({}): {why}",
                    calendar::HORIZON_YEARS,
                    plan.meta.start,
                    w.id,
                    u.tier.as_str()
                ),
            )
            .help(help);
            return Err(vec![plan.point(d.concerning(&w.id), w.loc_of("id"))]);
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
        warnings.push(plan.point(d.concerning(&w.id), w.loc_of("data_gb")));
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
            links: shared_links::WaveLinks::default(),
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
    warnings.extend(pinned::warnings(plan, units, unit_deps, &pinned_waves));
    // A wave whose window ends on or before `as_of` is history: its rules are not applied.
    let history = |w: &Wave| plan.as_of().is_some_and(|a| w.window.end <= a);
    if wave_list
        .first()
        .is_some_and(|w| w.units.is_empty() && !history(w))
    {
        warnings.push(
            Diagnostic::warning(
                "W-pilot",
                format!(
                    "no group fits the pilot wave (at most {} units, no production unit of criticality high or above): wave 1 is empty",
                    plan.meta.pilot_max_units
                ),
            )
            .in_file(crate::inputs::PLAN_FILE)
            .in_wave(1)
            .help("raise `pilot_max_units`, or add a simple, self-contained workload to pilot the migration"),
        );
    }
    Ok(Placed {
        waves: wave_list,
        warnings,
        link_findings: placement.link_findings,
    })
}
