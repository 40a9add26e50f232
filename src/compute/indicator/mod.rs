//! Indicator tables (`kind: indicator`).
//!
//! Takes the spec (rows from YAML and/or a CSV file), the indicator's definition and the plan's
//! population look-up; gives the table of figures per period, the optional change column, the line
//! chart and every problem found. A figure is computed from counts where a row gives them (a
//! `value` given too must agree once rounded), pooled from member rows for a comparator row, or
//! else taken as published.

use super::csv::{self, CsvTable};
use super::indicator::{self, Indicator, Measure};
use super::number::{self, format_fixed, format_signed, round_half_up, ArithError};
use super::problem::{Loc, Problem};
use super::spec::{self, Cell, IndicatorRowSpec, RawCell, TableSpec};
use super::table::{
    BodyCell, BodyRow, ChartData, ChartKind, ColumnInfo, ComputedTable, HeadCell, Series,
};
use super::util::{quoted_list, slug, suggestion};
use super::{chart_kind, Context};
use rust_decimal::Decimal;

/// A row as given, from YAML or CSV.
struct RowIn {
    label: String,
    loc: Loc,
    measures: Vec<(Measure, RawCell, Loc)>,
    pool: Option<PoolIn>,
}

/// A comparator row's pool: member rows (None: every row that is not pooled) less the excluded.
struct PoolIn {
    members: Option<Vec<String>>,
    exclude: Vec<String>,
    loc: Loc,
}

/// A row read: one cell per period for each measure it gives.
struct Row {
    label: String,
    loc: Loc,
    cells: Vec<(Measure, Vec<Cell>, Loc)>,
    pool: Option<PoolIn>,
}

impl Row {
    /// The cell of `measure` at period `p`, if the row gives that measure.
    fn cell(&self, measure: Measure, p: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(m, _, _)| *m == measure)
            .and_then(|(_, cells, _)| cells.get(p))
    }

    /// Where `measure` was written.
    fn loc_of(&self, measure: Measure) -> Loc {
        self.cells
            .iter()
            .find(|(m, _, _)| *m == measure)
            .map(|(_, _, loc)| loc.clone())
            .unwrap_or_else(|| self.loc.key(measure.key()))
    }
}

/// The figure at one row and period, with the counts behind it when computed.
#[derive(Debug, Clone, Default)]
struct Point {
    figure: Figure,
    counts: Option<(Decimal, Decimal)>,
}

/// What a table cell shows.
#[derive(Debug, Clone, Default, PartialEq)]
enum Figure {
    #[default]
    Blank,
    Text(String),
    Given(Decimal),
    Computed(Decimal),
}

impl Figure {
    /// The number, computed or given.
    fn value(&self) -> Option<Decimal> {
        match self {
            Figure::Given(v) | Figure::Computed(v) => Some(*v),
            _ => None,
        }
    }
}

/// The rows read, their figures, and the members of each pooled row (empty for plain rows).
struct Computed {
    rows: Vec<Row>,
    points: Vec<Vec<Point>>,
    members: Vec<Vec<usize>>,
}

/// One indicator table being computed.
struct Job<'a, 'c> {
    ind: &'static Indicator,
    periods: Vec<String>,
    ctx: &'a Context<'c>,
    problems: &'a mut Vec<Problem>,
}

/// Computes an indicator table; None when it has no known indicator or no periods.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let ind = find_indicator(spec, problems)?;
    let caption = caption(spec, ind, problems);
    let csv = spec
        .csv
        .as_deref()
        .and_then(|f| csv::load(f, ctx.read_csv, problems));
    let periods = periods(spec, csv.as_ref(), problems)?;
    let mut rows_in = match &csv {
        Some(t) => csv_rows(t, &periods, problems),
        None => Vec::new(),
    };
    yaml_rows(spec, &mut rows_in, problems);
    let mut job = Job {
        ind,
        periods,
        ctx,
        problems,
    };
    let rows: Vec<Row> = rows_in.into_iter().map(|r| job.read_row(r)).collect();
    let (points, members) = job.points(&rows);
    let header = row_header(spec, csv.as_ref());
    let done = Computed {
        rows,
        points,
        members,
    };
    Some(job.build(id, spec, &caption, &header, &done))
}

/// The indicator named by the spec; "missing-key" or "unknown-indicator" otherwise.
fn find_indicator(spec: &TableSpec, problems: &mut Vec<Problem>) -> Option<&'static Indicator> {
    let loc = Loc::yaml(&["indicator"]);
    let Some(name) = &spec.indicator else {
        problems.push(
            Problem::error("missing-key", "an indicator table needs `indicator:`")
                .at(&loc)
                .hint(format!("add one of {}", quoted_list(&indicator::ids()))),
        );
        return None;
    };
    let found = indicator::find(name);
    if found.is_none() {
        let ids = indicator::ids();
        problems.push(
            Problem::error(
                "unknown-indicator",
                format!(
                    "unknown indicator \"{name}\"; the indicators are {}",
                    quoted_list(&ids)
                ),
            )
            .at(&loc)
            .hint(suggestion(name, ids.iter().copied())),
        );
    }
    found
}

/// The caption without its unit; "caption-unit" when it names another unit.
fn caption(spec: &TableSpec, ind: &Indicator, problems: &mut Vec<Problem>) -> String {
    let Some(written) = &spec.caption else {
        return ind.caption.to_string();
    };
    match indicator::caption_without_unit(written, ind) {
        Ok(caption) => caption,
        Err(e) => {
            problems.push(
                Problem::error("caption-unit", e.to_string())
                    .at(&Loc::yaml(&["caption"]))
                    .hint(format!(
                        "leave the unit out of the caption (yjplan prints \"{}\"), or correct it",
                        ind.unit
                    )),
            );
            written.clone()
        }
    }
}

