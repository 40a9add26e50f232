//! The line chart: takes the cleaned chart data and gives the SVG body of a
//! line chart and its height. It draws a "nice" value scale with gridlines
//! and tick labels, period labels along the bottom, one line per series
//! (broken at missing values, so a figure that is not a number is a gap)
//! with a marker at every value, and the series' names (`labels`): at the
//! line ends on a wide chart, in a legend under the plot on a narrow one.
//! Beside a home series the comparators are thin, solid and muted.

use super::axis::{Plot, Scale};
use super::svg::{axis_title, centre_baseline, num, text_el, text_width, wrap};
use super::{Data, Row, Style, LABEL_FONT, TICK_FONT};
use std::fmt::Write;

mod labels;
mod marker;
use labels::{end_labels, legend, END_LABEL_KEY, END_LABEL_MAX};
use marker::*;

/// Height of the wide line chart in px.
const LINE_HEIGHT: f64 = 360.0;
/// Height of the narrow chart's plot and period labels, above its legend.
const NARROW_PLOT_HEIGHT: f64 = 250.0;

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

/// How a series' line is drawn: its stroke width and dash pattern.
fn line_look(st: &Style) -> (f64, &'static str) {
    if st.home {
        (3.5, "")
    } else if st.muted {
        (1.5, "")
    } else {
        (2.0, DASHES[st.slot % DASHES.len()])
    }
}

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
    if d.narrow() {
        let legend_top = plot.bottom + 8.0 + TICK_FONT + 14.0;
        let h = legend(&mut out, d, legend_top);
        return (out, legend_top + h + 4.0);
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
    let right_room = if d.rows.is_empty() || d.narrow() {
        16.0
    } else {
        END_LABEL_KEY + label_w + 8.0
    };
    let height = if d.narrow() {
        // The narrow plot keeps its height whatever the axis title takes.
        NARROW_PLOT_HEIGHT + title_h
    } else {
        LINE_HEIGHT
    };
    Plot {
        left: (tick_w + 16.0).max(32.0),
        top: 14.0 + title_h,
        right: d.width - right_room,
        bottom: height - 34.0,
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
    let (width, dash) = line_look(st);
    let _ = write!(out, r#"<g stroke="{}" fill="none""#, st.colour);
    if !dash.is_empty() {
        let _ = write!(out, r#" stroke-dasharray="{dash}""#);
    }
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

#[cfg(test)]
mod tests;
