//! What happened to a unit: a `[[result]]` (spec section 9).

use super::{Loc, ResultStatus, Tier, TransferPath};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// What happened to one unit (a `[[result]]`, spec section 9).
#[derive(Debug, Clone)]
pub struct UnitResult {
    pub workload: String,
    pub tier: Tier,
    pub status: ResultStatus,
    /// The cutover day, or the day of the decision.
    pub date: Date,
    pub transfer_hours: Option<f64>,
    pub downtime_hours: Option<f64>,
    /// The path it ran on, as written.
    pub path: Option<TransferPath>,
    /// The data actually moved, as written.
    pub data_gb: Option<f64>,
    /// A post-incident review: a file under `pages/`.
    pub review: Option<String>,
    pub note: Option<String>,
    /// The whole `[[result]]` table and each key in it, for pointing diagnostics.
    pub loc: Loc,
    pub key_locs: BTreeMap<&'static str, Loc>,
}

impl UnitResult {
    /// Where a diagnostic about `key` should point: the key if written, else the table.
    pub fn loc_of(&self, key: &str) -> &Loc {
        self.key_locs.get(key).unwrap_or(&self.loc)
    }
}
