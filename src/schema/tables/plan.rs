//! `[plan]`, `[network]` and `[site]`: the plan's settings.

use crate::schema::DefaultValue::{Bool, Int, Num, Str, Weekdays};
use crate::schema::defaults::{self, WEEKDAY_NAMES};
use crate::schema::{AT_LEAST_0, AT_LEAST_1, FieldKind, Range, TableSchema, dflt, f, ranged, req};

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
        dflt(
            f(
                "calibrate",
                FieldKind::Bool,
                "Measured transfers (`[[result]]` with `transfer_hours`) correct `utilization` per path for the open units, from 3 samples on.",
            ),
            Bool(defaults::CALIBRATE),
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