/// The period labels: from `periods`, else from the CSV header.
fn periods(
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<String>> {
    let periods: Vec<String> = match (&spec.periods, csv) {
        (Some(ps), _) => ps.iter().map(|p| p.0.trim().to_string()).collect(),
        (None, Some(t)) => t.header.iter().skip(2).cloned().collect(),
        (None, None) => Vec::new(),
    };
    if periods.is_empty() {
        problems.push(
            Problem::error(
                "missing-key",
                "an indicator table needs at least one period",
            )
            .at(&Loc::yaml(&["periods"]))
            .hint("add `periods: [\"2021\", \"2022\"]` with the column labels"),
        );
        return None;
    }
    Some(periods)
}

/// The header of the label column: `row_header`, else the CSV's first header cell, else "Area".
fn row_header(spec: &TableSpec, csv: Option<&CsvTable>) -> String {
    let from_csv = csv
        .and_then(|t| t.header.first())
        .filter(|h| !h.is_empty() && !h.eq_ignore_ascii_case("row"));
    spec.row_header
        .clone()
        .or_else(|| from_csv.cloned())
        .unwrap_or_else(|| "Area".to_string())
}

/// Rows from a CSV file with the header `row,measure,<period>,…`.
fn csv_rows(t: &CsvTable, periods: &[String], problems: &mut Vec<Problem>) -> Vec<RowIn> {
    if !t
        .header
        .get(1)
        .is_some_and(|h| h.eq_ignore_ascii_case("measure"))
    {
        problems.push(csv::missing_column(t, "measure"));
        return Vec::new();
    }
    let columns = period_columns(t, periods, problems);
    let mut rows: Vec<RowIn> = Vec::new();
    for rec in &t.rows {
        let loc = t.loc(rec.line);
        let label = rec.fields.first().map(|s| s.trim()).unwrap_or("");
        let written = rec.fields.get(1).map(String::as_str).unwrap_or("");
        let Some(measure) = Measure::from_key(written) else {
            problems.push(unknown_measure(written, &loc));
            continue;
        };
        let cells = columns
            .iter()
            .map(|c| {
                c.and_then(|i| rec.fields.get(i))
                    .map_or(RawCell::Blank, |f| csv::raw(f))
            })
            .collect();
        add_measure(
            &mut rows,
            label,
            (measure, RawCell::List(cells), loc),
            problems,
        );
    }
    rows
}

/// The CSV column of each period; "csv-missing-column" and "unknown-column" for mismatches.
fn period_columns(
    t: &CsvTable,
    periods: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let hint = "add \"{extra}\" to `periods`, or remove the column";
    csv::match_columns(t, periods, 2, "a period of the table", hint, problems)
}

/// The "wrong-measure" error for a CSV measure that is not a row key.
fn unknown_measure(written: &str, loc: &Loc) -> Problem {
    let keys: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
    Problem::error("wrong-measure", format!("\"{written}\" is not a measure"))
        .at(loc)
        .hint(suggestion(written, keys.iter().copied()))
}

/// Adds a measure to the row with `label` (creating it); "duplicate-row" if it is there already.
fn add_measure(
    rows: &mut Vec<RowIn>,
    label: &str,
    measure: (Measure, RawCell, Loc),
    problems: &mut Vec<Problem>,
) {
    let index = match rows.iter().position(|r| r.label == label) {
        Some(i) => i,
        None => {
            rows.push(RowIn {
                label: label.to_string(),
                loc: measure.2.clone(),
                measures: Vec::new(),
                pool: None,
            });
            rows.len() - 1
        }
    };
    let row = &mut rows[index];
    if row.measures.iter().any(|(m, _, _)| *m == measure.0) {
        problems.push(
            Problem::error(
                "duplicate-row",
                format!("{label} gives {} twice", measure.0.key()),
            )
            .at(&measure.2)
            .hint("keep one line per row and measure"),
        );
        return;
    }
    row.measures.push(measure);
}

/// Rows written under `rows:` in YAML, after any CSV rows.
fn yaml_rows(spec: &TableSpec, rows: &mut Vec<RowIn>, problems: &mut Vec<Problem>) {
    let Some(value) = spec::yaml_rows_value(spec, "an indicator table", problems) else {
        return;
    };
    let rows_loc = Loc::yaml(&["rows"]);
    for (label, v) in spec::map_entries(value, &rows_loc, problems) {
        let loc = rows_loc.key(&label);
        if rows.iter().any(|r| r.label == label) {
            problems.push(
                Problem::error("duplicate-row", format!("the row {label} is given twice"))
                    .at(&loc)
                    .hint("give each row once, in YAML or in the CSV file"),
            );
            continue;
        }
        if let Some(row) = spec::from_value::<IndicatorRowSpec>(&v, &loc, problems) {
            rows.push(row_in(label, loc, row, problems));
        }
    }
}

/// A YAML row as a [`RowIn`].
fn row_in(label: String, loc: Loc, row: IndicatorRowSpec, problems: &mut Vec<Problem>) -> RowIn {
    let pool = pool_in(&row, &loc, problems);
    let given = [
        (Measure::Count, row.count),
        (Measure::Population, row.population),
        (Measure::Cohort, row.cohort),
        (Measure::Reoffenders, row.reoffenders),
        (Measure::Reoffences, row.reoffences),
        (Measure::Value, row.value),
    ];
    let measures = given
        .into_iter()
        .filter_map(|(m, raw)| raw.map(|raw| (m, raw, loc.key(m.key()))))
        .collect();
    RowIn {
        label,
        loc,
        measures,
        pool,
    }
}

/// The pool of a comparator row (`pooled:` a list of rows, or `all`; `exclude:` rows).
fn pool_in(row: &IndicatorRowSpec, loc: &Loc, problems: &mut Vec<Problem>) -> Option<PoolIn> {
    let exclude: Vec<String> = row.exclude.iter().flatten().map(|l| l.0.clone()).collect();
    let Some(raw) = &row.pooled else {
        if !exclude.is_empty() {
            problems.push(
                Problem::error("pooled-row", "`exclude` is only used with `pooled`")
                    .at(&loc.key("exclude"))
                    .hint("add `pooled:` with the member rows, or remove `exclude`"),
            );
        }
        return None;
    };
    let members = match raw {
        RawCell::List(items) => Some(items.iter().map(RawCell::as_written).collect()),
        RawCell::Text(s) if s.trim().eq_ignore_ascii_case("all") => None,
        _ => {
            problems.push(
                Problem::error(
                    "bad-value",
                    "`pooled` is a list of rows of this table, or `all`",
                )
                .at(&loc.key("pooled")),
            );
            Some(Vec::new())
        }
    };
    Some(PoolIn {
        members,
        exclude,
        loc: loc.key("pooled"),
    })
}

/// "Label, period, measure" for messages.
fn what(label: &str, period: &str, measure: Measure) -> String {
    format!("{label}, {period}, {}", measure.key())
}

impl Job<'_, '_> {
    /// Reads a row's measures into one cell per period.
    fn read_row(&mut self, r: RowIn) -> Row {
        let mut cells = Vec::new();
        for (m, raw, loc) in r.measures {
            if !self.measure_allowed(&r.label, m, r.pool.is_some(), &loc) {
                continue;
            }
            let raws = self.spread(&r.label, m, &raw, &loc);
            let read: Vec<Cell> = raws
                .iter()
                .enumerate()
                .map(|(p, raw)| self.read_cell(&r.label, p, m, raw, &loc))
                .collect();
            cells.push((m, read, loc));
        }
        Row {
            label: r.label,
            loc: r.loc,
            cells,
            pool: r.pool,
        }
    }

    /// False (with "wrong-measure" or "pooled-row") for a measure this row may not give.
    fn measure_allowed(&mut self, label: &str, m: Measure, pooled: bool, loc: &Loc) -> bool {
        if !self.ind.accepts(m) {
            self.problems.push(
                Problem::error(
                    "wrong-measure",
                    format!(
                        "{label} gives `{}`, which {} tables do not use",
                        m.key(),
                        self.ind.id
                    ),
                )
                .at(loc)
                .hint(format!(
                    "{} tables take {}",
                    self.ind.id,
                    quoted_list(&self.ind.accepted_keys())
                )),
            );
            return false;
        }
        if pooled && m != Measure::Value {
            self.problems.push(
                Problem::error(
                    "pooled-row",
                    format!("{label} is pooled, so it cannot give `{}`", m.key()),
                )
                .at(loc)
                .hint("a pooled row takes its counts from its members; remove this key"),
            );
            return false;
        }
        true
    }

    /// One raw cell per period: a list as given, or one value for every period.
    fn spread(&mut self, label: &str, m: Measure, raw: &RawCell, loc: &Loc) -> Vec<RawCell> {
        let n = self.periods.len();
        match raw {
            RawCell::List(items) => {
                if items.len() != n {
                    self.problems
                        .push(self.row_length(label, m, items.len(), loc));
                }
                let mut items = items.clone();
                items.resize(n, RawCell::Blank);
                items
            }
            _ if n == 1 || m == Measure::Population => vec![raw.clone(); n],
            _ => {
                self.problems.push(self.row_length(label, m, 1, loc));
                vec![RawCell::Blank; n]
            }
        }
    }

    /// The "row-length" error.
    fn row_length(&self, label: &str, m: Measure, given: usize, loc: &Loc) -> Problem {
        Problem::error(
            "row-length",
            format!(
                "the `{}` list of {label} has {given} {} but the table has {} periods ({})",
                m.key(),
                if given == 1 { "entry" } else { "entries" },
                self.periods.len(),
                quoted_list(&self.periods)
            ),
        )
        .at(loc)
        .hint("give one value per period, in order; write ~ for a period with no figure")
    }

    /// Reads one cell; a published value with a "%" on a rate that is not a percentage is an error.
    fn read_cell(&mut self, label: &str, p: usize, m: Measure, raw: &RawCell, loc: &Loc) -> Cell {
        let what = what(label, &self.periods[p], m);
        let cell = spec::read_count(raw, loc, &what, self.problems);
        match cell {
            Cell::Number(n) if n.percent && self.ind.unit_kind != indicator::UnitKind::Percent => {
                self.problems.push(
                    Problem::error(
                        "value-unit",
                        format!(
                            "{what} is {}, but {} is {}, not a percentage",
                            raw.as_written(),
                            self.ind.name,
                            self.ind.unit
                        ),
                    )
                    .at(loc)
                    .hint("write the number without the % sign"),
                );
                Cell::Invalid(raw.as_written())
            }
            cell => cell,
        }
    }

    /// The figures of every row (plain rows first, then pooled rows from their members), and the
    /// members of each pooled row.
    fn points(&mut self, rows: &[Row]) -> (Vec<Vec<Point>>, Vec<Vec<usize>>) {
        let mut points: Vec<Vec<Point>> = rows
            .iter()
            .map(|r| match r.pool {
                None => (0..self.periods.len())
                    .map(|p| self.plain_point(r, p))
                    .collect(),
                Some(_) => Vec::new(),
            })
            .collect();
        let mut members = vec![Vec::new(); rows.len()];
        for (i, row) in rows.iter().enumerate() {
            if let Some(pool) = &row.pool {
                members[i] = self.members(row, pool, rows);
                points[i] = self.pooled_points(row, pool, &members[i], rows, &points);
            }
        }
        (points, members)
    }

    /// The figure of a plain row at period `p`.
    fn plain_point(&mut self, row: &Row, p: usize) -> Point {
        let counts = self.counts(row, p);
        let computed = counts.and_then(|(n, d)| self.rate(row, p, n, d));
        let figure = self.settle(row, p, computed);
        Point { figure, counts }
    }

    /// The numerator and denominator of a row at period `p`, when it gives a numerator.
    fn counts(&mut self, row: &Row, p: usize) -> Option<(Decimal, Decimal)> {
        let (num, den) = (self.ind.numerator, self.ind.denominator);
        let n = self.number(row, p, num, row.cell(num, p)?)?;
        let d = match row.cell(den, p) {
            Some(Cell::Blank) | None => self.missing_denominator(row, p)?,
            Some(cell) => self.number(row, p, den, cell)?,
        };
        Some((n, d))
    }

    /// The number in a cell used in a calculation; "text-in-computed-cell" for text.
    fn number(&mut self, row: &Row, p: usize, m: Measure, cell: &Cell) -> Option<Decimal> {
        match cell {
            Cell::Number(n) => Some(n.value),
            Cell::Text(t) => {
                let what = what(&row.label, &self.periods[p], m);
                self.problems
                    .push(spec::text_in_computed(t, &row.loc_of(m), &what));
                None
            }
            Cell::Blank | Cell::Invalid(_) => None,
        }
    }

    /// The denominator a row leaves out: the plan's population, else an error.
    fn missing_denominator(&mut self, row: &Row, p: usize) -> Option<Decimal> {
        let period = &self.periods[p];
        let den = self.ind.denominator;
        if den == Measure::Population {
            if let Some(pop) = (self.ctx.population)(&row.label, period) {
                return Some(pop);
            }
            self.problems.push(
                Problem::error(
                    "missing-population",
                    format!("{}, {period}: there is a count but no population, here or in plan.yaml", row.label),
                )
                .at(&row.loc_of(den))
                .hint(format!(
                    "add `population:` to the row, or to plan.yaml under population: {}: {{ \"{period}\": … }}",
                    row.label
                )),
            );
        } else {
            self.problems.push(
                Problem::error(
                    "missing-count",
                    format!(
                        "{}, {period}: there is no {} to divide by",
                        row.label,
                        den.key()
                    ),
                )
                .at(&row.loc_of(den))
                .hint(format!("add `{}:` with one value per period", den.key())),
            );
        }
        None
    }

    /// The rate from counts; "division-by-zero" or "number-too-large" when it cannot be computed.
    fn rate(&mut self, row: &Row, p: usize, n: Decimal, d: Decimal) -> Option<Decimal> {
        match number::ratio(n, d, self.ind.multiplier()) {
            Ok(rate) => Some(rate),
            Err(e) => {
                let loc = row
                    .pool
                    .as_ref()
                    .map_or_else(|| row.loc_of(self.ind.denominator), |pool| pool.loc.clone());
                self.problems.push(arith_problem(
                    e,
                    &format!("{}, {}", row.label, self.periods[p]),
                    self.ind.denominator.key(),
                    &loc,
                ));
                None
            }
        }
    }

    /// The figure shown: the computed one (checked against a given value) or the given one.
    fn settle(&mut self, row: &Row, p: usize, computed: Option<Decimal>) -> Figure {
        match (computed, row.cell(Measure::Value, p)) {
            (Some(c), Some(Cell::Number(g))) => {
                self.compare(row, p, c, g.value);
                Figure::Computed(c)
            }
            (Some(c), _) => Figure::Computed(c),
            (None, Some(Cell::Number(g))) => Figure::Given(g.value),
            (None, Some(Cell::Text(t) | Cell::Invalid(t))) => Figure::Text(t.clone()),
            (None, _) => Figure::Blank,
        }
    }

    /// "stated-mismatch" when the given value differs from the computed one once rounded.
    fn compare(&mut self, row: &Row, p: usize, computed: Decimal, given: Decimal) {
        let dp = self.ind.decimals;
        if round_half_up(computed, dp) == round_half_up(given, dp) {
            return;
        }
        self.problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "{}, {}: the stated value {} does not equal the computed value {}",
                    row.label,
                    self.periods[p],
                    format_fixed(given, dp),
                    format_fixed(computed, dp)
                ),
            )
            .at(&row.loc_of(Measure::Value))
            .hint("correct the value or the counts; the table prints the computed value"),
        );
    }

    /// The figures of a pooled row: the ratio of its members' summed counts, period by period.
    fn pooled_points(
        &mut self,
        row: &Row,
        pool: &PoolIn,
        members: &[usize],
        rows: &[Row],
        points: &[Vec<Point>],
    ) -> Vec<Point> {
        let out: Vec<Point> = (0..self.periods.len())
            .map(|p| self.pooled_point(row, p, members, rows, points))
            .collect();
        let any_counts = members.iter().any(|&m| {
            points
                .get(m)
                .is_some_and(|pts| pts.iter().any(|pt| pt.counts.is_some()))
        });
        if !members.is_empty() && !any_counts {
            let names: Vec<&str> = members.iter().map(|&m| rows[m].label.as_str()).collect();
            self.problems.push(
                Problem::error(
                    "missing-count",
                    format!(
                        "{} pools {}, but none of them gives counts",
                        row.label,
                        quoted_list(&names)
                    ),
                )
                .at(&pool.loc)
                .hint(format!(
                    "give the members `{}` and `{}`",
                    self.ind.numerator.key(),
                    self.ind.denominator.key()
                )),
            );
        }
        out
    }

    /// The pooled figure at period `p`; "missing-count" when only some members give counts.
    fn pooled_point(
        &mut self,
        row: &Row,
        p: usize,
        members: &[usize],
        rows: &[Row],
        points: &[Vec<Point>],
    ) -> Point {
        let parts: Vec<Option<(Decimal, Decimal)>> = members
            .iter()
            .map(|&m| {
                points
                    .get(m)
                    .and_then(|pts| pts.get(p))
                    .and_then(|pt| pt.counts)
            })
            .collect();
        let missing: Vec<&str> = members
            .iter()
            .zip(&parts)
            .filter(|(_, c)| c.is_none())
            .map(|(&m, _)| rows[m].label.as_str())
            .collect();
        let counts = if missing.is_empty() && !parts.is_empty() {
            self.sum_counts(row, p, &parts)
        } else {
            if missing.len() < parts.len() {
                self.problems.push(
                    Problem::error(
                        "missing-count",
                        format!(
                            "{}, {}: {} {} no counts, so the pooled figure cannot be computed",
                            row.label,
                            self.periods[p],
                            quoted_list(&missing),
                            if missing.len() == 1 { "gives" } else { "give" }
                        ),
                    )
                    .at(&pool_loc(row))
                    .hint("give counts for every member in this period, or exclude the member"),
                );
            }
            None
        };
        let computed = counts.and_then(|(n, d)| self.rate(row, p, n, d));
        let figure = self.settle(row, p, computed);
        Point { figure, counts }
    }

    /// The members' counts added up.
    fn sum_counts(
        &mut self,
        row: &Row,
        p: usize,
        parts: &[Option<(Decimal, Decimal)>],
    ) -> Option<(Decimal, Decimal)> {
        let nums = number::sum(parts.iter().flatten().map(|c| c.0));
        let dens = number::sum(parts.iter().flatten().map(|c| c.1));
        match (nums, dens) {
            (Ok(n), Ok(d)) => Some((n, d)),
            (Err(e), _) | (_, Err(e)) => {
                let at = format!("{}, {}", row.label, self.periods[p]);
                self.problems
                    .push(arith_problem(e, &at, "pooled counts", &pool_loc(row)));
                None
            }
        }
    }

    /// The rows a pooled row pools; "pooled-row" for names that are not plain rows of the table.
    fn members(&mut self, row: &Row, pool: &PoolIn, rows: &[Row]) -> Vec<usize> {
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        let find = |name: &str| {
            rows.iter().position(|r| {
                r.label.eq_ignore_ascii_case(name.trim()) || slug(&r.label) == slug(name)
            })
        };
        let mut members: Vec<usize> = match &pool.members {
            None => (0..rows.len())
                .filter(|&i| gives_counts(&rows[i], self.ind))
                .collect(),
            Some(names) => names
                .iter()
                .filter_map(|n| self.member(row, n, find(n), rows, &labels))
                .collect(),
        };
        for name in &pool.exclude {
            match find(name) {
                Some(i) => members.retain(|&m| m != i),
                None => self.problems.push(not_a_row(
                    &row.label,
                    name,
                    &labels,
                    &row.loc.key("exclude"),
                )),
            }
        }
        if members.is_empty() {
            self.problems.push(
                Problem::error(
                    "pooled-row",
                    format!("{} has no rows left to pool", row.label),
                )
                .at(&pool.loc),
            );
        }
        members
    }

    /// A named member's index, if it is a plain row.
    fn member(
        &mut self,
        row: &Row,
        name: &str,
        found: Option<usize>,
        rows: &[Row],
        labels: &[&str],
    ) -> Option<usize> {
        match found {
            Some(i) if rows[i].pool.is_some() => {
                self.problems.push(
                    Problem::error(
                        "pooled-row",
                        format!("{} pools {name}, which is itself pooled", row.label),
                    )
                    .at(&pool_loc(row))
                    .hint("pool the member areas themselves"),
                );
                None
            }
            Some(i) => Some(i),
            None => {
                self.problems
                    .push(not_a_row(&row.label, name, labels, &pool_loc(row)));
                None
            }
        }
    }
}

