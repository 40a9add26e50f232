//! A hostile plan, beyond the on-disk corpus: tests/it/corpus.rs runs every case of
//! tests/fixtures/hostile (every kind of file read through `..`, absolute paths and symlinks out
//! of the plan, FIFOs, devices, huge and deep input, template bombs, unsafe SVG and theme values,
//! YAML bombs, characters the PDF cannot hold). Here: a symlink that stays inside the plan is
//! followed, and escape characters in a file name are printed escaped.

use super::attack::{plan, write, yjplan};
use std::path::Path;

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    let link = link.as_ref();
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_that_stays_inside_the_plan_is_followed() {
    let plan = plan("link-inside");
    std::fs::rename(
        plan.join("02-pictures.md"),
        plan.join("assets/pictures.txt"),
    )
    .unwrap();
    symlink("assets/pictures.txt", plan.join("02-pictures.md"));
    let run = yjplan(plan.parent().unwrap(), &["check", "plan"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
}

#[test]
fn printed_source_lines_and_file_names_have_escape_characters_escaped() {
    let plan = plan("escapes");
    write(
        &plan,
        "09-\u{1b}]0;pwned\u{7}.md",
        "## \u{1b}[2J\u{1b}[31mVison\n",
    );
    let run = yjplan(plan.parent().unwrap(), &["check", "plan"]);
    assert!(
        !run.out.contains('\u{1b}') && !run.out.contains('\u{7}'),
        "{:?}",
        run.out
    );
    assert!(
        run.out.contains("09-\\u{1b}]0;pwned\\u{7}.md"),
        "{}",
        run.out
    );
}
