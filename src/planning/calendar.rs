//! Wave windows, freezes, peaks and allowed cutover days.

use crate::model::{Freeze, Peak, PeakWhen, Plan, Workload};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// How far planning may look: nothing is scheduled more than ten years after `plan.start`.
pub const HORIZON_YEARS: i16 = 10;

pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days())
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

pub fn is_weekday(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The first Monday-to-Friday day on or after `date`.
pub fn first_weekday_from(date: Date) -> Date {
    let mut d = date;
    while !is_weekday(d) {
        d = add_days(d, 1);
    }
    d
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Date,
    pub end: Date,
}

impl Window {
    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
    pub fn overlaps(&self, start: Date, end: Date) -> bool {
        self.start <= end && start <= self.end
    }
    pub fn days(&self) -> impl DoubleEndedIterator<Item = Date> + use<> {
        let start = self.start;
        let n = (self.end - self.start).get_days().max(-1) as i64;
        (0..=n).map(move |i| add_days(start, i))
    }
}

/// The calendar rules of a plan: wave windows and allowed days.
pub struct Calendar<'p> {
    plan: &'p Plan,
    horizon: Date,
    /// Windows computed so far; window N is `windows[N-1]`.
    windows: Vec<Window>,
}

impl<'p> Calendar<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let start = plan.meta.start;
        let horizon = start
            .checked_add(HORIZON_YEARS.years())
            .unwrap_or(Date::MAX);
        Calendar {
            plan,
            horizon,
            windows: Vec::new(),
        }
    }

    pub fn horizon(&self) -> Date {
        self.horizon
    }

    /// The window of wave `n` (1-based), or `None` if it would start past the horizon.
    ///
    /// Wave 1 starts on the first weekday on or after `plan.start`; each next wave starts
    /// `wave_gap_days` after the previous one ends, on a weekday; a wave that would overlap a
    /// freeze starts after the freeze instead. Windows do not depend on what the waves hold.
    pub fn window(&mut self, n: usize) -> Option<Window> {
        while self.windows.len() < n {
            let candidate = match self.windows.last() {
                None => self.plan.meta.start,
                Some(prev) => add_days(prev.end, self.plan.meta.wave_gap_days as i64),
            };
            let window = self.place_window(candidate)?;
            self.windows.push(window);
        }
        Some(self.windows[n - 1])
    }

    fn place_window(&self, earliest: Date) -> Option<Window> {
        let length = self.plan.meta.wave_weeks as i64 * 7;
        let mut start = first_weekday_from(earliest);
        loop {
            if start > self.horizon {
                return None;
            }
            let end = add_days(start, length - 1);
            let blocking = self
                .plan
                .freezes
                .iter()
                .filter(|f| f.start <= end && start <= f.end)
                .map(|f| f.end)
                .max();
            match blocking {
                Some(freeze_end) => start = first_weekday_from(add_days(freeze_end, 1)),
                None => return Some(Window { start, end }),
            }
        }
    }

    /// Whether a cutover of `workload` may fall on `day`: an allowed weekday, in no freeze and
    /// in no peak that applies to it.
    pub fn allows_cutover(&self, day: Date, workload: &Workload) -> bool {
        self.plan.meta.cutover_weekdays.contains(&day.weekday())
            && !in_freeze(&self.plan.freezes, day)
            && !self
                .plan
                .peaks
                .iter()
                .any(|p| p.applies_to(workload) && in_peak(p, day))
    }
}

pub fn in_freeze(freezes: &[Freeze], day: Date) -> bool {
    freezes.iter().any(|f| f.start <= day && day <= f.end)
}

/// Whether `day` falls in the peak. A month-end peak covers its month from the Nth-last weekday
/// (Monday to Friday) to the last day of the month, weekend days at the very end included: the
/// close is still running then.
pub fn in_peak(peak: &Peak, day: Date) -> bool {
    match peak.when {
        PeakWhen::Dated { start, end } => start <= day && day <= end,
        PeakWhen::MonthEnd(n) => day >= month_end_peak_start(day, n),
    }
}

/// The first day of the month-end peak of `day`'s month.
pub fn month_end_peak_start(day: Date, weekdays: u32) -> Date {
    let first = day.first_of_month();
    let mut d = day.last_of_month();
    let mut counted = 0;
    loop {
        if is_weekday(d) {
            counted += 1;
            if counted >= weekdays {
                return d;
            }
        }
        if d <= first {
            return first;
        }
        d = add_days(d, -1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn month_end_peak_counts_weekdays_back_from_the_end() {
        // January 2027 ends on a Sunday: the last three weekdays are Wed 27 to Fri 29.
        assert_eq!(
            month_end_peak_start(date(2027, 1, 10), 3),
            date(2027, 1, 27)
        );
        // March 2027 ends on a Wednesday: Mon 29, Tue 30, Wed 31.
        assert_eq!(month_end_peak_start(date(2027, 3, 2), 3), date(2027, 3, 29));
        // More weekdays than the month has: the whole month.
        assert_eq!(month_end_peak_start(date(2027, 2, 2), 40), date(2027, 2, 1));
    }

    #[test]
    fn weekdays() {
        assert_eq!(first_weekday_from(date(2027, 2, 6)), date(2027, 2, 8));
        assert_eq!(first_weekday_from(date(2027, 2, 1)), date(2027, 2, 1));
    }
}
