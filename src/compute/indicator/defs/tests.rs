//! Unit tests of `src/compute/indicator/defs.rs`.

use super::*;

fn ind(id: &str) -> &'static Indicator {
    find(id).unwrap()
}

#[test]
fn definitions() {
    assert_eq!(ind("fte").multiplier, 100_000);
    assert_eq!(ind("fte").decimals, 0);
    assert_eq!(ind("custody").decimals, 2);
    assert_eq!(ind("reoffending-binary").decimals, 1);
    assert_eq!(ind("serious-violence").multiplier, 10_000);
    assert_eq!(ind("reoffences-per-offender").denominator, Measure::Cohort);
    assert_eq!(ids().len(), 16);
    assert!(find("ftes").is_none());
}

#[test]
fn accepted_measures() {
    assert!(ind("fte").accepts(Measure::Count));
    assert!(!ind("fte").accepts(Measure::Cohort));
    assert!(ind("reoffending-binary").accepts(Measure::Reoffences));
    assert!(!ind("reoffending-binary").accepts(Measure::Population));
    assert_eq!(
        ind("custody").accepted_keys(),
        ["count", "population", "value"]
    );
}

#[test]
fn finds_units_in_captions() {
    let kinds = |c: &str| units_in(c).into_iter().map(|m| m.kind).collect::<Vec<_>>();
    assert_eq!(
        kinds("Custodial Sentences per 100,000 Youth Population"),
        [UnitKind::PerPopulation(100_000)]
    );
    assert_eq!(kinds("Reoffending (%)"), [UnitKind::Percent]);
    assert_eq!(kinds("Reoffending per cent"), [UnitKind::Percent]);
    assert_eq!(
        kinds("Reoffences per re-offender"),
        [UnitKind::PerReoffender]
    );
    assert_eq!(kinds("Rate per 1000"), [UnitKind::PerPopulation(1000)]);
    assert_eq!(kinds("Use of custody, 2018 to 2022"), []);
    assert_eq!(kinds("Performance of the service"), []);
}

#[test]
fn wrong_unit_in_caption_is_an_error() {
    let err = caption_without_unit(
        "Custodial Sentences per 100,000 Youth Population",
        ind("custody"),
    )
    .unwrap_err();
    assert_eq!(err.words, "per 100,000");
    assert!(err.to_string().contains("per 1,000 children"));
    assert!(caption_without_unit("Custody rate %", ind("custody")).is_err());
}

#[test]
fn right_unit_is_taken_out_of_the_caption() {
    let c = |s: &str, id: &str| caption_without_unit(s, ind(id)).unwrap();
    assert_eq!(
        c("Custodial sentences per 1,000 youth population", "custody"),
        "Custodial sentences"
    );
    assert_eq!(
        c("Reoffending rate (%), 2022 cohort", "reoffending-binary"),
        "Reoffending rate, 2022 cohort"
    );
    assert_eq!(c("FTE rate", "fte"), "FTE rate");
    assert_eq!(
        c(
            "First time entrants per 100,000 children aged 10 to 17, Sep-17 to Sep-22",
            "fte"
        ),
        "First time entrants, Sep-17 to Sep-22"
    );
    assert_eq!(
        c("Custody per 1,000 children; calendar years", "custody"),
        "Custody, calendar years"
    );
    assert_eq!(
        c("per 100,000", "fte"),
        "First time entrants to the youth justice system"
    );
}

#[test]
fn the_ten_kpis_are_percentages_of_a_whole() {
    assert_eq!(KPIS.len(), 10);
    for k in KPIS.iter() {
        assert!(k.id.starts_with("kpi-"));
        assert_eq!(k.unit_kind, UnitKind::Percent);
        assert!(k.accepts(Measure::Count) && k.accepts(Measure::OutOf));
        assert!(!k.accepts(Measure::Population));
    }
    assert_eq!(
        ind("kpi-ete").name,
        "education, training and employment (KPI 2)"
    );
}

#[test]
fn a_kpi_table_gives_percentages_from_counts() {
    use crate::compute::testing::{codes, run, texts};
    let yaml = "kind: indicator\nindicator: kpi-ete\nperiods: [Q1, Q2]\nrows:\n  West Mercia: { count: [41, 38], out_of: [52, 50], value: [79, ~] }\n  England: { value: [\"72%\", 74] }\n";
    let (t, problems) = run(yaml);
    assert!(problems.is_empty(), "{problems:?}");
    let t = t.unwrap();
    assert_eq!(texts(&t)[0], ["West Mercia", "79", "76"]);
    assert_eq!(t.unit.as_deref(), Some("% of children whose order ended"));
    let (_, problems) = run(&yaml.replace("value: [79, ~]", "value: [80, ~]"));
    assert_eq!(codes(&problems), ["stated-mismatch"]);
    let (_, problems) = run(&yaml.replace("out_of: [52, 50], ", ""));
    assert_eq!(codes(&problems), ["missing-count", "missing-count"]);
}
