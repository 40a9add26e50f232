//! Tests of choosing the edition from plan.yaml.

use super::*;

fn choose_for(yaml: &str) -> (Option<Edition>, PlanConfig, Vec<Diagnostic>) {
    let file = SourceFile::new("plan.yaml", yaml);
    let (mut plan, mut diagnostics) = crate::load::plan::parse(&file).unwrap();
    let e = choose(&Resources::embedded(), &mut plan, &file, &mut diagnostics);
    (e, plan, diagnostics)
}

fn summary(d: &[Diagnostic]) -> Vec<(&str, Option<usize>)> {
    d.iter()
        .map(|d| (d.code, d.location.as_ref().and_then(|l| l.line)))
        .collect()
}

#[test]
fn the_edition_is_chosen_from_the_period_and_said() {
    for (period, id) in [
        ("2019/20", "yjb-2019"),
        ("2021-23", "yjb-2021"),
        ("2022/23", "yjb-2023"),
        ("2023-24", "yjb-2023"),
        ("2024/27", "yjb-2024"),
        ("2025 to 2026", "yjb-2024"),
        ("2025-2028", "yjb-2024"),
    ] {
        let (e, plan, d) = choose_for(&format!("service: S\nperiod: {period}\n"));
        assert_eq!(e.unwrap().edition, id, "{period}");
        assert_eq!(d, [], "{period}");
        assert_eq!(plan.edition, id);
        assert!(plan.edition_chosen.unwrap().contains(id));
    }
}

#[test]
fn an_edition_for_other_years_is_a_warning_naming_the_right_one() {
    let (e, plan, d) = choose_for("service: S\nperiod: 2019/20\nedition: yjb-2023\n");
    assert_eq!(e.unwrap().edition, "yjb-2023");
    assert_eq!(plan.edition_chosen, None);
    assert_eq!(summary(&d), [("edition-period", Some(3))]);
    assert_eq!(d[0].severity, crate::diag::Severity::Warning);
    assert!(
        d[0].hints[0].contains("`edition: yjb-2019`"),
        "{:?}",
        d[0].hints
    );
}

#[test]
fn a_period_before_every_edition_is_an_error() {
    let (e, _, d) = choose_for("service: S\nperiod: 2017/18\n");
    assert!(e.is_none());
    assert_eq!(summary(&d), [("no-edition", Some(2))]);
}

#[test]
fn an_annual_update_gets_the_update_headings() {
    let (e, _, d) = choose_for("service: S\nperiod: 2025/26\nupdate_of: 2024/27\n");
    assert_eq!(d, []);
    let e = e.unwrap();
    assert_eq!(e.edition, "yjb-2024");
    assert_eq!(e.headings[0].id, "update-progress");
}

#[test]
fn an_annual_update_must_fit_its_plan() {
    for (yaml, line) in [
        ("period: 2024/25\nupdate_of: 2024/27\n", 2),
        ("period: 2027/28\nupdate_of: 2024/27\n", 2),
        ("period: 2025/26\nupdate_of: 2025/26\n", 3),
        ("period: 2025/27\nupdate_of: 2024/27\n", 2),
    ] {
        let (_, _, d) = choose_for(&format!("service: S\n{yaml}"));
        assert_eq!(summary(&d), [("bad-update", Some(line))], "{yaml}");
    }
    let (e, _, d) = choose_for("service: S\nperiod: 2022/23\nupdate_of: 2021/24\n");
    assert!(e.is_none());
    assert_eq!(summary(&d), [("no-annual-update", Some(3))]);
}

#[test]
fn new_plans_get_the_edition_of_their_period() {
    let (e, note) = for_new_plan("2025/26", None, None).unwrap();
    assert_eq!(e.edition, "yjb-2024");
    assert!(note.unwrap().contains("yjb-2024"));
    let (e, _) = for_new_plan("2025/26", None, Some("2024/27")).unwrap();
    assert_eq!(e.headings[0].id, "update-progress");
    assert!(for_new_plan("2025/24", None, None).is_err());
    let (_, note) = for_new_plan("2025/26", Some("yjb-2023"), None).unwrap();
    assert!(note.unwrap().contains("yjb-2024"));
}
