//! The bar chart: takes the cleaned chart data and gives the SVG body of a
//! horizontal bar chart and its height. It lays out one group of bars per
//! category (one bar per series) with wrapped category labels, value
//! gridlines and ticks, a value label past each bar end (the table's text),
//! and, when there are several series, a hatch or dot fill pattern per
//! series and a legend. A narrow chart puts each category's label above its
//! bars, so the bars keep the chart's whole width.

use super::axis::{Plot, Scale};
use super::svg::{axis_title, centre_baseline, num, text_el, text_width, wrap};
use super::{Data, Row, Style, LABEL_FONT, LEADING, TICK_FONT};
use std::fmt::Write;

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

/// The bar chart's SVG body and its height.
pub(super) fn bar_body(d: &Data) -> (String, f64) {
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

/// Height of a category's group: its bars beside its label, or below it when narrow.
fn group_height(d: &Data, bars_h: f64, lines: &[String]) -> f64 {
    let text_h = lines.len() as f64 * LABEL_FONT * LEADING;
    if d.narrow() {
        text_h + bars_h
    } else {
        bars_h.max(text_h)
    }
}

fn bar_layout(d: &Data, top: f64) -> BarLayout {
    let label_max = if d.narrow() {
        d.width - 16.0
    } else {
        BAR_LABEL_MAX
    };
    let label_lines: Vec<Vec<String>> = d
        .labels
        .iter()
        .map(|l| wrap(l, label_max, LABEL_FONT))
        .collect();
    let label_w = if d.narrow() {
        0.0
    } else {
        label_lines
            .iter()
            .flatten()
            .map(|l| text_width(l, LABEL_FONT))
            .fold(0.0, f64::max)
    };
    let k = d.rows.len().max(1) as f64;
    let bar_h = if k > 1.0 { 18.0 } else { 24.0 };
    let bars_h = k * bar_h + (k - 1.0) * BAR_GAP;
    let mut group_tops = Vec::new();
    let mut y = top + 6.0;
    for lines in &label_lines {
        group_tops.push(y);
        y += group_height(d, bars_h, lines) + GROUP_GAP;
    }
    let bottom = y - GROUP_GAP + 6.0;
    let (lo, hi) = bar_extent(d);
    let scale = Scale::new(lo, hi, 5);
    let room = value_room(d);
    // Narrow: the bars start past half a tick label's width, so "0%" under the axis fits.
    let label_right = if d.narrow() { 16.0 } else { 8.0 + label_w };
    // Negative bars need room left of their ends for value labels.
    let gutter = if d.narrow() { 0.0 } else { 12.0 };
    let left = label_right + gutter + if scale.lo < 0.0 { room } else { 0.0 };
    let plot = Plot {
        left,
        top,
        right: d.width - room.max(24.0),
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
    d.rows
        .iter()
        .flat_map(|r| (0..r.values.len()).filter_map(|i| d.shown(r, i)))
        .map(|v| text_width(&v, TICK_FONT))
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
    let group_h = group_height(d, bars_h, lines);
    let top = lay.group_tops[g];
    let line_mid = LABEL_FONT * LEADING / 2.0 + centre_baseline(LABEL_FONT);
    let bars_top = if d.narrow() {
        // Above its bars, across the gridlines: a halo in the background colour keeps it legible.
        let mut label = String::new();
        text_el(
            &mut label,
            lay.label_right + 4.0,
            top + line_mid,
            "start",
            LABEL_FONT,
            lines,
        );
        let halo = format!(
            r#"<text stroke="{}" stroke-width="4" stroke-linejoin="round" paint-order="stroke" "#,
            d.background
        );
        out.push_str(&label.replacen("<text ", &halo, 1));
        top + text_h
    } else {
        let first_baseline = top + (group_h - text_h) / 2.0 + line_mid;
        text_el(
            out,
            lay.label_right,
            first_baseline,
            "end",
            LABEL_FONT,
            lines,
        );
        top + (group_h - bars_h) / 2.0
    };
    for (s, row) in d.rows.iter().enumerate() {
        let y = bars_top + s as f64 * (lay.bar_h + BAR_GAP);
        bar(out, d, lay, row, g, y);
    }
}

/// Bar `g` of `row` from zero to its value, with the value as the table
/// prints it just past the end; a figure that is not a number is written
/// in place of its bar.
fn bar(out: &mut String, d: &Data, lay: &BarLayout, row: &Row, g: usize, y: f64) {
    let p = &lay.plot;
    let x0 = p.left + lay.scale.frac(0.0) * p.width();
    let mid = y + lay.bar_h / 2.0 + centre_baseline(TICK_FONT);
    let shown = d.shown(row, g).unwrap_or_else(|| "No data".into());
    let Some(v) = row.values.get(g).copied().flatten() else {
        text_el(out, x0 + 6.0, mid, "start", TICK_FONT, &[shown]);
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
    text_el(out, tx, mid, anchor, TICK_FONT, &[shown]);
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
        if x > 8.0 && x + w > d.width - 8.0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::render;
    use crate::charts::tests::{assert_well_formed, bar_spec, series, some};

    #[test]
    fn bar_height_grows_with_bars() {
        let mut spec = bar_spec();
        let h7 = Data::new(&spec, crate::charts::WIDTH);
        let (_, seven) = bar_body(&h7);
        spec.x_labels.truncate(4);
        spec.series[0].values.truncate(4);
        let (_, four) = bar_body(&Data::new(&spec, crate::charts::WIDTH));
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
}
