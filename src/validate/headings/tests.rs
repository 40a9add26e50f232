//! Tests of heading checking against the built-in editions: each matching rule end to end, the
//! severities, and where messages land.

use super::*;
use crate::diag::{Diagnostic, Severity, SourceFile};
use crate::resources::Resources;

/// Checks headings written one a line ("## Text") against an edition.
fn check(edition: &str, period: &str, lines: &[&str]) -> (Vec<Option<String>>, Vec<Diagnostic>) {
    let e = crate::resources::edition::load(&Resources::embedded(), edition).unwrap();
    let file = SourceFile::new("plan.md", lines.join("\n"));
    let found: Vec<FoundHeading> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (hashes, text) = l.split_once(' ').unwrap();
            FoundHeading {
                section: 0,
                line: i + 1,
                level: hashes.len() as u8,
                text: text.to_string(),
                file: &file,
            }
        })
        .collect();
    let plan = PlanConfig::for_period(period, edition, None);
    let (matched, diagnostics) = check_headings(&found, &e, &plan);
    let ids = matched
        .iter()
        .map(|m| m.map(|t| e.headings[t].id.clone()))
        .collect();
    (ids, diagnostics)
}

fn line(d: &Diagnostic) -> usize {
    d.location.as_ref().and_then(|l| l.line).unwrap_or(0)
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, usize)> {
    diagnostics.iter().map(|d| (d.code, line(d))).collect()
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The 2024 structure, fully and exactly.
const FULL_2024: &[&str] = &[
    "# Introduction, Vision and Strategy",
    "# Governance, Leadership and Partnership Arrangements",
    "# Update on the Previous Year",
    "## Progress on Priorities in Previous Plan",
    "## Performance over the Previous Year",
    "## Risks and Issues",
    "# Plan for the Forthcoming Year",
    "## Child First",
    "## Resources and Services",
    "## Board Development",
    "## Workforce Development",
    "## Evidence-based Practice and Innovation",
    "## Priorities for the Coming Year",
    "## National Priority Areas",
    "### Children from groups which are over-represented",
    "### Prevention",
    "### Diversion",
    "### Detention in Police Custody",
    "### Working with Families",
    "### Education",
    "### Restorative Approaches and Victims",
    "### Serious Violence and Exploitation",
    "### Remands",
    "### Use of Custody and Constructive Resettlement",
    "# Standards for Children in the Justice System",
    "# Service Development",
    "# Sign-off, Submission and Approval",
    "# Appendix 1 Board Membership",
    "# Appendix 2 Staffing Structure",
    "# Appendix 3 Budget Costs and Contributions",
];

#[test]
fn the_full_2024_structure_is_clean() {
    let (ids, diagnostics) = check("yjb-2024", "2025/26", FULL_2024);
    assert_eq!(codes(&diagnostics), []);
    assert!(ids.iter().all(Option::is_some));
}

#[test]
fn rule_case_dashes_numbering_and_acronyms_in_a_plan() {
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# 1. INTRODUCTION, VISION & STRATEGY",
            "## 1.1 Forward by the Chair of the Management Board",
            "# 7. Performance",
            "## 7.1 National Performance Measures",
            "### 7.1.1 First Time Entrants to the Youth Justice System (FTE)",
            "# Appendix 1 – Staffing structure",
            "# Appendix 2: Budget Costs and Contributions",
        ],
    );
    assert_eq!(ids[4].as_deref(), Some("fte"));
    assert_eq!(ids[5].as_deref(), Some("appendix-staffing"));
    assert_eq!(ids[6].as_deref(), Some("appendix-budget"));
    let found = codes(&diagnostics);
    // "Forward" is a known variant: a warning at its line; numbering: one warning at the first.
    assert!(found.contains(&("heading-wording", 2)), "{found:?}");
    assert_eq!(found.iter().filter(|c| c.0 == "typed-numbering").count(), 1);
    assert!(found.contains(&("typed-numbering", 1)));
    assert!(
        !found.iter().any(|c| c.0 == "misspelt-heading"),
        "{found:?}"
    );
    // Only missing required sections are errors.
    assert!(errors(&diagnostics)
        .iter()
        .all(|d| d.code == "missing-heading"));
}

