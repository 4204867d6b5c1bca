//! The enums spelled in plan.toml, each declared once by `text_enum!`, and their small rules.

use serde::Serialize;
use std::fmt;

/// An enum spelled in plan.toml: the one table of its values and their spellings, which the
/// loader parses with, the schema lists (`NAMES`) and the exports and pages print.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// How plan.toml and plan.json spell each value of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// CAF's criticality scale, in increasing order.
    Criticality {
        Low = "low",
        Medium = "medium",
        High = "high",
        UnitCritical = "unit-critical",
        MissionCritical = "mission-critical",
    }
);

impl Criticality {
    /// CAF-derived default downtime tolerance.
    pub fn default_max_downtime_hours(self) -> f64 {
        match self {
            Criticality::Low => 72.0,
            Criticality::Medium => 24.0,
            Criticality::High => 8.0,
            Criticality::UnitCritical => 4.0,
            Criticality::MissionCritical => 1.0,
        }
    }
}

text_enum!(
    Sensitivity {
        Public = "public",
        NonBusiness = "non-business",
        General = "general",
        Confidential = "confidential",
        HighlyConfidential = "highly-confidential",
    }
);

impl Sensitivity {
    pub fn is_sensitive(self) -> bool {
        matches!(
            self,
            Sensitivity::Confidential | Sensitivity::HighlyConfidential
        )
    }
}

text_enum!(MethodChoice { Auto = "auto", Offline = "offline", NearZero = "near-zero" });
text_enum!(Method { Offline = "offline", NearZero = "near-zero" });
text_enum!(TransferPathChoice {
    Auto = "auto",
    ExpressRoute = "expressroute",
    Vpn = "vpn",
    Internet = "internet",
    DataBox = "databox",
});
text_enum!(
    /// A data transfer path, in the order pages list them.
    TransferPath {
        ExpressRoute = "expressroute",
        Vpn = "vpn",
        Internet = "internet",
        DataBox = "databox",
    }
);
text_enum!(SkillStatus { Ready = "ready", Training = "training", Partner = "partner", Gap = "gap" });
text_enum!(TestResult { Passed = "passed", Failed = "failed" });
text_enum!(
    /// Production or non-production: what a unit holds.
    Tier { Nonprod = "nonprod", Prod = "prod" }
);
text_enum!(
    /// What a `[[result]]` says happened to a unit (spec section 9).
    ResultStatus {
        Done = "done",
        InProgress = "in-progress",
        RolledBack = "rolled-back",
        Postponed = "postponed",
    }
);

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Nonprod => "non-production",
            Tier::Prod => "production",
        }
    }
}

impl ResultStatus {
    /// `done` and `in-progress` pin a unit where it happened; the others leave it open.
    pub fn pins(self) -> bool {
        matches!(self, ResultStatus::Done | ResultStatus::InProgress)
    }
    pub fn label(self) -> &'static str {
        match self {
            ResultStatus::Done => "done",
            ResultStatus::InProgress => "in progress",
            ResultStatus::RolledBack => "rolled back",
            ResultStatus::Postponed => "postponed",
        }
    }
}

impl TransferPath {
    pub fn label(self) -> &'static str {
        match self {
            TransferPath::ExpressRoute => "ExpressRoute",
            TransferPath::Vpn => "VPN",
            TransferPath::Internet => "Internet",
            TransferPath::DataBox => "Data Box",
        }
    }
    pub fn is_network(self) -> bool {
        self != TransferPath::DataBox
    }
}

impl TransferPathChoice {
    pub fn path(self) -> Option<TransferPath> {
        match self {
            TransferPathChoice::Auto => None,
            TransferPathChoice::ExpressRoute => Some(TransferPath::ExpressRoute),
            TransferPathChoice::Vpn => Some(TransferPath::Vpn),
            TransferPathChoice::Internet => Some(TransferPath::Internet),
            TransferPathChoice::DataBox => Some(TransferPath::DataBox),
        }
    }
}
