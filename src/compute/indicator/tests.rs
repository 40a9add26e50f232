//! Unit tests of `src/compute/indicator/mod.rs`.

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
    let (t, problems) = run("kind: indicator\nindicator: custdy\nperiods: [\"2022\"]\nrows: {}\n");
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
    let yaml = "kind: indicator\nindicator: custody\ncsv: d.csv\nperiods: [\"2022\", \"2023\"]\n";
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
    // Not vacuous: the text count and the zero population are both found, and both are errors.
    assert!(!problems.is_empty());
    assert_eq!(
        codes(&problems),
        ["division-by-zero", "text-in-computed-cell"]
    );
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