#[test]
fn rule_reworded_heading_reported_at_itself() {
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# Introduction, Vision and Strategy",
            "## Foreword from the Chair of the Board",
            "## Executive Summary",
        ],
    );
    assert_eq!(ids[1].as_deref(), Some("foreword"));
    let wording: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "heading-wording")
        .collect();
    assert_eq!(wording.len(), 1);
    assert_eq!(line(wording[0]), 2);
    assert!(!diagnostics.iter().any(|d| d
        .message
        .contains("\"Foreword by the Chair of the Management Board\" is missing")));
}

#[test]
fn rule_no_fuzzy_for_local_subheading() {
    // The plan has no "Board Development" section; its own sub-heading "Board membership" is not a
    // misspelling of it, and the missing section is named where it belongs.
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# Governance, Leadership and Partnership Arrangements",
            "## Governance",
            "### Board membership",
            "## Partnerships",
            "## Structure",
            "# Progress on the Previous Plan",
        ],
    );
    assert_eq!(ids[2], None);
    assert!(!diagnostics.iter().any(|d| d.code == "misspelt-heading"));
    let missing: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.message.contains("\"Board Development\" is missing"))
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(line(missing[0]), 6, "at the heading that follows its place");
    assert_eq!(
        missing[0].severity,
        Severity::Warning,
        "an expected heading"
    );
    // At the template heading's own level it is still the plan's own heading: it shares only
    // one of the two words of "Board Development".
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# Governance, Leadership and Partnership Arrangements",
            "## Governance",
            "## Partnerships",
            "## Structure",
            "## Board membership",
            "# Progress on the Previous Plan",
        ],
    );
    assert_eq!(ids[4], None);
    assert!(diagnostics
        .iter()
        .any(|d| d.message.contains("\"Board Development\" is missing")));
    assert!(!diagnostics
        .iter()
        .any(|d| d.code == "heading-wording" || d.code == "misspelt-heading"));
}

#[test]
fn rule_fuzzy_near_misspelling_is_a_warning_at_its_line() {
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# Introduction, Vision and Strategy",
            "## Forword",
            "## Visoin",
        ],
    );
    assert_eq!(ids[1].as_deref(), Some("foreword"));
    assert_eq!(ids[2].as_deref(), Some("vision"));
    let found = codes(&diagnostics);
    assert!(
        found.contains(&("misspelt-heading", 2)) && found.contains(&("misspelt-heading", 3)),
        "{found:?}"
    );
    assert!(diagnostics
        .iter()
        .filter(|d| d.code == "misspelt-heading")
        .all(|d| d.severity == Severity::Warning));
}

#[test]
fn rule_covers_combined_heading() {
    // 2023: "Diversion" covers prevention. 2024: prevention and diversion are headings of their own.
    let (ids, d2023) = check(
        "yjb-2023",
        "2023/24",
        &["# Priorities", "## Prevention and Diversion"],
    );
    assert_eq!(ids[1].as_deref(), Some("diversion"));
    assert!(!d2023
        .iter()
        .any(|d| d.message.contains("\"Diversion\" is missing")));
    let (ids, d2024) = check(
        "yjb-2024",
        "2025/26",
        &[
            "# Plan for the Forthcoming Year",
            "## National Priority Areas",
            "### Prevention & Diversion",
            "### Remands and use of custody",
        ],
    );
    assert_eq!(ids[2].as_deref(), Some("prevention"));
    for topic in ["\"Prevention\"", "\"Diversion\""] {
        assert!(
            !d2024
                .iter()
                .any(|d| d.message.contains(&format!("{topic} is missing"))),
            "{topic}"
        );
    }
}

