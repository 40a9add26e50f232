//! The two sample plans against their figures. content/ is modelled on the real West Mercia Youth
//! Justice Plan 2023/24 (yjb-2023) and is checked against the figures printed there; content-2025/
//! is a fictional service's three-year plan 2025/28 (yjb-2024), checked against figures worked out
//! by hand from its counts. Every table is computed from data, so these tests check the computation
//! and the data together. Figures are compared as printed (thousands separators, rounding).

use std::path::Path;
use yjplan::view::{TableView, View, ViewBlock};

/// The folder of the second sample, the multi-year plan under the 2024 structure.
const SAMPLE_2025: &str = "content-2025";

fn compile_sample(folder: &str) -> yjplan::Compiled {
    yjplan::compile(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
}

fn sample() -> View {
    let compiled = compile_sample("content");
    let errors: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "the sample plan has errors: {errors:#?}");
    compiled.rendered.expect("a view").view
}

/// The 2025/28 sample, which must have no diagnostic at all (it is the model of a clean plan).
fn sample_2025() -> View {
    let compiled = compile_sample(SAMPLE_2025);
    assert!(
        compiled.diagnostics.is_empty(),
        "the 2025/28 sample has diagnostics: {:#?}",
        compiled.diagnostics
    );
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

#[test]
fn multi_year_sample_is_a_2024_edition_plan_for_2025_28() {
    let view = sample_2025();
    assert_eq!(view.meta.edition, "yjb-2024");
    assert!(view.meta.period.contains("2025"), "{}", view.meta.period);
    assert!(!view.meta.draft, "the sample is signed off");
}

#[test]
fn multi_year_sample_rates_are_computed_from_counts() {
    let view = sample_2025();
    // 112/56,700, 84/57,400, 79/57,900, 92/58,400, 81/58,400 children; change on unrounded rates.
    assert_eq!(
        row(table(&view, "fte"), "Wrenshire"),
        ["Wrenshire", "198", "146", "136", "158", "139", "-12.0%"]
    );
    assert_eq!(
        row(table(&view, "custody"), "Wrenshire"),
        [
            "Wrenshire",
            "0.11",
            "0.07",
            "0.09",
            "0.12",
            "0.05",
            "-57.1%"
        ]
    );
    assert_eq!(
        row(table(&view, "reoffending"), "Wrenshire")[1..],
        ["32.6", "30.7", "29.6", "31.3", "29.4"]
    );
    assert_eq!(
        row(table(&view, "reoffences"), "Wrenshire")[1..],
        ["3.55", "3.54", "3.21", "3.75", "3.50"]
    );
    assert_eq!(
        row(table(&view, "serious-violence"), "Wrenshire")[1..],
        ["3.7", "2.9", "4.1", "3.3"]
    );
}

#[test]
fn multi_year_sample_budget_staffing_and_kpis_add_up() {
    let view = sample_2025();
    assert_eq!(
        row(table(&view, "budget"), "Total"),
        ["Total", "346,300", "86,400", "1,942,555", "2,375,255"]
    );
    assert_eq!(
        row(table(&view, "staff-fte"), "Total"),
        ["Total", "32.5", "3", "6.6", "42.1"]
    );
    let people = row(table(&view, "staff-people"), "Total");
    assert_eq!(people[people.len() - 2..], ["22", "43"]);
    let kpis = table(&view, "kpi-closed");
    assert_eq!(
        row(kpis, "In suitable accommodation at the end")[1..],
        ["134", "94%"]
    );
    assert_eq!(
        row(table(&view, "kpi-support"), "Total")[1..],
        ["169", "143", "26"]
    );
}

#[test]
fn multi_year_sample_prose_figures_come_from_the_tables() {
    let view = sample_2025();
    let text = serde_json::to_string(&view.blocks).unwrap();
    for phrase in [
        "The budget totals £2,375,255, of which the grant is £781,455.",
        "In the year to September 2024, 139 children per 100,000",
        "Of the 169 needs identified, 143 had support in place.",
        "Of the 214 children referred, 97 (45%) received Outcome 22.",
    ] {
        assert!(text.contains(phrase), "the prose lacks {phrase:?}");
    }
}
