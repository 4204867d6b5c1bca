//! Path choice, transfer estimates and migration method, per workload (spec section 3).

use super::rules::{MethodRule, PathRule};
use crate::model::{Method, MethodChoice, Network, Plan, TransferPath, Workload};
use serde::Serialize;

/// Transfer estimate of one amount of data over one path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub path: TransferPath,
    pub hours: f64,
    /// Data Box devices needed; `None` for network paths.
    pub devices: Option<u32>,
}

/// The share of each path's bandwidth that migration traffic gets: the plan's `utilization`,
/// or on a calibrated path the measured median (spec section 9, "Calibration"). Indexed by
/// `TransferPath as usize`; Data Box has no bandwidth to share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Utilization([f64; 4]);

impl Utilization {
    /// `utilization` as planned, on every path.
    pub fn planned(network: &Network) -> Self {
        Utilization([network.utilization; 4])
    }

    /// The same, with `path` at `share`.
    pub fn with(mut self, path: TransferPath, share: f64) -> Self {
        self.0[path as usize] = share;
        self
    }

    pub fn of(self, path: TransferPath) -> f64 {
        self.0[path as usize]
    }

    /// The Mbps migration traffic gets on `path`: its bandwidth x its utilization.
    pub fn effective_mbps(self, network: &Network, path: TransferPath) -> f64 {
        network.mbps(path) * self.of(path)
    }
}

/// Paths a plan can use, in the order pages list them. Data Box needs no link and is always
/// estimated; rule 4 and 5 decide whether it may be chosen.
pub fn available_paths(network: &Network) -> Vec<TransferPath> {
    TransferPath::ALL
        .iter()
        .copied()
        .filter(|p| !p.is_network() || network.mbps(*p) > 0.0)
        .collect()
}

/// Hours to move `data_gb` over `path`: bytes over effective bandwidth (at `utilization`) plus
/// the buffer for network paths; the turnaround for Data Box.
pub fn estimate(
    plan: &Plan,
    utilization: Utilization,
    path: TransferPath,
    data_gb: f64,
) -> Estimate {
    let net = &plan.network;
    if path == TransferPath::DataBox {
        let tb = data_gb / 1000.0;
        let devices = (tb / net.databox_device_tb).ceil().max(1.0) as u32;
        return Estimate {
            path,
            hours: net.databox_turnaround_days * 24.0,
            devices: Some(devices),
        };
    }
    let effective_mbps = utilization.effective_mbps(net, path);
    let hours = data_gb * 8000.0 / effective_mbps / 3600.0
        * (1.0 + plan.meta.estimate_buffer_percent / 100.0);
    Estimate {
        path,
        hours,
        devices: None,
    }
}

/// Estimates of `data_gb` on every available path.
pub fn estimates(plan: &Plan, utilization: Utilization, data_gb: f64) -> Vec<Estimate> {
    available_paths(&plan.network)
        .into_iter()
        .map(|p| estimate(plan, utilization, p, data_gb))
        .collect()
}

/// The fastest available network path for `data_gb`, if any.
pub fn best_network(plan: &Plan, utilization: Utilization, data_gb: f64) -> Option<Estimate> {
    estimates(plan, utilization, data_gb)
        .into_iter()
        .filter(|e| e.path.is_network())
        .min_by(|a, b| a.hours.total_cmp(&b.hours))
}

/// A chosen path with the rule that chose it.
#[derive(Debug, Clone, PartialEq)]
pub struct PathDecision {
    pub path: TransferPath,
    pub rule: PathRule,
    pub reason: String,
}

/// Why no path could be chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum NoPath {
    /// Rule 3: sensitive data, no VPN, and time-sensitive (no Data Box either).
    NoSecurePath,
    /// Rule 5: nothing available.
    NoPath,
}

