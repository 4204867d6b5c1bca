//! Shared links, rule 2: the offline transfers placed so far per cutover day and network path,
//! which placement asks whether one more transfer fits a day ([`DayLoads::day_fit`]).

use super::EPS;
use crate::model::TransferPath;
use jiff::civil::Date;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The offline transfers of one cutover day on one path.
#[derive(Debug, Clone, Copy)]
pub struct DayLoad {
    pub hours: f64,
    /// The smallest [`super::day_limit`] of the day's units.
    pub limit: f64,
}

/// A transfer about to join a day: its path, hours and [`super::day_limit`].
#[derive(Debug, Clone, Copy)]
pub struct DayShare {
    pub day: Date,
    pub path: TransferPath,
    pub hours: f64,
    pub limit: f64,
}

/// The offline transfers placed so far per cutover day and path, over all waves (with
/// `wave_gap_days = 0` two waves meet on one day). Placement asks it for every candidate day of
/// every offline unit: the key is the day and path packed into one number ([`day_key`]), hashed
/// with one multiplication ([`DayKeyHasher`]) instead of SipHash over four fields.
#[derive(Debug, Clone, Default)]
pub struct DayLoads {
    days: HashMap<u32, DayLoad, BuildHasherDefault<DayKeyHasher>>,
}

/// A day and path as one number: year, month, day and path in separate bits, so distinct
/// pairs never collide and the numbers sort as the pairs do.
pub(super) fn day_key(day: Date, path: TransferPath) -> u32 {
    let year = (i32::from(day.year()) + 10_000) as u32; // jiff's years are -9999..=9999
    (((year << 4 | day.month() as u32) << 5 | day.day() as u32) << 2) | path as u32
}

/// The hasher of [`day_key`]s: a Fibonacci multiplication (the keys are distinct numbers, and
/// no one outside chooses them).
#[derive(Debug, Default, Clone, Copy)]
pub struct DayKeyHasher(u64);

impl Hasher for DayKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

const EMPTY: DayLoad = DayLoad {
    hours: 0.0,
    limit: f64::INFINITY,
};

impl DayLoads {
    /// The offline hours already on `share`'s day and path (with `pending` transfers of the
    /// group being placed), and whether `share` fits: the shared downtime stays within the
    /// limit of every unit of the day, its own included.
    pub fn day_fit(&self, share: &DayShare, pending: &[DayShare], overhead: f64) -> (f64, bool) {
        let mut day = self
            .days
            .get(&day_key(share.day, share.path))
            .copied()
            .unwrap_or(EMPTY);
        for p in pending
            .iter()
            .filter(|p| p.day == share.day && p.path == share.path)
        {
            day.hours += p.hours;
            day.limit = day.limit.min(p.limit);
        }
        let shared = day.hours + share.hours + overhead;
        (day.hours, shared <= day.limit.min(share.limit) + EPS)
    }

    pub fn add_to_day(&mut self, share: &DayShare) {
        let day = self
            .days
            .entry(day_key(share.day, share.path))
            .or_insert(EMPTY);
        day.hours += share.hours;
        day.limit = day.limit.min(share.limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_keys_are_distinct_and_sort_as_day_and_path() {
        let mut last = None;
        for day in [
            date(-9999, 1, 1),
            date(2027, 2, 28),
            date(2027, 3, 1),
            date(2027, 12, 31),
            date(2028, 1, 1),
            date(9999, 12, 31),
        ] {
            for &path in TransferPath::ALL {
                let key = day_key(day, path);
                assert!(last < Some(key), "{day} {path:?}");
                last = Some(key);
            }
        }
    }

    #[test]
    fn day_fit_keeps_every_tolerance() {
        // Two offline units on one VPN day: 3.5 h and 2.4 h of transfer, 1 h overhead:
        // 3.5 + 2.4 + 1 = 6.9 h, over a 4 h tolerance, within 12 h.
        let mut load = DayLoads::default();
        let day = date(2027, 3, 23);
        load.add_to_day(&DayShare {
            day,
            path: TransferPath::Vpn,
            hours: 3.5,
            limit: 12.0,
        });
        let tight = DayShare {
            day,
            path: TransferPath::Vpn,
            hours: 2.4,
            limit: 4.0,
        };
        assert_eq!(load.day_fit(&tight, &[], 1.0), (3.5, false));
        let loose = DayShare {
            limit: 8.0,
            ..tight
        };
        assert_eq!(load.day_fit(&loose, &[], 1.0), (3.5, true));
        // Another day, or another path, is free.
        let other = DayShare {
            day: date(2027, 3, 24),
            ..tight
        };
        assert!(load.day_fit(&other, &[], 1.0).1);
        // A pending member of the same group counts, with its own limit.
        let pending = [DayShare {
            day: other.day,
            path: TransferPath::Vpn,
            hours: 0.5,
            limit: 3.0,
        }];
        assert!(!load.day_fit(&other, &pending, 1.0).1); // 0.5 + 2.4 + 1 = 3.9 > 3
    }
}
