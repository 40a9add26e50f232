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

use std::fmt::Write;

/// Eight series colours, each at least 3:1 against `#ffffff` (WCAG 1.4.11).
///
/// They are the GOV.UK design-system colours: blue 5.17, red 4.86,
/// green 6.21, purple 10.08, brown 3.20, turquoise 3.17, pink 4.46 and
/// dark grey 7.07 against white.
pub const DEFAULT_SERIES: [&str; 8] = [
    "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197", "#d53880", "#505a5f",
];

/// The document font, named on the root element so every text inherits it.
const FONT: &str = "Atkinson Hyperlegible";
/// Width of every chart in px (viewBox units match px one to one).
const WIDTH: f64 = 640.0;
/// Height of line charts in px.
const LINE_HEIGHT: f64 = 360.0;
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
}

/// A rendered chart: the SVG and its text alternatives.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Standalone SVG document (no XML declaration), safe to inline in HTML.
    pub svg: String,
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
        }
    }
}

/// Renders the chart described by `spec` as SVG plus alt text and description.
pub fn render(spec: &ChartSpec) -> Chart {
    let data = Data::new(spec);
    let (body, height) = match spec.kind {
        ChartKind::Line => line_body(&data),
        ChartKind::Bar => bar_body(&data),
    };
    let alt = alt_text(&data);
    let description = describe(&data);
    let desc = format!("{} {}", description, values_text(&data));
    let svg = wrap_svg(&data, height, &body, &desc);
    Chart {
        svg,
        alt,
        description,
    }
}

/// WCAG 2 contrast ratio between two `#rrggbb`/`#rgb` colours; `None` if either is unparsable.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let la = luminance(parse_hex(a)?);
    let lb = luminance(parse_hex(b)?);
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    if !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok();
    match h.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => {
            let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
            Some([byte(0)?, byte(2)?, byte(4)?])
        }
        _ => None,
    }
}

fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// Normalises a colour to `#rrggbb`, so only safe text reaches attributes.
fn colour_or(s: &str, fallback: &str) -> String {
    match parse_hex(s) {
        Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => fallback.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Cleaned-up input

/// Marker shapes, in the order series receive them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    TriangleDown,
    Plus,
    Star,
}

const MARKERS: [Marker; 8] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
    Marker::Cross,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Star,
];

/// Dash patterns by style slot; slot 0 (the home series) is solid.
const DASHES: [&str; 8] = [
    "",
    "8 4",
    "2 3",
    "10 3 2 3",
    "4 4",
    "12 4 4 4",
    "2 6",
    "6 2 2 2 2 2",
];

/// Per-series drawing style: slot picks colour, marker, dash and bar pattern.
#[derive(Debug, Clone)]
struct Style {
    slot: usize,
    colour: String,
    home: bool,
}

/// A series with finite values, padded/truncated to the period count.
#[derive(Debug, Clone)]
struct Row {
    name: String,
    values: Vec<Option<f64>>,
    style: Style,
}

/// The spec after validation: safe id, parsed colours, finite values.
#[derive(Debug)]
struct Data<'a> {
    spec: &'a ChartSpec,
    id: String,
    labels: Vec<String>,
    rows: Vec<Row>,
    text: String,
    background: String,
    grid: String,
    percent: bool,
}

impl<'a> Data<'a> {
    fn new(spec: &'a ChartSpec) -> Self {
        let longest = spec.series.iter().map(|s| s.values.len()).max();
        let n = spec.x_labels.len().max(longest.unwrap_or(0));
        let labels = (0..n)
            .map(|i| spec.x_labels.get(i).cloned().unwrap_or_default())
            .collect();
        let slots = style_slots(&spec.series);
        let rows = spec
            .series
            .iter()
            .zip(slots)
            .map(|(s, slot)| Row {
                name: s.name.clone(),
                values: (0..n)
                    .map(|i| clean(s.values.get(i).copied().flatten()))
                    .collect(),
                style: Style {
                    slot,
                    colour: series_colour(&spec.palette, slot),
                    home: s.home,
                },
            })
            .collect();
        let p = &spec.palette;
        Data {
            spec,
            id: safe_id(&spec.id),
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

// ---------------------------------------------------------------------------
// Numbers

/// Coordinate for an attribute: at most 2 decimals, never NaN/inf or `-0`.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let r = (x * 100.0).round() / 100.0;
    let s = trim_zeros(format!("{r:.2}"));
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A data value with the fewest decimals that preserve it (up to 6, which
/// hides float noise such as 0.30000000000000004), with thousands separators.
fn fmt_value(v: f64) -> String {
    if v.abs() >= 1e15 {
        return fmt_huge(v);
    }
    let s = trim_zeros(format!("{v:.6}"));
    group_thousands(if s == "-0" { "0".into() } else { s })
}

/// Scientific notation for magnitudes no reader wants spelled out.
fn fmt_huge(v: f64) -> String {
    let s = format!("{v:.2e}");
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{}", trim_zeros(m.to_string()), e),
        None => s,
    }
}

/// Inserts commas every three integer digits ("12345.5" → "12,345.5").
fn group_thousands(s: String) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int.len() <= 3 {
        return s;
    }
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A linear scale with "nice" (1-2-5) ticks covering zero and the data.
#[derive(Debug, Clone)]
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    /// Covers `[min(0, lo), max(0, hi)]`; an all-zero or empty range becomes 0..1.
    fn new(lo: f64, hi: f64, target: usize) -> Scale {
        let lo = lo.min(0.0);
        let hi = hi.max(0.0);
        let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (0.0, 1.0) };
        let step = nice_step((hi - lo) / target.max(1) as f64);
        // Small tolerance so 100 with step 20 stays 100, not 120.
        let top = (hi / step - 1e-9).ceil() * step;
        let bottom = (lo / step + 1e-9).floor() * step;
        Scale {
            lo: bottom.min(0.0),
            hi: top.max(step),
            step,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        let count = ((self.hi - self.lo) / self.step).round().clamp(1.0, 100.0) as usize;
        (0..=count)
            .map(|i| self.lo + i as f64 * self.step)
            .collect()
    }

    /// Position of `v` as a fraction 0..1 of the range.
    fn frac(&self, v: f64) -> f64 {
        let f = (v - self.lo) / (self.hi - self.lo);
        if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Decimals a tick label needs, from the step (0.05 → 2, 100 → 0).
    fn decimals(&self) -> usize {
        (-self.step.log10().floor()).clamp(0.0, 12.0) as usize
    }

    fn tick_label(&self, v: f64, percent: bool) -> String {
        let s = if v == 0.0 {
            "0".to_string()
        } else if v.abs() >= 1e15 {
            fmt_huge(v)
        } else {
            group_thousands(format!("{:.*}", self.decimals(), v))
        };
        if percent {
            s + "%"
        } else {
            s
        }
    }
}

/// Smallest 1, 2 or 5 × 10ⁿ that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let m = if norm <= 1.0 + 1e-9 {
        1.0
    } else if norm <= 2.0 + 1e-9 {
        2.0
    } else if norm <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    m * mag
}

// ---------------------------------------------------------------------------
// Text

/// XML-escapes text for element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Advance widths (1/1000 em) of printable ASCII, U+0020 to U+007E, in
/// Atkinson Hyperlegible Regular, so labels are measured in the real font.
const ASCII_WIDTHS: [u16; 95] = [
    280, 281, 301, 655, 594, 927, 705, 160, 300, 300, 433, 602, 205, 368, 205, 377, 648, 402, 549,
    574, 614, 583, 598, 510, 615, 598, 205, 205, 553, 602, 553, 520, 780, 626, 619, 656, 673, 567,
    548, 710, 690, 414, 510, 627, 539, 820, 689, 727, 601, 753, 618, 596, 558, 690, 589, 840, 623,
    595, 607, 315, 377, 315, 552, 396, 268, 526, 566, 500, 564, 539, 311, 560, 546, 278, 254, 490,
    239, 841, 546, 552, 566, 576, 340, 471, 324, 536, 441, 654, 461, 429, 460, 319, 233, 319, 555,
];

/// Estimated advance width of `s` at `size` px, with 5% to spare for
/// kerning differences and fallback fonts; other characters count 0.65 em.
fn text_width(s: &str, size: f64) -> f64 {
    let units: u32 = s
        .chars()
        .map(|c| match (c as usize).checked_sub(0x20) {
            Some(i) if i < ASCII_WIDTHS.len() => u32::from(ASCII_WIDTHS[i]),
            _ => 650,
        })
        .sum();
    f64::from(units) / 1000.0 * size * 1.05
}

/// Greedy word wrap to `max` px; a single over-long word stays whole.
fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A `<text>` element; several lines become `<tspan>`s below the first baseline.
fn text_el(out: &mut String, x: f64, y: f64, anchor: &str, size: f64, lines: &[String]) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}">"#,
        num(x),
        num(y),
        num(size),
        anchor
    );
    if let [only] = lines {
        out.push_str(&esc(only));
    } else {
        for (i, l) in lines.iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { size * LEADING };
            let _ = write!(
                out,
                r#"<tspan x="{}" dy="{}">{}</tspan>"#,
                num(x),
                num(dy),
                esc(l)
            );
        }
    }
    out.push_str("</text>");
}

