//! `[[result]]`: what happened to a unit.

use crate::model::{ResultStatus, Tier, TransferPath};
use crate::schema::DefaultValue::Str;
use crate::schema::defaults;
use crate::schema::{ABOVE_0, AT_LEAST_0, FieldKind, TableSchema, dflt, f, ranged, req};

pub static RESULT: TableSchema = TableSchema {
    display: "[[result]]",
    fields: &[
        req(
            "workload",
            FieldKind::Id,
            "The workload the unit belongs to.",
        ),
        dflt(
            f(
                "tier",
                FieldKind::Enum(Tier::NAMES),
                "Which unit: production or not.",
            ),
            Str(defaults::TIER.as_str()),
        ),
        req(
            "status",
            FieldKind::Enum(ResultStatus::NAMES),
            "What happened.",
        ),
        req(
            "date",
            FieldKind::Date,
            "The cutover day, or the day of the decision.",
        ),
        ranged(
            f(
                "transfer_hours",
                FieldKind::Num,
                "Measured bulk transfer (> 0).",
            ),
            ABOVE_0,
        ),
        ranged(
            f("downtime_hours", FieldKind::Num, "Measured downtime."),
            AT_LEAST_0,
        ),
        f(
            "path",
            FieldKind::Enum(TransferPath::NAMES),
            "The path it ran on; absent: the workload's planned path.",
        ),
        ranged(
            f(
                "data_gb",
                FieldKind::Num,
                "The data actually moved; absent: the unit's.",
            ),
            AT_LEAST_0,
        ),
        f(
            "review",
            FieldKind::Str,
            "Post-incident review: a page under pages/, e.g. \"pages/pir-crm.md\".",
        ),
        f("note", FieldKind::Str, "What happened, in a line."),
    ],
};
