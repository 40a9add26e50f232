//! Footnote labels belong to their section file: two files may each write `[^1]`, as the
//! authoring guide shows, and each citation reaches its own file's note in the page and the PDF.

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
