//! Unit tests of the heading matching rules, one test per rule (named `rule_…`).

use super::*;

fn same(a: &str, b: &str) -> bool {
    key(a) == key(b)
}

#[test]
fn rule_case_is_ignored() {
    assert!(same("LOCAL CONTEXT", "Local Context"));
    assert!(same("use of custody", "Use of Custody"));
}

#[test]
fn rule_ampersand_is_and() {
    assert!(same("Resources & Services", "Resources and Services"));
    assert_eq!(parts("Prevention & Diversion"), ["prevention", "diversion"]);
}

#[test]
fn rule_dashes_and_colons_between_parts() {
    let template = "Appendix 1 Staffing Structure";
    for found in [
        "Appendix 1 – Staffing structure",
        "Appendix 1 — Staffing structure",
        "Appendix 1 - Staffing structure",
        "Appendix 1: Staffing Structure",
        "Appendix 3 – Staffing structure",
        "Appendix: staffing structure",
        "Annex B - Staffing Structure",
    ] {
        assert!(same(found, template), "{found}");
        assert_eq!(
            strip_label(found).number,
            None,
            "an appendix label is not typed numbering"
        );
    }
    assert!(same(
        "Serious Violence – Exploitation",
        "Serious violence exploitation"
    ));
}

#[test]
fn rule_leading_numbering_is_recognised() {
    for (found, number) in [
        ("1. Introduction, Vision and Strategy", "1"),
        ("3.1 Foreword by the Chair of the Management Board", "3.1"),
        (
            "4.10.1 First Time Entrants to the Youth Justice System",
            "4.10.1",
        ),
        (
            "Section 2: Governance, Leadership and Partnership Arrangements",
            "Section 2",
        ),
        ("Part 3 - Performance", "Part 3"),
        ("2) Remands", "2"),
    ] {
        let stripped = strip_label(found);
        assert_eq!(stripped.number, Some(number), "{found}");
        assert!(!stripped.rest.starts_with(char::is_numeric), "{found}");
    }
    assert!(same(
        "4.10.1 First Time Entrants to the Youth Justice System",
        "First Time Entrants to the Youth Justice System"
    ));
    for plain in [
        "Development Plan 2023/24",
        "2023/24 priorities",
        "Partnerships",
        "Sectional review",
    ] {
        assert_eq!(strip_label(plain).number, None, "{plain}");
    }
}

#[test]
fn rule_parenthetical_acronym_or_note() {
    assert!(same(
        "First Time Entrants to the Youth Justice System (FTE)",
        "First Time Entrants to the Youth Justice System"
    ));
    assert!(same(
        "The development plan (plan on a page) 2023/24",
        "Development Plan 2023/24"
    ));
    assert!(same(
        "Special educational needs (SEND)",
        "Special educational needs"
    ));
}

#[test]
fn rule_hyphenated_compounds() {
    assert!(same(
        "Evidence Based Practice and Innovation",
        "Evidence-based Practice and Innovation"
    ));
    assert!(same("Re-offending", "Reoffending"));
    assert!(same(
        "Children from groups which are overrepresented",
        "Children from groups which are over-represented"
    ));
    assert!(same("Sign off", "Sign-off"));
}

#[test]
fn rule_short_words_are_ignored() {
    assert!(same(
        "Progress on previous plan",
        "Progress on the Previous Plan"
    ));
    assert!(same(
        "Update on previous year",
        "Update on the Previous Year"
    ));
    assert!(same(
        "Standards for children in the justice system",
        "Standards for Children in Justice System"
    ));
    assert!(!same(
        "Standards for children in the justice system",
        "Standards for Children in the Youth Justice System"
    ));
}

#[test]
fn rule_year_forms() {
    for found in [
        "Development Plan 2023/24",
        "Development Plan 2023-24",
        "Development Plan 2023 to 2024",
        "Development Plan 2023–2024",
        "Development plan",
    ] {
        assert!(same(found, "Development Plan 2023/24"), "{found}");
    }
}

#[test]
fn rule_fuzzy_only_for_near_misspellings() {
    assert!(near_misspelling(&key("Forword"), &key("Foreword")));
    assert!(near_misspelling(&key("Visoin"), &key("Vision")));
    assert!(near_misspelling(
        &key("Forword by the Chair of the Managment Board"),
        &key("Foreword by the Chair of the Management Board")
    ));
    // Different headings that look alike are not misspellings of each other.
    for (found, template) in [
        ("Restorative justice", "Restorative approaches and victims"),
        ("Board membership", "Board Development"),
        ("Governance structure", "Governance"),
        (
            "Standards for children in the justice system",
            "Standards for Children in the Youth Justice System",
        ),
        ("Preface", "Vision"),
    ] {
        assert!(!near_misspelling(&key(found), &key(template)), "{found}");
    }
}

#[test]
fn the_letter_count_bound_never_exceeds_the_edit_distance() {
    for (a, b) in [
        ("foreword", "forword"),
        ("vision", "visoin"),
        ("governance", "governancestructure"),
        ("localcontext", "contextlocal"),
        ("", "abc"),
        ("prévention", "prevention"),
    ] {
        assert!(letters_apart(a, b) <= strsim::osa_distance(a, b), "{a} {b}");
    }
    assert_eq!(letters_apart("vision", "visoin"), 0);
    // Unlike headings are told apart without the quadratic distance.
    assert!(letters_apart("boardmembership", "boarddevelopment") > 3);
}

#[test]
fn parts_of_combined_headings() {
    assert_eq!(
        parts("Introduction, Vision and Strategy"),
        ["introduction", "vision", "strategy"]
    );
    assert_eq!(
        parts("2. Prevention and Diversion"),
        ["prevention", "diversion"]
    );
    assert_eq!(
        parts("Policing / Detention in police custody"),
        ["policing", "detentionpolicecustody"]
    );
}

#[test]
fn shared_words_ignore_plurals_and_short_words() {
    assert_eq!(
        shared_words(
            "Foreword from the Chair of the Board",
            "Foreword by the Chair of the Management Board"
        ),
        (3, 4)
    );
    assert_eq!(shared_words("Our priorities", "Priority"), (1, 1));
}
