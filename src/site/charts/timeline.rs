//! The timeline: waves as bars on a calendar, cutovers as dots, freezes and peaks shaded; and
//! plans compared, a row per plan.

use super::{Area, Axes, Chart, ChartResult, GO, GRID, INK, MUTED, NO_GO, text_style};
use crate::site::format;
use jiff::civil::Date;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

const FREEZE: RGBColor = RGBColor(0x4f, 0x7c, 0xc9);
const PEAK: RGBColor = RGBColor(0xf0, 0xa2, 0x02);
/// Waves of a plan compared with others: neither GO nor NO-GO.
const WAVE: RGBColor = RGBColor(0x3b, 0x5b, 0x8c);
const WAVE_ALT: RGBColor = RGBColor(0x6a, 0x4c, 0x93);

/// One wave on the timeline.
pub struct TimelineWave {
    pub label: String,
    pub start: Date,
    pub end: Date,
    pub go: bool,
    /// Cutover dates, `true` for production units.
    pub cutovers: Vec<(Date, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShadeKind {
    Freeze,
    Peak,
}

/// A shaded period: a change freeze or a business peak.
pub struct Shade {
    pub kind: ShadeKind,
    pub start: Date,
    pub end: Date,
}

const TIMELINE_WIDTH: u32 = 960;
const ROW_HEIGHT: u32 = 34;

/// Waves as bars on a calendar, cutovers as dots, freezes and peaks shaded behind them.
pub fn timeline(
    title: &str,
    desc: &str,
    waves: &[TimelineWave],
    shades: &[Shade],
) -> ChartResult<Chart> {
    let rows: Vec<(usize, &TimelineWave)> = waves.iter().enumerate().collect();
    let labels: Vec<&str> = waves.iter().map(|w| w.label.as_str()).collect();
    draw_timeline("chart-timeline", title, desc, &labels, &rows, shades, false)
}

/// Plans side by side (the baseline and its scenarios): a row per plan, its waves as bars in
/// two alternating tones, cutovers as dots, freezes and peaks shaded.
pub fn comparison(
    title: &str,
    desc: &str,
    plans: &[(String, Vec<TimelineWave>)],
    shades: &[Shade],
) -> ChartResult<Chart> {
    let rows: Vec<(usize, &TimelineWave)> = plans
        .iter()
        .enumerate()
        .flat_map(|(i, (_, waves))| waves.iter().map(move |w| (i, w)))
        .collect();
    let labels: Vec<&str> = plans.iter().map(|(label, _)| label.as_str()).collect();
    draw_timeline("chart-scenarios", title, desc, &labels, &rows, shades, true)
}

/// `bars`: (row, wave); `plans`: rows are plans (bars alternate two tones, no GO/NO-GO).
fn draw_timeline(
    id: &str,
    title: &str,
    desc: &str,
    labels: &[&str],
    bars: &[(usize, &TimelineWave)],
    shades: &[Shade],
    plans: bool,
) -> ChartResult<Chart> {
    let first = bars.iter().map(|(_, w)| w.start).min();
    let last = bars.iter().map(|(_, w)| w.end).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Chart::empty(id, title, desc));
    };
    // Whole months, so the month ticks frame the waves.
    let from = first.first_of_month();
    let to = last.last_of_month();
    let span = (to - from).get_days() as f64 + 1.0;
    let rows = labels.len() as f64;
    let height = 70 + ROW_HEIGHT * labels.len() as u32 + 60;
    Chart::new(id, title, desc, (TIMELINE_WIDTH, height), |root| {
        let (body, legend) = root.split_vertically(height - 40);
        let mut chart = ChartBuilder::on(&body)
            .margin_top(12)
            .margin_right(16)
            .x_label_area_size(40)
            .y_label_area_size(if plans { 230 } else { 80 })
            .build_cartesian_2d(0f64..span, 0f64..rows)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .axis_style(MUTED)
            .draw()?;
        let day = |d: Date| (d - from).get_days() as f64;
        let row = |i: usize| rows - 1.0 - i as f64;

        // Shades first, so bars and dots sit on top.
        chart.draw_series(
            shades
                .iter()
                .filter(|s| s.end >= from && s.start <= to)
                .map(|s| {
                    let color = if s.kind == ShadeKind::Freeze {
                        FREEZE.mix(0.22)
                    } else {
                        PEAK.mix(0.25)
                    };
                    Rectangle::new(
                        [
                            (day(s.start.max(from)), 0.0),
                            (day(s.end.min(to)) + 1.0, rows),
                        ],
                        color.filled(),
                    )
                }),
        )?;

        month_ticks(&mut chart, &body, from, to, rows)?;

        for (n, &(i, wave)) in bars.iter().enumerate() {
            let y = row(i);
            // The bar's place in its row, so that each row starts with the same tone.
            let nth = n - bars.iter().position(|&(r, _)| r == i).unwrap_or(n);
            let color = match (plans, wave.go) {
                (true, _) if nth % 2 == 0 => WAVE,
                (true, _) => WAVE_ALT,
                (false, true) => GO,
                (false, false) => NO_GO,
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(day(wave.start), y + 0.2), (day(wave.end) + 1.0, y + 0.8)],
                color.mix(0.30).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(day(wave.start), y + 0.2), (day(wave.end) + 1.0, y + 0.8)],
                ShapeStyle::from(&color).stroke_width(1),
            )))?;
            chart.draw_series(wave.cutovers.iter().map(|&(d, prod)| {
                let at = (day(d) + 0.5, if prod { y + 0.62 } else { y + 0.38 });
                let style = if prod {
                    INK.filled()
                } else {
                    ShapeStyle::from(&INK).stroke_width(1)
                };
                Circle::new(at, 4, style)
            }))?;
        }
        for (i, label) in labels.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(0.0, row(i) + 0.5));
            body.draw(&Text::new(
                label.to_string(),
                (px - 10, py),
                text_style(13, &INK, Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        timeline_legend(&legend, plans)
    })
}