/// Baseline offset that centres a line of text of `size` on a y position.
fn centre_baseline(size: f64) -> f64 {
    size * 0.35
}

// ---------------------------------------------------------------------------
// SVG wrapper

fn wrap_svg(d: &Data, height: f64, body: &str, desc: &str) -> String {
    let id = &d.id;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}" fill="{text}">"#,
        w = num(WIDTH),
        h = num(height),
        text = d.text,
    );
    let _ = write!(
        s,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(&d.spec.title),
        esc(desc)
    );
    let _ = write!(
        s,
        r#"<rect width="{}" height="{}" fill="{}"/>"#,
        num(WIDTH),
        num(height),
        d.background
    );
    s.push_str(body);
    s.push_str("</svg>");
    s
}

/// Axis title (the unit) at top left, wrapped to the chart width; returns its height.
fn axis_title(out: &mut String, d: &Data, x: f64, y: f64) -> f64 {
    let Some(title) = d.axis_title() else {
        return 0.0;
    };
    let lines = wrap(title, WIDTH - 2.0 * x, LABEL_FONT);
    text_el(out, x, y + LABEL_FONT, "start", LABEL_FONT, &lines);
    lines.len() as f64 * LABEL_FONT * LEADING + 8.0
}

// ---------------------------------------------------------------------------
// Line chart

