//! The tables and keys of plan.toml and of a note's front matter.

use super::DefaultValue::{Bool, Int, Num, Str, Strs, Weekdays};
use super::defaults::{self, WEEKDAY_NAMES};
use super::{ABOVE_0, AT_LEAST_0, AT_LEAST_1, FieldKind, Range, TableSchema, dflt, f, ranged, req};
use crate::model::{
    Criticality, MethodChoice, ResultStatus, Scope, Sensitivity, SkillStatus, TestResult, Tier,
    TransferPath, TransferPathChoice,
};

pub static PLAN: TableSchema = TableSchema {
    display: "[plan]",
    fields: &[
        req(
            "title",
            FieldKind::Str,
            "Title of the plan, shown on every page.",
        ),
        f(
            "organization",
            FieldKind::Str,
            "The organization migrating.",
        ),
        dflt(
            f(
                "revision",
                FieldKind::Str,
                "Revision shown on every page and in archives.",
            ),
            Str(defaults::REVISION),
        ),
        req("start", FieldKind::Date, "No wave starts before this day."),
        dflt(
            ranged(
                f("wave_weeks", FieldKind::Int, "Length of a wave in weeks."),
                AT_LEAST_1,
            ),
            Int(defaults::WAVE_WEEKS as i64),
        ),
        dflt(
            ranged(
                f("wave_gap_days", FieldKind::Int, "Days between waves."),
                AT_LEAST_0,
            ),
            Int(defaults::WAVE_GAP_DAYS as i64),
        ),
        ranged(
            f(
                "max_units_per_wave",
                FieldKind::Int,
                "Capacity: units per wave.",
            ),
            AT_LEAST_1,
        ),
        ranged(
            f(
                "max_data_tb_per_wave",
                FieldKind::Num,
                "Capacity: TB per wave.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "pilot_max_units",
                    FieldKind::Int,
                    "Units in the pilot wave.",
                ),
                AT_LEAST_1,
            ),
            Int(defaults::PILOT_MAX_UNITS as i64),
        ),
        dflt(
            ranged(
                f(
                    "estimate_buffer_percent",
                    FieldKind::Num,
                    "Added to transfer estimates.",
                ),
                AT_LEAST_0,
            ),
            Num(defaults::ESTIMATE_BUFFER_PERCENT),
        ),
        dflt(
            ranged(
                f(
                    "cutover_weekdays",
                    FieldKind::EnumArray(&WEEKDAY_NAMES),
                    "Days of the week a cutover may fall on.",
                ),
                AT_LEAST_1,
            ),
            Weekdays(defaults::CUTOVER_WEEKDAYS),
        ),
        dflt(
            ranged(
                f(
                    "cutover_overhead_hours",
                    FieldKind::Num,
                    "Stop, checks and switch-over.",
                ),
                AT_LEAST_0,
            ),
            Num(defaults::CUTOVER_OVERHEAD_HOURS),
        ),
        f(
            "as_of",
            FieldKind::Date,
            "The day results are recorded up to; absent: the latest result's date. No open unit cuts over on or before it.",
        ),
        f(
            "baseline",
            FieldKind::Str,
            "A waveplan archive of an earlier revision, relative to the plan folder: the site shows what changed since, and approvals signed for it may still hold.",
        ),
    ],
};

