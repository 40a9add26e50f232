//! Unit tests of `src/compute/sum/mod.rs`.

use super::super::testing::{codes, run, run_with, texts};
use proptest::prelude::*;

const OUTCOMES: &str = r#"
kind: sum
caption: Restorative outcomes by area, July to September 2022
row_header: Area
columns: [Victims contacted, Restorative outcome, Letter of apology, Direct reparation, Indirect reparation, Face to face meeting]
groups:
  - { label: Type of restorative outcome, columns: [Letter of apology, Direct reparation, Indirect reparation, Face to face meeting] }
totals: columns
total_label: West Mercia
rows:
  Herefordshire:  [36, 4, 2, ~, ~, 2]
  Shropshire:     [16, 4, 3, ~, ~, 1]
  Telford:        [19, 10, 4, ~, 6, ~]
  Worcestershire: [68, 38, 20, 6, 9, 3]
stated_total: [139, 56, 29, 6, 15, 6]
check:
  - { column: Restorative outcome, equals: [Letter of apology, Direct reparation, Indirect reparation, Face to face meeting] }
"#;

const STAFF: &str = r#"
kind: sum
caption: Staff by ethnicity and sex
row_header: Ethnicity
columns: [Managers Strategic, Managers Operational, Practitioners, Administrative, Sessional, Student, Referral Order Panel Volunteer, Other Volunteer]
subcolumns: [Male, Female]
totals: both
rows:
  Asian:    [[~, ~], [~, ~], [~, ~], [~, 1], [~, ~], [~, ~], [~, 2], [~, 1]]
  Black:    [[~, ~], [1, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
  Mixed:    [[~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
  White:    [[1, ~], [~, 4], [18, 31], [1, 10], [~, ~], [~, ~], [9, 20], [1, 3]]
  Any other ethnic group: [[~, ~], [~, ~], [~, 2], [~, ~], [~, ~], [~, ~], [~, 1], [~, ~]]
  Not known: [[~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
stated_total: [1, 0, 1, 4, 18, 33, 1, 11, 0, 0, 0, 0, 9, 23, 1, 4, 31, 75]
"#;

#[test]
fn west_mercia_restorative_outcomes_add_up() {
    let (t, problems) = run(OUTCOMES);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(
        texts(&t)[4],
        ["West Mercia", "139", "56", "29", "6", "15", "6"]
    );
    assert_eq!(t.cell("total", "Victims contacted").unwrap().text, "139");
    assert_eq!(
        t.cell("West Mercia", "restorative-outcome").unwrap().text,
        "56"
    );
    assert_eq!(t.cell("Telford", "Direct reparation").unwrap().text, "");
    assert!(t.rows[4].is_total);
}

#[test]
fn groups_make_two_header_rows() {
    let t = run(OUTCOMES).0.unwrap();
    let spans: Vec<(&str, u32, u32)> = t.head[0]
        .iter()
        .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
        .collect();
    assert_eq!(
        spans,
        [
            ("Area", 1, 2),
            ("Victims contacted", 1, 2),
            ("Restorative outcome", 1, 2),
            ("Type of restorative outcome", 4, 1)
        ]
    );
    assert_eq!(t.head[1].len(), 4);
    assert_eq!(t.head[1][0].key, "letter-of-apology");
}

#[test]
fn west_mercia_staff_totals_are_31_male_and_75_female() {
    let (t, problems) = run(STAFF);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.cell("Total", "Total Male").unwrap().text, "31");
    assert_eq!(t.cell("total", "total-female").unwrap().text, "75");
    assert_eq!(t.cell("White", "Practitioners Female").unwrap().text, "31");
    assert_eq!(t.cell("white", "practitioners-female").unwrap().text, "31");
    assert_eq!(t.cell("Mixed", "total-male").unwrap().text, "0");
    assert_eq!(t.cell("White", "Total Male").unwrap().text, "30");
    assert_eq!(t.columns.len(), 1 + 16 + 2);
}

#[test]
fn subcolumns_make_two_header_rows() {
    let t = run(STAFF).0.unwrap();
    assert_eq!(t.head.len(), 2);
    assert_eq!(
        (t.head[0][0].text.as_str(), t.head[0][0].rowspan),
        ("Ethnicity", 2)
    );
    assert!(t.head[0][1..]
        .iter()
        .all(|h| h.colspan == 2 && h.rowspan == 1));
    assert_eq!(t.head[0].last().unwrap().text, "Total");
    assert_eq!(t.head[1].len(), 18);
    assert_eq!(t.head[1][5].key, "practitioners-female");
    assert_eq!(t.head[1][17].key, "total-female");
}

#[test]
fn disability_fte_keeps_the_decimals_written() {
    let yaml = "kind: sum\nrow_header: Row\ncaption: Staff by known disability (FTE)\ncolumns: [Strategic Manager (FT), Operational Manager (PT), Operational Manager (FT), Practitioners (PT), Practitioners (FT), Administration (PT), Administration (FT)]\ntotals: rows\nrows:\n  Disabled (self-classified): [0, 0, 0, 0.5, 1, 1.3, 0]\n";
    let (t, problems) = run(yaml);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        texts(&t.unwrap())[0],
        [
            "Disabled (self-classified)",
            "0",
            "0",
            "0",
            "0.5",
            "1",
            "1.3",
            "0",
            "2.8"
        ]
    );
}

#[test]
fn a_stated_total_that_differs_names_the_column_and_both_values() {
    let yaml = OUTCOMES.replace("[139, 56, 29, 6, 15, 6]", "[140, 56, 29, 6, 15, 6, 251, 1]");
    let (_, problems) = run(&yaml);
    assert_eq!(codes(&problems), ["row-length", "stated-mismatch"]);
    assert_eq!(
        problems[1].message,
        "the stated total 140 for Victims contacted does not equal the computed total 139"
    );
    assert_eq!(problems[1].path, ["stated_total"]);
}

#[test]
fn with_row_totals_the_stated_totals_are_the_total_column() {
    let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: rows\nrows: {x: [1.5, 1.3], y: [1, 2]}\nstated_total: [2.8, 3]\n";
    assert!(run(yaml).1.is_empty());
    let (_, problems) = run(&yaml.replace("[2.8, 3]", "[2.9]"));
    assert_eq!(codes(&problems), ["row-length", "stated-mismatch"]);
    assert_eq!(
        problems[1].message,
        "the stated total 2.9 for x does not equal the computed total 2.8"
    );
    let (_, problems) = run(&yaml.replace("[2.8, 3]", "{a: 1}"));
    assert_eq!(codes(&problems), ["bad-value"]);
}

#[test]
fn a_stated_grand_total_is_checked() {
    let yaml = STAFF.replace("1, 4, 31, 75]", "1, 4, 31, 76]");
    let (_, problems) = run(&yaml);
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    assert!(problems[0].message.contains("Total Female"));
}

#[test]
fn a_failed_check_names_the_row() {
    let yaml = OUTCOMES
        .replace("[16, 4, 3, ~, ~, 1]", "[16, 5, 3, ~, ~, 1]")
        .replace("139, 56", "139, 57");
    let (_, problems) = run(&yaml);
    assert_eq!(codes(&problems), ["check-mismatch"]);
    assert!(
        problems[0].message.contains("the row Shropshire"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].path, ["rows", "Shropshire"]);
}

#[test]
fn unknown_columns_are_errors_with_a_suggestion() {
    let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [Male, Female]\ngroups: [{label: G, columns: [Femal]}]\ncheck: [{column: Mael, equals: [Female]}]\nrows: {x: [1, 2]}\n";
    let (_, problems) = run(yaml);
    assert_eq!(codes(&problems), ["unknown-column", "unknown-column"]);
    assert_eq!(
        problems[0].hint.as_deref(),
        Some("did you mean \"Female\"?")
    );
}

#[test]
fn groups_span_adjacent_columns_once() {
    let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B, C]\ngroups: [{label: G, columns: [A, C]}, {label: H, columns: [B]}, {label: I, columns: [B, C]}]\nrows: {x: [1, 2, 3]}\n";
    let (_, problems) = run(yaml);
    assert_eq!(codes(&problems), ["group-columns", "group-columns"]);
}

#[test]
fn a_row_of_the_wrong_length_is_an_error() {
    let (t, problems) = run(
        "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: rows\nrows: {x: [1]}\n",
    );
    assert_eq!(codes(&problems), ["row-length"]);
    assert_eq!(texts(&t.unwrap())[0], ["x", "1", "", "1"]);
}

#[test]
fn text_is_an_error_only_where_totals_are_computed() {
    let (_, problems) = run(
            "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: columns\nrows: {x: [\"<5\", 2]}\n",
        );
    assert_eq!(codes(&problems), ["text-in-computed-cell"]);
    let (t, problems) = run(
        "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\nrows: {x: [\"n/a\", \"85%\"]}\n",
    );
    assert!(problems.is_empty());
    assert_eq!(texts(&t.unwrap())[0], ["x", "n/a", "85%"]);
}

#[test]
fn percentages_are_not_added_up() {
    let (_, problems) =
            run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A]\ntotals: columns\nrows: {x: [\"85%\"]}\n");
    assert_eq!(codes(&problems), ["percent-in-sum"]);
}

#[test]
fn bad_and_negative_numbers_are_errors() {
    let (_, problems) = run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: columns\nrows: {x: [\"11,79,999\", -2]}\n");
    assert_eq!(codes(&problems), ["bad-number", "negative-count"]);
    assert!(problems[0].hint.as_deref().unwrap().contains("1,179,999"));
}

#[test]
fn money_keeps_its_pound_sign() {
    let t = run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [Cost]\ntotals: columns\nrows: {x: [\"£1,000\"], y: [\"£2,000.50\"]}\n").0.unwrap();
    assert_eq!(texts(&t)[2], ["Total", "£3,000.50"]);
    assert_eq!(texts(&t)[0], ["x", "£1,000.00"]);
}

#[test]
fn rows_come_from_csv() {
    let csv = "Area,Victims contacted,Restorative outcome\nHerefordshire,36,4\nShropshire,16,4\n";
    let yaml = "kind: sum\ncaption: S\ncsv: data/o.csv\ntotals: both\n";
    let (t, problems) = run_with(yaml, &[("data/o.csv", csv)], false);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(t.head[0][0].text, "Area");
    assert_eq!(texts(&t)[2], ["Total", "52", "8", "60"]);
}

#[test]
fn csv_columns_must_match() {
    let csv = "row,A,C\nx,1,2,3\n";
    let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncsv: o.csv\ncolumns: [A, B]\n";
    let (_, problems) = run_with(yaml, &[("o.csv", csv)], false);
    assert_eq!(
        codes(&problems),
        ["csv-row-length", "csv-missing-column", "unknown-column"]
    );
    assert_eq!(problems[0].csv_line, Some(("o.csv".to_string(), 2)));
}

#[test]
fn small_counts_and_what_would_reveal_them_are_hidden() {
    let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B, C]\ntotals: rows\nsuppress_below: 5\nrows: {x: [3, 20, 8], y: [10, 20, 30]}\n";
    let t = run(yaml).0.unwrap();
    assert_eq!(texts(&t)[0], ["x", "*", "20", "*", "31"]);
    assert_eq!(texts(&t)[1], ["y", "10", "20", "30", "60"]);
    assert!(t.notes[0].starts_with("* Numbers from 1 to 4"));
    assert!(t.rows[0].cells[1].suppressed);
}

#[test]
fn an_overflowing_total_is_an_error_not_a_panic() {
    let max = "\"79228162514264337593543950335\"";
    let yaml = format!(
            "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A]\ntotals: both\nrows: {{x: [{max}], y: [{max}]}}\n"
        );
    let (t, problems) = run(&yaml);
    assert_eq!(codes(&problems), ["number-too-large"]);
    assert_eq!(texts(&t.unwrap())[2], ["Total", "", ""]);
}

#[test]
fn groups_and_subcolumns_make_three_header_rows() {
    let yaml = "kind: sum\ncaption: S\nrow_header: Team\ncolumns: [A, B, C]\nsubcolumns: [M, F]\ngroups: [{label: G, columns: [B, C]}]\ntotals: rows\nrows: {x: [1, 2, 3, 4, 5, 6]}\n";
    let (t, problems) = run(yaml);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    let shape: Vec<Vec<(&str, u32, u32)>> = t
        .head
        .iter()
        .map(|row| {
            row.iter()
                .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
                .collect()
        })
        .collect();
    assert_eq!(
        shape[0],
        [("Team", 1, 3), ("A", 2, 2), ("G", 4, 1), ("Total", 2, 2)]
    );
    assert_eq!(shape[1], [("B", 2, 1), ("C", 2, 1)]);
    assert_eq!(shape[2].len(), 8);
    assert_eq!(t.cell("x", "total-f").unwrap().text, "12");
}

#[test]
fn a_chart_only_when_asked() {
    assert!(run(OUTCOMES).0.unwrap().chart.is_none());
    let chart = run(&format!("{OUTCOMES}chart: bar\n"))
        .0
        .unwrap()
        .chart
        .unwrap();
    assert_eq!(chart.series.len(), 4);
    assert_eq!(chart.series[0].values[0], Some(36.0));
}

#[test]
fn missing_columns_cannot_be_built() {
    let (t, problems) = run("kind: sum\nrow_header: Row\ncaption: S\nrows: {x: [1]}\n");
    assert!(t.is_none());
    assert_eq!(codes(&problems), ["missing-key"]);
}

/// A sum table of the given rows with both totals.
fn table_of(rows: &[Vec<i64>]) -> String {
    let body: String = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "  r{i}: [{}]\n",
                r.iter()
                    .map(|v| format!("{}.{:02}", v / 100, v % 100))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    format!(
        "kind: sum\nrow_header: Row\ncaption: P\ncolumns: [A, B, C]\ntotals: both\nrows:\n{body}"
    )
}

proptest! {
    #[test]
    fn totals_are_the_sum_of_the_parts_in_any_order(rows in prop::collection::vec(prop::collection::vec(0i64..100_000_000, 3), 1..8).prop_shuffle()) {
        let t = run(&table_of(&rows)).0.unwrap();
        let total = t.rows.last().unwrap();
        for c in 0..3 {
            let expected: i64 = rows.iter().map(|r| r[c]).sum();
            prop_assert_eq!(total.cells[c + 1].value, Some(rust_decimal::Decimal::new(expected, 2)));
        }
        let grand: i64 = rows.iter().flatten().sum();
        prop_assert_eq!(total.cells[4].value, Some(rust_decimal::Decimal::new(grand, 2)));
        let mut reversed = rows.clone();
        reversed.reverse();
        let t2 = run(&table_of(&reversed)).0.unwrap();
        let texts2: Vec<&str> = t2.rows.last().unwrap().cells.iter().map(|c| c.text.as_str()).collect();
        let texts1: Vec<&str> = total.cells.iter().map(|c| c.text.as_str()).collect();
        prop_assert_eq!(texts1, texts2);
    }
}
