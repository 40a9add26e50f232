//! The document model: takes nothing and gives the types every stage after parsing shares: a
//! parsed [`Section`], its blocks ([`Node`], [`Block`]) and inlines ([`Inline`]), the marks that
//! expand leaves for parse, and [`walk`], the one visitor over blocks and inlines.

use crate::diag::SourceFile;
pub use ids::HeadingIds;
use pulldown_cmark::Alignment;
use serde::Serialize;

/// Marks the start of a placeholder that `table("id")` or `chart("id")` leaves in the text.
pub const MARK_OPEN: char = '\u{E000}';
/// Marks the end of a placeholder.
pub const MARK_CLOSE: char = '\u{E001}';

/// Inline content: text and its emphasis, links and references.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        v: String,
    },
    /// Strong emphasis (bold).
    Strong {
        /// The emphasised content.
        c: Vec<Inline>,
    },
    /// Emphasis (italic).
    Emph {
        /// The emphasised content.
        c: Vec<Inline>,
    },
    /// Struck-through text.
    Strike {
        /// The struck-through content.
        c: Vec<Inline>,
    },
    /// Inline code.
    Code {
        /// The code, as written.
        v: String,
    },
    /// A link.
    Link {
        /// The target: a web address or `#id` in the plan.
        href: String,
        /// The link text.
        c: Vec<Inline>,
    },
    /// A hard line break.
    Break,
    /// A soft line break (a space when rendered).
    Soft,
    /// A footnote reference; `n` is given by the view stage.
    Fnref {
        /// The footnote's label as written (`[^label]`).
        id: String,
        /// The footnote's number (0 until the view numbers it).
        n: usize,
    },
    /// An acronym with its expansion (first use only; set by the view stage).
    Abbr {
        /// The acronym as written.
        v: String,
        /// Its expansion, from the glossary.
        title: String,
    },
}

/// A block of a section, with the 1-based line of the section file it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The 1-based line of the section file the block starts on.
    pub line: usize,
    /// The block.
    pub block: Block,
}

/// Block content of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading.
    Heading {
        /// The heading level (1 to 6).
        level: u8,
        /// The heading's content.
        inlines: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted or numbered list.
    List {
        /// True for a numbered list.
        ordered: bool,
        /// The first number of a numbered list.
        start: u64,
        /// The items, each a list of blocks.
        items: Vec<Vec<Node>>,
    },
    /// A block quotation.
    Quote(Vec<Node>),
    /// A code block, as written.
    Code(String),
    /// A thematic break.
    Rule,
    /// A table written in markdown (text tables; computed tables come from front matter).
    Table {
        /// Each column's alignment.
        align: Vec<Alignment>,
        /// The header cells.
        head: Vec<Vec<Inline>>,
        /// The body rows, each a list of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// `{{ table("id") }}`.
    TableRef(String),
    /// `{{ chart("id") }}`.
    ChartRef(String),
    /// An image on a line of its own.
    Image {
        /// The image's path as written.
        src: String,
        /// The alt text.
        alt: String,
        /// The title, shown as the caption when given.
        title: Option<String>,
    },
    /// A footnote's text, `[^label]: ...`.
    FootnoteDef {
        /// The footnote's label.
        label: String,
        /// The footnote's text.
        blocks: Vec<Node>,
    },
}

/// The plain text of inlines (for ids, contents entries and lints).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { v } | Inline::Code { v } | Inline::Abbr { v, .. } => out.push_str(v),
            Inline::Strong { c }
            | Inline::Emph { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. } => out.push_str(&plain_text(c)),
            Inline::Break | Inline::Soft => out.push(' '),
            Inline::Fnref { .. } => {}
        }
    }
    out
}

/// A parsed section file.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section file.
    pub file: SourceFile,
    /// Its blocks, in order.
    pub nodes: Vec<Node>,
    /// Ids of the tables its front matter defines.
    pub tables: Vec<String>,
    /// False when its front matter could not be read (its tables are then unknown).
    pub front_ok: bool,
}

/// Visits every node and inline (with the line of its block).
pub fn walk<'n>(
    nodes: &'n [Node],
    on_block: &mut dyn FnMut(&'n Node),
    on_inline: &mut dyn FnMut(&'n Inline, usize),
) {
    for node in nodes {
        on_block(node);
        match &node.block {
            Block::Heading { inlines, .. } | Block::Paragraph(inlines) => {
                walk_inlines(inlines, node.line, on_inline)
            }
            Block::List { items, .. } => items
                .iter()
                .for_each(|item| walk(item, on_block, on_inline)),
            Block::Quote(children)
            | Block::FootnoteDef {
                blocks: children, ..
            } => walk(children, on_block, on_inline),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    walk_inlines(cell, node.line, on_inline);
                }
            }
            _ => {}
        }
    }
}

fn walk_inlines<'n>(
    inlines: &'n [Inline],
    line: usize,
    on_inline: &mut dyn FnMut(&'n Inline, usize),
) {
    for inline in inlines {
        on_inline(inline, line);
        if let Inline::Strong { c }
        | Inline::Emph { c }
        | Inline::Strike { c }
        | Inline::Link { c, .. } = inline
        {
            walk_inlines(c, line, on_inline);
        }
    }
}

mod ids;
#[cfg(test)]
pub mod tests;
