//! Unit tests of `src/charts/line/mod.rs`.

use super::*;
use crate::charts::render;
use crate::charts::tests::{
    assert_short_numbers, assert_well_formed, fte_spec, labels, series, some,
};

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
