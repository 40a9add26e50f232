//! What `check` passes, `build` builds; what `build` refuses, `check` reports at the same line.
//! And the output folder holds one whole build: killing a build at any point leaves the previous
//! output set or the new one, never a mix, and the next build cleans up after it.

use super::attack::{append, plan, tree, write, yjplan};
use std::path::Path;
use std::time::{Duration, Instant};

/// The 13 inputs that used to pass `check` and fail `build` with exit 2 and no line, with the
/// line `check` now reports (file and line as printed).
/// A change that makes a plan hostile.
type Change = Box<dyn Fn(&Path)>;

fn inputs() -> Vec<(&'static str, Change, &'static str)> {
    let long = "word ".repeat(7_000);
    let long2 = long.clone();
    vec![
        (
            "emoji",
            Box::new(|p| append(p, "02-pictures.md", "\nWe are proud 😀 of this.\n")),
            "02-pictures.md:7:1: error[unsupported-character]",
        ),
        (
            "cjk",
            Box::new(|p| append(p, "02-pictures.md", "\n## 中文 summary\n")),
            "02-pictures.md:7:1: error[unsupported-character]",
        ),
        (
            "emoji-cell",
            Box::new(|p| append(p, "02-pictures.md", "\n| A | B |\n|---|---|\n| 🚀 | 1 |\n")),
            "02-pictures.md:7:1: error[unsupported-character]",
        ),
        (
            "control",
            Box::new(|p| append(p, "02-pictures.md", "\nA bell \u{7} rings.\n")),
            "02-pictures.md:7:1: error[unsupported-character]",
        ),
        (
            "control-plan",
            Box::new(|p| append(p, "plan.yaml", "partnership: \"Bell \\a Partnership\"\n")),
            "plan.yaml:21:1: error[unsupported-character]",
        ),
        (
            "empty-heading",
            Box::new(|p| append(p, "02-pictures.md", "\n## \n\nText.\n")),
            "02-pictures.md:7:1: error[empty-heading]",
        ),
        (
            "long-paragraph",
            Box::new(move |p| append(p, "02-pictures.md", &format!("\n{long}\n"))),
            "02-pictures.md:7:1: error[text-too-long]",
        ),
        (
            "long-link",
            Box::new(move |p| {
                append(
                    p,
                    "02-pictures.md",
                    &format!(
                        "\n[the page](https://example.org/{})\n",
                        long2.replace(' ', "-")
                    ),
                )
            }),
            "02-pictures.md:7:1: error[text-too-long]",
        ),
        (
            "long-alt",
            Box::new(|p| {
                append(
                    p,
                    "02-pictures.md",
                    &format!("\n![{}](assets/map.png)\n", "alt ".repeat(9_000)),
                )
            }),
            "02-pictures.md:7:1: error[text-too-long]",
        ),
        (
            "footnote-self",
            Box::new(|p| append(p, "02-pictures.md", "\nText.[^a]\n\n[^a]: See also[^a].\n")),
            "02-pictures.md:9:1: error[footnote-cycle]",
        ),
        (
            "footnote-pair",
            Box::new(|p| {
                append(
                    p,
                    "02-pictures.md",
                    "\nText.[^a]\n\n[^a]: See[^b].\n\n[^b]: See[^a].\n",
                )
            }),
            "02-pictures.md:9:1: error[footnote-cycle]",
        ),
        (
            "svg-external",
            Box::new(|p| {
                write(p, "assets/structure.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image xlink:href=\"https://example.org/x.png\" width=\"10\" height=\"10\"/></svg>")
            }),
            "02-pictures.md:5:1: error[unsafe-svg]",
        ),
        (
            "logo-dotdot",
            Box::new(|p| {
                let theme = String::from_utf8(
                    yjplan::resources::embedded("themes/default/theme.yaml")
                        .unwrap()
                        .to_vec(),
                )
                .unwrap();
                write(
                    p,
                    "themes/mine/theme.yaml",
                    theme.replace("logo: logo.svg", "logo: ../default/logo.svg"),
                );
                append(p, "plan.yaml", "theme: mine\n");
            }),
            "themes/mine/theme.yaml:6:1: error[bad-theme-value]",
        ),
    ]
}

