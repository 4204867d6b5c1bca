//! The chart of link load per wave and path against capacity (spec section 3, "Shared
//! links"): a group of bars per wave, one per network path, in hours, with each wave's
//! capacity drawn as a dashed line across its group.

use super::charts::{Chart, ChartResult, GRID, INK, MUTED, accessible, text_style};
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
    let top = if max > 0.0 { max * 1.12 } else { 1.0 };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (legend, body) = root.split_vertically(36);
        let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
        let mut x = 70;
        for p in paths {
            legend.draw(&Rectangle::new([(x, 11), (x + 14, 25)], p.color.filled()))?;
            legend.draw(&Text::new(p.label.clone(), (x + 20, 18), label.clone()))?;
            x += 20 + p.label.chars().count() as i32 * 8 + 18;
        }
        legend.draw(&PathElement::new(
            vec![(x, 18), (x + 18, 18)],
            ShapeStyle::from(&CAPACITY).stroke_width(2),
        ))?;
        legend.draw(&Text::new("capacity of the wave", (x + 24, 18), label))?;

        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(20)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(0f64..n.max(1) as f64, 0f64..top)?;
        let y_fmt = |v: &f64| format::number(v.round());
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&y_fmt)
            .y_desc("transfer (hours)")
            .y_max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(text_style(11, &MUTED, Pos::new(HPos::Right, VPos::Center)))
            .axis_desc_style(text_style(12, &INK, Pos::new(HPos::Center, VPos::Center)))
            .draw()?;
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
            if i % n.div_ceil(12).max(1) == 0 {
                let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
                let (ox, oy) = body.get_base_pixel();
                body.draw(&Text::new(
                    wave.clone(),
                    (px - ox, py + 8 - oy),
                    text_style(12, &INK, Pos::new(HPos::Center, VPos::Top)),
                ))?;
            }
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
