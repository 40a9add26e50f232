//! Footnote labels belong to their section file: two files may each write `[^1]`, as the
//! authoring guide shows, and each citation reaches its own file's note in the page and the PDF. A
//! footnote text that nothing cites is a warning at its line (it would be shown nowhere).

use crate::attack::{append, plan};
use crate::{stderr, yjplan};

#[test]
fn two_files_may_each_have_a_footnote_1() {
    let plan = plan("footnotes-per-file");
    let dir = plan.parent().unwrap();
    let note = |n: &str| format!("\nCounted {n}.[^1]\n\n[^1]: The {n} file's note.\n");
    append(&plan, "01-plan.md", &note("first"));
    append(&plan, "02-pictures.md", &note("second"));
    let build = yjplan(dir, &["build", "plan", "--out", "out"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(dir.join("out/html/index.html")).unwrap();
    for id in ["fn-1", "fn-1-2"] {
        assert_eq!(page.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        assert!(
            page.contains(&format!("href=\"#{id}\"")),
            "no citation of {id}"
        );
    }
    let first = page.find("The first file").unwrap();
    let second = page.find("The second file").unwrap();
    assert!(first < second);
    // A second text for a label in one file is still an error, at its line.
    append(&plan, "02-pictures.md", "\n[^1]: A third note.\n");
    let check = yjplan(dir, &["check", "plan", "--format", "short"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("error[duplicate-footnote]"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_footnote_text_nothing_cites_is_a_warning_at_its_line() {
    let plan = plan("footnote-unused");
    let dir = plan.parent().unwrap();
    let before = std::fs::read_to_string(plan.join("02-pictures.md")).unwrap();
    let line = before.lines().count() + 4;
    append(
        &plan,
        "02-pictures.md",
        "\nCounted once.\n\n[^lost]: A note no mark cites.\n",
    );
    let check = yjplan(dir, &["check", "plan", "--format", "short"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let warning = format!("plan/02-pictures.md:{line}:1: warning[unused-footnote]: the footnote `[^lost]` is never cited");
    assert!(stderr(&check).contains(&warning), "{}", stderr(&check));
    // A mark in a table cell is not shown, so it does not count; the warning says so.
    let table = "\n| Area | Count |\n|---|---|\n| North[^lost] | 3 |\n";
    append(&plan, "02-pictures.md", table);
    let check = yjplan(dir, &["check", "plan", "--format", "short"]);
    let in_table = "`[^lost]` is cited only in a table, whose cells show no footnote marks";
    assert!(stderr(&check).contains(in_table), "{}", stderr(&check));
    // Cited in the text, the same text is a footnote and the warning goes.
    append(&plan, "02-pictures.md", "\nNow cited.[^lost]\n");
    let check = yjplan(dir, &["check", "plan", "--format", "short"]);
    assert!(
        !stderr(&check).contains("unused-footnote"),
        "{}",
        stderr(&check)
    );
}
