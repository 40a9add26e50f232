//! What is typed on the command line and what yjplan prints: a value with a control character is
//! refused up front (exit 2, never a panic), and text from the plan or the command line reaches
//! the terminal with its escape characters written out (`\u{1b}`), on stdout and stderr alike.

use super::attack::{plan, write, yjplan, Run};

/// Asserts a run printed no raw escape, bell or other control character but line breaks.
fn printed_safely(run: &Run) {
    let raw = run
        .out
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t');
    assert_eq!(
        raw, None,
        "a raw control character reached the terminal:\n{}",
        run.out
    );
}

#[test]
fn control_characters_in_typed_values_are_refused_without_a_panic() {
    let dir = super::scratch("typed-values");
    const NEW: [&str; 6] = ["new", "d", "--service", "S", "--period", "2025/26"];
    let cases: [Vec<&str>; 6] = [
        vec!["headings", "--edition", "\u{1}"],
        [&NEW[..], &["--edition", "\u{1b}"]].concat(),
        vec!["new", "d", "--service", "S", "--period", "20\u{1b}[31m"],
        vec!["new", "d", "--service", "S\u{7}", "--period", "2025/26"],
        [&NEW[..], &["--update-of", "\u{1b}]0;pwned\u{7}\u{1b}[2J"]].concat(),
        vec!["explain", "\u{1b}[31mred\u{1b}]0;x\u{7}"],
    ];
    for args in &cases {
        let run = yjplan(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.out);
        assert!(
            run.out.contains("control character U+00"),
            "{args:?}: {}",
            run.out
        );
        assert!(
            run.out.contains("\\u{"),
            "the value is shown escaped: {}",
            run.out
        );
        printed_safely(&run);
        assert!(!dir.join("d").exists(), "{args:?} made a plan");
    }
}

#[test]
fn an_editions_text_is_printed_escaped_by_headings() {
    let plan = plan("headings-escapes");
    let yaml = std::fs::read_to_string(plan.join("plan.yaml")).unwrap();
    let yaml = yaml.replace("edition: yjb-2023", "edition: mine-2023");
    write(&plan, "plan.yaml", yaml);
    let edition = "edition: mine-2023\ntitle: \"Youth \\e]0;PWN\\a\\e[31m Plan\"\n\
        source: \"src \\e[2J\"\nyears: {from: 2023/24}\nheadings:\n  - id: a\n    level: 1\n\
        \x20   text: \"Intro \\e[31mRED\"\n    guidance: \"\\e]0;pwned\\a\\e[41m guidance\"\n";
    write(&plan, "templates/editions/mine-2023.yaml", edition);
    let run = yjplan(plan.parent().unwrap(), &["headings", "--plan", "plan"]);
    printed_safely(&run);
    assert!(run.out.contains("Youth \\u{1b}]0;PWN\\u{7}"), "{}", run.out);
}

#[test]
fn paths_in_errors_and_unknown_subcommands_are_printed_escaped() {
    let plan = plan("out-escapes");
    let cwd = plan.parent().unwrap();
    let run = yjplan(cwd, &["build", "plan", "--out", "/proc/\u{1b}[31mx"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    printed_safely(&run);
    assert!(run.out.contains("\\u{1b}[31mx"), "{}", run.out);
    let run = yjplan(cwd, &["\u{1b}[31mx"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    printed_safely(&run);
    let run = yjplan(cwd, &["explain", "red\u{202e}"]);
    assert!(run.out.contains("red\\u{202e}"), "{}", run.out);
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    // `yjplan explain … | head` closes the pipe early; here it is closed before yjplan starts.
    let plan = plan("closed-pipe");
    let cwd = plan.parent().unwrap();
    let runs: [&[&str]; 3] = [
        &["explain", "heading-order"],
        &["headings", "--edition", "yjb-2023"],
        &["check", "plan", "--format", "json"],
    ];
    for args in runs {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_yjplan"))
            .args(args)
            .current_dir(cwd)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "yjplan {args:?}: {stderr}");
        assert!(stderr.is_empty(), "yjplan {args:?}: {stderr}");
    }
}