/// Plot area rectangle.
#[derive(Debug, Clone, Copy)]
struct Plot {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Plot {
    fn width(&self) -> f64 {
        self.right - self.left
    }
    fn height(&self) -> f64 {
        self.bottom - self.top
    }
    /// x of period `i` of `n`: centre of its band, so end labels fit.
    fn x_at(&self, i: usize, n: usize) -> f64 {
        self.left + (i as f64 + 0.5) * self.width() / n.max(1) as f64
    }
    fn y_at(&self, scale: &Scale, v: f64) -> f64 {
        self.bottom - scale.frac(v) * self.height()
    }
}

/// A direct label at the end of a line: wrapped name, the x of the line's
/// last point (none without data), wanted and final centre y.
#[derive(Debug, Clone)]
struct EndLabel {
    row: usize,
    lines: Vec<String>,
    from_x: Option<f64>,
    want: f64,
    y: f64,
}

impl EndLabel {
    fn height(&self) -> f64 {
        self.lines.len() as f64 * LABEL_FONT * LEADING
    }
}

/// Widest a direct label may be before it wraps.
const END_LABEL_MAX: f64 = 150.0;
/// Room before the label text for its marker sample.
const END_LABEL_KEY: f64 = 30.0;

fn line_body(d: &Data) -> (String, f64) {
    let mut out = String::new();
    let title_h = axis_title(&mut out, d, 8.0, 6.0);
    let scale = line_scale(d);
    let plot = line_plot(d, &scale, title_h);
    y_grid(&mut out, d, &scale, &plot);
    x_labels(&mut out, d, &plot);
    // Home series last, so it is drawn on top.
    let mut order: Vec<usize> = (0..d.rows.len()).collect();
    order.sort_by_key(|&i| d.rows[i].style.home);
    for &i in &order {
        series_line(&mut out, d, &d.rows[i], &scale, &plot);
    }
    end_labels(&mut out, d, &scale, &plot);
    (out, LINE_HEIGHT)
}

fn line_scale(d: &Data) -> Scale {
    let (lo, hi) = d
        .all_values()
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    Scale::new(lo, hi, 5)
}

fn line_plot(d: &Data, scale: &Scale, title_h: f64) -> Plot {
    let tick_w = scale
        .ticks()
        .iter()
        .map(|&t| text_width(&scale.tick_label(t, d.percent), TICK_FONT))
        .fold(0.0, f64::max);
    let label_w = d
        .rows
        .iter()
        .flat_map(|r| wrap(&r.name, END_LABEL_MAX, LABEL_FONT))
        .map(|l| text_width(&l, LABEL_FONT))
        .fold(0.0, f64::max);
    let right_room = if d.rows.is_empty() {
        16.0
    } else {
        END_LABEL_KEY + label_w + 8.0
    };
    Plot {
        left: (tick_w + 16.0).max(32.0),
        top: 14.0 + title_h,
        right: WIDTH - right_room,
        bottom: LINE_HEIGHT - 34.0,
    }
}

/// Horizontal gridlines with tick labels; the zero line is drawn as the axis.
fn y_grid(out: &mut String, d: &Data, scale: &Scale, plot: &Plot) {
    for t in scale.ticks() {
        let y = plot.y_at(scale, t);
        let (colour, width) = if t == 0.0 {
            (&d.text, 1.5)
        } else {
            (&d.grid, 1.0)
        };
        let _ = write!(
            out,
            r#"<path d="M{} {}H{}" stroke="{}" stroke-width="{}" fill="none"/>"#,
            num(plot.left),
            num(y),
            num(plot.right),
            colour,
            num(width)
        );
        let label = [scale.tick_label(t, d.percent)];
        let y = y + centre_baseline(TICK_FONT);
        text_el(out, plot.left - 8.0, y, "end", TICK_FONT, &label);
    }
}

/// Period labels under the plot, thinned (keeping the last) if they would collide.
fn x_labels(out: &mut String, d: &Data, plot: &Plot) {
    let n = d.labels.len();
    if n == 0 {
        return;
    }
    let band = plot.width() / n as f64;
    let widest = d
        .labels
        .iter()
        .map(|l| text_width(l, TICK_FONT) + 8.0)
        .fold(0.0, f64::max);
    let every = ((widest / band).ceil() as usize).clamp(1, n);
    for (i, label) in d.labels.iter().enumerate() {
        if !(n - 1 - i).is_multiple_of(every) {
            continue;
        }
        let y = plot.bottom + 8.0 + TICK_FONT;
        text_el(
            out,
            plot.x_at(i, n),
            y,
            "middle",
            TICK_FONT,
            std::slice::from_ref(label),
        );
    }
}

/// One series: its line (broken at missing values), then its markers.
fn series_line(out: &mut String, d: &Data, row: &Row, scale: &Scale, plot: &Plot) {
    let n = row.values.len();
    let mut path = String::new();
    let mut pen_down = false;
    for (i, v) in row.values.iter().enumerate() {
        match v {
            Some(v) => {
                let cmd = if pen_down { 'L' } else { 'M' };
                let (x, y) = (plot.x_at(i, n), plot.y_at(scale, *v));
                let _ = write!(path, "{cmd}{} {}", num(x), num(y));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    let st = &row.style;
    let dash = DASHES[st.slot % DASHES.len()];
    let _ = write!(out, r#"<g stroke="{}" fill="none""#, st.colour);
    if !dash.is_empty() {
        let _ = write!(out, r#" stroke-dasharray="{dash}""#);
    }
    let width = if st.home { 3.5 } else { 2.0 };
    let _ = write!(
        out,
        r#" stroke-width="{}" stroke-linejoin="round"><path d="{}"/></g>"#,
        num(width),
        path
    );
    for (i, v) in row.values.iter().enumerate() {
        if let Some(v) = v {
            let (x, y) = (plot.x_at(i, n), plot.y_at(scale, *v));
            marker(out, st, &d.background, x, y);
        }
    }
}

/// Draws the style's marker centred on (x, y), ringed in the background
/// colour so it stays visible where lines cross.
fn marker(out: &mut String, st: &Style, bg: &str, x: f64, y: f64) {
    let r = if st.home { 5.5 } else { 4.5 };
    let shape = MARKERS[st.slot % MARKERS.len()];
    let c = &st.colour;
    let filled =
        |d: String| format!(r#"<path d="{d}" fill="{c}" stroke="{bg}" stroke-width="1"/>"#);
    let stroked = |d: String| {
        format!(
            r#"<path d="{d}" fill="none" stroke="{c}" stroke-width="2.5" stroke-linecap="square"/>"#
        )
    };
    let svg = match shape {
        Marker::Circle => format!(
            r#"<circle cx="{}" cy="{}" r="{}" fill="{c}" stroke="{bg}" stroke-width="1"/>"#,
            num(x),
            num(y),
            num(r)
        ),
        Marker::Square => filled(polygon(x, y, &square(r * 0.9))),
        Marker::Triangle => filled(polygon(x, y, &triangle(r * 1.2, false))),
        Marker::TriangleDown => filled(polygon(x, y, &triangle(r * 1.2, true))),
        Marker::Diamond => filled(polygon(x, y, &diamond(r * 1.25))),
        Marker::Star => filled(polygon(x, y, &star(r * 1.35))),
        Marker::Cross => stroked(cross(x, y, r * 0.85, true)),
        Marker::Plus => stroked(cross(x, y, r * 1.1, false)),
    };
    out.push_str(&svg);
}

fn polygon(x: f64, y: f64, pts: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (px, py)) in pts.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{cmd}{} {}", num(x + px), num(y + py));
    }
    d.push('Z');
    d
}

fn square(h: f64) -> Vec<(f64, f64)> {
    vec![(-h, -h), (h, -h), (h, h), (-h, h)]
}

fn triangle(r: f64, down: bool) -> Vec<(f64, f64)> {
    let s = if down { -1.0 } else { 1.0 };
    vec![
        (0.0, -r * s),
        (r * 0.9, r * 0.6 * s),
        (-r * 0.9, r * 0.6 * s),
    ]
}

fn diamond(r: f64) -> Vec<(f64, f64)> {
    vec![(0.0, -r), (r * 0.8, 0.0), (0.0, r), (-r * 0.8, 0.0)]
}

fn star(r: f64) -> Vec<(f64, f64)> {
    (0..10)
        .map(|i| {
            let rad = if i % 2 == 0 { r } else { r * 0.45 };
            let a = std::f64::consts::PI * (i as f64) / 5.0;
            (rad * a.sin(), -rad * a.cos())
        })
        .collect()
}

/// A diagonal cross (×) or an upright plus (+) as two strokes.
fn cross(x: f64, y: f64, r: f64, diagonal: bool) -> String {
    if diagonal {
        format!(
            "M{} {}L{} {}M{} {}L{} {}",
            num(x - r),
            num(y - r),
            num(x + r),
            num(y + r),
            num(x - r),
            num(y + r),
            num(x + r),
            num(y - r)
        )
    } else {
        format!(
            "M{} {}H{}M{} {}V{}",
            num(x - r),
            num(y),
            num(x + r),
            num(x),
            num(y - r),
            num(y + r)
        )
    }
}

/// Names at the right of the plot, beside each line's last value, nudged so
/// they never overlap, each with a marker-and-dash sample.
fn end_labels(out: &mut String, d: &Data, scale: &Scale, plot: &Plot) {
    let mut labels: Vec<EndLabel> = (0..d.rows.len())
        .map(|i| end_label_for(d, i, scale, plot))
        .collect();
    labels.sort_by(|a, b| a.want.total_cmp(&b.want).then(a.row.cmp(&b.row)));
    // Stay above the period labels, whose last one may spill past the plot.
    spread(&mut labels, plot.top - 8.0, plot.bottom + 4.0);
    for l in &labels {
        end_label(out, d, l, plot);
    }
}

/// The label for row `i`, wanted beside its last value (or the baseline).
fn end_label_for(d: &Data, i: usize, scale: &Scale, plot: &Plot) -> EndLabel {
    let row = &d.rows[i];
    let n = row.values.len();
    let last = (0..n).rev().find_map(|k| Some((k, row.values[k]?)));
    let want = last.map_or(plot.bottom, |(_, v)| plot.y_at(scale, v));
    // A series with no data still gets its key, but says so.
    let name = match last {
        Some(_) => row.name.clone(),
        None => format!("{} (no data)", row.name.trim()),
    };
    EndLabel {
        row: i,
        lines: wrap(&name, END_LABEL_MAX, LABEL_FONT),
        from_x: last.map(|(k, _)| plot.x_at(k, n)),
        want,
        y: want,
    }
}

/// Moves labels (sorted by wanted centre) apart: overlapping labels merge
/// into clusters centred on the mean of what they want, then clusters are
/// kept inside `[lo, hi]`.
fn spread(labels: &mut [EndLabel], lo: f64, hi: f64) {
    const GAP: f64 = 2.0;
    // Each cluster: (first index, end index, top y).
    let mut clusters: Vec<(usize, usize, f64)> = Vec::new();
    for i in 0..labels.len() {
        clusters.push((i, i + 1, labels[i].want - labels[i].height() / 2.0));
        while let [.., (a0, a1, a_top), (_, b1, b_top)] = clusters[..] {
            if a_top + stack_height(&labels[a0..a1], GAP) + GAP <= b_top {
                break;
            }
            clusters.truncate(clusters.len() - 2);
            clusters.push((a0, b1, ideal_top(labels, a0, b1, GAP)));
        }
    }
    for (start, end, top) in clusters {
        let mut y = top;
        for l in &mut labels[start..end] {
            l.y = y + l.height() / 2.0;
            y += l.height() + GAP;
        }
    }
    clamp_stack(labels, lo, hi, GAP);
}

fn stack_height(labels: &[EndLabel], gap: f64) -> f64 {
    labels.iter().map(|l| l.height() + gap).sum::<f64>() - gap
}

/// Top of a stacked cluster that best matches its members' wanted centres.
fn ideal_top(labels: &[EndLabel], start: usize, end: usize, gap: f64) -> f64 {
    let mut offset = 0.0;
    let mut sum = 0.0;
    for l in &labels[start..end] {
        sum += l.want - (offset + l.height() / 2.0);
        offset += l.height() + gap;
    }
    sum / (end - start) as f64
}

/// Pushes labels down past `lo` and each other, then up from `hi`.
fn clamp_stack(labels: &mut [EndLabel], lo: f64, hi: f64, gap: f64) {
    let mut floor = lo;
    for l in labels.iter_mut() {
        let half = l.height() / 2.0;
        l.y = l.y.max(floor + half);
        floor = l.y + half + gap;
    }
    let mut ceiling = hi;
    for l in labels.iter_mut().rev() {
        let half = l.height() / 2.0;
        l.y = l.y.min(ceiling - half);
        ceiling = l.y - half - gap;
    }
}

/// Centre y of a label's first line, where its marker sample sits.
fn first_line_y(l: &EndLabel) -> f64 {
    l.y - l.height() / 2.0 + LABEL_FONT * LEADING / 2.0
}

fn end_label(out: &mut String, d: &Data, l: &EndLabel, plot: &Plot) {
    let row = &d.rows[l.row];
    let x0 = plot.right + 4.0;
    let st = &row.style;
    // A thin leader in the series colour runs from the line's last point to
    // the label, so a label nudged away from its line still points at it.
    if let Some(from_x) = l.from_x {
        let _ = write!(
            out,
            r#"<path d="M{} {}L{} {}" stroke="{}" stroke-width="1" fill="none"/>"#,
            num(from_x + 9.0),
            num(l.want),
            num(x0 + 6.0),
            num(first_line_y(l)),
            st.colour
        );
    }
    let sample_w = if st.home { 3.5 } else { 2.0 };
    let dash = DASHES[st.slot % DASHES.len()];
    let dash_attr = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    let first_line_y = first_line_y(l);
    let _ = write!(
        out,
        r#"<path d="M{} {}H{}" stroke="{}" stroke-width="{}"{} fill="none"/>"#,
        num(x0 + 8.0),
        num(first_line_y),
        num(x0 + END_LABEL_KEY - 4.0),
        st.colour,
        num(sample_w),
        dash_attr
    );
    marker(
        out,
        st,
        &d.background,
        x0 + 8.0 + (END_LABEL_KEY - 12.0) / 2.0,
        first_line_y,
    );
    let baseline = first_line_y + centre_baseline(LABEL_FONT);
    text_el(
        out,
        x0 + END_LABEL_KEY + 2.0,
        baseline,
        "start",
        LABEL_FONT,
        &l.lines,
    );
}

// ---------------------------------------------------------------------------
// Bar chart

/// Fill patterns by style slot for grouped bars (slot 0 is solid).
#[derive(Debug, Clone, Copy)]
enum Fill {
    Solid,
    Diagonal,
    Dots,
    Cross,
    Horizontal,
    BackDiagonal,
    Vertical,
    Grid,
}

const FILLS: [Fill; 8] = [
    Fill::Solid,
    Fill::Diagonal,
    Fill::Dots,
    Fill::Cross,
    Fill::Horizontal,
    Fill::BackDiagonal,
    Fill::Vertical,
    Fill::Grid,
];

/// Geometry shared by the bar-chart drawing steps.
#[derive(Debug)]
struct BarLayout {
    plot: Plot,
    scale: Scale,
    label_lines: Vec<Vec<String>>,
    label_right: f64,
    group_tops: Vec<f64>,
    bar_h: f64,
    height: f64,
}

const BAR_LABEL_MAX: f64 = 200.0;
const BAR_GAP: f64 = 2.0;
const GROUP_GAP: f64 = 14.0;

fn bar_body(d: &Data) -> (String, f64) {
    let mut out = String::new();
    if d.rows.len() > 1 {
        out.push_str(&pattern_defs(d));
    }
    let mut top = 8.0 + axis_title(&mut out, d, 8.0, 6.0);
    if d.rows.len() > 1 {
        top += legend(&mut out, d, top);
    }
    let layout = bar_layout(d, top);
    x_grid(&mut out, d, &layout);
    for (g, lines) in layout.label_lines.iter().enumerate() {
        bar_group(&mut out, d, &layout, g, lines);
    }
    (out, layout.height)
}

fn bar_layout(d: &Data, top: f64) -> BarLayout {
    let label_lines: Vec<Vec<String>> = d
        .labels
        .iter()
        .map(|l| wrap(l, BAR_LABEL_MAX, LABEL_FONT))
        .collect();
    let label_w = label_lines
        .iter()
        .flatten()
        .map(|l| text_width(l, LABEL_FONT))
        .fold(0.0, f64::max);
    let k = d.rows.len().max(1) as f64;
    let bar_h = if k > 1.0 { 18.0 } else { 24.0 };
    let bars_h = k * bar_h + (k - 1.0) * BAR_GAP;
    let mut group_tops = Vec::new();
    let mut y = top + 6.0;
    for lines in &label_lines {
        group_tops.push(y);
        let text_h = lines.len() as f64 * LABEL_FONT * LEADING;
        y += bars_h.max(text_h) + GROUP_GAP;
    }
    let bottom = y - GROUP_GAP + 6.0;
    let (lo, hi) = bar_extent(d);
    let scale = Scale::new(lo, hi, 5);
    let room = value_room(d);
    let label_right = 8.0 + label_w;
    // Negative bars need room left of their ends for value labels.
    let left = label_right + 12.0 + if scale.lo < 0.0 { room } else { 0.0 };
    let plot = Plot {
        left,
        top,
        right: WIDTH - room.max(24.0),
        bottom,
    };
    BarLayout {
        plot,
        scale,
        label_lines,
        label_right,
        group_tops,
        bar_h,
        height: bottom + 28.0,
    }
}

fn bar_extent(d: &Data) -> (f64, f64) {
    d.all_values()
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// Width to reserve beyond the bar ends for value labels.
fn value_room(d: &Data) -> f64 {
    d.all_values()
        .map(|v| text_width(&d.show(v), TICK_FONT))
        .chain(std::iter::once(text_width("No data", TICK_FONT)))
        .fold(0.0, f64::max)
        + 10.0
}

/// Vertical gridlines with value ticks under the bars; zero is the axis.
fn x_grid(out: &mut String, d: &Data, lay: &BarLayout) {
    let p = &lay.plot;
    for t in lay.scale.ticks() {
        let x = p.left + lay.scale.frac(t) * p.width();
        let (colour, width) = if t == 0.0 {
            (&d.text, 1.5)
        } else {
            (&d.grid, 1.0)
        };
        let _ = write!(
            out,
            r#"<path d="M{} {}V{}" stroke="{}" stroke-width="{}" fill="none"/>"#,
            num(x),
            num(p.top),
            num(p.bottom),
            colour,
            num(width)
        );
        let label = [lay.scale.tick_label(t, d.percent)];
        text_el(
            out,
            x,
            p.bottom + 8.0 + TICK_FONT,
            "middle",
            TICK_FONT,
            &label,
        );
    }
}

/// One category: its label on the left and one bar per series.
fn bar_group(out: &mut String, d: &Data, lay: &BarLayout, g: usize, lines: &[String]) {
    let k = d.rows.len().max(1) as f64;
    let bars_h = k * lay.bar_h + (k - 1.0) * BAR_GAP;
    let text_h = lines.len() as f64 * LABEL_FONT * LEADING;
    let group_h = bars_h.max(text_h);
    let top = lay.group_tops[g];
    let first_baseline =
        top + (group_h - text_h) / 2.0 + LABEL_FONT * LEADING / 2.0 + centre_baseline(LABEL_FONT);
    text_el(
        out,
        lay.label_right,
        first_baseline,
        "end",
        LABEL_FONT,
        lines,
    );
    let bars_top = top + (group_h - bars_h) / 2.0;
    for (s, row) in d.rows.iter().enumerate() {
        let y = bars_top + s as f64 * (lay.bar_h + BAR_GAP);
        bar(out, d, lay, row, row.values.get(g).copied().flatten(), y);
    }
}

/// One bar from zero to `v`, with its value label just past the end.
fn bar(out: &mut String, d: &Data, lay: &BarLayout, row: &Row, v: Option<f64>, y: f64) {
    let p = &lay.plot;
    let x0 = p.left + lay.scale.frac(0.0) * p.width();
    let mid = y + lay.bar_h / 2.0 + centre_baseline(TICK_FONT);
    let Some(v) = v else {
        text_el(out, x0 + 6.0, mid, "start", TICK_FONT, &["No data".into()]);
        return;
    };
    let x1 = p.left + lay.scale.frac(v) * p.width();
    let (x, w) = (x0.min(x1), (x1 - x0).abs());
    let fill = bar_fill(d, &row.style);
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"/>"#,
        num(x),
        num(y),
        num(w),
        num(lay.bar_h),
        fill,
        row.style.colour
    );
    let (tx, anchor) = if v < 0.0 {
        (x1 - 6.0, "end")
    } else {
        (x1 + 6.0, "start")
    };
    text_el(out, tx, mid, anchor, TICK_FONT, &[d.show(v)]);
}

fn bar_fill(d: &Data, st: &Style) -> String {
    match FILLS[st.slot % FILLS.len()] {
        Fill::Solid => st.colour.clone(),
        _ if d.rows.len() > 1 => format!("url(#{}-fill-{})", d.id, st.slot),
        _ => st.colour.clone(),
    }
}

/// `<defs>` with one hatch pattern per patterned series, ids prefixed by
/// the chart id so several charts can share one HTML page.
fn pattern_defs(d: &Data) -> String {
    let mut s = String::from("<defs>");
    for row in &d.rows {
        let st = &row.style;
        let shapes = match FILLS[st.slot % FILLS.len()] {
            Fill::Solid => continue,
            Fill::Diagonal => hatch("M-2 2L2 -2M0 8L8 0M6 10L10 6", &st.colour),
            Fill::BackDiagonal => hatch("M-2 6L2 10M0 0L8 8M6 -2L10 2", &st.colour),
            Fill::Horizontal => hatch("M0 4H8", &st.colour),
            Fill::Vertical => hatch("M4 0V8", &st.colour),
            Fill::Cross => hatch("M0 0L8 8M8 0L0 8", &st.colour),
            Fill::Grid => hatch("M0 4H8M4 0V8", &st.colour),
            Fill::Dots => format!(r#"<circle cx="4" cy="4" r="2" fill="{}"/>"#, st.colour),
        };
        let _ = write!(
            s,
            r#"<pattern id="{}-fill-{}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{}"/>{}</pattern>"#,
            d.id, st.slot, d.background, shapes
        );
    }
    s.push_str("</defs>");
    s
}

fn hatch(path: &str, colour: &str) -> String {
    format!(r#"<path d="{path}" stroke="{colour}" stroke-width="2" fill="none"/>"#)
}

/// Legend row(s) of swatch + name for grouped bars; returns its height.
fn legend(out: &mut String, d: &Data, top: f64) -> f64 {
    let row_h = LABEL_FONT * LEADING + 6.0;
    let (mut x, mut y) = (8.0, top);
    for row in &d.rows {
        let w = 22.0 + text_width(&row.name, LABEL_FONT) + 18.0;
        if x > 8.0 && x + w > WIDTH - 8.0 {
            x = 8.0;
            y += row_h;
        }
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="16" height="16" fill="{}" stroke="{}" stroke-width="1"/>"#,
            num(x),
            num(y),
            bar_fill(d, &row.style),
            row.style.colour
        );
        let baseline = y + 8.0 + centre_baseline(LABEL_FONT);
        text_el(
            out,
            x + 22.0,
            baseline,
            "start",
            LABEL_FONT,
            std::slice::from_ref(&row.name),
        );
        x += w;
    }
    y - top + row_h + 4.0
}

// ---------------------------------------------------------------------------
// Text alternatives

fn kind_name(d: &Data) -> &'static str {
    match d.spec.kind {
        ChartKind::Line => "Line chart",
        ChartKind::Bar => "Bar chart",
    }
}

/// "Line chart of <title> (<unit>), <first> to <last>. <values>"
fn alt_text(d: &Data) -> String {
    let mut s = format!("{} of {}", kind_name(d), d.spec.title.trim());
    if let Some(u) = d.axis_title() {
        if !d.spec.title.to_lowercase().contains(&u.to_lowercase()) {
            let _ = write!(s, " ({u})");
        }
    }
    if d.spec.kind == ChartKind::Line {
        match d.labels.len() {
            0 => {}
            1 => s += &format!(", {}", d.period(0)),
            n => s += &format!(", {} to {}", d.period(0), d.period(n - 1)),
        }
    }
    s.push_str(". ");
    s.push_str(&values_text(d));
    s.trim_end().to_string()
}

/// Every value, series by series. Lists use "; " when a value itself
/// contains a comma (thousands), so the list stays unambiguous.
fn values_text(d: &Data) -> String {
    if d.rows.is_empty() || d.labels.is_empty() {
        return "No data.".into();
    }
    let shown: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| {
            r.values
                .iter()
                .map(|v| v.map_or("no data".into(), |v| d.show(v)))
                .collect()
        })
        .collect();
    let sep = if shown.iter().flatten().any(|v| v.contains(',')) {
        "; "
    } else {
        ", "
    };
    let mut parts = Vec::new();
    for (row, vals) in d.rows.iter().zip(&shown) {
        let list: Vec<String> = match d.spec.kind {
            ChartKind::Line => vals.clone(),
            ChartKind::Bar => vals
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{} {v}", d.period(i)))
                .collect(),
        };
        parts.push(format!("{}: {}.", row.name.trim(), list.join(sep)));
    }
    parts.join(" ")
}

/// The focus series' story: first to last value, then its extremes.
fn describe(d: &Data) -> String {
    let Some(row) = d.focus() else {
        return "No data.".into();
    };
    let name = row.name.trim();
    let points: Vec<(usize, f64)> = row
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        return format!("No data for {name}.");
    };
    let hi = points
        .iter()
        .fold(first, |m, &p| if p.1 > m.1 { p } else { m });
    let lo = points
        .iter()
        .fold(first, |m, &p| if p.1 < m.1 { p } else { m });
    match d.spec.kind {
        ChartKind::Line => describe_trend(d, name, first, last, lo, hi),
        ChartKind::Bar => describe_bars(d, name, lo, hi),
    }
}

fn describe_trend(
    d: &Data,
    name: &str,
    first: (usize, f64),
    last: (usize, f64),
    lo: (usize, f64),
    hi: (usize, f64),
) -> String {
    let at = |p: (usize, f64)| format!("{} in {}", d.show(p.1), d.period(p.0));
    if first.0 == last.0 {
        return format!("{name}: {} (the only value).", at(first));
    }
    let mut s = if last.1 == first.1 {
        let (v, p1, p2) = (d.show(first.1), d.period(first.0), d.period(last.0));
        format!("{name} was {v} in both {p1} and {p2}.")
    } else {
        let verb = if last.1 > first.1 { "rose" } else { "fell" };
        format!("{name} {verb} from {} to {}.", at(first), at(last))
    };
    if hi.1 > lo.1 {
        let _ = write!(s, " Highest {}; lowest {}.", at(hi), at(lo));
    }
    s
}

fn describe_bars(d: &Data, name: &str, lo: (usize, f64), hi: (usize, f64)) -> String {
    let prefix = if d.rows.len() > 1 {
        format!("For {name}, highest")
    } else {
        "Highest".to_string()
    };
    if hi.1 > lo.1 {
        format!(
            "{prefix}: {} ({}); lowest: {} ({}).",
            d.period(hi.0),
            d.show(hi.1),
            d.period(lo.0),
            d.show(lo.1)
        )
    } else {
        format!("{prefix}: all values are {}.", d.show(hi.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minimal XML checker: tags balance, one root, quoted attributes,
    /// and every `&` in text or attributes starts a known entity.
    fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open]);
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "'<' inside tag: {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            check_text(tag);
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name.trim()), "mismatched </{name}>");
            } else {
                let name = tag.split_whitespace().next().expect("empty tag");
                let name = name.trim_end_matches('/');
                if stack.is_empty() {
                    roots += 1;
                }
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        assert_eq!(roots, 1, "expected exactly one root element");
    }

    fn check_text(s: &str) {
        for (i, _) in s.match_indices('&') {
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| s[i..].starts_with(e));
            assert!(ok, "bare & in {s:?}");
        }
    }

