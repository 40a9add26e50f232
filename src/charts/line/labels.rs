//! Series names for the line chart: takes the cleaned chart data and the
//! plot and gives the SVG of the direct labels at the line ends (wide
//! charts), nudged so they never overlap, or of a legend under the plot
//! (narrow charts), each name with its line-and-marker key.

use super::super::axis::{Plot, Scale};
use super::super::svg::{centre_baseline, num, text_el, wrap};
use super::super::{Data, Style, LABEL_FONT, LEADING};
use super::line_look;
use super::marker::marker;
use std::fmt::Write;

/// A direct label at the end of a line: wrapped name, the x of the line's
/// last point (none without data), wanted and final centre y.
#[derive(Debug, Clone)]
pub(super) struct EndLabel {
    pub(super) row: usize,
    pub(super) lines: Vec<String>,
    pub(super) from_x: Option<f64>,
    pub(super) want: f64,
    pub(super) y: f64,
}

impl EndLabel {
    pub(super) fn height(&self) -> f64 {
        self.lines.len() as f64 * LABEL_FONT * LEADING
    }
}

/// Widest a direct label may be before it wraps.
pub(super) const END_LABEL_MAX: f64 = 150.0;
/// Room before the label text for its marker sample.
pub(super) const END_LABEL_KEY: f64 = 30.0;

/// Names at the right of the plot, beside each line's last value, nudged so
/// they never overlap, each with a marker-and-dash sample.
pub(super) fn end_labels(out: &mut String, d: &Data, scale: &Scale, plot: &Plot) {
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
    let name = legend_name(d, i);
    EndLabel {
        row: i,
        lines: wrap(&name, END_LABEL_MAX, LABEL_FONT),
        // A leader from a line that stops early would cross the empty periods
        // and read as data (a fall to the label); such a label keeps its key only.
        from_x: last
            .filter(|&(k, _)| k + 1 == n)
            .map(|(k, _)| plot.x_at(k, n)),
        want,
        y: want,
    }
}

/// Moves labels (sorted by wanted centre) apart: overlapping labels merge
/// into clusters centred on the mean of what they want, then clusters are
/// kept inside `[lo, hi]`.
pub(super) fn spread(labels: &mut [EndLabel], lo: f64, hi: f64) {
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
    let first_line_y = first_line_y(l);
    key(out, d, st, x0 + 8.0, first_line_y);
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

/// A key: a short stretch of the series' line with its marker, from `x`, centred on `y`.
fn key(out: &mut String, d: &Data, st: &Style, x: f64, y: f64) {
    let (width, dash) = line_look(st);
    let dash_attr = if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    };
    let _ = write!(
        out,
        r#"<path d="M{} {}H{}" stroke="{}" stroke-width="{}"{} fill="none"/>"#,
        num(x),
        num(y),
        num(x + END_LABEL_KEY - 12.0),
        st.colour,
        num(width),
        dash_attr
    );
    marker(out, st, &d.background, x + (END_LABEL_KEY - 12.0) / 2.0, y);
}

/// Gap between legend entries.
const LEGEND_GAP: f64 = 4.0;

/// The narrow chart's legend from `top`: one entry per series, the home
/// series first, each name wrapped beside its key. Gives the legend's height.
pub(super) fn legend(out: &mut String, d: &Data, top: f64) -> f64 {
    let mut order: Vec<usize> = (0..d.rows.len()).collect();
    order.sort_by_key(|&i| !d.rows[i].style.home);
    let x = 8.0;
    let text_x = x + END_LABEL_KEY + 2.0;
    let mut y = top;
    for i in order {
        let row = &d.rows[i];
        let lines = wrap(&legend_name(d, i), d.width - text_x - 8.0, LABEL_FONT);
        let line_h = LABEL_FONT * LEADING;
        let mid = y + line_h / 2.0;
        key(out, d, &row.style, x, mid);
        text_el(
            out,
            text_x,
            mid + centre_baseline(LABEL_FONT),
            "start",
            LABEL_FONT,
            &lines,
        );
        y += lines.len() as f64 * line_h + LEGEND_GAP;
    }
    y - top
}

/// A series' name, saying so when it has no value at all.
fn legend_name(d: &Data, i: usize) -> String {
    let row = &d.rows[i];
    if row.values.iter().any(Option::is_some) {
        row.name.clone()
    } else {
        format!("{} (no data)", row.name.trim())
    }
}
