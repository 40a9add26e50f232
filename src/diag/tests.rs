//! Unit tests of `src/diag/mod.rs` and `src/diag/render.rs`.

use super::render::github_line;
use super::*;

fn sample() -> (SourceFile, Diagnostic) {
    let file = SourceFile::new("content/01.md", "---\nx: 1\n---\n## Vison\n");
    let d = Diagnostic::error("misspelt-heading", "\"Vison\" is not a template heading")
        .at(&file, 16..21)
        .hint("write \"Vision\"");
    (file, d)
}

#[test]
fn line_and_column_are_one_based() {
    let file = SourceFile::new("a", "ab\ncd\n");
    assert_eq!(file.line_col(0), (1, 1));
    assert_eq!(file.line_col(4), (2, 2));
    assert_eq!(file.line_text(2), "cd");
}

#[test]
fn short_format_is_one_line() {
    let (_, d) = sample();
    assert_eq!(
        render(&[d], Format::Short),
        "content/01.md:4:4: error[misspelt-heading]: \"Vison\" is not a template heading\n"
    );
}

#[test]
fn human_format_underlines_the_span() {
    let (_, d) = sample();
    let text = render(&[d], Format::Human);
    assert!(text.contains("4 | ## Vison\n"), "{text}");
    assert!(text.contains("  |    ^^^^^\n"), "{text}");
    assert!(text.contains("  = hint: write \"Vision\""), "{text}");
}

#[test]
fn github_format_escapes_properties() {
    let (_, d) = sample();
    let line = github_line(&d);
    assert!(line.starts_with("::error file=content/01.md,line=4,col=4,title=misspelt-heading::"));
    assert!(line.contains("%0Ahint: write"));
}

#[test]
fn json_format_counts() {
    let (_, d) = sample();
    let v: serde_json::Value = serde_json::from_str(&render(&[d], Format::Json)).unwrap();
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["location"]["line"], 4);
}

#[test]
fn escape_characters_from_the_plan_are_printed_escaped() {
    let file = SourceFile::new(
        "content/\u{1b}]0;pwned\u{7}.md",
        "## \u{1b}[2J\u{202e}Vison\n",
    );
    let d = Diagnostic::error("misspelt-heading", "\"\u{1b}[2JVison\" is not a heading")
        .at(&file, 10..15);
    for format in [Format::Human, Format::Short, Format::Github] {
        let text = render(std::slice::from_ref(&d), format);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}.md"), "{text}");
    }
    let human = render(&[d], Format::Human);
    assert!(
        human.contains("1 | ## \\u{1b}[2J\\u{202e}Vison\n"),
        "{human}"
    );
    assert!(
        human.contains(&format!("  | {}^^^^^\n", " ".repeat(20))),
        "{human}"
    );
}

#[test]
fn a_long_line_is_shown_in_part_around_its_column() {
    let line = format!("{}BAD{}", "a".repeat(1000), "b".repeat(1000));
    let file = SourceFile::new("a.md", format!("{line}\n"));
    let d = Diagnostic::error("text-too-long", "y").at(&file, 1000..1003);
    let text = render(&[d], Format::Human);
    let excerpt = text.lines().nth(3).unwrap();
    let caret = text.lines().nth(4).unwrap();
    assert!(
        excerpt.starts_with("1 | …a") && excerpt.ends_with("b…"),
        "{excerpt}"
    );
    assert!(excerpt.chars().count() < 200, "{}", excerpt.chars().count());
    let under = caret.find('^').unwrap();
    assert_eq!(
        excerpt.chars().skip(under).take(3).collect::<String>(),
        "BAD"
    );
    assert_eq!(caret.matches('^').count(), 3);
    // A whole long line underlined: the underline stops where the excerpt does.
    let whole = Diagnostic::error("text-too-long", "y").at_line(&file, 1);
    let text = render(&[whole], Format::Human);
    assert!(text.lines().nth(4).unwrap().matches('^').count() <= 162);
}
