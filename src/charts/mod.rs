//! charts: takes chart data (series of values over labelled periods) and gives an SVG line or bar chart with its title, description and alt text.
//!
//! The SVG is written for two consumers: browsers (inline in the HTML page)
//! and Typst, which renders SVG through usvg. So it uses presentation
//! attributes only (no `<style>`, no CSS), no external references, no
//! `dominant-baseline` (baselines are computed here), and every text is
//! real `<text>` in the document font. Series are told apart by colour,
//! marker shape, dash pattern (lines) or fill pattern (bars), and by direct
//! labels or a legend, so colour is never the only cue (WCAG 1.4.1).
//!
//! Output is deterministic: same spec, same bytes. Coordinates carry at most
//! two decimals, and non-finite numbers are never printed.
//!
//! This file holds the public API ([`ChartSpec`] in, [`Chart`] out through
//! [`render`]) and the data preparation every chart shares: the spec is
//! cleaned into a `Data` (safe id, normalised colours, finite values, one
//! `Row` and `Style` per series). The drawing lives in submodules:
//!
//! - `svg`: escaping, number formatting, text measuring and wrapping, `<text>` elements and the `<svg>` wrapper;
//! - `axis`: the value scale and the plot area both kinds lay out with;
//! - `line`: the line chart;
//! - `bar`: the bar chart;
//! - `describe`: the alt text and the description;
//! - `colour`: colour parsing and [`contrast_ratio`].

mod axis;
mod bar;
mod colour;
mod describe;
mod line;
mod svg;

pub use colour::contrast_ratio;

use bar::bar_body;
use colour::colour_or;
use describe::{alt_text, describe, values_text};
use line::line_body;
use svg::{fmt_value, wrap_svg};

/// Eight series colours, each at least 3:1 against `#ffffff` (WCAG 1.4.11).
///
/// They are the GOV.UK design-system colours: blue 5.17, red 4.86,
/// green 6.21, purple 10.08, brown 3.20, turquoise 3.17, pink 4.46 and
/// dark grey 7.07 against white.
pub const DEFAULT_SERIES: [&str; 8] = [
    "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197", "#d53880", "#505a5f",
];

/// Width of the wide chart in px (viewBox units match px one to one): the PDF's and the web
/// page's from about 600 px of column width.
const WIDTH: f64 = 640.0;
/// Width of the narrow chart, drawn for narrow screens with the same font sizes, so its text
/// (13 px and more) stays at 12 px or more down to a 240 px column: a 320 px screen less the
/// page's margins (288 px), or less a council page's own margins too when the plan is embedded.
pub const NARROW_WIDTH: f64 = 260.0;
/// Font sizes in px for tick labels, series/category labels and axis titles.
const TICK_FONT: f64 = 13.0;
const LABEL_FONT: f64 = 14.0;
/// Line height used when a label wraps onto several lines.
const LEADING: f64 = 1.25;
/// Magnitude beyond which values are clamped for geometry, so no scale
/// computation can overflow to infinity.
const MAX_MAGNITUDE: f64 = 1e300;

/// Whether the chart draws lines over periods or horizontal bars per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Trend lines with markers, one per series, over the periods.
    Line,
    /// Horizontal bars, one per category (grouped when several series).
    Bar,
}

/// Everything needed to draw one chart.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    /// Line or bar.
    pub kind: ChartKind,
    /// Prefix for element ids; must be unique within the HTML page.
    pub id: String,
    /// Chart title, used for `<title>` and the alt text (not drawn visibly).
    pub title: String,
    /// Unit of the values: `%` is appended to values, anything else titles the value axis.
    pub unit: Option<String>,
    /// Period labels (line) or category labels (bar).
    pub x_labels: Vec<String>,
    /// The data series.
    pub series: Vec<Series>,
    /// Colours to draw with.
    pub palette: Palette,
}

/// One named row of values, one value per x label; `None` is missing data.
#[derive(Debug, Clone)]
pub struct Series {
    /// Name shown in labels, legend and alt text.
    pub name: String,
    /// Values in x-label order; `None` breaks the line or omits the bar.
    pub values: Vec<Option<f64>>,
    /// The home service: drawn thicker, on top, and summarised in the description.
    pub home: bool,
    /// The values as the table prints them ("0.10", ">10"), one per x label, so the text
    /// alternatives read as the table does; a text where `values` is `None` is a figure that
    /// is not a number, drawn as a gap and named in the description. Empty: values are
    /// formatted here with the fewest decimals.
    pub texts: Vec<String>,
}

