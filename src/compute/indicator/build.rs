//! The finished indicator table: takes the figures and gives the head, columns, body rows, the
//! optional change column, notes and the line chart.

use super::*;
use crate::compute::facts::Fact;

impl Job<'_, '_> {
    /// Builds the output table.
    pub(super) fn build(
        self,
        id: &str,
        spec: &TableSpec,
        caption: &str,
        header: &str,
        done: &Computed,
    ) -> ComputedTable {
        let (rows, points) = (&done.rows, &done.points);
        let threshold = spec.suppress_below.map(Decimal::from);
        let change = spec.change.unwrap_or(false);
        let mut t = ComputedTable::empty(id, "indicator", caption);
        t.unit = Some(self.ind.unit.to_string());
        t.source = spec.source.clone();
        t.head = vec![self.head(header, change)];
        t.columns = self.columns(header, change);
        let mut suppressed_any = false;
        for (i, (row, pts)) in rows.iter().zip(points).enumerate() {
            let hidden: Vec<bool> = pts.iter().map(|pt| is_small(pt, threshold)).collect();
            suppressed_any |= hidden.contains(&true);
            let mut body = self.body_row(row, pts, &hidden, change);
            body.is_comparator &= i > 0 || row.pool.is_some();
            t.rows.push(body);
            t.facts.extend(self.facts(row, pts, i == 0));
        }
        t.notes = spec.notes.clone();
        t.notes.extend(self.notes(done));
        if let (true, Some(n)) = (suppressed_any, spec.suppress_below) {
            t.notes.push(crate::compute::suppress::note(n));
        }
        t.chart = chart_kind(spec.chart, Some(ChartKind::Line)).map(|kind| self.chart(kind, &t));
        if change && self.periods.len() < 2 {
            self.problems.push(
                Problem::error("bad-value", "`change: true` needs at least two periods")
                    .at(&Loc::yaml(&["change"])),
            );
        }
        t
    }

    /// The row's figures for the checks across tables and prose.
    pub(super) fn facts(&self, row: &Row, pts: &[Point], home: bool) -> Vec<Fact> {
        let stated = |p: usize| match row.cell(Measure::Value, p) {
            Some(Cell::Number(n)) => Some((n.value, row.loc_of(Measure::Value))),
            _ => None,
        };
        pts.iter()
            .zip(&self.periods)
            .enumerate()
            .map(|(p, (pt, period))| Fact {
                indicator: self.ind,
                row: row.label.clone(),
                period: period.clone(),
                home,
                computed: match pt.figure {
                    Figure::Computed(v) => Some(v),
                    _ => None,
                },
                stated: stated(p),
                row_loc: row.loc.clone(),
            })
            .filter(|f| f.value().is_some())
            .collect()
    }

    /// The header row.
    pub(super) fn head(&self, header: &str, change: bool) -> Vec<HeadCell> {
        let mut head = vec![HeadCell::new(header, 1, 1)];
        head.extend(self.periods.iter().map(|p| HeadCell::new(p, 1, 1)));
        if change {
            head.push(change_head());
        }
        head
    }

    /// The columns.
    pub(super) fn columns(&self, header: &str, change: bool) -> Vec<ColumnInfo> {
        let mut cols = vec![ColumnInfo::new(header, false)];
        cols.extend(self.periods.iter().map(|p| ColumnInfo::new(p, true)));
        if change {
            cols.push(ColumnInfo {
                key: "change".into(),
                label: CHANGE_LABEL.into(),
                numeric: true,
            });
        }
        cols
    }

    /// A body row.
    pub(super) fn body_row(
        &self,
        row: &Row,
        pts: &[Point],
        hidden: &[bool],
        change: bool,
    ) -> BodyRow {
        let mut cells = vec![BodyCell::text(&row.label)];
        for (pt, &h) in pts.iter().zip(hidden) {
            cells.push(self.body_cell(&pt.figure, h));
        }
        if change {
            cells.push(change_cell(pts, hidden));
        }
        BodyRow {
            key: slug(&row.label),
            label: row.label.clone(),
            cells,
            is_total: false,
            is_comparator: row.pool.is_some() || is_comparator_name(&row.label),
        }
    }

    /// The cell showing a figure.
    pub(super) fn body_cell(&self, figure: &Figure, hidden: bool) -> BodyCell {
        match figure {
            _ if hidden => BodyCell::suppressed(),
            Figure::Given(v) | Figure::Computed(v) => {
                BodyCell::number(format_fixed(*v, self.ind.decimals), *v)
            }
            Figure::Text(t) => BodyCell::text(t),
            Figure::Blank => BodyCell::blank(),
        }
    }