#[test]
fn rule_covers_split_heading() {
    let (ids, diagnostics) = check(
        "yjb-2021",
        "2021/22",
        &[
            "# Introduction",
            "# Vision and Strategy",
            "# Governance, Leadership and Partnership Arrangements",
        ],
    );
    assert_eq!(ids[0].as_deref(), Some("intro"));
    assert_eq!(ids[1], None);
    assert!(!diagnostics
        .iter()
        .any(|d| d.message.contains("Introduction, Vision and Strategy")));
    assert!(!diagnostics
        .iter()
        .any(|d| d.code == "heading-wording" || d.code == "misspelt-heading"));
}

#[test]
fn rule_short_words_and_year_forms_in_a_plan() {
    let (ids, diagnostics) = check(
        "yjb-2023",
        "2023/24",
        &[
            "# Service Development Plan",
            "## The development plan (plan on a page) 2023-24",
            "# Progress on previous plan",
        ],
    );
    assert_eq!(ids[1].as_deref(), Some("development-plan"));
    assert_eq!(ids[2].as_deref(), Some("progress"));
    assert!(!diagnostics
        .iter()
        .any(|d| d.code == "heading-wording" && line(d) > 1));
}

#[test]
fn a_heading_may_take_any_of_its_levels() {
    let mut lines = FULL_2024.to_vec();
    lines[13] = "# National Priority Areas";
    for l in &mut lines[14..24] {
        *l = l.strip_prefix('#').unwrap();
    }
    let (_, diagnostics) = check("yjb-2024", "2025/26", &lines);
    assert_eq!(codes(&diagnostics), []);
}

#[test]
fn level_and_order_are_warnings_and_missing_required_is_an_error() {
    let mut lines = FULL_2024.to_vec();
    lines.swap(1, 2); // Governance after the update.
    lines[7] = "### Child First"; // wrong level (and it skips a level)
    lines.remove(12); // "Priorities for the Coming Year", required
    let (_, diagnostics) = check("yjb-2024", "2025/26", &lines);
    let mut found: Vec<(&str, Severity)> =
        diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    found.sort_by_key(|f| f.0);
    assert_eq!(
        found,
        [
            ("heading-level", Severity::Warning),
            ("heading-order", Severity::Warning),
            ("heading-skip", Severity::Error),
            ("missing-heading", Severity::Error),
        ]
    );
}

#[test]
fn a_missing_group_is_one_message() {
    let lines: Vec<&str> = FULL_2024
        .iter()
        .copied()
        .filter(|l| !l.starts_with("###") && !l.contains("National Priority"))
        .collect();
    let (_, diagnostics) = check("yjb-2024", "2025/26", &lines);
    assert_eq!(diagnostics.len(), 1, "{:?}", codes(&diagnostics));
    assert!(diagnostics[0].message.contains("National Priority Areas"));
    assert!(diagnostics[0].notes[0].contains("Children from groups which are over-represented"));
}

#[test]
fn longest_increasing_run() {
    use std::collections::BTreeSet;
    assert_eq!(
        report::longest_increasing(&[0, 1, 5, 2, 3, 4]),
        BTreeSet::from([0, 1, 3, 4, 5])
    );
    assert_eq!(report::longest_increasing(&[]), BTreeSet::new());
}

#[test]
fn a_section_moved_with_its_sub_headings_is_one_message() {
    // "Plan for the Forthcoming Year" (with its sub-headings) written before "Update on the
    // Previous Year" (with its own).
    let mut lines = FULL_2024.to_vec();
    let update: Vec<&str> = lines.drain(2..6).collect();
    lines.splice(9..9, update);
    let (_, diagnostics) = check("yjb-2024", "2025/26", &lines);
    let order: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "heading-order")
        .collect();
    assert_eq!(order.len(), 1, "{:?}", codes(&diagnostics));
    assert!(order[0].message.contains("\"Update on the Previous Year\""));
    assert_eq!(
        order[0].notes,
        ["its 3 sub-headings of the template move with it"]
    );
    assert!(order[0].hints[0].contains("before \"Plan for the Forthcoming Year\" (plan.md:3)"));
}
