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
        // One mistake, one message: the refused tag's length is not reported again.
        let errors = runs[0].out.lines().filter(|l| l.contains("error[")).count();
        assert_eq!(
            errors,
            1,
            "{kind}: {}",
            &runs[0].out[..runs[0].out.len().min(2000)]
        );
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

/// Replaces `from` with `to` in a file of the plan (which must hold it).
fn edit(plan: &std::path::Path, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(plan.join(file)).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    write(plan, file, text.replacen(from, to, 1));
}

#[test]
fn long_values_in_yaml_are_refused_at_their_line() {
    let long = "a".repeat(40_000);
    // (case, file, text replaced, its replacement, the line reported)
    let cases = [
        (
            "partnership",
            "plan.yaml",
            "service:",
            format!("partnership: {long}\nservice:"),
            "plan/plan.yaml:",
        ),
        (
            "chair",
            "plan.yaml",
            "chair: Sam Example",
            format!("chair: {long}"),
            "plan/plan.yaml:",
        ),
        (
            "logo-alt",
            "plan.yaml",
            "logo_alt: Exampleshire Council",
            format!("logo_alt: {long}"),
            "plan/plan.yaml:",
        ),
        (
            "caption",
            "01-plan.md",
            "caption: Staff by ethnicity",
            format!("caption: {long}"),
            "plan/01-plan.md:",
        ),
        (
            "column",
            "01-plan.md",
            "columns: [Managers, Practitioners]",
            format!("columns: [Managers, \"{long}\"]"),
            "plan/01-plan.md:",
        ),
    ];
    for (case, file, from, to, at) in cases {
        let plan = plan(&format!("long-value-{case}"));
        edit(&plan, file, from, &to);
        let text = std::fs::read_to_string(plan.join(file)).unwrap();
        let line = 1 + text.lines().position(|l| l.contains(&long[..100])).unwrap();
        refused_at(
            &check_and_build(&plan),
            &format!("{at}{line}:"),
            "text-too-long",
        );
    }
}

#[test]
fn a_word_too_long_for_one_pdf_string_is_refused_at_its_line() {
    let plan = plan("long-word");
    append(
        &plan,
        "02-pictures.md",
        &format!("\nSee {} here.\n", "a".repeat(17_000)),
    );
    refused_at(
        &check_and_build(&plan),
        "plan/02-pictures.md:7:",
        "text-too-long",
    );
}

#[test]
fn characters_the_pdf_cannot_show_in_a_strings_file_are_refused_at_their_line() {
    let plan = plan("strings-glyphs");
    let strings = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/strings/en-GB.yaml"),
    )
    .unwrap();
    let mut lines: Vec<String> = strings.lines().map(str::to_string).collect();
    let at = |key: &str| lines.iter().position(|l| l.starts_with(key)).unwrap();
    let (contents, page) = (at("contents:"), at("page:"));
    lines[contents] = "contents: \"Contents 😀 漢\"".into();
    lines[page] = "page: \"Page \\u0007\"".into();
    write(
        &plan,
        "templates/strings/en-GB.yaml",
        lines.join("\n") + "\n",
    );
    let runs = check_and_build(&plan);
    let file = "plan/templates/strings/en-GB.yaml";
    refused_at(
        &runs,
        &format!("{file}:{}:", contents.min(page) + 1),
        "unsupported-character",
    );
    for run in &runs {
        let needle = format!("{file}:{}:", contents.max(page) + 1);
        assert!(run.out.contains(&needle), "{}", run.out);
    }
}

#[test]
fn a_plans_own_edition_and_theme_are_checked_for_what_the_pdf_cannot_hold() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = plan("own-edition-theme");
    let edition = std::fs::read_to_string(root.join("templates/editions/yjb-2023.yaml")).unwrap();
    let edition = edition
        .replace("edition: yjb-2023", "edition: mine-2023")
        .replace(
            "title: Youth Justice Plan",
            "title: \"Youth Justice Plan 😀 \\u0007\"",
        );
    write(&plan, "templates/editions/mine-2023.yaml", edition);
    super::attack::copy_dir(&root.join("themes/default"), &plan.join("themes/mine"));
    edit(
        &plan,
        "themes/mine/theme.yaml",
        "name: Default",
        "name: \"Mine 漢\"",
    );
    let alt = "logo_alt: Youth Justice Plan emblem";
    edit(
        &plan,
        "themes/mine/theme.yaml",
        alt,
        &format!("logo_alt: {}", "b".repeat(5_000)),
    );
    edit(
        &plan,
        "plan.yaml",
        "edition: yjb-2023",
        "edition: mine-2023\ntheme: mine",
    );
    for run in check_and_build(&plan) {
        assert_eq!(run.code, Some(1), "{}", run.out);
        for at in [
            "plan/templates/editions/mine-2023.yaml:5:1: error[unsupported-character]",
            "plan/themes/mine/theme.yaml:4:1: error[unsupported-character]",
            "plan/themes/mine/theme.yaml:7:1: error[text-too-long]",
        ] {
            assert!(run.out.contains(at), "no {at} in:\n{}", run.out);
        }
    }
}
