//! Integration tests of editions: plans worded as real published plans of every year pass with no
//! error, checked against the edition of their year without being told; annual updates; editions a
//! plan carries (and broken ones, with file:line); `yjplan headings` and `yjplan new` by period;
//! section numbering in the outputs.
//!
//! Each fixture in tests/fixtures/editions has golden diagnostics (`expected.txt`, the `short`
//! format). tests/fixtures/make-edition-fixtures.py writes the fixtures; run the tests with
//! `UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate change, then review the diff.

use crate::{repo_scratch, scratch, stderr, yjplan};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Checks a fixture: the exit code, no panic, and diagnostics equal to its golden file.
fn golden(name: &str, code: i32) -> String {
    let output = yjplan(&fixtures(), &["check", name, "--format", "short"]);
    let text = stderr(&output);
    assert!(!text.contains("panicked"), "{name} panicked:\n{text}");
    assert_eq!(output.status.code(), Some(code), "{name}:\n{text}");
    let path = fixtures().join(name).join("expected.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(
        text,
        expected,
        "diagnostics of {name} differ from {}",
        path.display()
    );
    for line in text.lines() {
        assert!(
            line.starts_with(&format!("{name}/")),
            "{name}: every message has its file and line: {line}"
        );
    }
    text
}

/// A plan worded as the YJB accepted it: no error at all, and nothing about dashes, numbering
/// (other than the one hint to use `numbering:`), acronyms, case or short words.
fn accepted(name: &str) -> String {
    let text = golden(name, 0);
    assert!(!text.contains("error["), "{name}:\n{text}");
    assert!(!text.contains("misspelt-heading"), "{name}:\n{text}");
    assert!(
        text.matches("typed-numbering").count() <= 1,
        "{name}:\n{text}"
    );
    text
}

#[test]
fn plan_of_2019_20_on_the_practice_note() {
    let text = accepted("real-2019-20");
    assert!(text.contains("warning[typed-numbering]"), "{text}");
}

#[test]
fn two_year_plan_2021_23_on_the_suggested_structure() {
    accepted("real-2021-23");
}

#[test]
fn plan_of_2022_23_on_the_prescribed_template() {
    accepted("real-2022-23");
}

#[test]
fn plan_of_2023_24_as_published() {
    let text = accepted("real-2023-24-published");
    // Its only departure is "Forward" and "Custody": known variants, named at their own lines.
    assert!(
        text.lines().all(|l| l.contains("warning[heading-wording]")),
        "{text}"
    );
}

#[test]
fn plan_of_2023_24_in_its_own_words() {
    let text = accepted("real-2023-24-other");
    assert!(!text.contains("\"Diversion\" is missing"), "{text}");
    assert!(!text.contains("Board membership\" looks like"), "{text}");
}

#[test]
fn three_year_plan_2024_27() {
    accepted("real-2024-27");
}

#[test]
fn plan_of_2025_26_numbered_by_yjplan() {
    accepted("real-2025-26");
}