#[test]
fn check_reports_at_its_line_everything_build_would_fail_on() {
    for (name, make, expected) in inputs() {
        let plan = plan(&format!("same-{name}"));
        make(&plan);
        // A warning in the plan, which a failed build used to drop.
        append(
            &plan,
            "02-pictures.md",
            "\nSee [click here](https://example.org).\n",
        );
        let parent = plan.parent().unwrap();
        let check = yjplan(parent, &["check", "plan", "--format", "short"]);
        assert_eq!(check.code, Some(1), "{name}: {}", check.out);
        assert!(
            check.out.contains(&format!("plan/{expected}")),
            "{name}: {}",
            check.out
        );
        assert!(
            check.out.contains("warning[vague-link]"),
            "{name}: {}",
            check.out
        );
        let build = yjplan(
            parent,
            &["build", "plan", "--out", "out", "--format", "short"],
        );
        assert_eq!(build.code, Some(1), "{name}: {}", build.out);
        assert_eq!(
            build.out, check.out,
            "{name}: build reports what check reports"
        );
        assert!(!parent.join("out").exists(), "{name}: nothing is written");
    }
}

/// A fixed sequence of delays (a linear congruential generator), so a failure can be replayed.
fn delays(n: usize, up_to: Duration) -> Vec<Duration> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            up_to.mul_f64((x >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_a_whole_output_set() {
    let plan = plan("killed");
    let parent = plan.parent().unwrap().to_path_buf();
    let section = plan.join("02-pictures.md");
    let text_a = std::fs::read_to_string(&section).unwrap();
    let text_b = format!("{text_a}\nA paragraph that only the second version has.\n");
    let build = |text: &str| {
        std::fs::write(&section, text).unwrap();
        let start = Instant::now();
        let run = yjplan(&parent, &["build", "plan", "--out", "out"]);
        assert_eq!(run.code, Some(0), "{}", run.out);
        (tree(&parent.join("out")), start.elapsed())
    };
    let (tree_b, _) = build(&text_b);
    let (tree_a, took) = build(&text_a);
    assert_ne!(tree_a, tree_b);
    for (i, delay) in delays(12, took + took / 2).into_iter().enumerate() {
        std::fs::write(&section, if i % 2 == 0 { &text_b } else { &text_a }).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yjplan"))
            .args(["build", "plan", "--out", "out"])
            .current_dir(&parent)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let signal = if i % 3 == 0 {
            libc::SIGINT
        } else {
            libc::SIGKILL
        };
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        child.wait().unwrap();
        let now = tree(&parent.join("out"));
        assert!(
            now == tree_a || now == tree_b,
            "try {i} (after {delay:?}): a mixed output set: {:?}",
            now.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
    }
    build(&text_a);
    let mut names: Vec<String> = std::fs::read_dir(&parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["out", "plan", "secret.csv", "secret.md"],
        "leftovers of killed builds are cleaned"
    );
}

#[test]
fn out_errors_name_the_path() {
    let plan = plan("out-error");
    let parent = plan.parent().unwrap();
    std::fs::write(parent.join("file"), "x").unwrap();
    let run = yjplan(parent, &["build", "plan", "--out", "file/out"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(run.out.contains("file"), "{}", run.out);
    let mine = parent.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "mine").unwrap();
    let run = yjplan(parent, &["build", "plan", "--out", "mine"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out
            .contains("mine holds `thesis.docx`, which yjplan did not write"),
        "{}",
        run.out
    );
    assert_eq!(std::fs::read(mine.join("thesis.docx")).unwrap(), b"mine");
}
