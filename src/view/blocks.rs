//! Blocks and inlines of the view: takes the parsed model and gives view blocks, with footnote
//! numbers and the glossary's `<abbr>` on the first use of each acronym.

use super::*;
use std::collections::HashSet;

impl<'a> Builder<'a> {
    pub(super) fn block(&mut self, node: &Node) -> Option<ViewBlock> {
        Some(match &node.block {
            Block::Heading { level, inlines } => {
                let text = plain_text(inlines).trim().to_string();
                let id = self.ids.next(&text);
                let number = self.numbers.as_mut().and_then(|c| c.next(*level));
                if *level <= 3 {
                    self.toc.push(TocEntry {
                        level: *level,
                        id: id.clone(),
                        text: match &number {
                            Some(n) => format!("{n} {text}"),
                            None => text.clone(),
                        },
                    });
                }
                ViewBlock::Heading {
                    level: *level,
                    id,
                    text,
                    inlines: self.heading_inlines(inlines),
                    number,
                }
            }
            Block::Paragraph(inlines) => ViewBlock::Paragraph {
                inlines: self.inlines(inlines),
            },
            Block::List {
                ordered,
                start,
                items,
            } => ViewBlock::List {
                ordered: *ordered,
                start: *start,
                items: items.iter().map(|item| self.blocks(item)).collect(),
            },
            Block::Quote(children) => ViewBlock::Quote {
                blocks: self.blocks(children),
            },
            Block::Code(text) => ViewBlock::Code { text: text.clone() },
            Block::Rule => ViewBlock::Rule,
            Block::Table { head, rows, .. } => ViewBlock::Table(self.markdown_table(head, rows)),
            Block::TableRef(id) => {
                ViewBlock::Table(self.table(self.tables.get(id.as_str()).copied()?))
            }
            Block::ChartRef(id) => {
                ViewBlock::Figure(self.chart(self.tables.get(id.as_str()).copied()?)?)
            }
            Block::Image { src, alt, title } => {
                ViewBlock::Figure(self.image(src, alt, title.as_deref()))
            }
            Block::FootnoteDef { .. } => return None,
        })
    }

    /// Numbers footnote references in order and marks the first use of each acronym.
    pub(super) fn inlines(&mut self, inlines: &[Inline]) -> Vec<Inline> {
        self.walk_inlines(inlines, true)
    }

    /// A heading's inlines: footnote references numbered, acronyms as written (the first use
    /// the glossary explains is in the text).
    fn heading_inlines(&mut self, inlines: &[Inline]) -> Vec<Inline> {
        self.walk_inlines(inlines, false)
    }

    fn walk_inlines(&mut self, inlines: &[Inline], abbreviate: bool) -> Vec<Inline> {
        let mut out = Vec::with_capacity(inlines.len());
        for inline in inlines {
            match inline {
                Inline::Text { v } if abbreviate => out.extend(self.abbreviate(v)),
                Inline::Fnref { id, .. } => out.push(self.footnote_ref(id)),
                Inline::Strong { c } => out.push(Inline::Strong {
                    c: self.walk_inlines(c, abbreviate),
                }),
                Inline::Emph { c } => out.push(Inline::Emph {
                    c: self.walk_inlines(c, abbreviate),
                }),
                Inline::Strike { c } => out.push(Inline::Strike {
                    c: self.walk_inlines(c, abbreviate),
                }),
                // A link's text is kept as written.
                other => out.push(other.clone()),
            }
        }
        out
    }

    /// The reference to footnote `label` of the current section file, numbered on its first
    /// use (labels belong to their file: two files may each have a `[^1]`).
    fn footnote_ref(&mut self, label: &str) -> Inline {
        let (id, n) = self.notes.cite(label);
        Inline::Fnref { id, n }
    }

    /// Splits text so the first use of each glossary acronym becomes an abbreviation.
    pub(super) fn abbreviate(&mut self, text: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut rest = text;
        'outer: loop {
            for (acronym, expansion) in self.inputs.plan.glossary.iter() {
                if self.glossary_seen.contains(acronym) {
                    continue;
                }
                if let Some(at) = find_word(rest, acronym) {
                    self.glossary_seen.insert(acronym.clone());
                    if at > 0 {
                        out.push(Inline::Text {
                            v: rest[..at].to_string(),
                        });
                    }
                    out.push(Inline::Abbr {
                        v: acronym.clone(),
                        title: expansion.clone(),
                    });
                    rest = &rest[at + acronym.len()..];
                    continue 'outer;
                }
            }
            break;
        }
        if !rest.is_empty() {
            out.push(Inline::Text {
                v: rest.to_string(),
            });
        }
        out
    }

    pub(super) fn footnotes(&mut self, defs: &[&Node]) -> Vec<FootnoteView> {
        let mut items: Vec<FootnoteView> = defs
            .iter()
            .filter_map(|node| match &node.block {
                Block::FootnoteDef { label, blocks } => {
                    let (id, number) = self.notes.get(label)?;
                    Some(FootnoteView {
                        id,
                        number,
                        blocks: self.blocks(blocks),
                        cited: false, // set by cited::mark once the whole text is built
                    })
                }
                _ => None,
            })
            .collect();
        items.sort_by_key(|f| f.number);
        items
    }
}

/// The byte offset of `word` in `text` where it stands as a whole word.
pub(super) fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// A block's place in its section file, with the line quoted.
pub(super) fn source_line(file: &crate::diag::SourceFile, line: usize) -> crate::diag::Location {
    let line = line.clamp(1, file.line_count().max(1));
    let text = file.line_text(line).to_string();
    let width = text.chars().count().max(1);
    crate::diag::Location {
        file: file.path.clone(),
        line: Some(line),
        column: Some(1),
        excerpt: Some((text, width)),
    }
}

/// The footnotes cited so far: numbered in the order of first citation across the plan, each
/// label belonging to its section file, with ids unique in the page (`fn-1`, then `fn-1-2` for
/// another file's `[^1]`).
#[derive(Default)]
pub(super) struct Footnotes {
    /// The section file being built.
    pub section: usize,
    /// By section file and label: the id and the number.
    cited: HashMap<(usize, String), (String, usize)>,
    ids: HashSet<String>,
}

impl Footnotes {
    /// The id and number of the current file's footnote `label`, given on its first citation.
    fn cite(&mut self, label: &str) -> (String, usize) {
        let key = (self.section, label.to_string());
        if let Some(known) = self.cited.get(&key) {
            return known.clone();
        }
        let base = format!("fn-{}", slug(label));
        let mut id = base.clone();
        for n in 2.. {
            if self.ids.insert(id.clone()) {
                break;
            }
            id = format!("{base}-{n}");
        }
        let known = (id, self.cited.len() + 1);
        self.cited.insert(key, known.clone());
        known
    }

    /// The id and number of the current file's footnote `label`, if it is cited.
    fn get(&self, label: &str) -> Option<(String, usize)> {
        self.cited.get(&(self.section, label.to_string())).cloned()
    }
}

pub(super) fn footnote_defs(nodes: &[Node]) -> Vec<&Node> {
    nodes
        .iter()
        .filter(|n| matches!(n.block, Block::FootnoteDef { .. }))
        .collect()
}