/// True for a plain row that gives the indicator's numerator (a member of `pooled: all`).
fn gives_counts(row: &Row, ind: &Indicator) -> bool {
    row.pool.is_none() && row.cells.iter().any(|(m, _, _)| *m == ind.numerator)
}

/// Where a row's `pooled` key is.
fn pool_loc(row: &Row) -> Loc {
    row.pool
        .as_ref()
        .map_or_else(|| row.loc.clone(), |p| p.loc.clone())
}

/// The "pooled-row" error for a member that is not a row of the table.
fn not_a_row(label: &str, name: &str, labels: &[&str], loc: &Loc) -> Problem {
    Problem::error(
        "pooled-row",
        format!("{label} names {name}, which is not a row of this table"),
    )
    .at(loc)
    .hint(suggestion(name, labels.iter().copied()))
}

/// The problem for an arithmetic failure at `at` ("West Mercia, 2022").
fn arith_problem(e: ArithError, at: &str, denominator: &str, loc: &Loc) -> Problem {
    match e {
        ArithError::DivisionByZero => Problem::error(
            "division-by-zero",
            format!("{at}: the {denominator} is 0, so the figure cannot be computed"),
        )
        .at(loc)
        .hint(format!(
            "check the {denominator}; leave the count blank (~) if there is no figure"
        )),
        ArithError::Overflow => Problem::error("number-too-large", format!("{at}: {e}")).at(loc),
    }
}

