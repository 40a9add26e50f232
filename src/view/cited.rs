//! Which footnotes the text cites: takes the view's blocks and marks each footnote `cited` when
//! a reference to it stands in the plan's text (paragraphs, headings, lists and quotes, at any
//! depth of emphasis or links), not only in another footnote or a table cell, where a renderer
//! does not make it a footnote. A renderer lists the others at the section's end, so that no
//! footnote is lost. (The PDF template used to find these itself, walking the whole view model
//! in Typst: a tenth of a long plan's typesetting time.)

use super::ViewBlock;
use crate::model::Inline;
use std::collections::HashSet;

/// Sets `cited` on every footnote of `blocks`.
pub(super) fn mark(blocks: &mut [ViewBlock]) {
    let mut cited = HashSet::new();
    for block in blocks.iter() {
        block_refs(block, &mut cited);
    }
    for block in blocks.iter_mut() {
        if let ViewBlock::Footnotes { items } = block {
            for item in items.iter_mut() {
                item.cited = cited.contains(&item.id);
            }
        }
    }
}

fn block_refs(block: &ViewBlock, cited: &mut HashSet<String>) {
    match block {
        ViewBlock::Heading { inlines, .. } | ViewBlock::Paragraph { inlines } => {
            inline_refs(inlines, cited)
        }
        ViewBlock::List { items, .. } => items.iter().flatten().for_each(|b| block_refs(b, cited)),
        ViewBlock::Quote { blocks } => blocks.iter().for_each(|b| block_refs(b, cited)),
        // A footnote cited only from another footnote's text is not cited by the text.
        ViewBlock::Footnotes { .. } => {}
        ViewBlock::Code { .. }
        | ViewBlock::Rule
        | ViewBlock::Table(_)
        | ViewBlock::Figure(_)
        | ViewBlock::Signoff(_) => {}
    }
}

fn inline_refs(inlines: &[Inline], cited: &mut HashSet<String>) {
    for inline in inlines {
        match inline {
            Inline::Fnref { id, .. } => {
                cited.insert(id.clone());
            }
            Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => {
                inline_refs(c, cited)
            }
            Inline::Link { c, .. } => inline_refs(c, cited),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::FootnoteView;
    use super::*;

    fn fnref(id: &str) -> Inline {
        Inline::Fnref {
            id: id.into(),
            n: 1,
        }
    }

    fn paragraph(inlines: Vec<Inline>) -> ViewBlock {
        ViewBlock::Paragraph { inlines }
    }

    fn notes(ids: &[&str]) -> ViewBlock {
        ViewBlock::Footnotes {
            items: ids
                .iter()
                .map(|id| FootnoteView {
                    id: id.to_string(),
                    number: 1,
                    blocks: vec![paragraph(vec![fnref("fn-9")])],
                    cited: false,
                })
                .collect(),
        }
    }

    fn marks(blocks: &[ViewBlock]) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for block in blocks {
            if let ViewBlock::Footnotes { items } = block {
                out.extend(items.iter().map(|i| (i.id.clone(), i.cited)));
            }
        }
        out
    }

    #[test]
    fn references_in_text_lists_quotes_and_links_cite_and_others_do_not() {
        let linked = Inline::Link {
            href: "https://example.org".into(),
            c: vec![Inline::Emph {
                c: vec![fnref("fn-2")],
            }],
        };
        let mut blocks = vec![
            paragraph(vec![fnref("fn-1")]),
            ViewBlock::List {
                ordered: false,
                start: 1,
                items: vec![vec![ViewBlock::Quote {
                    blocks: vec![paragraph(vec![linked])],
                }]],
            },
            // fn-9 is cited only by the footnotes' own text.
            notes(&["fn-1", "fn-2", "fn-9"]),
        ];
        mark(&mut blocks);
        assert_eq!(
            marks(&blocks),
            [
                ("fn-1".to_string(), true),
                ("fn-2".to_string(), true),
                ("fn-9".to_string(), false)
            ]
        );
    }
}
