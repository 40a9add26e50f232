//! The line chart: takes the cleaned chart data and gives the SVG body of a
//! line chart and its height. It draws a "nice" value scale with gridlines
//! and tick labels, period labels along the bottom, one line per series
//! (broken at missing values) with a marker at every value, and a direct
//! label at the end of each line, nudged so labels never overlap.

use super::axis::{Plot, Scale};
use super::svg::{axis_title, centre_baseline, num, text_el, text_width, wrap};
use super::{Data, Row, Style, LABEL_FONT, LEADING, TICK_FONT, WIDTH};
use std::fmt::Write;

mod marker;
use marker::*;

/// Height of line charts in px.
const LINE_HEIGHT: f64 = 360.0;

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

/// The line chart's SVG body and its height.
pub(super) fn line_body(d: &Data) -> (String, f64) {
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

#[cfg(test)]
mod tests;
