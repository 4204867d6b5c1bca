//! Shared links, rule 1 (spec section 3, "Wave load"): what a wave's links and Data Box
//! devices can carry, and the running load placement checks against it; in the wave that holds
//! `as_of` open units use only the days after it (spec section 9).

use super::super::Unit;
use super::super::calendar::Window;
use super::EPS;
use crate::model::{Plan, TransferPath};
use jiff::civil::Date;

/// Calendar days of a window (end - start + 1).
pub fn window_days(window: Window) -> f64 {
    f64::from((window.end - window.start).get_days() + 1).max(0.0)
}

/// Hours a network path can carry in a wave: its days x `transfer_hours_per_day`.
pub fn capacity_hours(plan: &Plan, window: Window) -> f64 {
    window_days(window) * plan.network.transfer_hours_per_day
}

/// Hours open units may use on a network path in a wave: the wave's days after `as_of` x
/// `transfer_hours_per_day` (spec section 9: in the wave that holds `as_of`, open units use
/// only the days after it); the whole capacity without `as_of` or in a later wave.
pub fn open_capacity_hours(plan: &Plan, window: Window, as_of: Option<Date>) -> f64 {
    let days = match as_of {
        Some(a) if a >= window.start => f64::from((window.end - a).get_days()).max(0.0),
        _ => window_days(window),
    };
    days * plan.network.transfer_hours_per_day
}

/// What a wave can carry: hours per network path (all units, and open units alone) and Data
/// Box devices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaveCapacity {
    pub hours: f64,
    /// [`open_capacity_hours`].
    pub open_hours: f64,
    pub devices: Option<u32>,
}

impl WaveCapacity {
    pub fn of(plan: &Plan, window: Window, as_of: Option<Date>) -> Self {
        WaveCapacity {
            hours: capacity_hours(plan, window),
            open_hours: open_capacity_hours(plan, window, as_of),
            devices: device_capacity(plan, window),
        }
    }
}

/// Data Box devices a wave can use: `databox_devices` x trips, a trip being
/// floor(days / turnaround) (at least 1); `None` without a limit.
pub fn device_capacity(plan: &Plan, window: Window) -> Option<u32> {
    let net = &plan.network;
    net.databox_devices.map(|devices| {
        let trips = if net.databox_turnaround_days > 0.0 {
            (window_days(window) / net.databox_turnaround_days).floor()
        } else {
            window_days(window)
        };
        devices.saturating_mul(trips.max(1.0) as u32)
    })
}

/// What a set of units asks of a wave: transfer hours per path (a pinned unit's measured hours
/// where its result has them, see `Unit::load_hours`) (indexed by `TransferPath as usize`)
/// and Data Box devices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demand {
    pub hours: [f64; 4],
    pub devices: u32,
}

impl Demand {
    pub fn of(units: &[Unit], members: &[usize]) -> Self {
        let mut demand = Demand::default();
        for &u in members {
            let unit = &units[u];
            if unit.path.is_network() {
                demand.hours[unit.path as usize] += unit.load_hours;
            } else {
                demand.devices += unit.devices;
            }
        }
        demand
    }
}

/// The running link load of one wave during placement.
#[derive(Debug, Clone, Default)]
pub struct WaveLoad {
    hours: [f64; 4],
    /// The part of `hours` that pinned units put there (spec section 9).
    pinned: [f64; 4],
    devices: u32,
}

impl WaveLoad {
    /// Whether the wave's links take `demand` of open units: on every path it uses the load
    /// stays within capacity (and the open units' load within the open capacity), or the
    /// demand alone exceeds what open units may use and the wave carries nothing else on that
    /// path (the group is then placed alone, with a warning). Data Box devices likewise.
    pub fn admits(&self, demand: &Demand, cap: WaveCapacity) -> bool {
        let paths_ok = (0..4).all(|p| {
            let (need, load, pinned) = (demand.hours[p], self.hours[p], self.pinned[p]);
            let open_cap = cap.open_hours.min(cap.hours - pinned);
            need <= 0.0
                || (load - pinned + need <= open_cap + EPS && load + need <= cap.hours + EPS)
                || (need > open_cap && load <= 0.0)
        });
        let devices_ok = cap.devices.is_none_or(|cap| {
            demand.devices == 0
                || self.devices + demand.devices <= cap
                || (demand.devices > cap && self.devices == 0)
        });
        paths_ok && devices_ok
    }