pub static NETWORK: TableSchema = TableSchema {
    display: "[network]",
    fields: &[
        ranged(
            f(
                "expressroute_mbps",
                FieldKind::Num,
                "ExpressRoute bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "vpn_mbps",
                FieldKind::Num,
                "VPN bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        ranged(
            f(
                "internet_mbps",
                FieldKind::Num,
                "Internet bandwidth; absent or 0: none.",
            ),
            AT_LEAST_0,
        ),
        dflt(
            ranged(
                f(
                    "utilization",
                    FieldKind::Num,
                    "Share of a link that migration traffic gets.",
                ),
                Some(Range {
                    min: 0.0,
                    min_exclusive: true,
                    max: Some(1.0),
                }),
            ),
            Num(defaults::UTILIZATION),
        ),
        dflt(
            ranged(
                f(
                    "databox_turnaround_days",
                    FieldKind::Num,
                    "Order, ship, copy, return, upload.",
                ),
                AT_LEAST_0,
            ),
            Num(defaults::DATABOX_TURNAROUND_DAYS),
        ),
        dflt(
            ranged(
                f(
                    "databox_device_tb",
                    FieldKind::Num,
                    "Usable TB of one device.",
                ),
                AT_LEAST_1,
            ),
            Num(defaults::DATABOX_DEVICE_TB),
        ),
        dflt(
            ranged(
                f(
                    "databox_min_tb",
                    FieldKind::Num,
                    "Below this Data Box is never chosen.",
                ),
                AT_LEAST_0,
            ),
            Num(defaults::DATABOX_MIN_TB),
        ),
        dflt(
            ranged(
                f(
                    "transfer_hours_per_day",
                    FieldKind::Num,
                    "Hours a day that bulk copies may use the links (10 when they may only run from 20:00 to 06:00); limits each wave's link capacity.",
                ),
                Some(Range {
                    min: 0.0,
                    min_exclusive: true,
                    max: Some(24.0),
                }),
            ),
            Num(defaults::TRANSFER_HOURS_PER_DAY),
        ),
        ranged(
            f(
                "databox_devices",
                FieldKind::Int,
                "Data Box devices on hand at once; caps the devices a wave uses. Absent: no limit.",
            ),
            AT_LEAST_1,
        ),
    ],
};

pub static SITE: TableSchema = TableSchema {
    display: "[site]",
    fields: &[
        dflt(
            f(
                "raw_html",
                FieldKind::Bool,
                "Pass raw HTML in notes through unsanitized.",
            ),
            Bool(defaults::RAW_HTML),
        ),
        f("footer", FieldKind::Str, "Footer text on every page."),
    ],
};

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

pub static SKILL: TableSchema = TableSchema {
    display: "[[skill]]",
    fields: &[
        req("area", FieldKind::Str, "Skill area."),
        req("status", FieldKind::Enum(SkillStatus::NAMES), "Readiness."),
        f("owner", FieldKind::Str, "Who owns closing the gap."),
        f("note", FieldKind::Str, "Remarks."),
    ],
};

pub static APPROVAL: TableSchema = TableSchema {
    display: "[[approval]]",
    fields: &[
        req("role", FieldKind::Str, "Role of the approver."),
        req("name", FieldKind::Str, "Name of the approver."),
        dflt(
            f("scope", FieldKind::Str, "\"plan\" or \"wave-N\"."),
            Str(Scope::PLAN),
        ),
        f(
            "signed_on",
            FieldKind::Date,
            "Date of signature; absent = pending.",
        ),
        f(
            "revision",
            FieldKind::Str,
            "The revision the signer approved; absent = the current one.",
        ),
    ],
};

pub static CHECK: TableSchema = TableSchema {
    display: "[[check]]",
    fields: &[
        req("item", FieldKind::Str, "The go/no-go item."),
        ranged(
            f(
                "wave",
                FieldKind::Int,
                "The wave it applies to; absent = every wave.",
            ),
            AT_LEAST_1,
        ),
        dflt(
            f("done", FieldKind::Bool, "Whether it is done."),
            Bool(defaults::CHECK_DONE),
        ),
    ],
};

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

pub static ROOT: TableSchema = TableSchema {
    display: "plan.toml",
    fields: &[
        req("plan", FieldKind::Table(&PLAN), "The plan."),
        f(
            "network",
            FieldKind::Table(&NETWORK),
            "Network paths to Azure.",
        ),
        f("site", FieldKind::Table(&SITE), "Site settings."),
        f("freeze", FieldKind::TableArray(&FREEZE), "Change freezes."),
        f("peak", FieldKind::TableArray(&PEAK), "Business peaks."),
        req("workload", FieldKind::TableArray(&WORKLOAD), "Workloads."),
        f(
            "skill",
            FieldKind::TableArray(&SKILL),
            "Readiness assessment.",
        ),
        f(
            "approval",
            FieldKind::TableArray(&APPROVAL),
            "Stakeholder sign-off.",
        ),
        f(
            "check",
            FieldKind::TableArray(&CHECK),
            "Extra go/no-go items.",
        ),
        f(
            "result",
            FieldKind::TableArray(&RESULT),
            "What happened to a unit.",
        ),
    ],
};

/// The `+++` front matter of a note (`workloads/`, `rollback/`, `pages/`).
pub static FRONT_MATTER: TableSchema = TableSchema {
    display: "front matter",
    fields: &[
        f(
            "title",
            FieldKind::Str,
            "Heading of a free page and its name in the navigation; default: the file name.",
        ),
        dflt(
            f(
                "weight",
                FieldKind::Int,
                "Orders free pages in the navigation: lighter first, then by name.",
            ),
            Int(defaults::NOTE_WEIGHT),
        ),
    ],
};
