//! `[[skill]]`, `[[approval]]` and `[[check]]`: readiness, sign-off and extra go/no-go items.

use crate::model::{Scope, SkillStatus};
use crate::schema::DefaultValue::{Bool, Str};
use crate::schema::defaults;
use crate::schema::{AT_LEAST_1, FieldKind, TableSchema, dflt, f, ranged, req};

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
