//! Unit tests of `src/view/mod.rs`.

use super::*;

#[test]
fn whole_words_only() {
    assert_eq!(find_word("the YJS and YJSS", "YJS"), Some(4));
    assert_eq!(find_word("YJSS", "YJS"), None);
    assert_eq!(find_word("(YJB)", "YJB"), Some(1));
}

#[test]
fn numeric_cells() {
    assert!(looks_numeric("1,179,999"));
    assert!(looks_numeric("85%"));
    assert!(!looks_numeric("n/a"));
}

fn cell(text: &str) -> CellView {
    CellView {
        text: text.into(),
        numeric: false,
        header: true,
        items: Vec::new(),
        rowspan: 1,
        spanned: false,
    }
}

fn row(first: &str, total: bool) -> RowView {
    RowView {
        cells: vec![cell(first), cell("action")],
        total,
    }
}

#[test]
fn repeated_row_headers_span_their_rows() {
    let rows = span_repeated_row_headers(vec![
        row("People", false),
        row("Practice", false),
        row("Practice", false),
        row("Practice", false),
        row("", false),
        row("", false),
        row("Practice", false),
        row("Practice", true),
    ]);
    let spans: Vec<(u32, bool)> = rows
        .iter()
        .map(|r| (r.cells[0].rowspan, r.cells[0].spanned))
        .collect();
    assert_eq!(
        spans,
        vec![
            (1, false),
            (3, false),
            (1, true),
            (1, true),
            // empty headers and total rows never merge
            (1, false),
            (1, false),
            (1, false),
            (1, false),
        ]
    );
    // Only the first column spans; the spanned cells keep their text for the open data.
    assert_eq!(rows[2].cells[0].text, "Practice");
    assert!(rows
        .iter()
        .all(|r| r.cells[1].rowspan == 1 && !r.cells[1].spanned));
}