    /// Notes saying which figures are computed and how comparators are pooled.
    pub(super) fn notes(&self, done: &Computed) -> Vec<String> {
        let mut computed = Vec::new();
        let mut given = false;
        for (row, pts) in done.rows.iter().zip(&done.points) {
            let periods: Vec<&str> = pts
                .iter()
                .zip(&self.periods)
                .filter(|(pt, _)| matches!(pt.figure, Figure::Computed(_)))
                .map(|(_, p)| p.as_str())
                .collect();
            given |= pts.iter().any(|pt| matches!(pt.figure, Figure::Given(_)));
            if !periods.is_empty() && row.pool.is_none() {
                computed.push(format!("{} ({})", row.label, periods.join(", ")));
            }
        }
        let mut notes = Vec::new();
        if given && !computed.is_empty() {
            notes.push(format!(
                "Figures computed from the counts: {}. The other figures are as published.",
                computed.join("; ")
            ));
        }
        for ((row, members), pts) in done.rows.iter().zip(&done.members).zip(&done.points) {
            if row.pool.is_some() && pts.iter().any(|pt| pt.counts.is_some()) {
                notes.push(self.pool_note(row, members, &done.rows));
            }
        }
        notes
    }

    /// The note explaining a pooled row.
    pub(super) fn pool_note(&self, row: &Row, members: &[usize], rows: &[Row]) -> String {
        let names: Vec<&str> = members.iter().map(|&m| rows[m].label.as_str()).collect();
        format!(
            "{}: the {} of {} added together, divided by their {} added together.",
            row.label,
            plural(self.ind.numerator),
            names.join(", "),
            plural(self.ind.denominator)
        )
    }

    /// The line (or bar) chart: one series per row, values as printed.
    pub(super) fn chart(&self, kind: ChartKind, t: &ComputedTable) -> ChartData {
        let n = self.periods.len();
        let series = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Series {
                name: r.label.clone(),
                values: r
                    .cells
                    .iter()
                    .skip(1)
                    .take(n)
                    .map(|c| chart_value(c, self.ind.decimals))
                    .collect(),
                home: i == 0,
                texts: r
                    .cells
                    .iter()
                    .skip(1)
                    .take(n)
                    .map(|c| c.text.clone())
                    .collect(),
            })
            .collect();
        ChartData {
            kind,
            title: t.caption.clone(),
            unit: t.unit.clone(),
            x_labels: self.periods.clone(),
            series,
        }
    }
}

/// The measure's name in a sentence.
pub(super) fn plural(m: Measure) -> &'static str {
    match m {
        Measure::Count => "counts",
        Measure::Population => "populations",
        Measure::Cohort => "cohorts",
        Measure::Reoffenders => "reoffenders",
        Measure::Reoffences => "reoffences",
        Measure::Value => "values",
        Measure::OutOf => "totals",
    }
}

/// A chart value: the figure rounded as printed.
pub(super) fn chart_value(cell: &BodyCell, decimals: u32) -> Option<f64> {
    cell.value
        .and_then(|v| number::to_f64(round_half_up(v, decimals)))
}

/// True when a computed figure rests on a count from 1 to threshold − 1.
pub(super) fn is_small(pt: &Point, threshold: Option<Decimal>) -> bool {
    match (pt.counts, threshold, &pt.figure) {
        (Some((n, _)), Some(t), Figure::Computed(_)) => n > Decimal::ZERO && n < t,
        _ => false,
    }
}

/// Rows that are comparators by name: national, regional, family and average figures.
pub(super) fn is_comparator_name(label: &str) -> bool {
    let l = label.to_lowercase();
    [
        "national",
        "england",
        "wales",
        "region",
        "statistical",
        "family",
        "average",
        "comparator",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// The label of the change column.
pub(super) const CHANGE_LABEL: &str = "Change on previous period";

/// The change column's header.
pub(super) fn change_head() -> HeadCell {
    HeadCell {
        key: "change".into(),
        ..HeadCell::new(CHANGE_LABEL, 1, 1)
    }
}

/// The percentage change from the last period but one to the last, on unrounded figures.
pub(super) fn change_cell(pts: &[Point], hidden: &[bool]) -> BodyCell {
    let n = pts.len();
    if n < 2 || hidden.iter().skip(n - 2).any(|h| *h) {
        return BodyCell::blank();
    }
    let (Some(prev), Some(last)) = (pts[n - 2].figure.value(), pts[n - 1].figure.value()) else {
        return BodyCell::blank();
    };
    let change = last
        .checked_sub(prev)
        .ok_or(ArithError::Overflow)
        .and_then(|diff| number::ratio(diff, prev, Decimal::ONE_HUNDRED));
    match change {
        Ok(c) => BodyCell::number(format!("{}%", format_signed(c, 1)), c),
        Err(_) => BodyCell::text("n/a"),
    }
}
