//! Line chart markers: takes a series style and a point and gives the SVG of its marker (circle,
//! square, triangles, diamond, star, crosses), so series differ by shape as well as colour.

use super::*;

/// Draws the style's marker centred on (x, y), ringed in the background
/// colour so it stays visible where lines cross.
pub(super) fn marker(out: &mut String, st: &Style, bg: &str, x: f64, y: f64) {
    // Muted comparators get smaller markers, so the home series stands out.
    let r = if st.home {
        5.5
    } else if st.muted {
        3.75
    } else {
        4.5
    };
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

pub(super) fn polygon(x: f64, y: f64, pts: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (px, py)) in pts.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{cmd}{} {}", num(x + px), num(y + py));
    }
    d.push('Z');
    d
}

pub(super) fn square(h: f64) -> Vec<(f64, f64)> {
    vec![(-h, -h), (h, -h), (h, h), (-h, h)]
}

pub(super) fn triangle(r: f64, down: bool) -> Vec<(f64, f64)> {
    let s = if down { -1.0 } else { 1.0 };
    vec![
        (0.0, -r * s),
        (r * 0.9, r * 0.6 * s),
        (-r * 0.9, r * 0.6 * s),
    ]
}

pub(super) fn diamond(r: f64) -> Vec<(f64, f64)> {
    vec![(0.0, -r), (r * 0.8, 0.0), (0.0, r), (-r * 0.8, 0.0)]
}

pub(super) fn star(r: f64) -> Vec<(f64, f64)> {
    (0..10)
        .map(|i| {
            let rad = if i % 2 == 0 { r } else { r * 0.45 };
            let a = std::f64::consts::PI * (i as f64) / 5.0;
            (rad * a.sin(), -rad * a.cos())
        })
        .collect()
}

/// A diagonal cross (×) or an upright plus (+) as two strokes.
pub(super) fn cross(x: f64, y: f64, r: f64, diagonal: bool) -> String {
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
