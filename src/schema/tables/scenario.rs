//! `[[scenario]]` and the keys its overrides may replace.

use super::{NETWORK, PLAN, WORKLOAD};
use crate::schema::{FieldKind, Overrides, TableSchema, f, req};

pub static PLAN_OVERRIDES: Overrides = Overrides {
    table: &PLAN,
    fixed: &["title", "organization", "revision", "baseline", "as_of"],
};

pub static NETWORK_OVERRIDES: Overrides = Overrides {
    table: &NETWORK,
    fixed: &[],
};

pub static WORKLOAD_OVERRIDES: Overrides = Overrides {
    table: &WORKLOAD,
    fixed: &[
        "id",
        "name",
        "owner",
        "environments",
        "depends_on",
        "latency_tolerant",
        "rollback",
    ],
};

pub static SCENARIO: TableSchema = TableSchema {
    display: "[[scenario]]",
    fields: &[
        req(
            "name",
            FieldKind::Str,
            "Name of the alternative; unique, and its slug (lowercase, `-` between words) too.",
        ),
        f(
            "description",
            FieldKind::Str,
            "What the alternative is and why it is considered.",
        ),
        f(
            "plan",
            FieldKind::Overrides(&PLAN_OVERRIDES),
            "Keys of [plan] replaced in this scenario.",
        ),
        f(
            "network",
            FieldKind::Overrides(&NETWORK_OVERRIDES),
            "Keys of [network] replaced in this scenario.",
        ),
        f(
            "workloads",
            FieldKind::OverridesById(&WORKLOAD_OVERRIDES),
            "Per workload id, keys of its [[workload]] replaced in this scenario.",
        ),
    ],
};
