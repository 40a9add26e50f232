//! Unit tests of `src/compute/indicator/cohort.rs`: the reoffending table of one cohort.

use crate::compute::facts::cross_check;
use crate::compute::testing::{codes, run, texts};

const COHORT: &str = "kind: indicator
indicator: reoffending
caption: Reoffending, cohort July 2020 to June 2021
periods: [Jun-21]
rows:
  West Mercia: { cohort: 1034, reoffenders: 258, reoffences: 1121, binary: 25.0, per_reoffender: 4.34 }
  Member A: { cohort: 500, reoffenders: 150, reoffences: 700 }
  Member B: { cohort: 800, reoffenders: 200, reoffences: 500 }
  Family average: { pooled: all, exclude: [West Mercia] }
";

#[test]
fn one_table_per_cohort_with_counts_and_three_measures() {
    let (t, problems) = run(COHORT);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    let heads: Vec<&str> = t.head[0].iter().map(|h| h.text.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Area",
            "Children in the cohort",
            "Reoffenders",
            "Reoffences",
            "Reoffending rate (%)",
            "Reoffences per reoffender",
            "Reoffences per child in the cohort"
        ]
    );
    let rows = texts(&t);
    assert_eq!(
        rows[0],
        [
            "West Mercia",
            "1,034",
            "258",
            "1,121",
            "25.0",
            "4.34",
            "1.08"
        ]
    );
    // The family average pools its members' counts, without the home service.
    assert_eq!(
        rows[3],
        [
            "Family average",
            "1,300",
            "350",
            "1,200",
            "26.9",
            "3.43",
            "0.92"
        ]
    );
    assert!(t.rows[3].is_comparator && !t.rows[0].is_comparator);
    assert_eq!(t.cell("West Mercia", "per-offender").unwrap().text, "1.08");
    assert_eq!(t.facts.len(), 12);
    assert_eq!(
        t.notes,
        ["Family average: the counts of Member A, Member B added together; each measure is computed from these sums."]
    );
}

#[test]
fn printed_measures_are_checked_and_feed_the_check_across_tables() {
    let (t, problems) = run(&COHORT.replace("per_reoffender: 4.34", "per_reoffender: 4.43"));
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    assert_eq!(problems[0].path, ["rows", "West Mercia", "per_reoffender"]);
    let cohort = t.unwrap();
    let elsewhere = "kind: indicator\nindicator: reoffences-per-offender\nperiods: [Jun-21]\nrows:\n  West Mercia: { value: 1.37 }\n";
    let other = run(elsewhere).0.unwrap();
    let found = cross_check(&[&cohort, &other]);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].1.message.contains("printed here as 1.37") && found[0].1.message.contains("1.08")
    );
}

#[test]
fn one_cohort_only_and_no_value_key() {
    let (t, problems) = run(&COHORT.replace("[Jun-21]", "[Jun-20, Jun-21]"));
    assert!(t.is_none());
    assert_eq!(codes(&problems), ["bad-value"]);
    let (_, problems) = run(&COHORT.replace("binary: 25.0", "value: 25.0"));
    assert_eq!(codes(&problems), ["wrong-measure"]);
    let (_, problems) = run(&COHORT.replace("periods:", "change: true\nperiods:"));
    assert_eq!(codes(&problems), ["unused-key"]);
    let plain = "kind: indicator\nindicator: fte\nperiods: [A]\nrows:\n  X: { count: 1, population: 10, binary: 3 }\n";
    assert_eq!(codes(&run(plain).1), ["wrong-measure"]);
}
