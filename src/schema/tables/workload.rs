//! `[[workload]]` and its rollback plan (`rollback`, with its triggers).

use crate::model::{Criticality, MethodChoice, Sensitivity, TestResult, TransferPathChoice};
use crate::schema::DefaultValue::{Bool, Num, Str, Strs};
use crate::schema::defaults;
use crate::schema::{AT_LEAST_0, AT_LEAST_1, FieldKind, TableSchema, dflt, f, ranged, req};

pub static TRIGGER: TableSchema = TableSchema {
    display: "rollback trigger",
    fields: &[
        req("metric", FieldKind::Str, "What is measured."),
        req("threshold", FieldKind::Str, "When it triggers a rollback."),
        f("window", FieldKind::Str, "Over what time."),
    ],
};

pub static ROLLBACK: TableSchema = TableSchema {
    display: "[workload.rollback]",
    fields: &[
        f("authority", FieldKind::Str, "Who may order the rollback."),
        f(
            "triggers",
            FieldKind::InlineTableArray(&TRIGGER),
            "Measurable rollback triggers.",
        ),
        f("steps", FieldKind::StrArray, "Rollback steps in order."),
        ranged(
            f(
                "max_minutes",
                FieldKind::Num,
                "Rollback must complete within this time.",
            ),
            AT_LEAST_0,
        ),
        f(
            "assets",
            FieldKind::StrArray,
            "Scripts and templates, relative to the plan folder.",
        ),
        f("tested_on", FieldKind::Date, "Pre-production rehearsal."),
        f(
            "test_result",
            FieldKind::Enum(TestResult::NAMES),
            "Result of the rehearsal.",
        ),
        f(
            "reviewed_on",
            FieldKind::Date,
            "Last review of this rollback plan.",
        ),
    ],
};

pub static WORKLOAD: TableSchema = TableSchema {
    display: "[[workload]]",
    fields: &[
        req("id", FieldKind::Id, "Unique id: [a-z0-9][a-z0-9-]*."),
        req("name", FieldKind::Str, "Name of the workload."),
        req("owner", FieldKind::Str, "Workload owner."),
        f("business_unit", FieldKind::Str, "Business unit."),
        f("description", FieldKind::Str, "What the workload does."),
        dflt(
            f(
                "criticality",
                FieldKind::Enum(Criticality::NAMES),
                "Business criticality.",
            ),
            Str(defaults::CRITICALITY.as_str()),
        ),
        f(
            "criticality_validated",
            FieldKind::Date,
            "When the owner confirmed the criticality.",
        ),
        dflt(
            f(
                "sensitivity",
                FieldKind::Enum(Sensitivity::NAMES),
                "Data sensitivity.",
            ),
            Str(defaults::SENSITIVITY.as_str()),
        ),
        dflt(
            ranged(
                f(
                    "environments",
                    FieldKind::StrArray,
                    "Environments; prod/production is production.",
                ),
                AT_LEAST_1,
            ),
            Strs(defaults::ENVIRONMENTS),
        ),
        ranged(
            req(
                "data_gb",
                FieldKind::Num,
                "Production data to move, decimal GB.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "nonprod_data_gb",
                FieldKind::Num,
                "Non-production data, default data_gb.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "change_gb_per_day",
                    FieldKind::Num,
                    "Daily change of production data.",
                ),
                AT_LEAST_0,
            ),
            Num(defaults::CHANGE_GB_PER_DAY),
        ),
        ranged(
            f(
                "max_downtime_hours",
                FieldKind::Num,
                "Production downtime tolerance.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            f(
                "replication",
                FieldKind::Bool,
                "Supports continuous replication.",
            ),
            Bool(defaults::REPLICATION),
        ),
        dflt(
            f(
                "method",
                FieldKind::Enum(MethodChoice::NAMES),
                "Migration method.",
            ),
            Str(defaults::METHOD.as_str()),
        ),
        dflt(
            f(
                "path",
                FieldKind::Enum(TransferPathChoice::NAMES),
                "Data transfer path.",
            ),
            Str(defaults::PATH.as_str()),
        ),
        f(
            "time_sensitive",
            FieldKind::Bool,
            "Default: criticality high or above.",
        ),
        f(
            "depends_on",
            FieldKind::IdArray,
            "Workloads this one needs.",
        ),
        f(
            "latency_tolerant",
            FieldKind::IdArray,
            "The subset of depends_on that tolerates latency.",
        ),
        f(
            "hybrid_plan",
            FieldKind::Str,
            "How a split dependency is bridged.",
        ),
        f(
            "success_criteria",
            FieldKind::StrArray,
            "What must hold after cutover.",
        ),
        f("tags", FieldKind::StrArray, "Free tags."),
        f(
            "rollback",
            FieldKind::Table(&ROLLBACK),
            "The rollback plan.",
        ),
    ],
};
