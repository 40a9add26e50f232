//! Unit tests of `src/parse.rs`.

use super::*;
use crate::model::MARK_CLOSE;

fn parse_str(body: &str) -> (Vec<Node>, Vec<Diagnostic>) {
    let file = SourceFile::new("s.md", body);
    parse(body, 1, &file)
}

#[test]
fn headings_paragraphs_and_lines() {
    let (nodes, diags) = parse_str("# One\n\nSome *text*.\n\n## Two\n");
    assert!(diags.is_empty());
    assert_eq!(nodes.len(), 3);
    assert_eq!(nodes[2].line, 5);
    assert_eq!(
        nodes[1].block,
        Block::Paragraph(vec![
            Inline::Text { v: "Some ".into() },
            Inline::Emph {
                c: vec![Inline::Text { v: "text".into() }]
            },
            Inline::Text { v: ".".into() },
        ])
    );
}

#[test]
fn placeholders_become_blocks() {
    let body = format!("{MARK_OPEN}table:fte{MARK_CLOSE}\n\n{MARK_OPEN}chart:fte{MARK_CLOSE}\n");
    let (nodes, _) = parse_str(&body);
    assert_eq!(nodes[0].block, Block::TableRef("fte".into()));
    assert_eq!(nodes[1].block, Block::ChartRef("fte".into()));
}

#[test]
fn raw_html_is_text_and_warned_comments_dropped() {
    let (nodes, diags) = parse_str("<!-- a note -->\n\n<script>alert(1)</script>\n\nHi <b>x</b>\n");
    assert_eq!(diags.iter().filter(|d| d.code == "raw-html").count(), 3);
    assert_eq!(nodes.len(), 2);
    assert_eq!(
        nodes[0].block,
        Block::Paragraph(vec![Inline::Text {
            v: "<script>alert(1)</script>".into()
        }])
    );
    assert_eq!(
        plain_text(match &nodes[1].block {
            Block::Paragraph(i) => i,
            _ => panic!(),
        }),
        "Hi <b>x</b>"
    );
}

#[test]
fn lone_image_is_a_block() {
    let (nodes, _) = parse_str("![A chart of rates](assets/a.png \"T\")\n");
    assert_eq!(
        nodes[0].block,
        Block::Image {
            src: "assets/a.png".into(),
            alt: "A chart of rates".into(),
            title: Some("T".into())
        }
    );
}

#[test]
fn tight_list_items_hold_paragraphs() {
    let (nodes, _) = parse_str("- one\n- **Two.** More text\n- [A link](#x) after\n");
    let Block::List { items, ordered, .. } = &nodes[0].block else {
        panic!()
    };
    assert!(!ordered);
    assert_eq!(items.len(), 3);
    // An item that opens with bold text keeps it bold, in the same paragraph as the rest.
    assert_eq!(items[1].len(), 1);
    assert_eq!(
        items[1][0].block,
        Block::Paragraph(vec![
            Inline::Strong {
                c: vec![Inline::Text { v: "Two.".into() }]
            },
            Inline::Text {
                v: " More text".into()
            },
        ])
    );
    assert_eq!(items[2].len(), 1);
    let Block::Paragraph(link_item) = &items[2][0].block else {
        panic!()
    };
    assert!(matches!(&link_item[0], Inline::Link { href, .. } if href == "#x"));
}

#[test]
fn markdown_tables_and_footnotes() {
    let (nodes, _) = parse_str("| a | b |\n|---|--:|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: The note.\n");
    assert!(matches!(&nodes[0].block, Block::Table { rows, .. } if rows.len() == 1));
    assert!(matches!(&nodes[2].block, Block::FootnoteDef { label, .. } if label == "n"));
}

#[test]
fn a_misplaced_table_is_reported_once_and_its_marks_taken_out() {
    for body in [
        format!("See {MARK_OPEN}table:fte{MARK_CLOSE} here.\n"),
        format!("Use `{MARK_OPEN}table:fte{MARK_CLOSE}` to place it.\n"),
    ] {
        let (nodes, diags) = parse_str(&body);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["placeholder-in-text"], "{body}");
        let Block::Paragraph(inlines) = &nodes[0].block else {
            panic!("{:?}", nodes[0].block)
        };
        let text = format!("{inlines:?}");
        assert!(
            !text.contains(MARK_OPEN) && !text.contains(MARK_CLOSE),
            "{text}"
        );
    }
}

#[test]
fn a_heading_inside_a_list_or_quote_is_bold_text_with_a_warning() {
    let (nodes, diags) = parse_str("## Section\n\n- #### Deep\n  text\n\n> ### Quoted\n");
    let codes: Vec<(&str, usize)> = diags
        .iter()
        .map(|d| (d.code, d.location.as_ref().unwrap().line.unwrap()))
        .collect();
    assert_eq!(codes, [("nested-heading", 3), ("nested-heading", 6)]);
    assert!(matches!(nodes[0].block, Block::Heading { level: 2, .. }));
    let Block::List { items, .. } = &nodes[1].block else {
        panic!("{:?}", nodes[1].block)
    };
    assert!(matches!(
        &items[0][0].block,
        Block::Paragraph(inlines) if matches!(inlines.as_slice(), [Inline::Strong { .. }])
    ));
    let Block::Quote(quoted) = &nodes[2].block else {
        panic!("{:?}", nodes[2].block)
    };
    assert!(!quoted
        .iter()
        .any(|n| matches!(n.block, Block::Heading { .. })));
}

#[test]
fn a_table_placed_where_no_block_can_stand_is_reported_at_its_line_for_what_it_is_in() {
    let mark = format!("{MARK_OPEN}table:fte{MARK_CLOSE}");
    let body = format!(
        "- {mark}\n\n## Heading {mark}\n\n![Alt {mark}](a.png)\n\n```\ncode\n{mark}\n```\n\n| a |\n|---|\n| {mark} |\n\n- item\n  more {mark}\n"
    );
    let (nodes, diags) = parse_str(&body);
    let found: Vec<(usize, &str)> = diags
        .iter()
        .map(|d| {
            let line = d.location.as_ref().unwrap().line.unwrap();
            (line, d.message.rsplit(", ").next().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, "not in a list item"),
            (3, "not in a heading"),
            (5, "not in an image's alt text"),
            (9, "as a paragraph"),
            (14, "not in a table cell"),
            (17, "not in a list item"),
        ]
    );
    assert!(diags.iter().all(|d| d.code == "placeholder-in-text"));
    let shown = format!("{nodes:?}");
    assert!(
        !shown.contains(MARK_OPEN) && !shown.contains(MARK_CLOSE),
        "{shown}"
    );
}

#[test]
fn a_footnote_text_inside_a_quote_or_list_is_an_error_at_its_line() {
    let (_, diags) = parse_str(
        "Text[^a] and[^b].\n\n> [^a]: In a quote.\n\n- [^b]: In a list.\n\n[^c]: Fine.\n",
    );
    let found: Vec<(&str, usize)> = diags
        .iter()
        .map(|d| (d.code, d.location.as_ref().unwrap().line.unwrap()))
        .collect();
    assert_eq!(found, [("nested-footnote", 3), ("nested-footnote", 5)]);
    assert!(diags[0].message.contains("`[^a]:`"), "{}", diags[0].message);
}
