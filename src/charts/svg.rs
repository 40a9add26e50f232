//! SVG writing: takes numbers, text and a finished chart body and gives
//! SVG-ready strings: coordinates with at most two decimals, values with
//! the fewest decimals and thousands separators, XML-escaped text, text
//! widths measured with the Atkinson Hyperlegible advance-width table,
//! word-wrapped lines, `<text>` elements, the unit's axis title, and the
//! root `<svg>` element with its `<title>`, `<desc>` and background.

use super::{Data, LABEL_FONT, LEADING};
use std::fmt::Write;

/// The document font, named on the root element so every text inherits it.
const FONT: &str = "Atkinson Hyperlegible";

// ---------------------------------------------------------------------------
// Numbers

/// Coordinate for an attribute: at most 2 decimals, never NaN/inf or `-0`.
pub(super) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let hundredths = (x * 100.0).round();
    if hundredths.abs() >= 1e15 {
        // Beyond any drawing; kept exact rather than fast.
        return trim_zeros(format!("{:.2}", hundredths / 100.0));
    }
    // In whole hundredths, as integers: a chart has thousands of coordinates, and float
    // formatting costs ten times as much.
    let hundredths = hundredths as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, part) = (hundredths.abs() / 100, hundredths.abs() % 100);
    match part {
        0 if whole == 0 => "0".into(),
        0 => format!("{sign}{whole}"),
        p if p % 10 == 0 => format!("{sign}{whole}.{}", p / 10),
        p => format!("{sign}{whole}.{p:02}"),
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
pub(super) fn fmt_value(v: f64) -> String {
    if v.abs() >= 1e15 {
        return fmt_huge(v);
    }
    let s = trim_zeros(format!("{v:.6}"));
    group_thousands(if s == "-0" { "0".into() } else { s })
}

/// Scientific notation for magnitudes no reader wants spelled out.
pub(super) fn fmt_huge(v: f64) -> String {
    let s = format!("{v:.2e}");
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{}", trim_zeros(m.to_string()), e),
        None => s,
    }
}

/// Inserts commas every three integer digits ("12345.5" → "12,345.5").
pub(super) fn group_thousands(s: String) -> String {
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
pub(super) fn text_width(s: &str, size: f64) -> f64 {
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
pub(super) fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
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
pub(super) fn text_el(out: &mut String, x: f64, y: f64, anchor: &str, size: f64, lines: &[String]) {
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
pub(super) fn centre_baseline(size: f64) -> f64 {
    size * 0.35
}

// ---------------------------------------------------------------------------
// SVG wrapper

/// The root `<svg>` of `height` px around `body`, with `<title>`, `<desc>` and background.
pub(super) fn wrap_svg(d: &Data, height: f64, body: &str, desc: &str) -> String {
    let id = &d.id;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}" fill="{text}">"#,
        w = num(d.width),
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
        num(d.width),
        num(height),
        d.background
    );
    s.push_str(body);
    s.push_str("</svg>");
    s
}

/// Axis title (the unit) at top left, wrapped to the chart width; returns its height.
pub(super) fn axis_title(out: &mut String, d: &Data, x: f64, y: f64) -> f64 {
    let Some(title) = d.axis_title() else {
        return 0.0;
    };
    let lines = wrap(title, d.width - 2.0 * x, LABEL_FONT);
    text_el(out, x, y + LABEL_FONT, "start", LABEL_FONT, &lines);
    lines.len() as f64 * LABEL_FONT * LEADING + 8.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::{assert_well_formed, fte_spec};
    use crate::charts::{render, ChartKind};

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
}
