//! Unit tests of `src/charts/line/mod.rs`.

use super::labels::{spread, EndLabel};
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
    // Without a home series every line has its own colour and dash.
    for s in &mut spec.series {
        s.home = false;
    }
    let d = Data::new(&spec, crate::charts::WIDTH);
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
fn comparators_are_muted_beside_the_home_series() {
    let spec = fte_spec();
    let d = Data::new(&spec, crate::charts::WIDTH);
    let home = &d.rows[0].style;
    assert_eq!((home.colour.as_str(), home.muted), ("#1d70b8", false));
    let mut markers = vec![MARKERS[home.slot]];
    for r in &d.rows[1..] {
        assert_eq!((r.style.colour.as_str(), r.style.muted), ("#505a5f", true));
        assert_eq!(line_look(&r.style), (1.5, ""), "thin and solid");
        assert!(!markers.contains(&MARKERS[r.style.slot]), "own marker");
        markers.push(MARKERS[r.style.slot]);
    }
    let svg = render(&spec).svg;
    assert!(!svg.contains("stroke-dasharray"), "no dashes to tangle");
}

#[test]
fn a_figure_that_is_not_a_number_is_a_gap_without_a_leader() {
    let mut spec = fte_spec();
    spec.series[4].values[5] = None;
    spec.series[4].texts = vec!["334", "267", "206", "82", "72", ">10"]
        .into_iter()
        .map(String::from)
        .collect();
    let c = render(&spec);
    assert!(
        c.description.ends_with(
            "Gaps in the lines where the table gives no number: Shropshire in Sep-22 (>10)."
        ),
        "{}",
        c.description
    );
    assert!(
        c.alt.contains("Shropshire: 334, 267, 206, 82, 72, >10."),
        "{}",
        c.alt
    );
    // Leaders (1 px slanted lines to the labels) for the six full series only.
    let leaders = c
        .svg
        .split("<path d=\"")
        .filter(|p| {
            let (d, rest) = p.split_once('"').unwrap();
            let attrs = rest.split('>').next().unwrap();
            d.contains('L') && attrs.contains(r#"stroke-width="1" fill="none""#)
        })
        .count();
    assert_eq!(leaders, 6, "{}", c.svg);
}

#[test]
fn the_narrow_chart_has_a_legend_instead_of_end_labels() {
    let c = render(&fte_spec());
    let svg = &c.narrow_svg;
    assert_well_formed(svg);
    assert_short_numbers(svg);
    assert!(svg.contains(r#"width="260""#), "{svg}");
    assert!(svg.contains(r#"<title id="fte-narrow-title">"#));
    // Every name is in the legend at the left edge, the home series first.
    let first = svg.find(">West Mercia</text>").unwrap();
    let second = svg.find(">National</text>").unwrap();
    assert!(first < second);
    assert!(svg.contains(r#"<text x="40" "#), "{svg}");
    // Every text is at least 13 px: at 240 px wide that is still 12 px.
    for size in svg.split(r#"font-size=""#).skip(1) {
        let px: f64 = size.split('"').next().unwrap().parse().unwrap();
        assert!(px >= 13.0);
    }
}

#[test]
fn home_series_is_solid_thick_and_on_top() {
    let mut spec = fte_spec();
    spec.series.swap(0, 3);
    let d = Data::new(&spec, crate::charts::WIDTH);
    assert_eq!(d.rows[3].style.slot, 0);
    assert_eq!(d.rows[0].style.slot, 1);
    let svg = render(&spec).svg;
    let thick = svg.find(r#"stroke-width="3.5" stroke-linejoin"#).unwrap();
    let thin = svg.rfind(r#"stroke-width="1.5" stroke-linejoin"#).unwrap();
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
