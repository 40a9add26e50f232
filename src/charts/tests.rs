//! Unit tests of `src/charts/mod.rs`.

//! Also holds the fixtures and checkers that every charts test module uses.

use super::*;

/// Minimal XML checker: tags balance, one root, quoted attributes,
/// and every `&` in text or attributes starts a known entity.
pub(super) fn assert_well_formed(svg: &str) {
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
pub(super) fn assert_short_numbers(svg: &str) {
    for attr in svg.split('"').skip(1).step_by(2) {
        for token in attr.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            if let Some((_, frac)) = token.split_once('.') {
                assert!(frac.len() <= 2, "long number {token} in {attr}");
            }
        }
    }
}

/// A series named `name` with `values`.
pub(super) fn series(name: &str, values: &[Option<f64>], home: bool) -> Series {
    Series {
        name: name.into(),
        values: values.to_vec(),
        home,
        texts: Vec::new(),
    }
}

/// Every value present.
pub(super) fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

/// `n` period labels, Sep-17 onwards.
pub(super) fn labels(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("Sep-{}", 17 + i)).collect()
}

/// The first-time-entrants line chart: seven series over six periods, West Mercia home.
pub(super) fn fte_spec() -> ChartSpec {
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

/// The ethnicity share chart: one series of seven percentage bars.
pub(super) fn bar_spec() -> ChartSpec {
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
fn ids_are_sanitised() {
    assert_eq!(safe_id("fte-rate_1"), "fte-rate_1");
    assert_eq!(safe_id("1 bad\"id"), "chart-1-bad-id");
    assert_eq!(safe_id(""), "chart-");
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
                            comparator: "grey".into(),
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
fn coordinates_print_as_float_formatting_would() {
    // The integer formatting of `num` against the plain float formatting it replaced.
    let by_float = |x: f64| {
        let r = (x * 100.0).round() / 100.0;
        let s = format!("{r:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        if s == "-0" {
            "0".to_string()
        } else {
            s
        }
    };
    let mut x = -1234.5678_f64;
    while x < 1234.5678 {
        assert_eq!(super::svg::num(x), by_float(x), "{x}");
        x += 0.0173;
    }
    for x in [
        0.0, -0.0, -0.004, 0.005, 0.1, -0.1, 0.995, 12.3, 1e14, -7.0, 123456.789,
    ] {
        assert_eq!(super::svg::num(x), by_float(x), "{x}");
    }
    assert_eq!(super::svg::num(f64::NAN), "0");
}
