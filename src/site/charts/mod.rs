//! SVG charts drawn with plotters at build time. No font files are needed: the SVG backend
//! emits `<text>` elements and the browser picks a sans-serif font.
//!
//! Each chart comes back as an SVG string with a `<title>` and `<desc>` (the text alternative)
//! and `role="img"`; pages show a table of the same numbers beside it.
//!
//! Here what every chart shares: [`Chart::new`] (the SVG canvas, its text alternative), the
//! colours and text styles. A file per kind: `timeline` (waves on a calendar, and plans
//! compared), `bars` (stacked bars, and the axes, legend and labels of any bar chart),
//! `burnup` (the progress page's cumulative cutovers).

mod bars;
mod burnup;
mod timeline;

pub use burnup::{Burnup, burnup, count_by};

pub(super) use bars::{LEGEND_LEFT, bar_axes, category_label, legend_swatch};
pub use bars::{Panel, Series, stacked_bars};
pub use timeline::{Shade, ShadeKind, TimelineWave, comparison, timeline};

use super::format;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;
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

/// The drawing area of a chart (or of a part of it).
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A chart's axes: x and y in plain numbers.
pub(super) type Axes<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Chart {
    /// Draws a chart of `size` pixels: `draw` is handed the whole area, already white; the SVG
    /// gets its text alternative.
    pub(super) fn new(
        id: &str,
        title: &str,
        desc: &str,
        size: (u32, u32),
        draw: impl FnOnce(&Area<'_>) -> ChartResult<()>,
    ) -> ChartResult<Chart> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            root.fill(&WHITE)?;
            draw(&root)?;
            root.present()?;
        }
        Ok(Chart {
            id: id.into(),
            title: title.into(),
            desc: desc.into(),
            svg: accessible(&svg, id, title, desc),
        })
    }

    /// A chart with nothing to draw: no SVG, the page says so in `desc`.
    fn empty(id: &str, title: &str, desc: &str) -> Chart {
        Chart {
            id: id.into(),
            title: title.into(),
            desc: desc.into(),
            svg: String::new(),
        }
    }
}

const FONT: &str = "sans-serif";
pub(super) const INK: RGBColor = RGBColor(0x22, 0x2b, 0x36);
pub(super) const MUTED: RGBColor = RGBColor(0x6b, 0x72, 0x80);
pub(super) const GRID: RGBColor = RGBColor(0xe3, 0xe6, 0xea);
pub const GO: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
pub const NO_GO: RGBColor = RGBColor(0xc6, 0x28, 0x28);

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
