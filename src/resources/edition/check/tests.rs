//! Unit tests of the edition file checks: each bad file gives one error at its line.

use super::*;
use crate::diag::SourceFile;

const GOOD: &str = "edition: own\ntitle: Plan\nsource: our own structure\nyears: {from: 2024/25}\nheadings:\n  - id: intro\n    level: 1\n    text: Introduction\n  - id: local\n    level: [2, 1]\n    text: Local area\n    status: expected\n";

fn problems(text: &str) -> Vec<(usize, String)> {
    let file = SourceFile::new("templates/editions/own.yaml", text);
    match parse(&file, "own") {
        Ok(_) => Vec::new(),
        Err(ds) => ds
            .iter()
            .map(|d| {
                (
                    d.location.as_ref().and_then(|l| l.line).unwrap_or(0),
                    d.message.clone(),
                )
            })
            .collect(),
    }
}

#[test]
fn a_good_file_loads() {
    assert_eq!(problems(GOOD), []);
}

#[test]
fn unknown_key_is_reported_at_its_line() {
    let text = GOOD.replace("    status: expected\n", "    statut: expected\n");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 12);
    assert!(found[0].1.contains("statut"), "{found:?}");
}

#[test]
fn bad_level_is_reported_at_its_line() {
    let found = problems(&GOOD.replace("level: [2, 1]", "level: [7]"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 10);
    assert!(found[0].1.contains("`local` has a level that cannot be"));
    let skip = problems(&GOOD.replace("level: [2, 1]", "level: 3"));
    assert_eq!(skip.len(), 1, "{skip:?}");
    assert!(skip[0].1.contains("at most level 2"), "{skip:?}");
}

#[test]
fn duplicate_id_is_reported_at_the_second() {
    let found = problems(&GOOD.replace("id: local", "id: intro"));
    assert_eq!(
        found,
        [(9, "the heading id `intro` is used twice".to_string())]
    );
}

#[test]
fn edition_must_match_the_file_name_and_years_be_plan_years() {
    let found = problems(&GOOD.replace("edition: own", "edition: other"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 1);
    let found = problems(&GOOD.replace("{from: 2024/25}", "{from: 2024/27}"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 4);
}

#[test]
fn rule_flow_list_aliases_keep_their_commas() {
    let text = GOOD.replace(
        "    text: Introduction\n",
        "    text: Sign Off\n    aliases: [Sign off, submission and approval]\n",
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 9);
    let text = GOOD.replace(
        "    text: Introduction\n",
        "    text: Governance, Leadership and Partnership Arrangements\n    aliases: [Governance, Leadership and Partner Arrangements]\n",
    );
    assert_eq!(problems(&text).len(), 1);
    // Quoted, or one a line, the wording keeps its comma and the file is fine.
    let text = GOOD.replace(
        "    text: Introduction\n",
        "    text: Sign Off\n    aliases: [\"Sign off, submission and approval\", Approval]\n",
    );
    assert_eq!(problems(&text), []);
    // The built-in editions recognise both wordings the old flow lists lost.
    let resources = crate::resources::Resources::embedded();
    for (id, wording) in [
        (
            "yjb-2023",
            "Governance, Leadership and Partner Arrangements",
        ),
        ("yjb-2023", "Sign off, submission and approval"),
        (
            "yjb-2021",
            "Governance, Leadership and Partner Arrangements",
        ),
    ] {
        let e = crate::resources::edition::load(&resources, id).unwrap();
        assert!(
            e.headings
                .iter()
                .any(|h| h.aliases.iter().any(|a| a == wording)),
            "{id}: {wording}"
        );
    }
}
