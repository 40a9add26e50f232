//! Reading an indicator table's rows: takes the spec's YAML rows and CSV file and gives one
//! row per label with its cells per period and measure, checking measures, lengths and cells.

use super::*;

/// Rows from a CSV file with the header `row,measure,<period>,…`.
pub(super) fn csv_rows(
    t: &CsvTable,
    periods: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<RowIn> {
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
pub(super) fn period_columns(
    t: &CsvTable,
    periods: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let hint = "add \"{extra}\" to `periods`, or remove the column";
    csv::match_columns(t, periods, 2, "a period of the table", hint, problems)
}

/// The "wrong-measure" error for a CSV measure that is not a row key.
pub(super) fn unknown_measure(written: &str, loc: &Loc) -> Problem {
    let keys: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
    Problem::error("wrong-measure", format!("\"{written}\" is not a measure"))
        .at(loc)
        .hint(suggestion(written, keys.iter().copied()))
}

/// Adds a measure to the row with `label` (creating it); "duplicate-row" if it is there already.
pub(super) fn add_measure(
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
pub(super) fn yaml_rows(spec: &TableSpec, rows: &mut Vec<RowIn>, problems: &mut Vec<Problem>) {
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
pub(super) fn row_in(
    label: String,
    loc: Loc,
    row: IndicatorRowSpec,
    problems: &mut Vec<Problem>,
) -> RowIn {
    let pool = pool_in(&row, &loc, problems);
    for (key, given) in
        cohort::STATED_KEYS
            .iter()
            .zip([&row.binary, &row.per_reoffender, &row.per_offender])
    {
        if given.is_some() {
            problems.push(
                Problem::error(
                    "wrong-measure",
                    format!("{label} gives `{key}`, which only a reoffending table uses"),
                )
                .at(&loc.key(key))
                .hint("write the published figure as `value:`, or make the table `indicator: reoffending` (one table per cohort with the three measures)"),
            );
        }
    }
    let given = [
        (Measure::Count, row.count),
        (Measure::Population, row.population),
        (Measure::Cohort, row.cohort),
        (Measure::Reoffenders, row.reoffenders),
        (Measure::Reoffences, row.reoffences),
        (Measure::Value, row.value),
        (Measure::OutOf, row.out_of),
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
pub(super) fn pool_in(
    row: &IndicatorRowSpec,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Option<PoolIn> {
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
pub(super) fn what(label: &str, period: &str, measure: Measure) -> String {
    format!("{label}, {period}, {}", measure.key())
}

impl Job<'_, '_> {
    /// Reads a row's measures into one cell per period.
    pub(super) fn read_row(&mut self, r: RowIn) -> Row {
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
    pub(super) fn measure_allowed(
        &mut self,
        label: &str,
        m: Measure,
        pooled: bool,
        loc: &Loc,
    ) -> bool {
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
    pub(super) fn spread(
        &mut self,
        label: &str,
        m: Measure,
        raw: &RawCell,
        loc: &Loc,
    ) -> Vec<RawCell> {
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
    pub(super) fn row_length(&self, label: &str, m: Measure, given: usize, loc: &Loc) -> Problem {
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
    pub(super) fn read_cell(
        &mut self,
        label: &str,
        p: usize,
        m: Measure,
        raw: &RawCell,
        loc: &Loc,
    ) -> Cell {
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
}