/// Colours as `#rrggbb` (or `#rgb`); unparsable entries fall back to defaults.
#[derive(Debug, Clone)]
pub struct Palette {
    /// Text and axis colour.
    pub text: String,
    /// Background fill.
    pub background: String,
    /// Gridline colour.
    pub grid: String,
    /// Series colours in order; empty means [`DEFAULT_SERIES`].
    pub series: Vec<String>,
    /// Colour of the comparators' lines when a line chart has a home series: they are drawn
    /// thin in this one muted colour (told apart by marker and label) so the home line stands
    /// out. At least 3:1 against the background, like every series colour.
    pub comparator: String,
}

/// A rendered chart: the SVG and its text alternatives.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Standalone SVG document (no XML declaration), safe to inline in HTML: the wide chart,
    /// 640 px, for print and wide screens.
    pub svg: String,
    /// The same chart [`NARROW_WIDTH`] px wide for narrow screens, its ids suffixed
    /// `-narrow`: a legend under a line chart instead of labels at the line ends, and category
    /// labels above the bars instead of beside them.
    pub narrow_svg: String,
    /// Text alternative stating every value.
    pub alt: String,
    /// Short summary of the home series (trend, lowest and highest).
    pub description: String,
}

/// GOV.UK text colour on white, mid-grey gridlines and [`DEFAULT_SERIES`].
impl Default for Palette {
    fn default() -> Self {
        Palette {
            text: "#0b0c0c".into(),
            background: "#ffffff".into(),
            grid: "#b1b4b6".into(),
            series: DEFAULT_SERIES.iter().map(|c| c.to_string()).collect(),
            comparator: "#505a5f".into(),
        }
    }
}

/// Renders the chart described by `spec` as SVG plus alt text and description.
pub fn render(spec: &ChartSpec) -> Chart {
    let data = Data::new(spec, WIDTH);
    let alt = alt_text(&data);
    let description = describe(&data);
    let desc = format!("{} {}", description, values_text(&data));
    Chart {
        svg: draw(&data, &desc),
        narrow_svg: draw(&Data::new(spec, NARROW_WIDTH), &desc),
        alt,
        description,
    }
}

/// The chart's text alternatives without drawing it: the alt text and the SVG's description,
/// each stating every value (what the PDF stores as strings, so `check` can measure them).
pub fn text_alternatives(spec: &ChartSpec) -> (String, String) {
    let data = Data::new(spec, WIDTH);
    let desc = format!("{} {}", describe(&data), values_text(&data));
    (alt_text(&data), desc)
}

/// The whole SVG of the chart at the data's width.
fn draw(data: &Data, desc: &str) -> String {
    let (body, height) = match data.spec.kind {
        ChartKind::Line => line_body(data),
        ChartKind::Bar => bar_body(data),
    };
    wrap_svg(data, height, &body, desc)
}

// ---------------------------------------------------------------------------
// Cleaned-up input

/// Per-series drawing style: slot picks colour, marker, dash and bar pattern.
#[derive(Debug, Clone)]
struct Style {
    slot: usize,
    colour: String,
    home: bool,
    /// A comparator drawn in the comparator colour (thin, solid) beside a home series.
    muted: bool,
}

/// A series with finite values, padded/truncated to the period count, and
/// the table's text for each (empty when the spec gave none).
#[derive(Debug, Clone)]
struct Row {
    name: String,
    values: Vec<Option<f64>>,
    texts: Vec<String>,
    style: Style,
}

/// The spec after validation: safe id, parsed colours, finite values.
#[derive(Debug)]
struct Data<'a> {
    spec: &'a ChartSpec,
    /// The chart's width: 640 px, or [`NARROW_WIDTH`].
    width: f64,
    id: String,
    labels: Vec<String>,
    rows: Vec<Row>,
    text: String,
    background: String,
    grid: String,
    percent: bool,
}

