//! Stacked bars, and what every bar chart shares: its axes, legend swatches and category
//! labels.

use super::{Area, Axes, Chart, ChartResult, GRID, INK, MUTED, text_style};
use crate::site::format;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
    Chart::new(id, title, desc, (width, BAR_HEIGHT), |root| {
        let (legend, body) = root.split_vertically(36);
        if let Some(first) = panels.first() {
            bar_legend(&legend, &first.series)?;
        }
        let areas = body.split_evenly((1, panels.len().max(1)));
        for (panel, area) in panels.iter().zip(&areas) {
            bar_panel(area, panel)?;
        }
        Ok(())
    })
}

fn bar_legend(area: &Area<'_>, series: &[Series]) -> ChartResult<()> {
    let mut x = LEGEND_LEFT;
    for s in series {
        x = legend_swatch(area, x, s.color, &s.label)?;
    }
    Ok(())
}

/// Where a legend of swatches starts: over the y axis labels.
pub(in crate::site) const LEGEND_LEFT: i32 = 70;

/// A legend entry in the 36-pixel band over bars: a swatch of `color` at `x`, then `label`.
/// Returns where the next entry starts.
pub(in crate::site) fn legend_swatch(
    area: &Area<'_>,
    x: i32,
    color: RGBColor,
    label: &str,
) -> ChartResult<i32> {
    let style = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
    area.draw(&Rectangle::new([(x, 11), (x + 14, 25)], color.filled()))?;
    area.draw(&Text::new(label.to_string(), (x + 20, 18), style))?;
    Ok(x + legend_item_width(label))
}

/// Swatch, gap, label (about 8 px a character at 12 px) and spacing: the chart is made wide
/// enough for its legend, which plotters would otherwise clip.
fn legend_item_width(label: &str) -> i32 {
    20 + label.chars().count() as i32 * 8 + 18
}

fn legend_items_width(series: &[Series]) -> i32 {
    series.iter().map(|s| legend_item_width(&s.label)).sum()
}

fn bar_panel(area: &Area<'_>, panel: &Panel) -> ChartResult<()> {
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
    let mut chart = bar_axes(area, n, max, &panel.y_desc, &|v| {
        format::number((*v * 10.0).round() / 10.0)
    })?;
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
        category_label(&chart, area, i, n, &panel.categories[i])?;
    }
    Ok(())
}

/// Axes for `n` categories of bars along x and values up to `max` (plus room) along y,
/// `y_desc` and `y_fmt` labelling y; the grid is drawn.
pub(in crate::site) fn bar_axes<'a, 'b>(
    area: &'a Area<'b>,
    n: usize,
    max: f64,
    y_desc: &str,
    y_fmt: &dyn Fn(&f64) -> String,
) -> ChartResult<Axes<'a, 'b>> {
    let top = if max > 0.0 { max * 1.12 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..n.max(1) as f64, 0f64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(y_fmt)
        .y_desc(y_desc)
        .y_max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(text_style(11, &MUTED, Pos::new(HPos::Right, VPos::Center)))
        .axis_desc_style(text_style(12, &INK, Pos::new(HPos::Center, VPos::Center)))
        .draw()?;
    Ok(chart)
}

/// The label of category `i` of `n` under its bars: every one while a dozen fit, then every
/// `step`-th.
pub(in crate::site) fn category_label(
    chart: &Axes<'_, '_>,
    area: &Area<'_>,
    i: usize,
    n: usize,
    label: &str,
) -> ChartResult<()> {
    if i.is_multiple_of(n.div_ceil(12).max(1)) {
        // `backend_coord` is absolute; `area.draw` takes coordinates relative to the area,
        // which is offset in a chart of several panels.
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        let (ox, oy) = area.get_base_pixel();
        area.draw(&Text::new(
            label.to_string(),
            (px - ox, py + 8 - oy),
            text_style(12, &INK, Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::charts::GO;

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
}