#[test]
fn annual_update_is_checked_against_the_update_headings() {
    accepted("annual-update");
    let out = scratch("annual-update");
    let built = yjplan(
        &fixtures(),
        &[
            "build",
            "annual-update",
            "--html",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let page = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    assert!(page.contains("<title>Millbridge Youth Justice Service: Youth Justice Plan Annual Update 2025&#x2f;26</title>"), "the page is titled as an update");
    let text = golden("annual-update-incomplete", 1);
    assert!(text.contains("error[missing-heading]: the template heading \"Additional Reporting Requirements\" is missing"), "{text}");
}

#[test]
fn plan_supplied_edition_is_used() {
    accepted("plan-edition");
}

#[test]
fn broken_edition_files_are_errors_at_their_line() {
    for (name, line) in [
        (
            "edition-unknown-key",
            "templates/editions/riverbrook-2025.yaml:17:",
        ),
        (
            "edition-bad-level",
            "templates/editions/riverbrook-2025.yaml:15:",
        ),
        (
            "edition-duplicate-id",
            "templates/editions/riverbrook-2025.yaml:14:",
        ),
        (
            "edition-split-aliases",
            "templates/editions/riverbrook-2025.yaml:12:",
        ),
    ] {
        let text = golden(name, 1);
        assert_eq!(
            text.lines().count(),
            1,
            "{name}: one mistake, one message:\n{text}"
        );
        assert!(
            text.starts_with(&format!("{name}/{line}")),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn an_edition_for_other_years_is_a_warning_naming_the_right_one() {
    let text = golden("edition-period", 0);
    assert!(text.starts_with("edition-period/plan.yaml:3:1: warning[edition-period]: the edition yjb-2023 is for 2022/23 to 2023/24, not 2019/20\n"), "{text}");
    assert!(!text.contains("error["), "{text}");
    let human = stderr(&yjplan(&fixtures(), &["check", "edition-period"]));
    assert!(human.contains("write `edition: yjb-2019`"), "{human}");
}

#[test]
fn the_chosen_edition_is_named() {
    for (plan, chosen) in [
        ("real-2019-20", "yjb-2019 chosen from the period 2019/20"),
        (
            "real-2021-23",
            "yjb-2021 chosen from the period 2021/22, the first year of 2021/23",
        ),
        ("real-2022-23", "yjb-2023 chosen from the period 2022/23"),
        (
            "real-2023-24-other",
            "yjb-2023 chosen from the period 2023/24",
        ),
        (
            "real-2024-27",
            "yjb-2024 chosen from the period 2024/25, the first year of 2024/27",
        ),
        ("real-2025-26", "yjb-2024 chosen from the period 2025/26"),
    ] {
        let text = stderr(&yjplan(&fixtures(), &["check", plan]));
        assert!(
            text.contains(&format!("(edition {chosen})")),
            "{plan}: {text}"
        );
    }
}

#[test]
fn headings_shows_built_in_and_plan_editions() {
    let list = stdout(&yjplan(&fixtures(), &["headings"]));
    for line in [
        "yjb-2019   2019/20 to 2020/21",
        "yjb-2021   2021/22",
        "yjb-2023   2022/23 to 2023/24",
        "yjb-2024   2024/25 on",
    ] {
        assert!(list.contains(line), "{list}");
    }
    let outline = stdout(&yjplan(&fixtures(), &["headings", "--edition", "yjb-2024"]));
    assert!(
        outline.starts_with("Youth Justice Plan (yjb-2024, 2024/25 on)\nSource: YJB"),
        "{outline}"
    );
    assert!(
        outline.contains("\n  ## National Priority Areas  (or level 1)\n"),
        "{outline}"
    );
    assert!(outline.contains("\nYouth Justice Plan Annual Update (a document with `update_of:` in plan.yaml)\n# Progress Against Priorities  (or level 2)\n"), "{outline}");
    let own = stdout(&yjplan(
        &fixtures(),
        &["headings", "--plan", "plan-edition"],
    ));
    assert!(
        own.starts_with("Youth Justice Plan (riverbrook-2025, 2025/26 on)\n"),
        "{own}"
    );
    assert!(own.contains("\n# Our plan for {period}\n"), "{own}");
    let named = stdout(&yjplan(
        &fixtures(),
        &[
            "headings",
            "--plan",
            "plan-edition",
            "--edition",
            "riverbrook-2025",
        ],
    ));
    assert_eq!(named, own);
    let chosen = stdout(&yjplan(
        &fixtures(),
        &["headings", "--plan", "real-2025-26"],
    ));
    assert!(
        chosen.starts_with(
            "(edition yjb-2024 chosen from the period 2025/26)\nYouth Justice Plan (yjb-2024"
        ),
        "{chosen}"
    );
    let unknown = yjplan(&fixtures(), &["headings", "--edition", "yjb-2099"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).starts_with("error[unknown-edition]: there is no edition `yjb-2099`"),
        "{}",
        stderr(&unknown)
    );
    let broken = yjplan(&fixtures(), &["headings", "--plan", "edition-duplicate-id"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("riverbrook-2025.yaml:14:"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn new_plan_for_2025_26_scaffolds_the_2024_structure() {
    let dir = repo_scratch("new-2025-26");
    let made = yjplan(
        &dir,
        &[
            "new",
            "plan",
            "--service",
            "Exampleshire Youth Justice Service",
            "--period",
            "2025/26",
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    assert!(stderr(&made).contains("yjb-2024"), "{}", stderr(&made));
    let plan = std::fs::read_to_string(dir.join("plan/plan.yaml")).unwrap();
    assert!(plan.contains("\nedition: yjb-2024\n"), "{plan}");
    let check = yjplan(&dir, &["check", "plan", "--format", "short"]);
    let text = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(
        !text.contains("heading"),
        "the scaffold has every heading: {text}"
    );
    // A three-year plan and its annual update.
    let made = yjplan(
        &dir,
        &["new", "three", "--service", "X", "--period", "2025/28"],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let made = yjplan(
        &dir,
        &[
            "new",
            "update",
            "--service",
            "X",
            "--period",
            "2026/27",
            "--update-of",
            "2025/28",
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let check = yjplan(&dir, &["check", "update", "--format", "short"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(!stderr(&check).contains("heading"), "{}", stderr(&check));
    let bad = yjplan(
        &dir,
        &["new", "bad", "--service", "X", "--period", "2025/24"],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn numbering_numbers_headings_in_the_page_and_contents() {
    let out = scratch("numbered");
    let built = yjplan(
        &fixtures(),
        &[
            "build",
            "real-2025-26",
            "--html",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let page = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    assert!(
        page.contains(
            "<span class=\"heading-number\">1</span> Introduction, vision and strategy</h2>"
        ),
        "heading 1"
    );
    assert!(
        page.contains(
            "<span class=\"heading-number\">3.2</span> Performance over the previous year"
        ),
        "heading 3.2"
    );
    assert!(page.contains(">1.1 Foreword</a>"), "contents");
    // The accessibility statement does not claim the headings follow the template to the letter.
    let statement = std::fs::read_to_string(out.join("html/accessibility-statement.html")).unwrap();
    assert!(
        statement.contains("checked against the YJB template (yjb-2024), 3 of them worded, placed or levelled differently"),
        "{statement}"
    );
    assert!(
        page.contains(">4.7.9 Use of custody and constructive resettlement</a>"),
        "contents, third level"
    );
}

#[test]
fn numbering_numbers_headings_in_the_pdf_and_its_contents() {
    let out = scratch("numbered-pdf");
    let built = yjplan(
        &fixtures(),
        &[
            "build",
            "real-2025-26",
            "--pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let pdf = out.join("westerby-youth-justice-plan-2025-26.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed: run scripts/setup-test-deps");
    let text = String::from_utf8_lossy(&text.stdout);
    for heading in [
        "1.1 Foreword",
        "3.2 Performance over the previous year",
        "4.7.9 Use of custody and constructive resettlement",
    ] {
        // Once in the contents, once at the heading.
        assert_eq!(text.matches(heading).count(), 2, "{heading}:\n{text}");
    }
}