    /// Adds the demand of placed units (`pinned`: units pinned where they happened).
    pub fn add(&mut self, demand: &Demand, pinned: bool) {
        for (p, need) in demand.hours.iter().enumerate() {
            self.hours[p] += need;
            if pinned {
                self.pinned[p] += need;
            }
        }
        self.devices += demand.devices;
    }

    pub fn hours(&self, path: TransferPath) -> f64 {
        self.hours[path as usize]
    }

    pub fn devices(&self) -> u32 {
        self.devices
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn window(days: i64) -> Window {
        let start = date(2027, 3, 1);
        Window {
            start,
            end: super::super::super::calendar::add_days(start, days - 1),
        }
    }

    #[test]
    fn admits_within_capacity_or_alone() {
        let mut load = WaveLoad::default();
        let mut d = Demand::default();
        d.hours[TransferPath::Vpn as usize] = 400.0;
        // 28 days x 24 h = 672 h: 400 h fits, another 400 h does not.
        let cap = WaveCapacity {
            hours: 672.0,
            open_hours: 672.0,
            devices: None,
        };
        assert!(load.admits(&d, cap));
        load.add(&d, false);
        assert!(!load.admits(&d, cap));
        // A group over capacity fits only a wave with nothing else on its path.
        let mut big = Demand::default();
        big.hours[TransferPath::Vpn as usize] = 800.0;
        assert!(!load.admits(&big, cap));
        assert!(WaveLoad::default().admits(&big, cap));
        // Other paths are not affected.
        let mut internet = Demand::default();
        internet.hours[TransferPath::Internet as usize] = 600.0;
        assert!(load.admits(&internet, cap));
    }

    #[test]
    fn open_units_use_only_the_days_after_as_of() {
        // as_of on day 20 of 28: open units get 8 days x 24 h = 192 h, whatever the pinned
        // units used before.
        let w = window(28);
        let as_of = super::super::super::calendar::add_days(w.start, 19);
        let text = "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n[network]\nvpn_mbps = 100\n[[workload]]\nid = \"w\"\nname = \"W\"\nowner = \"O\"\ndata_gb = 1\n";
        let mut inputs = crate::inputs::Inputs::default();
        inputs.insert("plan.toml", text.as_bytes().to_vec());
        let plan = crate::load::load(&inputs).expect("valid").0;
        let cap = WaveCapacity::of(&plan, w, Some(as_of));
        assert_eq!((cap.hours, cap.open_hours), (672.0, 192.0));
        assert_eq!(open_capacity_hours(&plan, w, None), 672.0);
        let mut pinned = Demand::default();
        pinned.hours[TransferPath::Vpn as usize] = 100.0;
        let mut load = WaveLoad::default();
        load.add(&pinned, true);
        let mut open = Demand::default();
        open.hours[TransferPath::Vpn as usize] = 150.0;
        assert!(load.admits(&open, cap), "150 h of the 192 h after as_of");
        load.add(&open, false);
        assert!(!load.admits(&open, cap), "300 h do not fit 192 h");
        // Pinned load past the whole capacity leaves open units less than the days after.
        let mut heavy = WaveLoad::default();
        pinned.hours[TransferPath::Vpn as usize] = 600.0;
        heavy.add(&pinned, true);
        open.hours[TransferPath::Vpn as usize] = 100.0;
        assert!(!heavy.admits(&open, cap), "600 + 100 h exceed 672 h");
    }

    #[test]
    fn device_capacity_counts_trips() {
        // 28 days / 10-day turnaround = 2 trips; 3 devices x 2 = 6.
        let text = "[plan]\ntitle = \"T\"\nstart = 2027-02-01\n[network]\nvpn_mbps = 100\ndatabox_devices = 3\n[[workload]]\nid = \"w\"\nname = \"W\"\nowner = \"O\"\ndata_gb = 1\n";
        let mut inputs = crate::inputs::Inputs::default();
        inputs.insert("plan.toml", text.as_bytes().to_vec());
        let plan = crate::load::load(&inputs).expect("valid").0;
        assert_eq!(device_capacity(&plan, window(28)), Some(6));
        // A 7-day wave still gets one trip per device.
        assert_eq!(device_capacity(&plan, window(7)), Some(3));
        assert_eq!(capacity_hours(&plan, window(28)), 672.0);
    }
}
