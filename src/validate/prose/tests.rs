//! Golden tests of the prose checks: real-looking sentences, those that must be flagged and those
//! that must not.

use super::check_prose;
use super::scan::{sentences, Typed};
use crate::compute::{compute_table, ComputedTable, Context, TableSpec};
use crate::diag::SourceFile;
use std::sync::Arc;

/// The tables of a plan like the sample's: FTE, custody, reoffending (binary and per reoffender).
fn tables() -> Vec<Arc<ComputedTable>> {
    let specs = [
        ("fte", "kind: indicator\nindicator: fte\nperiods: [Sep-21, Sep-22]\nrows:\n  West Mercia: { value: [98, 93] }\n  National: { value: [154, 146] }\n"),
        ("custody", "kind: indicator\nindicator: custody\nperiods: [\"2021\", \"2022\"]\nrows:\n  West Mercia: { value: [0.09, 0.08] }\n  National: { value: [0.12, 0.11] }\n"),
        ("reoffending", "kind: indicator\nindicator: reoffending-binary\nperiods: [Mar-21]\nrows:\n  West Mercia: { cohort: 201, reoffenders: 55 }\n  National: { value: 31.2 }\n"),
        ("reoffences", "kind: indicator\nindicator: reoffences-per-reoffender\nperiods: [Mar-21]\nrows:\n  West Mercia: { value: 4.21 }\n"),
    ];
    let population = |_: &str, _: &str| None;
    let read = |_: &str| Err("no files".to_string());
    let ctx = Context {
        population: &population,
        wales: false,
        read_csv: &read,
    };
    specs
        .iter()
        .map(|(id, yaml)| {
            let spec: TableSpec = serde_yaml::from_str(yaml).unwrap();
            let (t, problems) = compute_table(id, &spec, &ctx);
            assert!(problems.is_empty(), "{problems:?}");
            Arc::new(t.unwrap())
        })
        .collect()
}

/// The diagnostics of a body, one line each: "line code: message".
fn check(body: &str) -> Vec<String> {
    let file = SourceFile::new("s.md", body);
    check_prose(&[(&file, 0)], &tables())
        .iter()
        .map(|d| {
            format!(
                "{} {}: {}",
                d.location.as_ref().and_then(|l| l.line).unwrap_or(0),
                d.code,
                d.message
            )
        })
        .collect()
}

#[test]
fn a_wrong_typed_rate_is_an_error_naming_the_tables_figure() {
    assert_eq!(
        check("In the year to September 2022 the FTE rate was 97 per 100,000 children.\n"),
        ["1 prose-figure: the sentence gives 97 for first time entrants, but table `fte` gives 93 for West Mercia (Sep-22) and no figure of 97"]
    );
    let found = check("Intro.\n\nIn 2022 custody was used rarely,\nwith a rate of 0.06.\n");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("4 prose-figure:")
            && found[0].contains("gives 0.08 for West Mercia (2022)"),
        "{found:?}"
    );
    let found = check("Of the latest cohort, 27.9% went on to reoffend.\n");
    assert!(
        found[0].starts_with("1 prose-figure:") && found[0].contains("27.4"),
        "{found:?}"
    );
    let found = check("Each reoffender committed 3.9 reoffences per reoffender.\n");
    assert!(
        found[0].starts_with("1 prose-figure:") && found[0].contains("4.21"),
        "{found:?}"
    );
}

#[test]
fn a_right_typed_figure_gets_a_hint_with_the_expression() {
    let found = check("The first time entrant rate fell to 93 per 100,000 children.\n");
    assert_eq!(found, ["1 typed-figure: 93 is typed by hand; it is first time entrants for West Mercia (Sep-22) in table `fte` today"]);
    let file = SourceFile::new("s.md", "Of the latest cohort, 27.4% went on to reoffend.\n");
    let d = check_prose(&[(&file, 0)], &tables());
    assert_eq!(d[0].code, "typed-figure");
    assert_eq!(
        d[0].hints.first().map(String::as_str),
        Some("write {{ reoffending[\"West Mercia\"][\"Mar-21\"] }} instead, so the sentence changes when the table does")
    );
    // Comparator figures and figures rounded to fewer places are figures of the table too.
    assert_eq!(
        check("Nationally the FTE rate was 146 per 100,000.\n").len(),
        1
    );
    assert!(check("About 27% of the cohort went on to reoffend.\n")[0].contains("typed-figure"));
}

#[test]
fn the_user_reviews_case_is_caught() {
    // The table says 93 and 146; the prose was typed from an older draft.
    let found =
        check("The FTE rate fell from 126 to 97 this year, against a national rate of 140.\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("gives 97 for first time entrants, but table `fte` gives 93"),
        "{found:?}"
    );
    assert!(found[1].contains("gives 140 for first time entrants"));
}

