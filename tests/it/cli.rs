//! Integration tests: run the yjplan binary over fixture plans in tests/fixtures and compare what
//! it prints with golden files, check exit codes, and check what it writes.
//!
//! Golden diagnostics live beside each bad fixture as `expected.txt` (the `short` format). Run
//! with `UPDATE_GOLDEN=1` to rewrite them after a deliberate change, then review the diff.

use crate::{scratch, yjplan};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Bad fixtures whose problems are warnings (headings out of order, misspelt or reworded).
const WARNINGS_ONLY: &[&str] = &[
    "heading-order",
    "misspelt-heading",
    "headings-one-level",
    "headings-typed-numbers",
    "notes-as-section",
    "section-files-order",
    "section-not-md",
];

/// Checks a bad fixture: exit code 1, no panic, diagnostics equal to its golden file. Fixtures
/// named `lint-*`, and those in [`WARNINGS_ONLY`], hold warnings only, so they are checked with
/// `--strict`.
fn golden(name: &str) {
    let dir = fixtures().join("bad");
    let mut args = vec!["check", name, "--format", "short"];
    if name.starts_with("lint-") || WARNINGS_ONLY.contains(&name) {
        args.push("--strict");
    }
    let output = yjplan(&dir, &args);
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{name} should fail with exit code 1:\n{stderr}"
    );
    let expected_path = dir.join(name).join("expected.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &stderr).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "no golden file {}; run with UPDATE_GOLDEN=1",
            expected_path.display()
        )
    });
    assert_eq!(
        stderr,
        expected,
        "diagnostics of {name} differ from {}",
        expected_path.display()
    );
    for line in stderr.lines().filter(|l| l.contains("error[")) {
        assert!(
            line.starts_with(&format!("{name}/")),
            "{name}: every error names its file and line: {line}"
        );
    }
}

/// Every folder under tests/fixtures/bad/ is a golden case: a new folder is checked without
/// being listed anywhere.
#[test]
fn every_bad_fixture_matches_its_golden_diagnostics() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("bad"))
        .expect("tests/fixtures/bad")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 24, "the bad fixtures are missing: {names:?}");
    for name in &names {
        golden(name);
    }
}

#[test]
fn lints_are_warnings_that_do_not_fail_a_build() {
    let output = yjplan(
        &fixtures().join("bad"),
        &["check", "lint-warnings", "--format", "short"],
    );
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 8, "{stderr}");
    assert!(stderr.lines().all(|l| l.contains(": warning[")), "{stderr}");
    assert!(
        !stderr.contains("03-allowed.md"),
        "an allowed lint is silent: {stderr}"
    );
}

