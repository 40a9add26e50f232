//! Unit tests of `src/parse/pasted.rs`.

use super::*;

fn codes(body: &str) -> Vec<(&'static str, usize)> {
    let file = SourceFile::new("s.md", body);
    let mut found = Vec::new();
    check(body, 1, &file, &mut found);
    found
        .iter()
        .map(|d| (d.code, d.location.as_ref().unwrap().line.unwrap()))
        .collect()
}

#[test]
fn tab_separated_lines_are_a_pasted_table() {
    assert_eq!(
        codes("Intro.\n\nTeam\tStaff\nNorth\t12\nSouth\t9\n"),
        [("pasted-table", 3)]
    );
    assert_eq!(codes("One\ttab on one line.\n"), []);
}

#[test]
fn pipe_rows_need_a_rule_and_the_header_width() {
    assert_eq!(codes("| a | b |\n| 1 | 2 |\n"), [("table-no-rule", 1)]);
    assert_eq!(
        codes("| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n"),
        [("table-shape", 4)]
    );
    assert_eq!(codes("| a | b |\n|:--|--:|\n| 1 \\| 2 | 3 |\n"), []);
}

#[test]
fn typed_bullets_and_html_tables() {
    assert_eq!(
        codes("• First\n• Second\n\nText.\n"),
        [("pasted-bullet", 1)]
    );
    assert_eq!(codes("•Not a bullet\n"), []);
    assert_eq!(
        codes("We will:\n\na) listen\nb) act\n"),
        [("pasted-bullet", 3)]
    );
    assert_eq!(codes("a) one lettered line is left alone\n"), []);
    assert_eq!(
        codes("## Contents\n\nIntroduction 3\n"),
        [("typed-contents", 1)]
    );
    assert_eq!(codes("## Contents of the plan\n"), []);
    assert_eq!(
        codes("<table><tr><td>1</td></tr></table>\n"),
        [("html-table", 1)]
    );
}

#[test]
fn typed_footnotes_but_not_powers() {
    assert_eq!(codes("Rates fell by a third.¹\n"), [("typed-footnote", 1)]);
    assert_eq!(
        codes("Rates fell by a third^2^ in 2023.\n"),
        [("typed-footnote", 1)]
    );
    assert_eq!(codes("The area is 40 km² of moor.\n"), []);
    assert_eq!(codes("A third.¹\n\n¹ PNC data.\n"), [("typed-footnote", 1)]);
    let file = SourceFile::new("s.md", "as reported¹²\n");
    let mut found = Vec::new();
    check(&file.text.clone(), 1, &file, &mut found);
    assert_eq!(found[0].message.split('"').nth(1), Some("¹²"));
    assert!(
        found[0].hints[0].contains("`[^12]`"),
        "{:?}",
        found[0].hints
    );
}

#[test]
fn code_and_comments_are_skipped() {
    assert_eq!(codes("```\na\tb\nc\td\n```\n<!-- • note\n¹ -->\n"), []);
}

#[test]
fn is_superscript_matches_the_superscript_digits_and_nothing_else() {
    for c in SUPERSCRIPTS.chars() {
        assert!(is_superscript(c), "{c}");
    }
    for c in ['1', '^', 'a', '\u{2071}', '\u{2072}', '\u{b4}', '’'] {
        assert!(!is_superscript(c), "{c}");
    }
}
