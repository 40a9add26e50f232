//! Comparator rows: takes a pooled row and its member rows and gives the comparator's figure
//! pooled from the members' counts (never an average of their rates).

use super::*;

impl Job<'_, '_> {
    /// The figures of a pooled row: the ratio of its members' summed counts, period by period.
    pub(super) fn pooled_points(
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
    pub(super) fn pooled_point(
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
    pub(super) fn sum_counts(
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
    pub(super) fn members(&mut self, row: &Row, pool: &PoolIn, rows: &[Row]) -> Vec<usize> {
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
    pub(super) fn member(
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

/// Where a row's `pooled` key is.
pub(super) fn pool_loc(row: &Row) -> Loc {
    row.pool
        .as_ref()
        .map_or_else(|| row.loc.clone(), |p| p.loc.clone())
}

/// The "pooled-row" error for a member that is not a row of the table.
pub(super) fn not_a_row(label: &str, name: &str, labels: &[&str], loc: &Loc) -> Problem {
    Problem::error(
        "pooled-row",
        format!("{label} names {name}, which is not a row of this table"),
    )
    .at(loc)
    .hint(suggestion(name, labels.iter().copied()))
}
