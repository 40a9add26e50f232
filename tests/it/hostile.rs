//! A hostile plan never escapes its folder: every kind of file yjplan reads for a plan (sections,
//! CSV, images, logo, template and theme overrides with their includes, edition files) is refused
//! when it leads outside, through `..`, an absolute path or a symlink, and the content of the
//! refused file never appears in what yjplan prints or writes. FIFOs, devices and huge files are
//! refused without being read.

use super::attack::{append, check_fails, plan, write, yjplan, SECRET};
use std::path::Path;

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    let link = link.as_ref();
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A sum table reading `csv`, placed at the end of the images fixture's second section.
fn csv_table(csv: &str) -> String {
    format!("---\ntables:\n  leak:\n    kind: sum\n    caption: Leak\n    csv: {csv}\n---\n# Leak\n\n{{{{ table(\"leak\") }}}}\n")
}

#[test]
fn csv_paths_outside_the_plan_are_refused_at_their_line() {
    for (name, csv) in [("csv-dotdot", "../secret.csv"), ("csv-absolute", "ABS")] {
        let plan = plan(name);
        let csv = csv.replace(
            "ABS",
            &plan
                .parent()
                .unwrap()
                .join("secret.csv")
                .display()
                .to_string(),
        );
        write(&plan, "03-leak.md", csv_table(&csv));
        let out = check_fails(&plan);
        assert!(out.contains("plan/03-leak.md:6:"), "{out}");
        assert!(out.contains("it is outside the plan folder"), "{out}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_plan_are_refused_for_every_kind_of_file() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (case, link inside the plan, its target outside, what the error says)
        ("link-csv", "data/leak.csv", "secret.csv", "03-leak.md:6:"),
        (
            "link-section",
            "09-linked.md",
            "secret.md",
            "09-linked.md: error[unreadable-file]",
        ),
        (
            "link-image",
            "assets/map.png",
            "secret.csv",
            "02-pictures.md:3:1: error[unreadable-image]",
        ),
        (
            "link-logo",
            "assets/wide-logo.svg",
            "secret.md",
            "plan.yaml:7:1: error[unreadable-image]",
        ),
        (
            "link-partner-logo",
            "assets/partner.svg",
            "secret.md",
            "plan.yaml:10:1: error[unreadable-image]",
        ),
        (
            "link-template",
            "templates/html/page.html",
            "secret.md",
            "unreadable-file",
        ),
        (
            "link-edition",
            "templates/editions/yjb-2023.yaml",
            "secret.md",
            "unreadable-file",
        ),
        (
            "link-strings",
            "templates/strings/en-GB.yaml",
            "secret.md",
            "unreadable-file",
        ),
        (
            "link-theme",
            "themes/default/theme.yaml",
            "secret.md",
            "unreadable-file",
        ),
    ];
    for (case, link, target, expected) in cases {
        let plan = plan(case);
        if *case == "link-csv" {
            write(&plan, "03-leak.md", csv_table("data/leak.csv"));
        }
        symlink(plan.parent().unwrap().join(target), plan.join(link));
        eprintln!("case {case}");
        let out = check_fails(&plan);
        assert!(out.contains(expected), "{case}: {out}");
        assert!(out.contains("outside the plan folder"), "{case}: {out}");
    }
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
fn a_template_override_cannot_include_a_file_outside_the_plan() {
    let plan = plan("include");
    write(&plan, "templates/html/page.html", "<p>{% include \"../../../secret.md\" %}</p>\n{% include \"../../../../../../../../etc/passwd\" %}");
    let out = check_fails(&plan);
    assert!(out.contains("plan/templates/html/page.html:1:"), "{out}");
    assert!(
        out.contains("a template may not use a template outside templates/html"),
        "{out}"
    );
    let out_dir = plan.parent().unwrap().join("out");
    let run = yjplan(
        plan.parent().unwrap(),
        &["build", "plan", "--out", "out", "--format", "short"],
    );
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert_eq!(run.out, out, "build reports what check reports");
    assert!(!out.contains(SECRET) && !out.contains("root:"), "{out}");
    assert!(!out_dir.exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn a_template_included_through_a_symlink_out_of_the_plan_is_refused() {
    let plan = plan("include-link");
    write(
        &plan,
        "templates/html/page.html",
        "<p>{% include \"inc.html\" %}</p>",
    );
    symlink(
        plan.parent().unwrap().join("secret.md"),
        plan.join("templates/html/inc.html"),
    );
    let out = check_fails(&plan);
    assert!(
        out.contains("plan/templates/html/inc.html: error[unreadable-file]"),
        "{out}"
    );
    assert!(out.contains("it is outside the plan folder"), "{out}");
}

#[test]
fn a_theme_logo_outside_the_theme_is_refused_at_its_line() {
    let plan = plan("theme-logo");
    let theme = default_theme();
    write(
        &plan,
        "themes/mine/theme.yaml",
        theme.replace("logo: logo.svg", "logo: ../../../secret.png"),
    );
    append(&plan, "plan.yaml", "theme: mine\n");
    let out = check_fails(&plan);
    assert!(out.contains("plan/themes/mine/theme.yaml:6:"), "{out}");
    assert!(out.contains("error[bad-theme-value]"), "{out}");
}

#[test]
fn hostile_theme_values_never_reach_the_style_sheet() {
    let plan = plan("theme-font");
    let theme = default_theme();
    write(
        &plan,
        "themes/mine/theme.yaml",
        theme.replace(
            "font: Atkinson Hyperlegible",
            "font: \"A\\\"; } body { background: url(https://evil.example/x) } p { \"",
        ),
    );
    append(&plan, "plan.yaml", "theme: mine\n");
    let out = check_fails(&plan);
    assert!(
        out.contains("plan/themes/mine/theme.yaml:5:1: error[bad-theme-value]"),
        "{out}"
    );
}

#[test]
fn active_svg_is_refused_at_the_image_line() {
    for (case, svg) in [
        ("svg-script", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>"),
        ("svg-onload", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"),
        ("svg-external", "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/x.png\" width=\"1\" height=\"1\"/></svg>"),
    ] {
        let plan = plan(case);
        write(&plan, "assets/structure.svg", svg);
        let out = check_fails(&plan);
        assert!(out.contains("plan/02-pictures.md:5:1: error[unsafe-svg]"), "{case}: {out}");
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_files_are_refused_without_reading_them() {
    let fifo_plan = plan("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(fifo_plan.join("09-pipe.md"))
        .arg(fifo_plan.join("data.csv"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        write(&fifo_plan, "03-leak.md", csv_table("data.csv"));
        let out = check_fails(&fifo_plan);
        assert!(out.contains("09-pipe.md: error[unreadable-file]"), "{out}");
        assert!(out.contains("named pipe (FIFO)"), "{out}");
    }
    let zero = plan("dev-zero");
    symlink("/dev/zero", zero.join("09-zero.md"));
    assert!(check_fails(&zero).contains("09-zero.md: error[unreadable-file]"));
    let huge = plan("huge");
    write(&huge, "09-huge.md", "word ".repeat(4 * 1024 * 1024));
    let out = check_fails(&huge);
    assert!(out.contains("09-huge.md: error[unreadable-file]: cannot read plan/09-huge.md: it is larger than the limit of 2 MiB"), "{out}");
}

#[test]
fn a_hundred_thousand_row_table_is_refused_at_the_first_row_too_many() {
    let plan = plan("rows");
    let rows: String = (0..100_000).map(|i| format!("Row {i},{i}\n")).collect();
    write(&plan, "data/big.csv", format!("Area,Count\n{rows}"));
    write(&plan, "03-leak.md", csv_table("data/big.csv"));
    let out = check_fails(&plan);
    assert!(
        out.contains("plan/data/big.csv:2002:1: error[table-too-large]"),
        "{out}"
    );
}

#[test]
fn deep_nesting_is_an_error_at_its_line_not_a_crash() {
    for (case, body) in [
        ("deep-quote", format!("{} deep\n", ">".repeat(10_000))),
        ("deep-list", format!("{}item\n", "- ".repeat(5_000))),
        (
            "deep-indented-list",
            (0..1_000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "deep-emphasis",
            format!("{}x{}\n", "*".repeat(10_000), "*".repeat(10_000)),
        ),
    ] {
        let plan = plan(case);
        append(&plan, "02-pictures.md", &format!("\n{body}"));
        let out = check_fails(&plan);
        assert!(out.contains("error[too-deep]"), "{case}: {out}");
        assert_eq!(
            out.matches("error[").count(),
            1,
            "{case}: one mistake, one message: {out}"
        );
    }
}

#[test]
fn template_bombs_are_refused_before_they_run() {
    for (case, body, expected) in [
        ("range", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "the function `range()`"),
        ("doubling", "{% set ns = namespace(l=[1]) %}{% for i in [1] %}{% set ns.l = ns.l + ns.l %}{% endfor %}", "the `{% set %}` tag"),
        ("repeat", "{{ \"x\" * 100000000 }}", "the operator `*`"),
    ] {
        let plan = plan(&format!("bomb-{case}"));
        append(&plan, "02-pictures.md", &format!("\n{body}\n"));
        let out = check_fails(&plan);
        assert!(out.contains("plan/02-pictures.md:7:"), "{case}: {out}");
        assert!(out.contains("error[template-not-allowed]: a section may not use "), "{case}: {out}");
        assert!(out.contains(expected), "{case}: {out}");
    }
    let loops = |n: usize, inner: &str| {
        format!(
            "{}{inner}{}",
            "{% for b in blocks %}".repeat(n),
            "{% endfor %}".repeat(n)
        )
    };
    for (case, page, expected) in [
        (
            "recursion",
            "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}".to_string(),
            "invalid operation: recursion limit exceeded",
        ),
        (
            "loops",
            loops(8, ""),
            "the template does more work than a page may",
        ),
        (
            "output",
            loops(6, &"x".repeat(200)),
            "the template writes more than 64 MiB",
        ),
    ] {
        let plan = plan(&format!("bomb-layout-{case}"));
        write(&plan, "templates/html/page.html", page);
        let run = yjplan(
            plan.parent().unwrap(),
            &["build", "plan", "--out", "out", "--format", "short"],
        );
        assert_eq!(run.code, Some(1), "{}", run.out);
        assert!(
            run.out.contains("plan/templates/html/page.html:"),
            "{}",
            run.out
        );
        let message = format!("error[template-error]: the HTML template failed: {expected}");
        assert!(run.out.contains(&message), "{case}: {}", run.out);
    }
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

/// The built-in default theme.yaml, for tests that make a hostile copy of it.
fn default_theme() -> String {
    let bytes = yjplan::resources::embedded("themes/default/theme.yaml").unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}
