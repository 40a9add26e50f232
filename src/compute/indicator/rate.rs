//! Figures of an indicator table: takes the rows read and gives each period's figure, computed
//! from counts (and checked against a published value) or taken as published.

use super::*;

impl Job<'_, '_> {
    /// The figures of every row (plain rows first, then pooled rows from their members), and the
    /// members of each pooled row.
    pub(super) fn points(&mut self, rows: &[Row]) -> (Vec<Vec<Point>>, Vec<Vec<usize>>) {
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
    pub(super) fn plain_point(&mut self, row: &Row, p: usize) -> Point {
        let counts = self.counts(row, p);
        let computed = counts.and_then(|(n, d)| self.rate(row, p, n, d));
        let figure = self.settle(row, p, computed);
        Point { figure, counts }
    }

    /// The numerator and denominator of a row at period `p`, when it gives a numerator.
    pub(super) fn counts(&mut self, row: &Row, p: usize) -> Option<(Decimal, Decimal)> {
        let (num, den) = (self.ind.numerator, self.ind.denominator);
        let n = self.number(row, p, num, row.cell(num, p)?)?;
        let d = match row.cell(den, p) {
            Some(Cell::Blank) | None => self.missing_denominator(row, p)?,
            Some(cell) => self.number(row, p, den, cell)?,
        };
        Some((n, d))
    }

    /// The number in a cell used in a calculation; "text-in-computed-cell" for text.
    pub(super) fn number(
        &mut self,
        row: &Row,
        p: usize,
        m: Measure,
        cell: &Cell,
    ) -> Option<Decimal> {
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
    pub(super) fn missing_denominator(&mut self, row: &Row, p: usize) -> Option<Decimal> {
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
    pub(super) fn rate(&mut self, row: &Row, p: usize, n: Decimal, d: Decimal) -> Option<Decimal> {
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
    pub(super) fn settle(&mut self, row: &Row, p: usize, computed: Option<Decimal>) -> Figure {
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
    pub(super) fn compare(&mut self, row: &Row, p: usize, computed: Decimal, given: Decimal) {
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
}

/// True for a plain row that gives the indicator's numerator (a member of `pooled: all`).
pub(super) fn gives_counts(row: &Row, ind: &Indicator) -> bool {
    row.pool.is_none() && row.cells.iter().any(|(m, _, _)| *m == ind.numerator)
}

/// The problem for an arithmetic failure at `at` ("West Mercia, 2022").
pub(super) fn arith_problem(e: ArithError, at: &str, denominator: &str, loc: &Loc) -> Problem {
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
