//! Placement marks: takes the text a paragraph holds and gives the block a `table()` or
//! `chart()` mark stands for (expand leaves "\u{E000}table:id\u{E001}" where the author placed
//! one), or the text without marks once a misplaced one has been reported.

use crate::model::{Block, Inline, MARK_CLOSE, MARK_OPEN};

/// `inlines` without the placement marks of `table()` and `chart()`.
pub(super) fn unmarked(inlines: Vec<Inline>) -> Vec<Inline> {
    let strip = |v: String| v.replace([MARK_OPEN, MARK_CLOSE], "");
    inlines
        .into_iter()
        .map(|inline| match inline {
            Inline::Text { v } => Inline::Text { v: strip(v) },
            Inline::Code { v } => Inline::Code { v: strip(v) },
            Inline::Strong { c } => Inline::Strong { c: unmarked(c) },
            Inline::Emph { c } => Inline::Emph { c: unmarked(c) },
            Inline::Strike { c } => Inline::Strike { c: unmarked(c) },
            Inline::Link { href, c } => Inline::Link {
                href,
                c: unmarked(c),
            },
            other => other,
        })
        .collect()
}

/// The block a placeholder stands for: "\u{E000}table:fte\u{E001}".
pub(super) fn placeholder(text: &str) -> Option<Block> {
    let inner = text.strip_prefix(MARK_OPEN)?.strip_suffix(MARK_CLOSE)?;
    let (kind, id) = inner.split_once(':')?;
    match kind {
        "table" => Some(Block::TableRef(id.to_string())),
        "chart" => Some(Block::ChartRef(id.to_string())),
        _ => None,
    }
}
