//! Helpers for the unit tests: a plan context with West Mercia's population and in-memory CSV
//! files, and a one-call way to compute a table from YAML.

use super::{compute_table, ComputedTable, Context, Problem, TableSpec};
use rust_decimal::Decimal;

/// West Mercia's population aged 10 to 17 in 2022, as in the seed plan.
pub const WEST_MERCIA_2022: i64 = 115_388;

/// The population look-up of the test plan.
fn population(label: &str, period: &str) -> Option<Decimal> {
    match (label, period) {
        ("West Mercia", "2022") => Some(Decimal::from(WEST_MERCIA_2022)),
        _ => None,
    }
}

/// Computes a table from YAML with the given CSV files and Welsh flag.
pub fn run_with(
    yaml: &str,
    files: &[(&str, &str)],
    wales: bool,
) -> (Option<ComputedTable>, Vec<Problem>) {
    let spec: TableSpec = serde_yaml::from_str(yaml).expect("test YAML is a table spec");
    let read = |name: &str| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| "no such file".to_string())
    };
    let ctx = Context {
        population: &population,
        wales,
        read_csv: &read,
    };
    compute_table("t", &spec, &ctx)
}

/// Computes a table from YAML (no CSV files, an English service).
pub fn run(yaml: &str) -> (Option<ComputedTable>, Vec<Problem>) {
    run_with(yaml, &[], false)
}

/// The codes of the problems, in order.
pub fn codes(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.code).collect()
}

/// The texts of a table's body, row by row.
pub fn texts(table: &ComputedTable) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}