#[test]
fn a_comparison_is_not_a_change_and_a_unit_belongs_to_the_nearer_number() {
    let found = check(
        "The proportion re-offending is 27.4%, which is lower than the national rate at 31.2%.\n",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1]
        .contains("31.2 is typed by hand; it is reoffending (binary rate) for National (Mar-21)"));
    let found =
        check("The FTE rate for the year ending September 22 is at 93 FTE per 100,000 children.\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("1 typed-figure: 93 "));
}

#[test]
fn a_unit_that_contradicts_the_indicator_is_an_error() {
    assert_eq!(
        check("The FTE rate was 91 per 10,000 children.\n"),
        ["1 prose-unit: the sentence gives 91 per 10,000 for first time entrants, but first time entrants is counted per 100,000 children aged 10 to 17"]
    );
    assert!(check("Our custody rate of 0.08% compares well.\n")[0].starts_with("1 prose-unit:"));
    assert!(
        check("Use of custody stood at 0.08 per 100,000 children.\n")[0]
            .starts_with("1 prose-unit:")
    );
}

#[test]
fn ordinary_prose_is_not_flagged() {
    let fine = [
        "In 2022 there were 9 custodial sentences across the four areas.",
        "The board met 6 times in 2022/23 and the chair attended every meeting.",
        "We work with children aged 10 to 17 and their families.",
        "Herefordshire's FTE rate fell by 43%, from {{ fte[\"West Mercia\"][\"Sep-21\"] }} to {{ fte[\"West Mercia\"][\"Sep-22\"] }}.",
        "Custody fell by 12% on the previous year.",
        "20 children committed 34 serious violence offences in 2022, or 5% of all offences.",
        "The children involved equal 2.9 per 10,000 children aged 10 to 17.",
        "The rate is 7.8 for the West Midlands region and 6.3 nationally.",
        "Across the country, FTE rates range from 38 to 486, with a median of 148.",
        "Of these, 156 (82%) received Outcome 22 and 26 (14%) no further action.",
        "In West Mercia, {{ reoffending[\"West Mercia\"][\"Mar-21\"] }}% of the cohort reoffended.",
        "This measure counts custodial sentences per 1,000 children aged 10 to 17.",
        "The reoffending rate is down 3 percentage points on last year.",
        "```\nThe FTE rate was 12 per 100,000.\n```",
        "| FTE | 12 per 100,000 |",
        "### FTE: 12 per 100,000",
        "<!-- a note:\nthe FTE rate was 12 per 100,000 -->",
    ];
    for s in fine {
        assert_eq!(check(&format!("{s}\n")), Vec::<String>::new(), "{s}");
    }
}

#[test]
fn the_sample_plans_prose_has_no_alarm() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            let body = text.rsplit("\n---\n").next().unwrap();
            assert_eq!(check(body), Vec::<String>::new(), "{}", path.display());
        }
    }
}

#[test]
fn numbers_with_units_are_read() {
    let s = sentences("The rate was 93 per 100,000, and 27.3% reoffended.\n", 5);
    let units: Vec<(String, Typed, usize)> = s[0]
        .figures
        .iter()
        .map(|f| (f.written.clone(), f.unit, f.line))
        .collect();
    assert_eq!(
        units,
        [
            ("93".to_string(), Typed::PerPopulation(100_000), 5),
            ("27.3".to_string(), Typed::Percent, 5)
        ]
    );
    assert!(sentences("In 2022 we met 12 times.\n", 1)[0]
        .figures
        .is_empty());
}

#[test]
fn a_long_sentence_is_read_in_linear_time() {
    // 50,000 link definitions make one "sentence" of 1.7 MB (no full stop ends one): each number
    // in it used to look its line up from the start, 42 s for the whole section.
    let mut body: String = (0..50_000)
        .map(|i| format!("[r{i}]: https://example.org/{i}\n"))
        .collect();
    body.push_str("and the FTE rate was 93 per 100,000\n");
    let s = sentences(&body, 1);
    let last = s.last().unwrap().figures.last().unwrap();
    assert_eq!((last.written.as_str(), last.line), ("93", 50_001));
    assert!(last.after_rate);
    assert_eq!(last.before, "fte rate was ");
}

#[test]
fn a_percentage_after_the_word_rate_is_read_as_a_rate() {
    let s = sentences("The custody rate, as before, was 0.08% here.\n", 1);
    assert!(s[0].figures[0].after_rate);
    let s = sentences("A separate 0.08% rate.\n", 1);
    assert!(!s[0].figures[0].after_rate);
}

#[test]
fn numbers_are_read_as_table_cells_are() {
    let written = |text: &str| -> Vec<String> {
        sentences(text, 1)[0]
            .figures
            .iter()
            .map(|f| format!("{} {:?}", f.value, f.unit))
            .collect()
    };
    assert_eq!(
        written("It is 1,179 per 100,000.\n"),
        ["1179 PerPopulation(100000)"]
    );
    assert!(written("It is 50,00 per 100,000.\n").is_empty(), "not 5000");
    assert!(written("It is 5,0,0% now.\n").is_empty(), "not 500%");
    assert!(written("It is 93 per 10,00.\n").is_empty(), "not per 1000");
}