/// A tick every month from `from` to `to` (x in days since `from`, the tick up to `top`), and
/// a label below the axis every few months, so that labels never overlap (about 14 fit the
/// width).
pub(super) fn month_ticks(
    chart: &mut Axes<'_, '_>,
    body: &Area<'_>,
    from: Date,
    to: Date,
    top: f64,
) -> ChartResult<()> {
    let span = (to - from).get_days() as f64 + 1.0;
    let months = (span / 30.4).round().max(1.0) as usize;
    let step = months.div_ceil(14);
    let (ox, oy) = body.get_base_pixel();
    let mut month = from;
    let mut index = 0;
    while month <= to {
        let x = (month - from).get_days() as f64;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, top)],
            GRID,
        )))?;
        if index % step == 0 {
            let (px, py) = chart.backend_coord(&(x + 1.0, 0.0));
            body.draw(&Text::new(
                format::month_year(month),
                (px - ox, py - oy + 8),
                text_style(11, &MUTED, Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        index += 1;
        month = month.last_of_month().tomorrow()?;
    }
    Ok(())
}

fn timeline_legend(area: &Area<'_>, plans: bool) -> ChartResult<()> {
    let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
    let y = 20;
    let mut x = 80;
    let mut swatches: Vec<(&str, ShapeStyle)> = if plans {
        vec![("wave", WAVE.mix(0.30).filled())]
    } else {
        vec![
            ("GO wave", GO.mix(0.30).filled()),
            ("NO-GO wave", NO_GO.mix(0.30).filled()),
        ]
    };
    swatches.extend([
        ("change freeze", FREEZE.mix(0.22).filled()),
        ("business peak", PEAK.mix(0.25).filled()),
    ]);
    for (name, style) in swatches {
        area.draw(&Rectangle::new([(x, y - 7), (x + 18, y + 7)], style))?;
        area.draw(&Text::new(name, (x + 24, y), label.clone()))?;
        x += 24 + name.len() as i32 * 7 + 24;
    }
    area.draw(&Circle::new((x + 6, y), 4, INK.filled()))?;
    area.draw(&Text::new("production cutover", (x + 16, y), label.clone()))?;
    x += 16 + "production cutover".len() as i32 * 7 + 20;
    area.draw(&Circle::new(
        (x + 6, y),
        4,
        ShapeStyle::from(&INK).stroke_width(1),
    ))?;
    area.draw(&Text::new("non-production cutover", (x + 16, y), label))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn waves() -> Vec<TimelineWave> {
        vec![
            TimelineWave {
                label: "Wave 1".into(),
                start: date(2027, 2, 1),
                end: date(2027, 2, 28),
                go: true,
                cutovers: vec![(date(2027, 2, 9), false), (date(2027, 2, 17), true)],
            },
            TimelineWave {
                label: "Wave 2".into(),
                start: date(2027, 3, 8),
                end: date(2027, 4, 4),
                go: false,
                cutovers: vec![],
            },
        ]
    }

    #[test]
    fn timeline_is_accessible_svg_and_deterministic() {
        let shades = [Shade {
            kind: ShadeKind::Freeze,
            start: date(2027, 3, 20),
            end: date(2027, 3, 25),
        }];
        let a = timeline("Timeline", "Two waves.", &waves(), &shades).expect("draws");
        let b = timeline("Timeline", "Two waves.", &waves(), &shades).expect("draws");
        assert_eq!(a.svg, b.svg);
        assert!(a.svg.starts_with("<svg"), "{}", &a.svg[..80]);
        assert!(a.svg.contains("role=\"img\""));
        assert!(
            a.svg
                .contains("<title id=\"chart-timeline-title\">Timeline</title>")
        );
        assert!(a.svg.contains("Wave 2"));
        assert!(a.svg.contains("Feb 2027"));
    }

    #[test]
    fn no_waves_no_svg() {
        assert!(
            timeline("T", "D", &[], &[])
                .expect("no panic")
                .svg
                .is_empty()
        );
    }
}