impl<'a> Data<'a> {
    fn new(spec: &'a ChartSpec, width: f64) -> Self {
        let longest = spec.series.iter().map(|s| s.values.len()).max();
        let n = spec.x_labels.len().max(longest.unwrap_or(0));
        let labels = (0..n)
            .map(|i| spec.x_labels.get(i).cloned().unwrap_or_default())
            .collect();
        let slots = style_slots(&spec.series);
        // A line chart with a home series greys its comparators (see `Palette::comparator`).
        let greyed = spec.kind == ChartKind::Line && spec.series.iter().any(|s| s.home);
        let comparator = colour_or(&spec.palette.comparator, "#505a5f");
        let rows = spec
            .series
            .iter()
            .zip(slots)
            .map(|(s, slot)| Row {
                name: s.name.clone(),
                values: (0..n)
                    .map(|i| clean(s.values.get(i).copied().flatten()))
                    .collect(),
                texts: (0..n)
                    .map(|i| s.texts.get(i).map_or("", |t| t.trim()).to_string())
                    .collect(),
                style: Style {
                    slot,
                    colour: if greyed && !s.home {
                        comparator.clone()
                    } else {
                        series_colour(&spec.palette, slot)
                    },
                    home: s.home,
                    muted: greyed && !s.home,
                },
            })
            .collect();
        let p = &spec.palette;
        let id = safe_id(&spec.id);
        Data {
            spec,
            width,
            id: if width < WIDTH {
                format!("{id}-narrow")
            } else {
                id
            },
            labels,
            rows,
            text: colour_or(&p.text, "#0b0c0c"),
            background: colour_or(&p.background, "#ffffff"),
            grid: colour_or(&p.grid, "#b1b4b6"),
            percent: spec.unit.as_deref().map(str::trim) == Some("%"),
        }
    }

    /// Label for period/category `i` in prose, never empty.
    fn period(&self, i: usize) -> String {
        match self.labels.get(i).map(|s| s.trim()) {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => format!("period {}", i + 1),
        }
    }

    /// A value as shown to readers: fewest decimals, `%` when the unit is `%`.
    fn show(&self, v: f64) -> String {
        let s = fmt_value(v);
        if self.percent {
            s + "%"
        } else {
            s
        }
    }

    /// Value `i` of `row` as the table prints it, else formatted here; `None` when there is
    /// neither a number nor a text.
    fn shown(&self, row: &Row, i: usize) -> Option<String> {
        match (
            row.texts.get(i).filter(|t| !t.is_empty()),
            row.values.get(i),
        ) {
            // A percentage printed without its sign (the table's unit says it) gets it here.
            (Some(t), Some(Some(_))) if self.percent && !t.ends_with('%') => Some(format!("{t}%")),
            (Some(t), _) => Some(t.clone()),
            (None, Some(Some(v))) => Some(self.show(*v)),
            _ => None,
        }
    }

    /// The charts drawn narrow put legends and labels where a narrow screen has room.
    fn narrow(&self) -> bool {
        self.width < WIDTH
    }

    /// The unit as an axis title, unless it is `%` (then ticks carry it).
    fn axis_title(&self) -> Option<&str> {
        let u = self.spec.unit.as_deref()?.trim();
        (!u.is_empty() && !self.percent).then_some(u)
    }

    /// The home series (first flagged), else the first series.
    fn focus(&self) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.style.home)
            .or_else(|| self.rows.first())
    }

    fn all_values(&self) -> impl Iterator<Item = f64> + '_ {
        self.rows
            .iter()
            .flat_map(|r| r.values.iter().flatten().copied())
    }
}

/// NaN and infinities are missing data; huge magnitudes are clamped.
fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
        .map(|x| x.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE))
}

/// Home series take slot 0 (solid line, first colour); the rest follow in order.
fn style_slots(series: &[Series]) -> Vec<usize> {
    let home = series.iter().position(|s| s.home);
    let mut next = usize::from(home.is_some());
    series
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if Some(i) == home {
                0
            } else {
                next += 1;
                next - 1
            }
        })
        .collect()
}

fn series_colour(p: &Palette, slot: usize) -> String {
    let fallback = DEFAULT_SERIES[slot % DEFAULT_SERIES.len()];
    if p.series.is_empty() {
        return fallback.to_string();
    }
    colour_or(&p.series[slot % p.series.len()], fallback)
}

/// Keeps ids to `[A-Za-z0-9_-]` and starting with a letter, so they are valid
/// XML ids and safe in `url(#…)` and `aria-labelledby`.
fn safe_id(id: &str) -> String {
    let s: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match s.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => s,
        _ => format!("chart-{s}"),
    }
}

#[cfg(test)]
mod tests;
