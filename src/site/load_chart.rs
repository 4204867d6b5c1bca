//! The chart of link load per wave and path against capacity (spec section 3, "Shared
//! links"): a group of bars per wave, one per network path, in hours, with each wave's
//! capacity drawn as a dashed line across its group.

use super::charts::{
    Chart, ChartResult, INK, LEGEND_LEFT, bar_axes, category_label, legend_swatch, text_style,
};
use super::format;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One path's bars: its hours in each wave.
pub struct PathBars {
    pub label: String,
    pub color: RGBColor,
    pub hours: Vec<f64>,
}

const WIDTH: u32 = 800;
const HEIGHT: u32 = 340;
const CAPACITY: RGBColor = RGBColor(0xc6, 0x28, 0x28);

/// Grouped bars per wave (`waves` labels the groups), each wave's capacity in hours a dashed
/// line over its group.
pub fn link_load(
    title: &str,
    desc: &str,
    waves: &[String],
    capacity: &[f64],
    paths: &[PathBars],
) -> ChartResult<Chart> {
    let id = "chart-link-load";
    let n = waves.len();
    let max = paths
        .iter()
        .flat_map(|p| p.hours.iter().copied())
        .chain(capacity.iter().copied())
        .fold(0.0, f64::max);
    Chart::new(id, title, desc, (WIDTH, HEIGHT), |root| {
        let (legend, body) = root.split_vertically(36);
        let mut x = LEGEND_LEFT;
        for p in paths {
            x = legend_swatch(&legend, x, p.color, &p.label)?;
        }
        legend.draw(&PathElement::new(
            vec![(x, 18), (x + 18, 18)],
            ShapeStyle::from(&CAPACITY).stroke_width(2),
        ))?;
        let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
        legend.draw(&Text::new("capacity of the wave", (x + 24, 18), label))?;

        let mut chart = bar_axes(&body, n, max, "transfer (hours)", &|v| {
            format::number(v.round())
        })?;
        let width = 0.7 / paths.len().max(1) as f64;
        for (i, wave) in waves.iter().enumerate() {
            let x0 = i as f64 + 0.15;
            for (j, p) in paths.iter().enumerate() {
                let v = p.hours.get(i).copied().unwrap_or(0.0);
                if v > 0.0 {
                    let left = x0 + j as f64 * width;
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(left, 0.0), (left + width * 0.9, v)],
                        p.color.filled(),
                    )))?;
                }
            }
            if let Some(&cap) = capacity.get(i) {
                // A dashed line: short segments across the group.
                let segments = (0..7).map(|k| {
                    let a = x0 - 0.05 + k as f64 * 0.12;
                    PathElement::new(
                        vec![(a, cap), (a + 0.07, cap)],
                        ShapeStyle::from(&CAPACITY).stroke_width(2),
                    )
                });
                chart.draw_series(segments)?;
            }
            category_label(&chart, &body, i, n, wave)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_and_capacity_per_wave() {
        let paths = [PathBars {
            label: "VPN".into(),
            color: RGBColor(0x1f, 0x5f, 0xbf),
            hours: vec![250.8, 0.0],
        }];
        let waves = ["W1".to_string(), "W2".to_string()];
        let chart = link_load("T", "D", &waves, &[280.0, 280.0], &paths).expect("draws");
        assert!(chart.svg.contains("role=\"img\""));
        assert!(chart.svg.contains("\nW2\n"), "{}", chart.svg);
        assert!(chart.svg.contains("capacity of the wave"));
        let again = link_load("T", "D", &waves, &[280.0, 280.0], &paths).expect("draws");
        assert_eq!(chart.svg, again.svg);
    }
}