/// The path rules, in the spec's order; rule 4 compares the estimates at `utilization`.
pub fn choose_path(
    plan: &Plan,
    utilization: Utilization,
    w: &Workload,
) -> Result<PathDecision, NoPath> {
    let net = &plan.network;
    let has = |p: TransferPath| net.mbps(p) > 0.0;
    let choice = |path, rule, reason: String| Ok(PathDecision { path, rule, reason });
    // Rule 1.
    if let Some(path) = w.path.path() {
        return choice(
            path,
            PathRule::Set,
            format!("{}: set by `path` in the plan", path.label()),
        );
    }
    // Rule 2.
    if has(TransferPath::ExpressRoute) {
        return choice(
            TransferPath::ExpressRoute,
            PathRule::ExpressRoute,
            "ExpressRoute: available, preferred for every workload".into(),
        );
    }
    // Rule 3.
    if w.sensitivity.is_sensitive() {
        if has(TransferPath::Vpn) {
            return choice(
                TransferPath::Vpn,
                PathRule::Sensitive,
                format!(
                    "VPN: {} data needs an encrypted path and there is no ExpressRoute",
                    w.sensitivity
                ),
            );
        }
        if !w.time_sensitive {
            return choice(
                TransferPath::DataBox,
                PathRule::Sensitive,
                format!(
                    "Data Box: {} data, no VPN or ExpressRoute, and not time-sensitive",
                    w.sensitivity
                ),
            );
        }
        return Err(NoPath::NoSecurePath);
    }
    // Rule 4.
    let databox = estimate(plan, utilization, TransferPath::DataBox, w.data_gb);
    let network = best_network(plan, utilization, w.data_gb);
    let large = w.data_gb >= net.databox_min_tb * 1000.0;
    if !w.time_sensitive && large && network.is_none_or(|n| databox.hours < n.hours) {
        let faster = match network {
            Some(n) => format!(
                "{:.0} h against {:.0} h over {}",
                databox.hours,
                n.hours,
                n.path.label()
            ),
            None => "no network path".into(),
        };
        return choice(
            TransferPath::DataBox,
            PathRule::LargeData,
            format!(
                "Data Box: {:.1} TB (at least {} TB), not time-sensitive, and faster ({faster})",
                w.data_gb / 1000.0,
                net.databox_min_tb
            ),
        );
    }
    // Rule 5.
    if has(TransferPath::Internet) {
        return choice(
            TransferPath::Internet,
            PathRule::Otherwise,
            "Internet: available, and the data is not sensitive".into(),
        );
    }
    if has(TransferPath::Vpn) {
        return choice(
            TransferPath::Vpn,
            PathRule::Otherwise,
            "VPN: no ExpressRoute or internet link".into(),
        );
    }
    if !w.time_sensitive {
        return choice(
            TransferPath::DataBox,
            PathRule::Otherwise,
            "Data Box: no network path, and not time-sensitive".into(),
        );
    }
    Err(NoPath::NoPath)
}

/// The method of a production unit with its rule, downtime and whether replication keeps up.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodDecision {
    pub method: Method,
    pub rule: MethodRule,
    pub reason: String,
    pub downtime_hours: f64,
    /// For near-zero: whether the sync path carries the daily change. `None` for offline.
    pub replication_keeps_up: Option<bool>,
    /// Replication need and the sync path's effective bandwidth, for the reason shown.
    pub replication_mbps: Option<(f64, f64)>,
}

/// The method of a non-production unit: offline, unless the workload's `method` says
/// near-zero.
pub fn nonprod_method(plan: &Plan, w: &Workload, transfer_hours: f64) -> MethodDecision {
    let overhead = plan.meta.cutover_overhead_hours;
    let (method, rule, reason, downtime_hours) = if w.method == MethodChoice::NearZero {
        (
            Method::NearZero,
            MethodRule::Set,
            "near-zero: set by `method` in the plan",
            overhead,
        )
    } else {
        (
            Method::Offline,
            MethodRule::NonprodOffline,
            "offline: non-production environments move offline",
            transfer_hours + overhead,
        )
    };
    MethodDecision {
        method,
        rule,
        reason: reason.into(),
        downtime_hours,
        replication_keeps_up: None,
        replication_mbps: None,
    }
}

