//! SVG charts drawn with plotters at build time. No font files are needed: the SVG backend
//! emits `<text>` elements and the browser picks a sans-serif font.
//!
//! Each chart comes back as an SVG string with a `<title>` and `<desc>` (the text alternative)
//! and `role="img"`; pages show a table of the same numbers beside it.

use super::format;
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// A rendered chart.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The text alternative: what the chart shows, in one or two sentences.
    pub desc: String,
    pub svg: String,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error(transparent)]
    Draw(#[from] DrawingAreaErrorKind<std::io::Error>),
    #[error(transparent)]
    Date(#[from] jiff::Error),
}

pub type ChartResult<T> = Result<T, ChartError>;

const FONT: &str = "sans-serif";
pub(super) const INK: RGBColor = RGBColor(0x22, 0x2b, 0x36);
pub(super) const MUTED: RGBColor = RGBColor(0x6b, 0x72, 0x80);
pub(super) const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
pub const GO: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
pub const NO_GO: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const FREEZE: RGBColor = RGBColor(0x4f, 0x7c, 0xc9);
const PEAK: RGBColor = RGBColor(0xf0, 0xa2, 0x02);

/// A text style of `size` pixels: plotters' SVG backend divides font sizes by 1.24.
pub(super) fn text_style(size: u32, color: &'static RGBColor, pos: Pos) -> TextStyle<'static> {
    TextStyle::from((FONT, f64::from(size) * 1.24).into_font())
        .color(color)
        .pos(pos)
}

/// Adds the text alternative to plotters' `<svg>` element.
pub(super) fn accessible(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let (open, rest) = svg.split_at(end);
    format!(
        "{open} role=\"img\" class=\"chart\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        format::escape(title),
        format::escape(desc),
        &rest[1..]
    )
}

// ---------------------------------------------------------------------------------------------
// Timeline

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
    let first = waves.iter().map(|w| w.start).min();
    let last = waves.iter().map(|w| w.end).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Chart {
            id: "chart-timeline".into(),
            title: title.into(),
            desc: desc.into(),
            svg: String::new(),
        });
    };
    // Whole months, so the month ticks frame the waves.
    let from = first.first_of_month();
    let to = last.last_of_month();
    let span = (to - from).get_days() as f64 + 1.0;
    let rows = waves.len() as f64;
    let height = 70 + ROW_HEIGHT * waves.len() as u32 + 60;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (TIMELINE_WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (body, legend) = root.split_vertically(height - 40);
        let mut chart = ChartBuilder::on(&body)
            .margin_top(12)
            .margin_right(16)
            .x_label_area_size(40)
            .y_label_area_size(80)
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

        // A tick every month; a label every `step` months, so that labels never overlap
        // (about 14 fit the width).
        let months = (span / 30.4).round().max(1.0) as usize;
        let step = months.div_ceil(14);
        let mut month = from;
        let mut index = 0;
        while month <= to {
            let x = day(month);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, rows)],
                GRID,
            )))?;
            if index % step == 0 {
                let (px, py) = chart.backend_coord(&(x + 1.0, 0.0));
                body.draw(&Text::new(
                    format::month_year(month),
                    (px, py + 8),
                    text_style(11, &MUTED, Pos::new(HPos::Left, VPos::Top)),
                ))?;
            }
            index += 1;
            month = month.last_of_month().tomorrow()?;
        }

        for (i, wave) in waves.iter().enumerate() {
            let y = row(i);
            let color = if wave.go { GO } else { NO_GO };
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
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            body.draw(&Text::new(
                wave.label.clone(),
                (px - 10, py),
                text_style(13, &INK, Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        timeline_legend(&legend)?;
        root.present()?;
    }
    Ok(Chart {
        id: "chart-timeline".into(),
        title: title.into(),
        desc: desc.into(),
        svg: accessible(&svg, "chart-timeline", title, desc),
    })
}

fn timeline_legend(area: &DrawingArea<SVGBackend<'_>, Shift>) -> ChartResult<()> {
    let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
    let y = 20;
    let mut x = 80;
    let swatches: [(&str, ShapeStyle); 4] = [
        ("GO wave", GO.mix(0.30).filled()),
        ("NO-GO wave", NO_GO.mix(0.30).filled()),
        ("change freeze", FREEZE.mix(0.22).filled()),
        ("business peak", PEAK.mix(0.25).filled()),
    ];
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

// ---------------------------------------------------------------------------------------------
// Stacked bars

/// One stacked series: a value per category.
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    pub values: Vec<f64>,
}

/// A bar chart panel: categories along x, series stacked.
pub struct Panel {
    pub y_desc: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

const BAR_PANEL_WIDTH: u32 = 400;
const BAR_HEIGHT: u32 = 320;

/// Stacked bar panels side by side, sharing one legend (the series of the first panel).
pub fn stacked_bars(id: &str, title: &str, desc: &str, panels: &[Panel]) -> ChartResult<Chart> {
    let legend_width = panels
        .first()
        .map_or(0, |p| LEGEND_LEFT + legend_items_width(&p.series));
    let width = (BAR_PANEL_WIDTH * panels.len().max(1) as u32).max(legend_width as u32 + 16);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, BAR_HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (legend, body) = root.split_vertically(36);
        if let Some(first) = panels.first() {
            bar_legend(&legend, &first.series)?;
        }
        let areas = body.split_evenly((1, panels.len().max(1)));
        for (panel, area) in panels.iter().zip(&areas) {
            bar_panel(area, panel)?;
        }
        root.present()?;
    }
    Ok(Chart {
        id: id.into(),
        title: title.into(),
        desc: desc.into(),
        svg: accessible(&svg, id, title, desc),
    })
}

fn bar_legend(area: &DrawingArea<SVGBackend<'_>, Shift>, series: &[Series]) -> ChartResult<()> {
    let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
    let mut x = LEGEND_LEFT;
    for s in series {
        area.draw(&Rectangle::new([(x, 11), (x + 14, 25)], s.color.filled()))?;
        area.draw(&Text::new(s.label.clone(), (x + 20, 18), label.clone()))?;
        x += legend_item_width(&s.label);
    }
    Ok(())
}

const LEGEND_LEFT: i32 = 70;

/// Swatch, gap, label (about 8 px a character at 12 px) and spacing: the chart is made wide
/// enough for its legend, which plotters would otherwise clip.
fn legend_item_width(label: &str) -> i32 {
    20 + label.chars().count() as i32 * 8 + 18
}

fn legend_items_width(series: &[Series]) -> i32 {
    series.iter().map(|s| legend_item_width(&s.label)).sum()
}

fn bar_panel(area: &DrawingArea<SVGBackend<'_>, Shift>, panel: &Panel) -> ChartResult<()> {
    let n = panel.categories.len();
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            panel
                .series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let top = if max > 0.0 { max * 1.12 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..n.max(1) as f64, 0f64..top)?;
    let y_fmt = |v: &f64| format::number((*v * 10.0).round() / 10.0);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&y_fmt)
        .y_desc(panel.y_desc.clone())
        .y_max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(text_style(11, &MUTED, Pos::new(HPos::Right, VPos::Center)))
        .axis_desc_style(text_style(12, &INK, Pos::new(HPos::Center, VPos::Center)))
        .draw()?;
    for i in 0..n {
        let x = i as f64;
        let mut base = 0.0;
        for s in &panel.series {
            let v = s.values.get(i).copied().unwrap_or(0.0);
            if v > 0.0 {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.18, base), (x + 0.82, base + v)],
                    s.color.filled(),
                )))?;
            }
            base += v;
        }
        // Label every bar while a dozen fit; then every `step`-th.
        if i % n.div_ceil(12).max(1) == 0 {
            // `backend_coord` is absolute; `area.draw` takes coordinates relative to the
            // panel, which is offset in a chart of several panels.
            let (px, py) = chart.backend_coord(&(x + 0.5, 0.0));
            let (ox, oy) = area.get_base_pixel();
            area.draw(&Text::new(
                panel.categories[i].clone(),
                (px - ox, py + 8 - oy),
                text_style(12, &INK, Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
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
    fn bars_draw_every_category() {
        let panel = Panel {
            y_desc: "TB".into(),
            categories: vec!["W1".into(), "W2".into()],
            series: vec![Series {
                label: "VPN".into(),
                color: GO,
                values: vec![1.5, 0.0],
            }],
        };
        let chart = stacked_bars("chart-x", "X", "Y & Z", &[panel]).expect("draws");
        assert!(chart.svg.contains("\nW2\n"), "{}", chart.svg);
        assert!(chart.svg.contains("Y &amp; Z"));
    }

    #[test]
    fn every_panel_labels_its_own_bars() {
        let panel = |desc: &str| Panel {
            y_desc: desc.into(),
            categories: vec!["W1".into(), "W2".into()],
            series: vec![Series {
                label: "VPN".into(),
                color: GO,
                values: vec![1.0, 2.0],
            }],
        };
        let chart =
            stacked_bars("chart-x", "X", "Y", &[panel("TB"), panel("hours")]).expect("draws");
        let width = BAR_PANEL_WIDTH as f64 * 2.0;
        // Every category label sits inside the chart, the second panel's in its right half.
        let xs: Vec<f64> = chart
            .svg
            .split("<text")
            .skip(1)
            .filter(|t| t.contains(">\nW"))
            .filter_map(|t| t.split("x=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(xs.len(), 4, "{}", chart.svg);
        assert!(xs.iter().all(|&x| x > 0.0 && x < width), "{xs:?}");
        assert!(xs[2] > width / 2.0 && xs[3] > xs[2], "{xs:?}");
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
