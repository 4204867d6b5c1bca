//! Readiness, sign-off and the extra go/no-go items: skills, approvals and their scope,
//! checks, and the plan's status.

use super::{Loc, SkillStatus};
use jiff::civil::Date;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone)]
pub struct Skill {
    pub area: String,
    pub status: SkillStatus,
    pub owner: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Plan,
    Wave(u32),
}

impl Scope {
    /// How plan.toml spells [`Scope::Plan`].
    pub const PLAN: &'static str = "plan";
    /// How plan.toml spells [`Scope::Wave`] before the wave number: `wave-2`.
    pub const WAVE_PREFIX: &'static str = "wave-";

    /// `plan` or `wave-N` with N at least 1.
    pub fn parse(text: &str) -> Option<Scope> {
        if text == Self::PLAN {
            return Some(Scope::Plan);
        }
        text.strip_prefix(Self::WAVE_PREFIX)
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n >= 1)
            .map(Scope::Wave)
    }
}

/// Written as plan.toml spells it: `plan` or `wave-N`.
impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Plan => f.write_str(Self::PLAN),
            Scope::Wave(n) => write!(f, "{}{n}", Self::WAVE_PREFIX),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Approval {
    pub role: String,
    pub name: String,
    pub scope: Scope,
    pub signed_on: Option<Date>,
    /// The revision the signer approved; `None`: the current one.
    pub revision: Option<String>,
    pub loc: Loc,
}

impl Approval {
    /// Whether it counts for wave `number`'s go/no-go: plan-scoped approvals count for every
    /// wave, wave-scoped ones for their wave only.
    pub fn covers_wave(&self, number: u32) -> bool {
        self.scope == Scope::Plan || self.scope == Scope::Wave(number)
    }
}

#[derive(Debug, Clone)]
pub struct Check {
    pub item: String,
    pub wave: Option<u32>,
    pub done: bool,
    pub loc: Loc,
}

/// A plan is `approved` when it has a plan-scoped approval and all of them are signed (and
/// none is stale); otherwise it is a `draft` (spec section 3, section 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Approved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
        }
    }
}