impl Job<'_, '_> {
    /// Builds the output table.
    fn build(
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
        }
        t.notes = spec.notes.clone();
        t.notes.extend(self.notes(done));
        if let (true, Some(n)) = (suppressed_any, spec.suppress_below) {
            t.notes.push(super::suppress::note(n));
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

    /// The header row.
    fn head(&self, header: &str, change: bool) -> Vec<HeadCell> {
        let mut head = vec![HeadCell::new(header, 1, 1)];
        head.extend(self.periods.iter().map(|p| HeadCell::new(p, 1, 1)));
        if change {
            head.push(change_head());
        }
        head
    }

    /// The columns.
    fn columns(&self, header: &str, change: bool) -> Vec<ColumnInfo> {
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
    fn body_row(&self, row: &Row, pts: &[Point], hidden: &[bool], change: bool) -> BodyRow {
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
    fn body_cell(&self, figure: &Figure, hidden: bool) -> BodyCell {
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
    fn notes(&self, done: &Computed) -> Vec<String> {
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
    fn pool_note(&self, row: &Row, members: &[usize], rows: &[Row]) -> String {
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
    fn chart(&self, kind: ChartKind, t: &ComputedTable) -> ChartData {
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
fn plural(m: Measure) -> &'static str {
    match m {
        Measure::Count => "counts",
        Measure::Population => "populations",
        Measure::Cohort => "cohorts",
        Measure::Reoffenders => "reoffenders",
        Measure::Reoffences => "reoffences",
        Measure::Value => "values",
    }
}

/// A chart value: the figure rounded as printed.
fn chart_value(cell: &BodyCell, decimals: u32) -> Option<f64> {
    cell.value
        .and_then(|v| number::to_f64(round_half_up(v, decimals)))
}

/// True when a computed figure rests on a count from 1 to threshold − 1.
fn is_small(pt: &Point, threshold: Option<Decimal>) -> bool {
    match (pt.counts, threshold, &pt.figure) {
        (Some((n, _)), Some(t), Figure::Computed(_)) => n > Decimal::ZERO && n < t,
        _ => false,
    }
}

/// Rows that are comparators by name: national, regional, family and average figures.
fn is_comparator_name(label: &str) -> bool {
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
const CHANGE_LABEL: &str = "Change on previous period";

/// The change column's header.
fn change_head() -> HeadCell {
    HeadCell {
        key: "change".into(),
        ..HeadCell::new(CHANGE_LABEL, 1, 1)
    }
}

/// The percentage change from the last period but one to the last, on unrounded figures.
fn change_cell(pts: &[Point], hidden: &[bool]) -> BodyCell {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run, run_with, texts};
    use super::super::Severity;
    use proptest::prelude::*;

    const FTE: &str = r#"
kind: indicator
indicator: fte
periods: [Sep-17, Sep-18, Sep-19, Sep-20, Sep-21, Sep-22]
rows:
  West Mercia: { value: [408, 300, 222, 128, 98, 93] }
  National: { value: [306, 251, 214, 170, 154, 146] }
  Shropshire: { value: [334, 267, 206, 82, 72, ">10"] }
source: YJB youth justice statistics
"#;

    fn custody(rows: &str) -> String {
        format!("kind: indicator\nindicator: custody\nperiods: [\"2021\", \"2022\"]\nrows:\n{rows}")
    }

    #[test]
    fn published_fte_figures_print_as_given() {
        let (t, problems) = run(FTE);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.caption, "First time entrants to the youth justice system");
        assert_eq!(
            t.unit.as_deref(),
            Some("per 100,000 children aged 10 to 17")
        );
        assert_eq!(t.cell("West Mercia", "Sep-22").unwrap().text, "93");
        assert_eq!(t.cell("national", "sep-22").unwrap().text, "146");
        let text = t.cell("Shropshire", "Sep-22").unwrap();
        assert_eq!((text.text.as_str(), text.numeric), (">10", false));
        assert!(t.rows[1].is_comparator && !t.rows[0].is_comparator);
        let home = run(&FTE.replace("West Mercia:", "Wales:")).0.unwrap();
        assert!(!home.rows[0].is_comparator);
        assert_eq!(t.head[0][0].text, "Area");
        assert!(t.notes.is_empty());
    }

    #[test]
    fn fte_has_a_line_chart_with_the_home_row_first() {
        let chart = run(FTE).0.unwrap().chart.unwrap();
        assert_eq!(chart.kind, super::ChartKind::Line);
        assert_eq!(chart.x_labels.len(), 6);
        assert!(chart.series[0].home && !chart.series[1].home);
        assert_eq!(chart.series[0].values[5], Some(93.0));
        assert_eq!(chart.series[2].values[5], None);
        let none = run(&format!("{FTE}chart: none\n")).0.unwrap();
        assert!(none.chart.is_none());
    }

    #[test]
    fn west_mercia_custody_2022_is_0_08() {
        let (t, problems) = run(&custody(
            "  West Mercia: { count: [~, 9], value: [0.09, 0.08] }\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.cell("West Mercia", "2022").unwrap().text, "0.08");
        assert_eq!(t.cell("West Mercia", "2021").unwrap().text, "0.09");
        assert!(t.notes[0].contains("West Mercia (2022)"), "{:?}", t.notes);
    }

    #[test]
    fn population_may_be_one_number_or_a_list() {
        for pop in ["115388", "[115388, 115388]"] {
            let rows = format!("  West Mercia: {{ count: [11, 9], population: {pop} }}\n");
            let t = run(&custody(&rows)).0.unwrap();
            assert_eq!(texts(&t)[0], ["West Mercia", "0.10", "0.08"]);
        }
    }

    #[test]
    fn given_values_print_at_the_indicator_precision() {
        let yaml = "kind: indicator\nindicator: reoffending-binary\nperiods: [\"2021\"]\nrows:\n  A: { value: 30 }\n  B: { reoffenders: 27, cohort: 99 }\n";
        let t = run(yaml).0.unwrap();
        assert_eq!(texts(&t), [["A", "30.0"], ["B", "27.3"]]);
        assert_eq!(t.unit.as_deref(), Some("% of the cohort who reoffended"));
    }

    #[test]
    fn every_indicator_computes_its_rate() {
        let cases = [
            ("fte", "count: 107, population: 115388", "93"),
            ("custody", "count: 9, population: 115388", "0.08"),
            ("serious-violence", "count: 20, population: 115388", "1.7"),
            ("reoffending-binary", "reoffenders: 30, cohort: 110", "27.3"),
            (
                "reoffences-per-reoffender",
                "reoffences: 50, reoffenders: 20",
                "2.50",
            ),
            (
                "reoffences-per-offender",
                "reoffences: 50, cohort: 100",
                "0.50",
            ),
        ];
        for (id, row, expected) in cases {
            let yaml = format!(
                "kind: indicator\nindicator: {id}\nperiods: [\"2022\"]\nrows:\n  A: {{ {row} }}\n"
            );
            let (t, problems) = run(&yaml);
            assert!(problems.is_empty(), "{id}: {problems:?}");
            assert_eq!(t.unwrap().rows[0].cells[1].text, expected, "{id}");
        }
    }

    #[test]
    fn a_caption_with_the_wrong_unit_is_an_error() {
        let yaml = custody("  West Mercia: { value: [0.09, 0.08] }\n")
            + "caption: Custodial Sentences per 100,000 Youth Population\n";
        let (t, problems) = run(&yaml);
        assert_eq!(codes(&problems), ["caption-unit"]);
        assert_eq!(problems[0].path, ["caption"]);
        assert!(
            problems[0].message.contains("per 100,000"),
            "{}",
            problems[0].message
        );
        assert!(t.is_some());
        let percent = custody("  A: { value: [1, 2] }\n") + "caption: Custody rate (%)\n";
        assert_eq!(codes(&run(&percent).1), ["caption-unit"]);
    }

    #[test]
    fn a_caption_with_the_right_unit_loses_it() {
        let yaml = custody("  A: { value: [1, 2] }\n")
            + "caption: Custodial sentences per 1,000 youth population\n";
        let (t, problems) = run(&yaml);
        assert!(problems.is_empty());
        assert_eq!(t.unwrap().caption, "Custodial sentences");
    }

    #[test]
    fn a_percent_sign_on_a_rate_is_an_error() {
        let (_, problems) = run(&custody("  A: { value: [\"0.09%\", 0.08] }\n"));
        assert_eq!(codes(&problems), ["value-unit"]);
    }

    #[test]
    fn a_value_that_disagrees_with_the_counts_is_an_error() {
        let (t, problems) = run(&custody(
            "  West Mercia: { count: [11, 9], population: 115388, value: [0.09, 0.08] }\n",
        ));
        assert_eq!(codes(&problems), ["stated-mismatch"]);
        assert_eq!(problems[0].path, ["rows", "West Mercia", "value"]);
        assert!(problems[0].message.contains("0.09") && problems[0].message.contains("0.10"));
        assert_eq!(t.unwrap().cell("West Mercia", "2021").unwrap().text, "0.10");
    }

    #[test]
    fn a_missing_population_is_an_error() {
        let (_, problems) = run(&custody("  Herefordshire: { count: [~, 5] }\n"));
        assert_eq!(codes(&problems), ["missing-population"]);
        assert_eq!(problems[0].path, ["rows", "Herefordshire", "population"]);
        assert!(problems[0].hint.as_deref().unwrap().contains("plan.yaml"));
    }

    #[test]
    fn a_missing_cohort_is_an_error() {
        let yaml = "kind: indicator\nindicator: reoffending-binary\nperiods: [\"2022\"]\nrows:\n  A: { reoffenders: 5 }\n";
        assert_eq!(codes(&run(yaml).1), ["missing-count"]);
    }

    #[test]
    fn a_zero_population_is_an_error_not_a_panic() {
        let (t, problems) = run(&custody("  A: { count: [1, 0], population: 0 }\n"));
        assert_eq!(codes(&problems), ["division-by-zero", "division-by-zero"]);
        assert_eq!(texts(&t.unwrap())[0], ["A", "", ""]);
    }

    #[test]
    fn an_unknown_indicator_suggests_the_nearest() {
        let (t, problems) =
            run("kind: indicator\nindicator: custdy\nperiods: [\"2022\"]\nrows: {}\n");
        assert!(t.is_none());
        assert_eq!(codes(&problems), ["unknown-indicator"]);
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("did you mean \"custody\"?")
        );
        assert!(problems[0].message.contains("\"serious-violence\""));
    }

    #[test]
    fn missing_indicator_or_periods_cannot_be_built() {
        assert_eq!(
            codes(&run("kind: indicator\nrows: {}\n").1),
            ["missing-key"]
        );
        assert_eq!(
            codes(&run("kind: indicator\nindicator: fte\nrows: {}\n").1),
            ["missing-key"]
        );
    }

    #[test]
    fn a_row_of_the_wrong_length_is_an_error() {
        let (t, problems) = run(&custody(
            "  A: { value: [1, 2, 3] }\n  B: { count: 5, population: 100 }\n",
        ));
        assert_eq!(codes(&problems), ["row-length", "row-length"]);
        assert_eq!(problems[0].path, ["rows", "A", "value"]);
        assert_eq!(texts(&t.unwrap())[0], ["A", "1.00", "2.00"]);
    }

    #[test]
    fn text_in_a_count_is_an_error() {
        let (_, problems) = run(&custody("  A: { count: [\">10\", 2], population: 100 }\n"));
        assert_eq!(codes(&problems), ["text-in-computed-cell"]);
        assert_eq!(problems[0].path, ["rows", "A", "count"]);
    }

    #[test]
    fn bad_and_negative_numbers_are_errors() {
        let (_, problems) = run(&custody(
            "  A: { count: [-1, \"1,17,999\"], population: 100 }\n",
        ));
        assert_eq!(codes(&problems), ["negative-count", "bad-number"]);
    }

    #[test]
    fn measures_of_other_indicators_are_errors() {
        let (_, problems) = run(&custody("  A: { cohort: [1, 2] }\n"));
        assert_eq!(codes(&problems), ["wrong-measure"]);
        assert!(problems[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("\"population\""));
        let (_, problems) = run(&custody("  A: { populaton: [1, 2] }\n"));
        assert_eq!(codes(&problems), ["unknown-key"]);
    }

    #[test]
    fn comparators_pool_counts_rather_than_averaging_rates() {
        let rows = "  Herefordshire: { count: [~, 2], population: 10000 }\n  Shropshire: { count: [~, 1], population: 90000 }\n  Region: { pooled: [Herefordshire, Shropshire] }\n";
        let (t, problems) = run(&custody(rows));
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.cell("Region", "2022").unwrap().text, "0.03");
        assert!(t.rows[2].is_comparator);
        assert!(
            t.notes
                .iter()
                .any(|n| n.starts_with("Region: the counts of Herefordshire, Shropshire")),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn pooled_all_leaves_out_the_excluded() {
        let rows = "  West Mercia: { count: [~, 9] }\n  A: { count: [~, 2], population: 10000 }\n  B: { count: [~, 1], population: 90000 }\n  Family: { pooled: all, exclude: [West Mercia], value: [0.05, ~] }\n";
        let (t, problems) = run(&custody(rows));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(texts(&t.unwrap())[3], ["Family", "0.05", "0.03"]);
    }

    #[test]
    fn a_pool_member_without_counts_is_an_error() {
        let rows = "  A: { count: [~, 2], population: 10000 }\n  B: { value: [1, 2] }\n  Region: { pooled: [A, B] }\n";
        let (_, problems) = run(&custody(rows));
        assert_eq!(codes(&problems), ["missing-count"]);
        assert!(problems[0].message.contains("\"B\""));
        assert_eq!(problems[0].path, ["rows", "Region", "pooled"]);
    }

    #[test]
    fn pooled_rows_name_plain_rows_of_the_table() {
        let rows = "  A: { count: [1, 2], population: 100 }\n  R: { pooled: [A, Bee] }\n  S: { pooled: [R] }\n  T: { exclude: [A], value: [1, 2] }\n  U: { pooled: [A], count: [1, 1] }\n";
        let (_, problems) = run(&custody(rows));
        let pooled = problems.iter().filter(|p| p.code == "pooled-row").count();
        assert_eq!(pooled, 5, "{problems:?}");
    }

    #[test]
    fn change_is_computed_on_unrounded_figures() {
        let yaml = custody("  West Mercia: { count: [11, 9], population: 115388 }\n  National: { value: [0.12, 0.11] }\n  Zero: { value: [0, 0.04] }\n") + "change: true\n";
        let t = run(&yaml).0.unwrap();
        assert_eq!(t.columns.last().unwrap().key, "change");
        assert_eq!(t.cell("West Mercia", "change").unwrap().text, "-18.2%");
        assert_eq!(
            t.cell("National", "Change on previous period")
                .unwrap()
                .text,
            "-8.3%"
        );
        assert_eq!(t.cell("Zero", "change").unwrap().text, "n/a");
    }

    #[test]
    fn small_counts_are_suppressed() {
        let yaml = custody("  A: { count: [3, 12], population: 100000 }\n") + "suppress_below: 5\n";
        let t = run(&yaml).0.unwrap();
        let cell = t.cell("A", "2021").unwrap();
        assert!(cell.suppressed && cell.text == "*");
        assert_eq!(t.cell("A", "2022").unwrap().text, "0.12");
        assert!(t
            .notes
            .iter()
            .any(|n| n.starts_with("* Numbers from 1 to 4")));
        assert_eq!(t.chart.unwrap().series[0].values[0], None);
    }

    #[test]
    fn rows_come_from_csv() {
        let csv = "Area,measure,2021,2022\r\nWest Mercia,count,,9\r\nNational,value,0.12,0.11\r\n";
        let yaml = "kind: indicator\nindicator: custody\ncsv: data/custody.csv\nrows:\n  Family: { value: [0.05, 0.06] }\n";
        let (t, problems) = run_with(yaml, &[("data/custody.csv", csv)], false);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.head[0][0].text, "Area");
        assert_eq!(
            texts(&t),
            [
                ["West Mercia", "", "0.08"],
                ["National", "0.12", "0.11"],
                ["Family", "0.05", "0.06"]
            ]
        );
    }

    #[test]
    fn csv_problems_carry_their_line() {
        let csv = "row,measure,2022\nA,count,5\nA,populaton,100\nA,count,6\nB,value\n";
        let yaml =
            "kind: indicator\nindicator: custody\ncsv: d.csv\nperiods: [\"2022\", \"2023\"]\n";
        let (_, problems) = run_with(yaml, &[("d.csv", csv)], false);
        let found: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (p.code, p.csv_line.as_ref().map_or(0, |c| c.1)))
            .collect();
        assert_eq!(
            found,
            [
                ("csv-row-length", 5),
                ("csv-missing-column", 1),
                ("wrong-measure", 3),
                ("duplicate-row", 4),
                ("missing-population", 2)
            ]
        );
        let (_, problems) = run_with(yaml, &[("d.csv", "row,what,2022\n")], false);
        assert_eq!(codes(&problems), ["csv-missing-column"]);
        let (_, problems) = run_with(yaml, &[], false);
        assert_eq!(codes(&problems), ["csv-missing"]);
    }

    #[test]
    fn problems_are_errors() {
        let (_, problems) = run(&custody("  A: { count: [1, \"x\"], population: 0 }\n"));
        assert!(problems.iter().all(|p| p.severity == Severity::Error));
    }

    proptest! {
        #[test]
        fn rates_never_panic(count in any::<i64>(), pop in prop::sample::select(vec!["0", "1", "0.0000001", "79228162514264337593543950335.5", "1e30", "\"7922816251426433759354395033\"", "115388", "-5"]), id in prop::sample::select(super::indicator::ids())) {
            let num = match id { "reoffending-binary" => "reoffenders", "reoffences-per-reoffender" | "reoffences-per-offender" => "reoffences", _ => "count" };
            let den = match id { "reoffending-binary" | "reoffences-per-offender" => "cohort", "reoffences-per-reoffender" => "reoffenders", _ => "population" };
            let yaml = format!("kind: indicator\nindicator: {id}\nperiods: [a, b, c]\nchange: true\nrows:\n  A: {{ {num}: [{count}, \"79228162514264337593543950335\", 18446744073709551615], {den}: [{pop}, {pop}, {pop}], value: [1, 2, 1e300] }}\n  B: {{ pooled: all }}\n");
            let (t, _) = run(&yaml);
            prop_assert!(t.is_some());
        }
    }
}
