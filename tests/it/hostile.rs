//! A hostile plan, beyond the on-disk corpus: tests/it/corpus.rs runs every case of
//! tests/fixtures/hostile (every kind of file read through `..`, absolute paths and symlinks out
//! of the plan, FIFOs, devices, huge and deep input, template bombs, unsafe SVG and theme values,
//! YAML bombs, characters the PDF cannot hold). Here: a symlink that stays inside the plan is
//! followed, escape characters in a file name are printed escaped, and CSS escapes in an SVG's
//! style element or style attribute cannot hide a load from another site.

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

/// `check` and `build` refuse the SVG `svg` as the plan's structure chart (line 5 of
/// 02-pictures.md), and `build` publishes nothing.
fn svg_refused(name: &str, svg: &str, what: &str) {
    let plan = plan(name);
    write(&plan, "assets/structure.svg", svg);
    for args in [&["check", "plan"][..], &["build", "plan", "--out", "out"]] {
        let run = yjplan(plan.parent().unwrap(), args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.out);
        let said =
            format!("error[unsafe-svg]: the SVG image `assets/structure.svg` contains {what}");
        assert!(run.out.contains(&said), "{args:?}: {}", run.out);
        assert!(run.out.contains("02-pictures.md:5:1"), "{}", run.out);
    }
    assert!(!plan.parent().unwrap().join("out").exists());
}

#[test]
fn css_escapes_in_an_svg_style_element_cannot_hide_a_load() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<style>rect{fill:u\\72l(http://evil.example/x.svg#a)} @\\69mport \"http://evil.example/a.css\";</style>\n<rect width=\"10\" height=\"10\"/></svg>\n";
    svg_refused(
        "css-escape-element",
        svg,
        "a style that imports another file (@import) (its line 2)",
    );
}

#[test]
fn css_escapes_in_an_svg_style_attribute_cannot_hide_a_load() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<rect width=\"10\" height=\"10\" style=\"fill:u\\72l(http://evil.example/x.svg#a)\"/></svg>\n";
    svg_refused(
        "css-escape-attribute",
        svg,
        "a style that loads another file or site (url(…)) (its line 2)",
    );
}