#[test]
fn empty_plan_directory() {
    let dir = scratch("empty-plan");
    std::fs::create_dir_all(dir.join("plan")).unwrap();
    let output = yjplan(&dir, &["check", "plan", "--format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "plan/plan.yaml: error[no-plan-yaml]: the plan directory plan is empty\n"
    );
}

#[test]
fn missing_plan_directory_is_an_error() {
    let dir = scratch("no-dir");
    let output = yjplan(&dir, &["check", "nowhere", "--format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("nowhere: error[no-plan-dir]"));
}

#[test]
fn usage_errors_exit_2() {
    let output = yjplan(&fixtures(), &["build", "--frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn human_format_quotes_the_line_and_hints() {
    let output = yjplan(&fixtures().join("bad"), &["check", "misspelt-heading"]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--> misspelt-heading/01-plan.md:"),
        "{stderr}"
    );
    assert!(stderr.contains("| ## Executve Summary"), "{stderr}");
    assert!(
        stderr.contains("= hint: the yjb-2023 heading is \"Executive Summary\""),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("misspelt-heading: 0 errors, 2 warnings\n"),
        "{stderr}"
    );
}

#[test]
fn json_format_is_machine_readable() {
    let output = yjplan(
        &fixtures().join("bad"),
        &["check", "missing-heading", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["code"], "missing-heading");
    assert_eq!(
        v["diagnostics"][0]["location"]["file"],
        "missing-heading/01-plan.md"
    );
}

#[test]
fn minimal_plan_checks_clean() {
    let output = yjplan(
        &fixtures().join("good"),
        &["check", "minimal", "--format", "short"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

/// Tables written exactly as real plans print them (budget in the author's order with their
/// labels, blanks and dashes, a blank Welsh Government row in an English plan, a reoffending
/// table of one cohort, a KPI) and ordinary prose check clean, with no warning.
#[test]
fn tables_as_printed_check_clean() {
    let output = yjplan(
        &fixtures().join("good"),
        &["check", "as-printed", "--strict", "--format", "short"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn sample_plan_has_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = yjplan(root, &["check", "content", "--format", "short"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
}

#[test]
fn html_build_writes_the_page() {
    let out = scratch("minimal-html");
    let plan = fixtures().join("good/minimal");
    let output = yjplan(
        &out,
        &["build", plan.to_str().unwrap(), "--out", "out", "--html"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(out.join("out/html/index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert_eq!(html.matches("<h1>").count(), 1, "one h1");
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"));
    assert!(html.contains("<main class=\"yjplan-main\" id=\"main\" tabindex=\"-1\">"));
    assert!(html.contains("<th scope=\"col\""));
    assert!(html.contains("<th scope=\"row\">Exampleshire</th>"));
    // The caption shows above the table's scrolling box; the <caption> stays for screen readers.
    assert!(html.contains("<caption id=\"table-fte-caption\" class=\"visually-hidden\">"));
    assert!(html.contains("<p class=\"table-caption\" aria-hidden=\"true\">"));
    assert!(
        !html.contains("draft-banner"),
        "signed off: no draft banner"
    );
    assert!(html.contains("<p class=\"back-to-contents\"><a href=\"#contents-title\">"));
    assert!(html.contains("<abbr title=\"Youth Justice Service\">YJS</abbr>"));
    assert!(out.join("out/html/style.css").is_file());
    assert!(
        !out.join("out/exampleshire-youth-justice-plan-2023-24.pdf")
            .exists(),
        "--html writes no PDF"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let out = scratch("atomic");
    let good = fixtures().join("good/minimal");
    let bad = fixtures().join("bad/missing-heading");
    let first = yjplan(
        &out,
        &["build", good.to_str().unwrap(), "--out", "out", "--html"],
    );
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let before = std::fs::read(out.join("out/html/index.html")).unwrap();
    let second = yjplan(
        &out,
        &["build", bad.to_str().unwrap(), "--out", "out", "--html"],
    );
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(
        std::fs::read(out.join("out/html/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.join("out/html"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// A build starts typesetting the PDF before the content checks end (an image that is not
/// there is found by them): it still reports what `check` reports, exits 1 and writes nothing.
#[test]
fn an_error_found_while_the_pdf_is_typeset_writes_nothing() {
    let out = scratch("early-pdf");
    let good = fixtures().join("good/minimal");
    let bad = fixtures().join("bad/image-not-there");
    let first = yjplan(&out, &["build", good.to_str().unwrap(), "--out", "out"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let pdf = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, _)| name.ends_with(".pdf"))
            .map(|(name, path)| (name, std::fs::read(path).unwrap()))
            .collect();
        files.sort();
        files
    };
    let before = pdf(&out.join("out"));
    assert_eq!(before.len(), 1);
    let args = |command| vec![command, bad.to_str().unwrap(), "--format", "short"];
    let checked = yjplan(&out, &args("check"));
    let mut build = args("build");
    build.extend(["--out", "out"]);
    let built = yjplan(&out, &build);
    assert_eq!(built.status.code(), Some(1), "{}", text(&built.stderr));
    assert!(text(&built.stderr).contains("error[missing-image]"));
    assert_eq!(text(&built.stderr), text(&checked.stderr));
    assert_eq!(pdf(&out.join("out")), before);
}

#[test]
fn headings_prints_the_edition_outline() {
    let output = yjplan(&fixtures(), &["headings", "--edition", "yjb-2023"]);
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("Youth Justice Plan (yjb-2023, 2022/23 to 2023/24)\nSource: "));
    assert!(stdout.contains("\n# Introduction, Vision and Strategy\n  ## Foreword by the Chair of the Management Board  (expected)\n"));
    assert!(stdout.contains("    ### Use of Custody\n"));
}
