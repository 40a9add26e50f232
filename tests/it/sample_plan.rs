//! The sample plan (content/) against the figures printed in the real West Mercia Youth Justice
//! Plan 2023/24: every table is computed from data, so these tests check the computation and the
//! data together. Figures are compared as printed (thousands separators, rounding).

use std::path::Path;
use yjplan::view::{TableView, View, ViewBlock};

fn sample() -> View {
    let compiled = yjplan::compile(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let errors: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "the sample plan has errors: {errors:#?}");
    compiled.rendered.expect("a view").view
}

fn table<'a>(view: &'a View, id: &str) -> &'a TableView {
    view.blocks
        .iter()
        .find_map(|b| match b {
            ViewBlock::Table(t) if t.id == format!("table-{id}") => Some(t),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table {id}"))
}

/// The printed cells of the row whose label is `label` (the label itself first).
fn row<'a>(table: &'a TableView, label: &str) -> Vec<&'a str> {
    let row = table
        .rows
        .iter()
        .find(|r| r.cells[0].text == label)
        .unwrap_or_else(|| panic!("no row {label} in {}", table.id));
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn budget_matches_the_published_totals() {
    let view = sample();
    let budget = table(&view, "budget");
    assert_eq!(
        row(budget, "Total"),
        ["Total", "448,189", "", "2,922,283", "3,370,472"]
    );
    // Blank cells print blank, as the published table printed them.
    assert_eq!(
        row(budget, "Health"),
        ["Health", "135,106", "", "36,894", "172,000"]
    );
    assert_eq!(row(budget, "Police Service")[4], "310,503");
    assert_eq!(row(budget, "National Probation Service")[4], "70,580");
    assert_eq!(row(budget, "Health")[4], "172,000");
}

#[test]
fn staffing_totals_are_31_male_and_75_female() {
    let view = sample();
    let staffing = table(&view, "staffing");
    let total = row(staffing, "Total");
    assert_eq!(total[total.len() - 2..], ["31", "75"]);
    assert_eq!(row(staffing, "White")[total.len() - 2..], ["30", "68"]);
}

#[test]
fn restorative_outcomes_add_up_to_139_contacted_and_56_outcomes() {
    let view = sample();
    let outcomes = table(&view, "outcomes");
    assert_eq!(
        row(outcomes, "West Mercia"),
        ["West Mercia", "139", "56", "29", "6", "15", "6"]
    );
}

#[test]
fn custody_rate_is_computed_from_9_sentences_and_115388_children() {
    let view = sample();
    let custody = table(&view, "custody");
    assert_eq!(
        custody.unit.as_deref(),
        Some("per 1,000 children aged 10 to 17")
    );
    assert_eq!(
        row(custody, "West Mercia"),
        ["West Mercia", "0.08", "0.13", "0.07", "0.09", "0.08"]
    );
    assert_eq!(row(custody, "National")[5], "0.11");
}

#[test]
fn indicator_tables_print_the_published_figures() {
    let view = sample();
    let fte = table(&view, "fte");
    assert_eq!(
        fte.unit.as_deref(),
        Some("per 100,000 children aged 10 to 17")
    );
    assert_eq!(
        row(fte, "West Mercia"),
        ["West Mercia", "408", "300", "222", "128", "98", "93"]
    );
    assert_eq!(
        row(fte, "Shropshire")[6],
        ">10",
        "text cells stay as published"
    );
    assert_eq!(row(table(&view, "reoffending"), "West Mercia")[5], "27.3");
    assert_eq!(row(table(&view, "reoffences"), "West Mercia")[3], "2.90");
}

#[test]
fn education_shares_round_half_up() {
    let view = sample();
    let education = table(&view, "education");
    assert_eq!(
        row(education, "In an education placement")[1..],
        ["290", "90%"]
    );
    assert_eq!(
        row(education, "Receiving full-time education")[1..],
        ["241", "75%"]
    );
    assert_eq!(row(education, "Missing education")[1..], ["21", "7%"]);
    assert_eq!(
        row(education, "With an Education, Health and Care Plan")[1..],
        ["31", "10%"]
    );
}

#[test]
fn disability_total_keeps_its_decimal() {
    let view = sample();
    let disability = table(&view, "disability");
    let cells = row(disability, "Disabled (self-classified)");
    assert_eq!(*cells.last().unwrap(), "2.8");
}

#[test]
fn prose_figures_come_from_the_tables() {
    let view = sample();
    let text = serde_json::to_string(&view.blocks).unwrap();
    for phrase in [
        "Together they come to £3,370,472.",
        "In the latest year our rate was 93. The national rate was 146",
        "we contacted 139 victims",
        "290 (90%) had an education place",
    ] {
        assert!(text.contains(phrase), "the prose lacks {phrase:?}");
    }
}
