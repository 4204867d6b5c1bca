//! The path and method rules of spec section 3 as values: each rule knows its number, its
//! condition and its outcome. `transfer` decides with them and every decision records the rule
//! that chose it; the transfers page lists them from here, so the page cannot drift from the
//! rules.

use crate::model::Plan;

/// The path rules, in the spec's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathRule {
    /// 1: `path` set on the workload.
    Set,
    /// 2: ExpressRoute available.
    ExpressRoute,
    /// 3: sensitive data needs an encrypted path.
    Sensitive,
    /// 4: large data that is not time-sensitive goes by Data Box when that is faster.
    LargeData,
    /// 5: the fallbacks.
    Otherwise,
}

impl PathRule {
    pub const ALL: [PathRule; 5] = [
        PathRule::Set,
        PathRule::ExpressRoute,
        PathRule::Sensitive,
        PathRule::LargeData,
        PathRule::Otherwise,
    ];

    /// The rule's number in the spec, shown on the pages and in plan.json.
    pub fn number(self) -> u8 {
        match self {
            PathRule::Set => 1,
            PathRule::ExpressRoute => 2,
            PathRule::Sensitive => 3,
            PathRule::LargeData => 4,
            PathRule::Otherwise => 5,
        }
    }

    /// When the rule applies, with the plan's thresholds written by `number` (`backticked`
    /// keys are plan.toml keys).
    pub fn condition(self, plan: &Plan, number: fn(f64) -> String) -> String {
        match self {
            PathRule::Set => "`path` set on the workload".into(),
            PathRule::ExpressRoute => "ExpressRoute available".into(),
            PathRule::Sensitive => "sensitivity confidential or highly-confidential".into(),
            PathRule::LargeData => format!(
                "not time-sensitive, production data at least {} TB, Data Box faster than the best network path",
                number(plan.network.databox_min_tb)
            ),
            PathRule::Otherwise => "anything else".into(),
        }
    }

    /// What the rule chooses.
    pub fn outcome(self) -> &'static str {
        match self {
            PathRule::Set => "that path; an error if it is not available",
            PathRule::ExpressRoute => "ExpressRoute for every workload",
            PathRule::Sensitive => {
                "VPN; else Data Box if not time-sensitive; else an error (no secure path)"
            }
            PathRule::LargeData => "Data Box",
            PathRule::Otherwise => {
                "Internet; else VPN; else Data Box if not time-sensitive; else an error"
            }
        }
    }
}

/// The method rules: the spec's four for production units, and the default of non-production
/// units (offline), which is not one of the numbered rules and is shown as rule 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MethodRule {
    /// 0: a non-production unit without `method` moves offline.
    NonprodOffline,
    /// 1: `method` set on the workload.
    Set,
    /// 2: offline downtime within the tolerance.
    WithinTolerance,
    /// 3: over the tolerance, with replication.
    Replication,
    /// 4: over the tolerance, without replication.
    OverTolerance,
}

impl MethodRule {
    /// The spec's rules for production units, as the transfers page lists them.
    pub const PRODUCTION: [MethodRule; 4] = [
        MethodRule::Set,
        MethodRule::WithinTolerance,
        MethodRule::Replication,
        MethodRule::OverTolerance,
    ];

    /// The rule's number in the spec (0 for the non-production default).
    pub fn number(self) -> u8 {
        match self {
            MethodRule::NonprodOffline => 0,
            MethodRule::Set => 1,
            MethodRule::WithinTolerance => 2,
            MethodRule::Replication => 3,
            MethodRule::OverTolerance => 4,
        }
    }

    /// When the rule applies (`backticked` keys are plan.toml keys).
    pub fn condition(self) -> &'static str {
        match self {
            MethodRule::NonprodOffline => "a non-production unit, `method` not set",
            MethodRule::Set => "`method` set on the workload",
            MethodRule::WithinTolerance => {
                "offline downtime (transfer + cutover overhead) within `max_downtime_hours`"
            }
            MethodRule::Replication => "over the tolerance, and `replication = true`",
            MethodRule::OverTolerance => "over the tolerance, no replication",
        }
    }

    /// What the rule chooses, with the plan's cutover overhead written by `number`.
    pub fn outcome(self, plan: &Plan, number: fn(f64) -> String) -> String {
        match self {
            MethodRule::NonprodOffline => "offline".into(),
            MethodRule::Set => "that method".into(),
            MethodRule::WithinTolerance => "offline (preferred)".into(),
            MethodRule::Replication => format!(
                "near-zero: downtime = {} h; the daily change must fit the sync path",
                number(plan.meta.cutover_overhead_hours)
            ),
            MethodRule::OverTolerance => "offline, with a warning".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_numbered_in_the_spec_order() {
        let numbers: Vec<u8> = PathRule::ALL.iter().map(|r| r.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5]);
        let numbers: Vec<u8> = MethodRule::PRODUCTION.iter().map(|r| r.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(MethodRule::NonprodOffline.number(), 0);
    }
}
