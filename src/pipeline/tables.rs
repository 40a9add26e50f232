//! The compute stage for a whole plan: takes the sections' front matter, plan.yaml's settings and the data
//! files, and gives every computed table plus diagnostics: duplicate table ids, and each
//! [`Problem`] of the pure computation (and of the check of figures across tables) turned into a [`Diagnostic`] at its file and line.

use crate::compute::facts::cross_check;
use crate::compute::table_ids::{IdProblem, Ids};
use crate::compute::{compute_table, ComputedTable, Context, Problem, Severity};
use crate::diag::{Diagnostic, SourceFile};
use crate::load::data::DataFiles;
use crate::load::front_matter::{locate, Front};
use crate::load::plan::PlanConfig;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Computes every table the sections define: duplicate ids are errors, and each problem becomes
/// a diagnostic at the YAML key or CSV line it is about.
pub fn compute_tables(
    data: &DataFiles,
    plan: &PlanConfig,
    files: &[SourceFile],
    fronts: &[Front],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<ComputedTable>> {
    let population = |area: &str, period: &str| plan.population.get(area, period);
    let read_csv = |path: &str| data.text(path);
    let ctx = Context {
        population: &population,
        wales: plan.wales,
        read_csv: &read_csv,
    };
    let mut jobs = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut ids = Ids::default();
    for (file, front) in files.iter().zip(fronts) {
        for (id, spec) in front.front.tables.iter() {
            if let Some(first) = seen.get(id) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-table",
                        format!("the table id `{id}` is used twice"),
                    )
                    .at_line(file, line_of(file, front, id, &[]))
                    .note(format!("it is first defined in {first}"))
                    .hint("give each table its own id"),
                );
                continue;
            }
            seen.insert(id.clone(), file.path.clone());
            if let Some(problem) = ids.add(id, &file.path) {
                let line = line_of(file, front, id, &[]);
                diagnostics.push(id_diagnostic(&problem, id).at_line(file, line));
            }
            jobs.push((file, front, id, spec));
        }
    }
    // The tables are independent of each other until the check of figures across them.
    let computed = crate::util::par_map(&jobs, |&(_, _, id, spec)| compute_table(id, spec, &ctx));
    let mut tables = Vec::new();
    let mut homes = Vec::new();
    for ((file, front, id, spec), (table, problems)) in jobs.into_iter().zip(computed) {
        let at = |path: &[String]| line_of(file, front, id, path);
        for p in problems {
            let name = table_name(id, spec.caption.as_deref());
            let mut d = problem_diagnostic(data, file, &name, &p, at(&p.path));
            if let Some(hint) = (p.code == "csv-missing")
                .then_some(spec.csv.as_deref())
                .flatten()
                .and_then(|csv| data.suggestion(csv))
            {
                d.hints = vec![hint];
            }
            diagnostics.push(d);
        }
        if let Some(mut table) = table {
            if let Some(mut d) = super::chart_text::too_long(&mut table) {
                let line = line_of(file, front, id, &["chart".to_string()]);
                d.message = format!("{}: {}", table_name(id, Some(&table.caption)), d.message);
                diagnostics.push(d.at_line(file, line));
            }
            tables.push(Arc::new(table));
            homes.push((file, front));
        }
    }
    let all: Vec<&ComputedTable> = tables.iter().map(|t| t.as_ref()).collect();
    for (i, p) in cross_check(&all) {
        let (file, front) = homes[i];
        let line = line_of(file, front, &all[i].id, &p.path);
        let name = table_name(&all[i].id, Some(&all[i].caption));
        diagnostics.push(problem_diagnostic(data, file, &name, &p, line));
    }
    tables
}

/// The error for a table id that cannot name the table's outputs (the table is still computed,
/// so its placements and figures are not reported again as unknown).
fn id_diagnostic(problem: &IdProblem, id: &str) -> Diagnostic {
    match problem {
        IdProblem::Bad { suggestion } => Diagnostic::error(
            "bad-table-id",
            format!("the table id {id:?} has characters a table id may not have"),
        )
        .hint(format!(
            "write the id with lowercase letters, digits, hyphens and underscores, such as `{suggestion}`, here and where the table is placed or quoted"
        )),
        IdProblem::Collides { first, file, stem } => Diagnostic::error(
            "duplicate-table",
            format!("the table ids `{first}` and `{id}` would both write the open data file data/{stem}.csv"),
        )
        .note(format!("`{first}` is defined in {file}"))
        .hint("give this table an id that differs from the other in its letters or digits"),
    }
}

/// The line of a table's YAML key path in its section file.
fn line_of(file: &SourceFile, front: &Front, id: &str, path: &[String]) -> usize {
    let mut full = vec!["tables".to_string(), id.to_string()];
    full.extend(path.iter().cloned());
    let offset = locate(&front.yaml, &full).unwrap_or(0) + front.offset;
    file.line_col(offset).0
}

/// How messages name a table: by the caption the reader sees, else by its id.
fn table_name(id: &str, caption: Option<&str>) -> String {
    match caption.map(str::trim).filter(|c| !c.is_empty()) {
        Some(caption) => format!("the table \"{caption}\""),
        None => format!("table `{id}`"),
    }
}

fn problem_diagnostic(
    data: &DataFiles,
    file: &SourceFile,
    table: &str,
    p: &Problem,
    line: usize,
) -> Diagnostic {
    let message = format!("{table}: {}", p.message);
    let mut d = match p.severity {
        Severity::Error => Diagnostic::error(p.code, message),
        Severity::Warning => Diagnostic::warning(p.code, message),
    };
    d = match &p.csv_line {
        Some((csv, csv_line)) => match data.source(csv) {
            Some(csv_file) => d.at_line(&csv_file, *csv_line),
            _ => d
                .at_line(file, line)
                .note(format!("in {csv}, line {csv_line}")),
        },
        None => d.at_line(file, line),
    };
    if let Some(hint) = &p.hint {
        d = d.hint(hint.clone());
    }
    d
}
