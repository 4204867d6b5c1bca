//! The burn-up chart of the progress page (spec section 9): cumulative cutovers over time,
//! the planned line (the baseline's, or the plan's without its results) against the done
//! units up to `as_of` and the forecast of the re-planned rest after it, under the scope.

use super::timeline::month_ticks;
use super::{Chart, ChartResult, GO, GRID, INK, MUTED, text_style};
use crate::site::format;
use jiff::civil::Date;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the chart draws; every list of dates sorted.
pub struct Burnup<'a> {
    /// The planned cutovers (the reference plan's).
    pub planned: &'a [Date],
    pub planned_label: &'a str,
    /// The done units' dates (all on or before `as_of`).
    pub done: &'a [Date],
    /// The cutovers of the units not done, as the plan now has them.
    pub open: &'a [Date],
    pub as_of: Date,
    /// Every unit of the plan.
    pub scope: usize,
}

const WIDTH: u32 = 960;
const HEIGHT: u32 = 380;
const PLANNED: RGBColor = RGBColor(0x3b, 0x5b, 0x8c);
const FORECAST: RGBColor = RGBColor(0xd9, 0x77, 0x06);

/// The cumulative count of `dates` as a step line from `from` (where it starts at `start`)
/// to `to`: flat to each date, then up by the units of that day.
fn steps(
    dates: &[Date],
    start: usize,
    from: f64,
    to: f64,
    day: impl Fn(Date) -> f64,
) -> Vec<(f64, f64)> {
    let mut n = start;
    let mut points = vec![(from, n as f64)];
    for d in dates {
        let x = day(*d).max(from);
        points.push((x, n as f64));
        n += 1;
        points.push((x, n as f64));
    }
    points.push((to, n as f64));
    points
}

/// The cumulative count of `dates` on or before `day`.
pub fn count_by(dates: &[Date], day: Date) -> usize {
    dates.partition_point(|d| *d <= day)
}

