//! Every default of plan.toml, typed. The loader applies these constants and the declarations
//! in [`super::tables`] render them (JSON Schema, docs), so the two cannot differ.

use crate::model::{Criticality, MethodChoice, Scope, Sensitivity, Tier, TransferPathChoice};
use jiff::civil::Weekday;

// [plan]
pub const REVISION: &str = "draft";
pub const WAVE_WEEKS: u32 = 4;
pub const WAVE_GAP_DAYS: u32 = 7;
pub const PILOT_MAX_UNITS: u32 = 9;
pub const ESTIMATE_BUFFER_PERCENT: f64 = 25.0;
pub const CUTOVER_WEEKDAYS: &[Weekday] = &[
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
];
pub const CUTOVER_OVERHEAD_HOURS: f64 = 2.0;

// [network]
/// A link left out (`expressroute_mbps`, `vpn_mbps`, `internet_mbps`) is no link: 0 Mbps.
/// Not declared as a default: the docs say "absent or 0: none".
pub const NO_LINK_MBPS: f64 = 0.0;
pub const UTILIZATION: f64 = 0.8;
pub const DATABOX_TURNAROUND_DAYS: f64 = 10.0;
pub const DATABOX_DEVICE_TB: f64 = 120.0;
pub const DATABOX_MIN_TB: f64 = 40.0;
/// Bulk copies may use the links all day; `databox_devices` has no default (no limit).
pub const TRANSFER_HOURS_PER_DAY: f64 = 24.0;
/// Measured transfers correct the estimates of open units (spec section 9, "Calibration").
pub const CALIBRATE: bool = true;

// [site]
pub const RAW_HTML: bool = false;

// [[workload]]
pub const CRITICALITY: Criticality = Criticality::Medium;
pub const SENSITIVITY: Sensitivity = Sensitivity::General;
pub const ENVIRONMENTS: &[&str] = &["prod"];
pub const CHANGE_GB_PER_DAY: f64 = 0.0;
pub const REPLICATION: bool = false;
pub const METHOD: MethodChoice = MethodChoice::Auto;
pub const PATH: TransferPathChoice = TransferPathChoice::Auto;
/// `time_sensitive` left out: true from this criticality up.
pub const TIME_SENSITIVE_FROM: Criticality = Criticality::High;

// [[approval]], [[check]]
pub const SCOPE: Scope = Scope::Plan;
pub const CHECK_DONE: bool = false;

// [[result]]
pub const TIER: Tier = Tier::Prod;

// front matter
pub const NOTE_WEIGHT: i64 = 0;

/// A day of the week: how plan.toml spells it (`cutover_weekdays`) and how pages label it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayName {
    pub day: Weekday,
    /// `mon`
    pub key: &'static str,
    /// `Mon`
    pub short: &'static str,
    /// `Monday`
    pub long: &'static str,
}

/// Monday first, as [`Weekday::to_monday_zero_offset`] counts.
pub const WEEKDAYS: [WeekdayName; 7] = [
    day(Weekday::Monday, "mon", "Mon", "Monday"),
    day(Weekday::Tuesday, "tue", "Tue", "Tuesday"),
    day(Weekday::Wednesday, "wed", "Wed", "Wednesday"),
    day(Weekday::Thursday, "thu", "Thu", "Thursday"),
    day(Weekday::Friday, "fri", "Fri", "Friday"),
    day(Weekday::Saturday, "sat", "Sat", "Saturday"),
    day(Weekday::Sunday, "sun", "Sun", "Sunday"),
];

const fn day(
    day: Weekday,
    key: &'static str,
    short: &'static str,
    long: &'static str,
) -> WeekdayName {
    WeekdayName {
        day,
        key,
        short,
        long,
    }
}

/// The spellings of [`WEEKDAYS`], for the schema's enumeration.
pub const WEEKDAY_NAMES: [&str; 7] = {
    let mut names = [""; 7];
    let mut i = 0;
    while i < 7 {
        names[i] = WEEKDAYS[i].key;
        i += 1;
    }
    names
};

pub fn weekday_name(day: Weekday) -> &'static WeekdayName {
    &WEEKDAYS[day.to_monday_zero_offset() as usize]
}

/// The day plan.toml spells `key` (`mon`...`sun`).
pub fn weekday(key: &str) -> Option<Weekday> {
    WEEKDAYS.iter().find(|d| d.key == key).map(|d| d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_names_are_indexed_by_their_day() {
        for (i, name) in WEEKDAYS.iter().enumerate() {
            assert_eq!(name.day.to_monday_zero_offset() as usize, i);
            assert_eq!(weekday_name(name.day), name);
            assert_eq!(weekday(name.key), Some(name.day));
            assert_eq!(format!("{:?}", name.day), name.long);
        }
        assert_eq!(weekday("Mon"), None);
    }

    #[test]
    fn the_scope_default_is_spelled_as_declared() {
        assert_eq!(SCOPE.to_string(), Scope::PLAN);
    }
}
