//! `[[freeze]]` and `[[peak]]`: the calendar the waves must avoid.

use crate::schema::{AT_LEAST_1, FieldKind, TableSchema, f, ranged, req};

pub static FREEZE: TableSchema = TableSchema {
    display: "[[freeze]]",
    fields: &[
        req("name", FieldKind::Str, "Name of the change freeze."),
        req("start", FieldKind::Date, "First day (inclusive)."),
        req("end", FieldKind::Date, "Last day (inclusive)."),
    ],
};

pub static PEAK: TableSchema = TableSchema {
    display: "[[peak]]",
    fields: &[
        req("name", FieldKind::Str, "Name of the business peak."),
        ranged(
            f(
                "month_end_days",
                FieldKind::Int,
                "The last N weekdays of every month.",
            ),
            AT_LEAST_1,
        ),
        f(
            "start",
            FieldKind::Date,
            "First day of a dated peak (inclusive).",
        ),
        f(
            "end",
            FieldKind::Date,
            "Last day of a dated peak (inclusive).",
        ),
        f(
            "business_units",
            FieldKind::StrArray,
            "Affected business units.",
        ),
        f("workloads", FieldKind::IdArray, "Affected workload ids."),
    ],
};