pub fn burnup(title: &str, desc: &str, b: &Burnup<'_>) -> ChartResult<Chart> {
    let id = "chart-burnup";
    let dates = || {
        b.planned
            .iter()
            .chain(b.done)
            .chain(b.open)
            .chain(std::iter::once(&b.as_of))
    };
    let first = dates().min().copied().unwrap_or(b.as_of);
    let last = dates().max().copied().unwrap_or(b.as_of);
    let from = first.first_of_month();
    let to = last.last_of_month();
    let span = (to - from).get_days() as f64 + 1.0;
    let top = (b.scope.max(1) as f64) * 1.1;
    Chart::new(id, title, desc, (WIDTH, HEIGHT), |root| {
        let (legend, body) = root.split_vertically(36);
        let mut chart = ChartBuilder::on(&body)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(34)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..span, 0f64..top)?;
        let y_fmt = |v: &f64| format::number(v.round());
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&y_fmt)
            .y_desc("units cut over (cumulative)")
            .y_max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(text_style(11, &MUTED, Pos::new(HPos::Right, VPos::Center)))
            .axis_desc_style(text_style(12, &INK, Pos::new(HPos::Center, VPos::Center)))
            .draw()?;
        let day = |d: Date| (d - from).get_days() as f64 + 0.5;

        month_ticks(&mut chart, &body, from, to, top)?;

        // The scope: every unit of the plan.
        let scope = b.scope as f64;
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(0.0, scope), (span, scope)],
            6,
            5,
            ShapeStyle::from(&MUTED).stroke_width(1),
        )))?;
        let (sx, sy) = chart.backend_coord(&(0.0, scope));
        let (ox, oy) = body.get_base_pixel();
        body.draw(&Text::new(
            format!("scope: {} units", b.scope),
            (sx - ox + 6, sy - oy - 4),
            text_style(11, &MUTED, Pos::new(HPos::Left, VPos::Bottom)),
        ))?;

        // As of: the line between history and forecast.
        let now = day(b.as_of);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(now, 0.0), (now, top)],
            ShapeStyle::from(&INK).stroke_width(1),
        )))?;
        let (ax, ay) = chart.backend_coord(&(now, top));
        body.draw(&Text::new(
            format!("as of {}", format::short_date(b.as_of)),
            (ax - ox + 5, ay - oy + 2),
            text_style(11, &INK, Pos::new(HPos::Left, VPos::Top)),
        ))?;

        let done = b.done.len();
        chart.draw_series(std::iter::once(DashedPathElement::new(
            steps(b.open, done, now, span, day),
            7,
            4,
            ShapeStyle::from(&FORECAST).stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(PathElement::new(
            steps(b.done, 0, 0.0, now, day),
            ShapeStyle::from(&GO).stroke_width(4),
        )))?;
        // The planned line on top, thinner: where done follows the plan, both show.
        chart.draw_series(std::iter::once(PathElement::new(
            steps(b.planned, 0, 0.0, span, day),
            ShapeStyle::from(&PLANNED).stroke_width(2),
        )))?;
        let (dx, dy) = chart.backend_coord(&(now, done as f64));
        body.draw(&Circle::new((dx - ox, dy - oy), 4, GO.filled()))?;
        body.draw(&Text::new(
            format!("{done} done"),
            (dx - ox - 8, dy - oy - 6),
            text_style(12, &GO, Pos::new(HPos::Right, VPos::Bottom)),
        ))?;

        // How many the reference had cut over by then, beside the done count.
        let due = count_by(b.planned, b.as_of);
        if due != done {
            let (px, py) = chart.backend_coord(&(now, due as f64));
            body.draw(&Circle::new((px - ox, py - oy), 4, PLANNED.filled()))?;
            body.draw(&Text::new(
                format!("{due} planned"),
                (px - ox + 8, py - oy - 6),
                text_style(12, &PLANNED, Pos::new(HPos::Left, VPos::Bottom)),
            ))?;
        }

        let label = text_style(12, &INK, Pos::new(HPos::Left, VPos::Center));
        let mut x = 70;
        for (name, color, dashed) in [
            (b.planned_label, PLANNED, false),
            ("done", GO, false),
            ("forecast (the plan now)", FORECAST, true),
        ] {
            if dashed {
                legend.draw(&DashedPathElement::new(
                    vec![(x, 18), (x + 22, 18)],
                    7,
                    4,
                    ShapeStyle::from(&color).stroke_width(2),
                ))?;
            } else {
                legend.draw(&PathElement::new(
                    vec![(x, 18), (x + 22, 18)],
                    ShapeStyle::from(&color).stroke_width(if color == GO { 4 } else { 2 }),
                ))?;
            }
            legend.draw(&Text::new(name.to_string(), (x + 28, 18), label.clone()))?;
            x += 28 + name.chars().count() as i32 * 7 + 22;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn draws_the_three_lines_and_is_deterministic() {
        let planned = [date(2027, 2, 2), date(2027, 3, 9), date(2027, 4, 20)];
        let done = [date(2027, 2, 2), date(2027, 3, 10)];
        let open = [date(2027, 5, 11)];
        let b = Burnup {
            planned: &planned,
            planned_label: "planned",
            done: &done,
            open: &open,
            as_of: date(2027, 4, 28),
            scope: 3,
        };
        let chart = burnup("T", "D", &b).expect("draws");
        assert!(chart.svg.contains("role=\"img\""));
        assert!(chart.svg.contains("as of 28 Apr 2027"), "{}", chart.svg);
        assert!(chart.svg.contains("2 done"));
        assert!(chart.svg.contains("scope: 3 units"));
        assert_eq!(chart.svg, burnup("T", "D", &b).expect("draws").svg);
        assert_eq!(count_by(&planned, date(2027, 3, 9)), 2);
        assert_eq!(count_by(&planned, date(2027, 3, 8)), 1);
    }
}
