//! Text alternatives: takes the cleaned chart data and gives the alt text
//! (chart kind, title, unit, period range and every value), the plain list
//! of every value, series by series, and the short description of the home
//! series (its trend, or its highest and lowest bars) with the figures that
//! are not drawn. Values read as the table prints them ("0.10", ">10").

use super::{ChartKind, Data, Row};
use std::fmt::Write;

fn kind_name(d: &Data) -> &'static str {
    match d.spec.kind {
        ChartKind::Line => "Line chart",
        ChartKind::Bar => "Bar chart",
    }
}

/// "Line chart of <title> (<unit>), <first> to <last>. <values>"
pub(super) fn alt_text(d: &Data) -> String {
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
pub(super) fn values_text(d: &Data) -> String {
    if d.rows.is_empty() || d.labels.is_empty() {
        return "No data.".into();
    }
    let shown: Vec<Vec<String>> = d
        .rows
        .iter()
        .map(|r| {
            (0..r.values.len())
                .map(|i| d.shown(r, i).unwrap_or_else(|| "no data".into()))
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

/// The focus series' story (first to last value, then its extremes), then
/// the figures the table gives that are not numbers and so are not drawn.
pub(super) fn describe(d: &Data) -> String {
    let Some(row) = d.focus() else {
        return "No data.".into();
    };
    let story = describe_focus(d, row);
    match not_drawn(d) {
        Some(gaps) => format!("{story} {gaps}"),
        None => story,
    }
}

/// "Not drawn, as the table gives no number: Shropshire in Sep-22 (>10)."
fn not_drawn(d: &Data) -> Option<String> {
    let gaps: Vec<String> = d
        .rows
        .iter()
        .flat_map(|r| {
            (0..r.values.len())
                .filter(|&i| r.values[i].is_none() && !r.texts[i].is_empty())
                .map(move |i| format!("{} in {} ({})", r.name.trim(), d.period(i), r.texts[i]))
        })
        .collect();
    if gaps.is_empty() {
        return None;
    }
    let what = match d.spec.kind {
        ChartKind::Line => "Gaps in the lines",
        ChartKind::Bar => "No bars",
    };
    Some(format!(
        "{what} where the table gives no number: {}.",
        gaps.join("; ")
    ))
}

fn describe_focus(d: &Data, row: &Row) -> String {
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
        ChartKind::Line => describe_trend(d, row, first, last, lo, hi),
        ChartKind::Bar => describe_bars(d, row, lo, hi),
    }
}

/// Value `p` of `row` as the table prints it.
fn text_of(d: &Data, row: &Row, p: (usize, f64)) -> String {
    d.shown(row, p.0).unwrap_or_else(|| d.show(p.1))
}

fn describe_trend(
    d: &Data,
    row: &Row,
    first: (usize, f64),
    last: (usize, f64),
    lo: (usize, f64),
    hi: (usize, f64),
) -> String {
    let name = row.name.trim();
    let at = |p: (usize, f64)| format!("{} in {}", text_of(d, row, p), d.period(p.0));
    if first.0 == last.0 {
        return format!("{name}: {} (the only value).", at(first));
    }
    let mut s = if last.1 == first.1 {
        let (v, p1, p2) = (text_of(d, row, first), d.period(first.0), d.period(last.0));
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

fn describe_bars(d: &Data, row: &Row, lo: (usize, f64), hi: (usize, f64)) -> String {
    let name = row.name.trim();
    let prefix = if d.rows.len() > 1 {
        format!("For {name}, highest")
    } else {
        "Highest".to_string()
    };
    if hi.1 > lo.1 {
        format!(
            "{prefix}: {} ({}); lowest: {} ({}).",
            d.period(hi.0),
            text_of(d, row, hi),
            d.period(lo.0),
            text_of(d, row, lo)
        )
    } else {
        format!("{prefix}: all values are {}.", text_of(d, row, hi))
    }
}

#[cfg(test)]
mod tests {
    use crate::charts::render;
    use crate::charts::tests::{bar_spec, fte_spec, labels, series, some};

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
}
