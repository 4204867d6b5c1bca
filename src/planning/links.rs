//! Planning step 4: hybrid links, the direct dependencies whose two ends landed in different
//! waves, and a warning for each one without a `hybrid_plan`.

use super::{HybridLink, Unit};
use crate::diagnostics::Diagnostic;
use crate::model::Plan;

/// The hybrid links in unit order, and the warnings for the unbridged ones.
pub fn hybrid_links(
    plan: &Plan,
    units: &[Unit],
    unit_deps: &[Vec<usize>],
) -> (Vec<HybridLink>, Vec<Diagnostic>) {
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
    let mut warnings = Vec::new();
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
        let d = d
            .concerning(&from.id)
            .concerning(&to.id)
            .in_wave(link.from_wave);
        warnings.push(plan.point(d, from.loc_of("depends_on")));
    }
    (hybrid_links, warnings)
}
