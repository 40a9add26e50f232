//! Mistakes authors make that used to publish wrong without a message, checked in what yjplan
//! writes (the bad fixtures hold the mistakes that now give a message): a bullet that opens
//! with a bold phrase, an image path with a space written the way the message says, a README.md,
//! `_notes.md`, lock and backup files in the plan folder; and the hint of each first-day mistake.

use crate::attack::copy_dir;
use crate::{scratch, stderr, yjplan};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the minimal plan in a scratch folder, with `extra` files written into it.
pub fn plan_with<B: AsRef<[u8]>>(name: &str, extra: &[(&str, B)]) -> PathBuf {
    let dir = scratch(name);
    let plan = dir.join("plan");
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/minimal");
    copy_dir(&minimal, &plan);
    for (file, bytes) in extra {
        let path = plan.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    plan
}

/// Builds `plan` into `plan/../out`, which must succeed; gives the web page, the PDF's text (one
/// line per line) and what yjplan printed.
pub fn build_printing(plan: &Path) -> (String, String, String) {
    let out = plan.parent().unwrap().join("out");
    let output = yjplan(
        plan.parent().unwrap(),
        &[
            "build",
            "plan",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "short",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF");
    let text = Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed: run scripts/setup-test-deps");
    let printed = stderr(&output);
    (
        html,
        String::from_utf8_lossy(&text.stdout).into_owned(),
        printed,
    )
}

/// [`build_printing`] without what was printed.
fn build(plan: &Path) -> (String, String) {
    let (html, pdf, _) = build_printing(plan);
    (html, pdf)
}

const BOLD_BULLETS: &str = "# Local notes\n\nOur priorities:\n\n- **Use of custody.** In 2022 four children were sentenced to custody.\n- **Remands.** Two children were remanded.\n";

#[test]
fn a_bullet_opening_with_a_bold_phrase_stays_one_bold_led_paragraph() {
    let plan = plan_with("bold-bullets", &[("02-notes.md", BOLD_BULLETS)]);
    let (html, pdf) = build(&plan);
    assert!(
        html.contains(
            "<strong>Use of custody.</strong> In 2022 four children were sentenced to custody."
        ),
        "the bold phrase and its sentence in one item: {html}"
    );
    assert!(!html.contains("**Use of custody"), "no literal asterisks");
    assert!(
        pdf.lines()
            .any(|l| l.contains("Use of custody. In 2022 four children were sentenced to custody.")),
        "the PDF keeps the bold phrase and its sentence on one line:\n{pdf}"
    );
    assert!(!pdf.contains("**"), "no literal asterisks in the PDF");
}

#[test]
fn an_image_path_with_a_space_in_angle_brackets_is_shown() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n";
    let section = "# Pictures\n\n![Organisation chart of the service](<assets/org chart.svg>)\n";
    let plan = plan_with(
        "spaced-image",
        &[("02-pictures.md", section), ("assets/org chart.svg", svg)],
    );
    let (html, pdf) = build(&plan);
    assert!(
        html.contains("alt=\"Organisation chart of the service\""),
        "the image is on the page: {html}"
    );
    assert!(!html.contains("](<assets"), "not printed as text");
    assert!(
        html.contains("src=\"assets&#x2f;org%20chart.svg\""),
        "a valid URL for the file with a space in its name"
    );
    let out = plan.parent().unwrap().join("out/html/assets/org chart.svg");
    assert!(out.is_file(), "the image is written beside the page");
    assert!(
        !pdf.contains("org chart.svg"),
        "not printed as text:\n{pdf}"
    );
}

#[test]
fn readme_notes_and_lock_files_in_the_plan_folder_are_not_published() {
    let plan = plan_with(
        "readme",
        &[
            ("README.md", "# How to edit this plan\n\nREADME-TEXT\n"),
            ("_notes.md", "# Notes\n\nNOTES-TEXT\n"),
            ("~$01-plan.md", "LOCK-TEXT"),
            ("01-plan.md.bak", "# Old\n\nBACKUP-TEXT\n"),
        ],
    );
    let check = yjplan(
        plan.parent().unwrap(),
        &["check", "plan", "--format", "short"],
    );
    assert_eq!(stderr(&check), "", "nothing to say about them");
    let (html, pdf) = build(&plan);
    for text in ["README-TEXT", "NOTES-TEXT", "LOCK-TEXT", "BACKUP-TEXT"] {
        assert!(!html.contains(text), "{text} is not on the page");
        assert!(!pdf.contains(text), "{text} is not in the PDF");
    }
}

/// Each first-day mistake's hint says what to type (the golden files hold the first lines).
#[test]
fn each_mistake_hints_what_to_type() {
    let cases = [
        ("image-path-space", "`![Organisation chart of the service](<assets/org chart.svg>)`"),
        ("section-not-md", "rename it to 02-local-offer.md"),
        ("notes-as-section", "rename it to _notes.md"),
        ("sign-off-date-year", "between 1 April 2022 and 31 March 2024"),
        ("impossible-date", "the last day of June 2023 is `date: 2023-06-30`"),
        ("front-matter-no-opening", "add a line holding only `---` at the top of the file"),
        ("yaml-thousands-comma", "write `500000` without the comma"),
        ("yaml-tab", "e.g. `      White: [2, 10]` (6 spaces"),
        ("template-curly-quotes", "use straight quotes: `{{ table(\"custody\") }}`"),
        (
            "section-files-order",
            "swap their numbers: rename 03-governance.md to 02-governance.md and 02-progress.md to 03-progress.md",
        ),
    ];
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for (fixture, hint) in cases {
        let output = yjplan(&bad, &["check", fixture]);
        let text = stderr(&output);
        let hints: Vec<&str> = text.lines().filter(|l| l.contains("= hint:")).collect();
        assert_eq!(hints.len(), 1, "{fixture}: one message, one hint:\n{text}");
        assert!(hints[0].contains(hint), "{fixture}: {hint}\n{text}");
    }
}
