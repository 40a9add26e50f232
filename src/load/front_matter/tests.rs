//! Unit tests of `src/load/front_matter.rs`.

use super::*;

fn file(text: &str) -> SourceFile {
    SourceFile::new("s.md", text)
}

#[test]
fn splits_front_matter_and_body() {
    let f = file("---\na: 1\n---\n# Head\n");
    let s = split(&f).unwrap();
    assert_eq!(s.front, Some(("a: 1\n", 4)));
    assert_eq!(s.body, "# Head\n");
    assert_eq!(f.line_col(s.body_offset).0, 4);
}

#[test]
fn body_only_file() {
    let f = file("# Head\n");
    assert!(split(&f).unwrap().front.is_none());
}

#[test]
fn unclosed_fence_is_an_error() {
    let d = split(&file("---\na: 1\n# Head\n")).unwrap_err();
    assert_eq!(d.code, "unclosed-front-matter");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let f = file("---\ntabels: {}\n---\n");
    let s = split(&f).unwrap();
    let d = parse_front(&f, &s).unwrap_err();
    assert_eq!(d.code, "unknown-key");
    assert_eq!(d.location.as_ref().unwrap().line, Some(2));
    assert!(
        d.hints[0].starts_with("did you mean `tables`?"),
        "{:?}",
        d.hints
    );
}

#[test]
fn syntax_error_reports_the_file_line() {
    let f = file("---\nallow:\n  - lint: x\n    reason: \"unclosed\n---\nbody\n");
    let s = split(&f).unwrap();
    let d = parse_front(&f, &s).unwrap_err();
    assert_eq!(d.code, "yaml-syntax");
    let line = d.location.as_ref().unwrap().line.unwrap();
    assert!((3..=5).contains(&line), "line {line}");
}

#[test]
fn locate_follows_indentation() {
    let yaml = "tables:\n  a:\n    rows:\n      Police: { staffing: 1, total: 3 }\n  b:\n    rows:\n      Police:\n        total: 4\n";
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let at = locate(yaml, &path(&["tables", "b", "rows", "Police", "total"])).unwrap();
    assert!(yaml[at..].trim_start().starts_with("total: 4"));
    let at = locate(yaml, &path(&["tables", "a", "rows", "Police", "total"])).unwrap();
    assert!(yaml[at..].starts_with("total: 3"));
    assert!(locate(yaml, &path(&["nope"])).is_none());
}

#[test]
fn repeated_keys_and_bad_populations_are_placed_at_their_line() {
    let file = SourceFile::new("plan.yaml", "# c\nservice: A\nperiod: x\nservice: B\n");
    let e = parse_yaml::<serde_yaml::Value>(&file, &file.text, 0).unwrap_err();
    let e2 = parse_yaml::<crate::load::plan::PlanConfig>(&file, &file.text, 0).unwrap_err();
    for d in [e, e2] {
        if d.message.contains("duplicate") {
            assert_eq!(d.location.unwrap().line, Some(4), "{}", d.message);
        }
    }
    let text = "service: S\nperiod: 2023/24\nedition: yjb-2023\npopulation:\n  A: { \"2022\": 1, \"Sep-21\": lots }\n";
    let file = SourceFile::new("plan.yaml", text);
    let d = parse_yaml::<crate::load::plan::PlanConfig>(&file, &file.text, 0).unwrap_err();
    let loc = d.location.unwrap();
    assert_eq!((loc.line, loc.column), (Some(5), Some(20)), "{}", d.message);
}

#[test]
fn locate_finds_quoted_keys_with_escapes() {
    let yaml =
        "tables:\n  fte:\n    kind: sum\n  \"a\\\"b\":\n    kind: sum\n  'it''s':\n    kind: sum\n";
    let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let at = locate(yaml, &path(&["tables", "a\"b"])).unwrap();
    assert!(yaml[at..].trim_start().starts_with("\"a\\\"b\":"));
    let at = locate(yaml, &path(&["tables", "it's"])).unwrap();
    assert!(yaml[at..].trim_start().starts_with("'it''s':"));
}
