//! Bounds found by a red team: a plan that reaches past one of them gets an error at its file and
//! line from `check` and `build` alike (exit code 1), never an abort, a panic or exit code 2.
//! Here: operator chains in minijinja expressions (sections and page.html overrides).

use super::attack::{append, plan, write, yjplan, Run};

/// `check` and `build` of the plan at `plan`, each with its exit code and output.
pub fn check_and_build(plan: &std::path::Path) -> [Run; 2] {
    let cwd = plan.parent().unwrap();
    [
        yjplan(cwd, &["check", "plan", "--format", "short"]),
        yjplan(cwd, &["build", "plan", "--out", "out", "--format", "short"]),
    ]
}

/// Asserts both runs failed with `code` at `at` (a file:line: prefix), and nothing else went wrong.
pub fn refused_at(runs: &[Run; 2], at: &str, code: &str) {
    for run in runs {
        assert_eq!(run.code, Some(1), "{}", run.out);
        let first = run.out.lines().find(|l| l.contains("error[")).unwrap_or("");
        assert!(
            first.starts_with(at) && first.contains(&format!("error[{code}]")),
            "expected {at} {code}, got:\n{}",
            &run.out[..run.out.len().min(2000)]
        );
    }
}

fn chains() -> [(&'static str, String); 5] {
    [
        ("not", format!("{}true", "not ".repeat(10_000))),
        ("and", format!("true{}", " and true".repeat(20_000))),
        ("filter", format!("\"x\"{}", "|lower".repeat(10_000))),
        ("attr", format!("plan{}", ".a".repeat(10_000))),
        (
            "paren",
            format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000)),
        ),
    ]
}

#[test]
fn long_operator_chains_in_a_section_are_refused_at_their_line() {
    for (kind, chain) in chains() {
        let plan = plan(&format!("chain-section-{kind}"));
        append(&plan, "02-pictures.md", &format!("\n{{{{ {chain} }}}}\n"));
        let runs = check_and_build(&plan);
        refused_at(&runs, "plan/02-pictures.md:7:1:", "template-not-allowed");
    }
}

#[test]
fn long_operator_chains_in_a_page_template_are_refused_at_their_line() {
    for (kind, chain) in chains() {
        let plan = plan(&format!("chain-page-{kind}"));
        let page = format!("<p>\n{{{{ {chain} }}}}\n{{% if {chain} %}}{{% endif %}}\n");
        write(&plan, "templates/html/page.html", page);
        let runs = check_and_build(&plan);
        refused_at(
            &runs,
            "plan/templates/html/page.html:2:1:",
            "template-error",
        );
    }
}

#[test]
fn a_control_character_in_yaml_is_reported_at_its_own_line_and_column() {
    let plan = plan("yaml-control-plan");
    let lines = std::fs::read_to_string(plan.join("plan.yaml"))
        .unwrap()
        .lines()
        .count();
    append(&plan, "plan.yaml", "lead: Sam \u{1} Example\n");
    refused_at(
        &check_and_build(&plan),
        &format!("plan/plan.yaml:{}:11:", lines + 1),
        "yaml-syntax",
    );
    let plan = super::attack::plan("yaml-control-front-matter");
    let text = std::fs::read_to_string(plan.join("01-plan.md")).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.contains("caption: Staff"))
        .unwrap();
    write(
        &plan,
        "01-plan.md",
        text.replace("caption: Staff", "caption: \u{7f}Staff"),
    );
    refused_at(
        &check_and_build(&plan),
        &format!("plan/01-plan.md:{line}:14:"),
        "yaml-syntax",
    );
}