/// Whether `downtime_hours` fits a tolerance of `tolerance_hours`: the one comparison behind
/// method rule 2, the `W-tolerance` warning, the go/no-go item and the pages. Equal fits; a
/// difference below a nanohour is rounding in the estimate, not downtime.
pub fn within_tolerance(downtime_hours: f64, tolerance_hours: f64) -> bool {
    downtime_hours <= tolerance_hours + 1e-9
}

/// The method rules for a production unit, given the chosen path's transfer hours (the sync
/// path's bandwidth at `utilization`).
pub fn choose_method(
    plan: &Plan,
    utilization: Utilization,
    w: &Workload,
    path: TransferPath,
    transfer_hours: f64,
) -> MethodDecision {
    let overhead = plan.meta.cutover_overhead_hours;
    let offline_downtime = transfer_hours + overhead;
    let tolerance = w.downtime_tolerance_hours();
    let near_zero = |rule: MethodRule, reason: String| {
        let (keeps_up, mbps) = replication_check(plan, utilization, w, path);
        MethodDecision {
            method: Method::NearZero,
            rule,
            reason,
            downtime_hours: overhead,
            replication_keeps_up: Some(keeps_up),
            replication_mbps: mbps,
        }
    };
    let offline = |rule: MethodRule, reason: String| MethodDecision {
        method: Method::Offline,
        rule,
        reason,
        downtime_hours: offline_downtime,
        replication_keeps_up: None,
        replication_mbps: None,
    };
    match w.method {
        MethodChoice::Offline => {
            return offline(
                MethodRule::Set,
                "offline: set by `method` in the plan".into(),
            );
        }
        MethodChoice::NearZero => {
            return near_zero(
                MethodRule::Set,
                "near-zero: set by `method` in the plan".into(),
            );
        }
        MethodChoice::Auto => {}
    }
    if within_tolerance(offline_downtime, tolerance) {
        return offline(
            MethodRule::WithinTolerance,
            format!(
                "offline: {offline_downtime:.1} h of downtime ({transfer_hours:.1} h transfer + {overhead} h cutover) is within the {tolerance} h tolerance"
            ),
        );
    }
    if w.replication {
        return near_zero(
            MethodRule::Replication,
            format!(
                "near-zero: offline would take {offline_downtime:.1} h, over the {tolerance} h tolerance, and the workload supports replication"
            ),
        );
    }
    offline(
        MethodRule::OverTolerance,
        format!(
            "offline: {offline_downtime:.1} h of downtime exceeds the {tolerance} h tolerance and the workload does not support replication"
        ),
    )
}

/// The daily change of a workload's production data as Mbps: change_gb_per_day x 8000 / 86400.
pub fn change_mbps(w: &Workload) -> f64 {
    w.change_gb_per_day * 8000.0 / 86400.0
}

/// The network path that carries a near-zero unit's sync: its own path, or the network path
/// with the most bandwidth when the seed goes by Data Box; `None` without a network path.
pub fn sync_path(plan: &Plan, path: TransferPath) -> Option<TransferPath> {
    if path.is_network() {
        Some(path)
    } else {
        available_paths(&plan.network)
            .into_iter()
            .filter(|p| p.is_network())
            .max_by(|a, b| plan.network.mbps(*a).total_cmp(&plan.network.mbps(*b)))
    }
}

/// Whether continuous replication keeps up: the daily change in Mbps must be below the effective
/// bandwidth of the sync path (the chosen path, or the best network path when the seed goes by
/// Data Box). Returns (keeps up, Some((needed Mbps, available Mbps))).
pub fn replication_check(
    plan: &Plan,
    utilization: Utilization,
    w: &Workload,
    path: TransferPath,
) -> (bool, Option<(f64, f64)>) {
    let needed = change_mbps(w);
    match sync_path(plan, path) {
        Some(p) => {
            let available = utilization.effective_mbps(&plan.network, p);
            (needed < available, Some((needed, available)))
        }
        None => (false, None),
    }
}

#[cfg(test)]
mod tests;
