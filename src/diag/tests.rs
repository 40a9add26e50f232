//! Unit tests of `src/diag/mod.rs`.

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