    /// Numbers inside attribute values have at most two decimals.
    fn assert_short_numbers(svg: &str) {
        for attr in svg.split('"').skip(1).step_by(2) {
            for token in attr.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                if let Some((_, frac)) = token.split_once('.') {
                    assert!(frac.len() <= 2, "long number {token} in {attr}");
                }
            }
        }
    }

    fn series(name: &str, values: &[Option<f64>], home: bool) -> Series {
        Series {
            name: name.into(),
            values: values.to_vec(),
            home,
        }
    }

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().copied().map(Some).collect()
    }

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("Sep-{}", 17 + i)).collect()
    }

    fn fte_spec() -> ChartSpec {
        let names = [
            "West Mercia",
            "National",
            "Statistical Family",
            "Herefordshire",
            "Shropshire",
            "Telford and Wrekin",
            "Worcestershire",
        ];
        let rows = [
            [408.0, 300.0, 222.0, 128.0, 98.0, 93.0],
            [306.0, 238.0, 208.0, 169.0, 148.0, 149.0],
            [290.0, 250.0, 200.0, 160.0, 140.0, 145.0],
            [210.0, 190.0, 170.0, 150.0, 120.0, 118.0],
            [350.0, 280.0, 240.0, 150.0, 110.0, 101.0],
            [380.0, 320.0, 250.0, 170.0, 130.0, 120.0],
            [420.0, 310.0, 200.0, 120.0, 95.0, 88.0],
        ];
        ChartSpec {
            kind: ChartKind::Line,
            id: "fte".into(),
            title: "First time entrants per 100,000 children aged 10 to 17".into(),
            unit: Some("per 100,000 children aged 10 to 17".into()),
            x_labels: labels(6),
            series: names
                .iter()
                .zip(rows)
                .enumerate()
                .map(|(i, (n, r))| series(n, &some(&r), i == 0))
                .collect(),
            palette: Palette::default(),
        }
    }

    fn bar_spec() -> ChartSpec {
        ChartSpec {
            kind: ChartKind::Bar,
            id: "ethnicity".into(),
            title: "Ethnicity".into(),
            unit: Some("%".into()),
            x_labels: [
                "White", "Mixed", "Asian", "Black", "Other", "Unknown", "None",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            series: vec![series(
                "West Mercia",
                &some(&[83.0, 6.5, 4.0, 3.0, 1.0, 2.5, 0.0]),
                true,
            )],
            palette: Palette::default(),
        }
    }

    #[test]
    fn line_chart_is_well_formed_and_accessible() {
        let c = render(&fte_spec());
        assert_well_formed(&c.svg);
        assert_short_numbers(&c.svg);
        assert!(c
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(c
            .svg
            .contains(r#"role="img" aria-labelledby="fte-title fte-desc""#));
        assert!(c
            .svg
            .contains(r#"<title id="fte-title">First time entrants"#));
        assert!(c.svg.contains(r#"<desc id="fte-desc">"#));
        assert!(c
            .svg
            .contains(r#"width="640" height="360" viewBox="0 0 640 360""#));
        assert!(c.svg.contains(r#"font-family="Atkinson Hyperlegible""#));
        assert!(!c.svg.contains("<style") && !c.svg.contains("href"));
    }

    #[test]
    fn alt_text_states_every_value() {
        let c = render(&fte_spec());
        assert!(c.alt.starts_with(
            "Line chart of First time entrants per 100,000 children aged 10 to 17, Sep-17 to Sep-22. "
        ));
        assert!(c.alt.contains("West Mercia: 408, 300, 222, 128, 98, 93."));
        assert!(c.alt.contains("National: 306, 238, 208, 169, 148, 149."));
        assert!(c
            .alt
            .contains("Worcestershire: 420, 310, 200, 120, 95, 88."));
        let bar = render(&bar_spec());
        assert!(bar.alt.contains("White 83%, Mixed 6.5%"), "{}", bar.alt);
        assert!(bar.alt.contains("None 0%."));
    }

    #[test]
    fn description_summarises_home_trend() {
        let c = render(&fte_spec());
        assert_eq!(
            c.description,
            "West Mercia fell from 408 in Sep-17 to 93 in Sep-22. \
             Highest 408 in Sep-17; lowest 93 in Sep-22."
        );
        let b = render(&bar_spec());
        assert_eq!(b.description, "Highest: White (83%); lowest: None (0%).");
    }

    #[test]
    fn text_is_escaped() {
        let nasty = "<script>&\"'";
        let mut spec = fte_spec();
        spec.title = nasty.into();
        spec.unit = Some(nasty.into());
        spec.x_labels[0] = nasty.into();
        spec.series[1].name = nasty.into();
        spec.id = "x\"><script>".into();
        for kind in [ChartKind::Line, ChartKind::Bar] {
            spec.kind = kind;
            let c = render(&spec);
            assert_well_formed(&c.svg);
            assert!(!c.svg.contains("<script"));
            assert!(c.svg.contains("&lt;script&gt;&amp;&quot;&#39;"));
            assert!(
                c.alt.contains(nasty),
                "alt is plain text, escaped by its user"
            );
        }
    }

    #[test]
    fn bad_palette_colours_never_reach_attributes() {
        let mut spec = fte_spec();
        spec.palette.text = "red\" onload=\"x".into();
        spec.palette.series = vec!["#zzz".into(), "#abc".into()];
        let c = render(&spec);
        assert_well_formed(&c.svg);
        assert!(!c.svg.contains("onload"));
        assert!(c.svg.contains("#aabbcc"));
        assert!(c.svg.contains(DEFAULT_SERIES[0]));
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(safe_id("fte-rate_1"), "fte-rate_1");
        assert_eq!(safe_id("1 bad\"id"), "chart-1-bad-id");
        assert_eq!(safe_id(""), "chart-");
    }

    #[test]
    fn eight_series_get_distinct_markers_dashes_and_colours() {
        let mut spec = fte_spec();
        spec.series.push(series("Eighth", &some(&[1.0; 6]), false));
        let d = Data::new(&spec);
        let mut seen = Vec::new();
        for r in &d.rows {
            let st = &r.style;
            let key = (MARKERS[st.slot], DASHES[st.slot], st.colour.clone());
            assert!(!seen.contains(&key), "repeated style {key:?}");
            seen.push(key);
        }
        for (i, m) in MARKERS.iter().enumerate() {
            assert!(!MARKERS[..i].contains(m));
            assert!(!DASHES[..i].contains(&DASHES[i]));
        }
        // The markers are all drawn: one per value per series, plus the key.
        let svg = render(&spec).svg;
        assert_eq!(svg.matches("<circle").count(), 6 + 1);
    }

    #[test]
    fn home_series_is_solid_thick_and_on_top() {
        let mut spec = fte_spec();
        spec.series.swap(0, 3);
        let d = Data::new(&spec);
        assert_eq!(d.rows[3].style.slot, 0);
        assert_eq!(d.rows[0].style.slot, 1);
        let svg = render(&spec).svg;
        let thick = svg.find(r#"stroke-width="3.5" stroke-linejoin"#).unwrap();
        let thin = svg.rfind(r#"stroke-width="2" stroke-linejoin"#).unwrap();
        assert!(thick > thin, "home line drawn last");
    }

    #[test]
    fn missing_values_break_the_line() {
        let mut spec = fte_spec();
        spec.series = vec![series("A", &[Some(1.0), Some(2.0), None, Some(3.0)], true)];
        spec.x_labels = labels(4);
        let svg = render(&spec).svg;
        let d = svg
            .split("<g stroke=")
            .nth(1)
            .and_then(|g| g.split("<path d=\"").nth(1))
            .and_then(|p| p.split('"').next())
            .unwrap();
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
    }

    #[test]
    fn ticks_are_nice() {
        for (hi, step, top) in [
            (408.0, 100.0, 500.0),
            (100.0, 20.0, 100.0),
            (0.12, 0.05, 0.15),
            (7.0, 2.0, 8.0),
            (1.0, 0.2, 1.0),
            (35.5, 10.0, 40.0),
        ] {
            let s = Scale::new(0.0, hi, 5);
            assert!((s.step - step).abs() < 1e-12, "{hi}: step {}", s.step);
            assert!((s.hi - top).abs() < 1e-9, "{hi}: top {}", s.hi);
            assert_eq!(s.lo, 0.0);
        }
        let s = Scale::new(0.0, 0.12, 5);
        let labels: Vec<String> = s.ticks().iter().map(|&t| s.tick_label(t, false)).collect();
        assert_eq!(labels, ["0", "0.05", "0.10", "0.15"]);
        let s = Scale::new(0.0, 408.0, 5);
        assert_eq!(s.tick_label(400.0, true), "400%");
        let s = Scale::new(-1200.0, 15000.0, 4);
        assert_eq!((s.lo, s.hi, s.step), (-5000.0, 15000.0, 5000.0));
        assert_eq!(s.tick_label(-5000.0, false), "-5,000");
        for raw in [0.0003, 0.7, 3.0, 42.0, 999.0, 1e9] {
            let m = nice_step(raw) / 10f64.powf(nice_step(raw).log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|x| (x - m).abs() < 1e-9),
                "{raw}"
            );
        }
    }

    #[test]
    fn values_keep_only_needed_decimals() {
        assert_eq!(fmt_value(0.08), "0.08");
        assert_eq!(fmt_value(93.0), "93");
        assert_eq!(fmt_value(6.5), "6.5");
        assert_eq!(fmt_value(0.1 + 0.2), "0.3");
        assert_eq!(fmt_value(-0.0), "0");
        assert_eq!(fmt_value(12345.5), "12,345.5");
        assert_eq!(fmt_value(-1200.0), "-1,200");
        assert_eq!(fmt_value(1e300), "1e300");
        assert_eq!(num(1.005), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(2.5), "2.5");
    }

    #[test]
    fn flat_and_empty_series_are_described_plainly() {
        let mut spec = fte_spec();
        spec.series = vec![
            series("A", &some(&[5.0, 7.0, 5.0]), true),
            series("B", &[None, None, None], false),
        ];
        spec.x_labels = labels(3);
        let c = render(&spec);
        assert_eq!(
            c.description,
            "A was 5 in both Sep-17 and Sep-19. Highest 7 in Sep-18; lowest 5 in Sep-17."
        );
        assert!(c.svg.contains(">B (no data)</text>"));
        assert!(c.alt.ends_with("B: no data, no data, no data."));
    }

    #[test]
    fn thousands_use_semicolons_in_lists() {
        let mut spec = fte_spec();
        spec.series = vec![series("A", &some(&[1200.0, 3400.0]), true)];
        spec.x_labels = labels(2);
        assert!(render(&spec).alt.ends_with("A: 1,200; 3,400."));
    }

    #[test]
    fn end_labels_never_overlap() {
        let label = |want: f64, lines: usize| EndLabel {
            row: 0,
            lines: vec![String::new(); lines],
            from_x: None,
            want,
            y: want,
        };
        let mut ls = vec![
            label(100.0, 1),
            label(100.0, 2),
            label(101.0, 1),
            label(102.0, 1),
            label(300.0, 1),
            label(355.0, 1),
            label(356.0, 1),
        ];
        spread(&mut ls, 20.0, 356.0);
        for w in ls.windows(2) {
            let gap = (w[1].y - w[1].height() / 2.0) - (w[0].y + w[0].height() / 2.0);
            assert!(gap >= 1.99, "overlap: {gap}");
        }
        assert!(ls.iter().all(|l| l.y + l.height() / 2.0 <= 356.0 + 1e-9));
        assert!(ls.iter().all(|l| l.y - l.height() / 2.0 >= 20.0 - 1e-9));
        // A lone label stays exactly where it wants to be.
        assert_eq!(ls[4].y, 300.0);
    }

    #[test]
    fn degenerate_inputs_still_give_valid_svg() {
        let nums = [
            vec![],
            vec![None, None],
            some(&[0.0, 0.0]),
            some(&[5.0]),
            some(&[-3.0, -7.5]),
            some(&[1e308, f64::MAX, -f64::MAX]),
            vec![Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY)],
            some(&[1e-9, 2e-9]),
        ];
        for kind in [ChartKind::Line, ChartKind::Bar] {
            for n_labels in [0, 1, 3, 40] {
                for values in &nums {
                    for n_series in [0, 1, 9] {
                        let spec = ChartSpec {
                            kind,
                            id: String::new(),
                            title: String::new(),
                            unit: None,
                            x_labels: labels(n_labels),
                            series: (0..n_series)
                                .map(|i| series(&format!("S{i}"), values, i == 0))
                                .collect(),
                            palette: Palette {
                                text: String::new(),
                                background: "#fff".into(),
                                grid: "nope".into(),
                                series: vec![],
                            },
                        };
                        let c = render(&spec);
                        assert_well_formed(&c.svg);
                        assert_short_numbers(&c.svg);
                        for s in [&c.svg, &c.alt, &c.description] {
                            assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
                        }
                        assert!(!c.alt.is_empty() && !c.description.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        for spec in [fte_spec(), bar_spec()] {
            assert_eq!(render(&spec).svg, render(&spec).svg);
        }
    }

    #[test]
    fn bar_height_grows_with_bars() {
        let mut spec = bar_spec();
        let h7 = Data::new(&spec);
        let (_, seven) = bar_body(&h7);
        spec.x_labels.truncate(4);
        spec.series[0].values.truncate(4);
        let (_, four) = bar_body(&Data::new(&spec));
        assert!(seven > four && four > 100.0, "{seven} vs {four}");
        let svg = render(&spec).svg;
        assert!(svg.contains(&format!(r#"height="{}""#, num(four))));
    }

    #[test]
    fn grouped_bars_have_patterns_and_legend() {
        let mut spec = bar_spec();
        spec.series
            .push(series("National", &some(&[80.0; 7]), false));
        spec.series.push(series("Family", &some(&[70.0; 7]), false));
        let c = render(&spec);
        assert_well_formed(&c.svg);
        assert!(c.svg.contains(r#"<pattern id="ethnicity-fill-1""#));
        assert!(c.svg.contains(r#"fill="url(#ethnicity-fill-2)""#));
        assert!(c.svg.contains(">National</text>") && c.svg.contains(">Family</text>"));
        assert!(c
            .description
            .starts_with("For West Mercia, highest: White (83%)"));
    }

    #[test]
    fn contrast_ratio_known_values() {
        let close = |a: &str, b: &str, want: f64| {
            let got = contrast_ratio(a, b).unwrap();
            assert!((got - want).abs() < 0.01, "{a} {b}: {got}");
        };
        close("#000", "#fff", 21.0);
        close("#ffffff", "#000000", 21.0);
        close("#777777", "#ffffff", 4.48);
        close("#0b0c0c", "#ffffff", 19.59);
        close("#abc", "#aabbcc", 1.0);
        assert_eq!(contrast_ratio("red", "#fff"), None);
        assert_eq!(contrast_ratio("#12345", "#fff"), None);
        assert_eq!(contrast_ratio("#ggg", "#fff"), None);
    }

    #[test]
    fn default_series_reach_three_to_one_on_white() {
        for c in DEFAULT_SERIES {
            let r = contrast_ratio(c, "#ffffff").unwrap();
            assert!(r >= 3.0, "{c} only {r:.2}:1");
        }
        let p = Palette::default();
        assert!(contrast_ratio(&p.text, &p.background).unwrap() >= 4.5);
    }

    #[test]
    fn sample_palette_contrast() {
        // The GOV.UK sample palette all passes 3:1; its orange would not.
        let sample = [
            "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197",
        ];
        for c in sample {
            assert!(contrast_ratio(c, "#ffffff").unwrap() >= 3.0, "{c}");
        }
        assert!(contrast_ratio("#f47738", "#ffffff").unwrap() < 3.0);
    }
}
