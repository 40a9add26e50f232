//! Parse: takes a section body after template expansion (CommonMark with tables, footnotes and
//! strikethrough) and gives the document model: blocks and inlines, each block with the line of
//! the section file it came from. Raw HTML never passes through: comments are dropped, any other
//! HTML becomes literal text and a warning.

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{plain_text, Block, Inline, Node, MARK_OPEN};
use contained::nested_footnote;
use html::is_comment;
pub use marks::refuse_typed;
use marks::{placeholder, Place};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::iter::Peekable;
use std::ops::Range;

/// Parses an expanded body. `first_line` is the file line the body starts on; the expansion keeps
/// line breaks where they were, so line N of the body is line `first_line + N - 1` of the file.
pub fn parse(body: &str, first_line: usize, file: &SourceFile) -> (Vec<Node>, Vec<Diagnostic>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let lines = SourceFile::new("", body);
    let (body, mut diagnostics) = nesting::within_limit(body, options, first_line, &lines, file);
    let mut parser = BodyParser {
        events: Parser::new_ext(&body, options)
            .into_offset_iter()
            .peekable(),
        lines,
        first_line,
        file,
        diagnostics: Vec::new(),
        nested: 0,
        mark_line: None,
    };
    let nodes = parser.blocks(None);
    diagnostics.append(&mut parser.diagnostics);
    (nodes, diagnostics)
}

struct BodyParser<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    events: Peekable<I>,
    lines: SourceFile,
    first_line: usize,
    file: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
    /// How many list items, quotes and footnotes the parser is inside.
    nested: usize,
    /// The line of the first placement mark read since the last block took it.
    mark_line: Option<usize>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> BodyParser<'a, I> {
    fn file_line(&self, offset: usize) -> usize {
        self.first_line + self.lines.line_col(offset).0 - 1
    }

    /// Reads blocks until the end tag `until` (or the end of input).
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Node> {
        let mut nodes = Vec::new();
        while let Some((event, range)) = self.events.next() {
            let line = self.file_line(range.start);
            let block = match event {
                Event::End(end) if Some(end) == until => break,
                // Loose inline content directly in a container (tight list items), which may
                // open with emphasis or a link ("- **Lead.** text"): one paragraph, not two.
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_)
                | Event::InlineHtml(_)
                | Event::Start(
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. },
                ) => {
                    let mut inlines = Vec::new();
                    self.inline_event(event, line, &mut inlines);
                    while self.next_is_inline() {
                        let (event, range) = self.events.next().expect("peeked");
                        let line = self.file_line(range.start);
                        self.inline_event(event, line, &mut inlines);
                    }
                    let inlines = self.checked(merge_text(inlines), line, Place::ListItem);
                    Some(Block::Paragraph(inlines))
                }
                Event::Start(tag) => self.block(tag, line),
                Event::Rule => Some(Block::Rule),
                Event::Html(html) => self.html_block(&html, line),
                _ => None,
            };
            if let Some(block) = block {
                nodes.push(Node { line, block });
            }
        }
        nodes
    }

    fn next_is_inline(&mut self) -> bool {
        matches!(
            self.events.peek(),
            Some((
                Event::Text(_)
                    | Event::Code(_)
                    | Event::SoftBreak
                    | Event::HardBreak
                    | Event::FootnoteReference(_)
                    | Event::InlineHtml(_)
                    | Event::Start(
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
                    ),
                _
            ))
        )
    }

    fn block(&mut self, tag: Tag<'a>, line: usize) -> Option<Block> {
        Some(match tag {
            Tag::Heading { level, .. } => {
                let inlines = self.inlines(TagEnd::Heading(level));
                let inlines = self.checked(inlines, line, Place::Heading);
                if self.nested > 0 {
                    return Some(self.nested_heading(inlines, line));
                }
                Block::Heading {
                    level: heading_level(level),
                    inlines,
                }
            }
            Tag::Paragraph => return self.paragraph(line),
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some((Event::Start(Tag::Item), _)) = self.events.peek() {
                    self.events.next();
                    items.push(self.nested_blocks(TagEnd::Item));
                }
                self.events.next(); // End(List)
                Block::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items,
                }
            }
            Tag::BlockQuote(kind) => Block::Quote(self.nested_blocks(TagEnd::BlockQuote(kind))),
            Tag::CodeBlock(kind) => {
                let text = self.raw_text(TagEnd::CodeBlock);
                let first = line + usize::from(matches!(kind, CodeBlockKind::Fenced(_)));
                Block::Code(self.checked_code(text, first))
            }
            Tag::HtmlBlock => {
                let html = self.raw_text(TagEnd::HtmlBlock);
                return self.html_block(&html, line);
            }
            Tag::Table(align) => {
                let table = self.table(align);
                table_size::checked(table, line, self.file, &mut self.diagnostics)
            }
            Tag::FootnoteDefinition(label) => {
                if self.nested > 0 {
                    self.diagnostics
                        .push(nested_footnote(&label, self.file, line));
                }
                Block::FootnoteDef {
                    label: label.to_string(),
                    blocks: self.nested_blocks(TagEnd::FootnoteDefinition),
                }
            }
            other => {
                // Containers we do not model (definition lists, metadata): keep their text.
                let end = other.to_end();
                let text = vec![Inline::Text {
                    v: self.raw_text(end),
                }];
                Block::Paragraph(self.checked(text, line, Place::Sentence))
            }
        })
    }

    /// A paragraph; a placeholder or a lone image becomes its own block.
    fn paragraph(&mut self, line: usize) -> Option<Block> {
        if let Some((Event::Start(Tag::Image { .. }), _)) = self.events.peek() {
            let (event, _) = self.events.next().expect("peeked");
            let Event::Start(Tag::Image {
                dest_url, title, ..
            }) = event
            else {
                unreachable!()
            };
            let alt = self.inlines(TagEnd::Image);
            let alt = plain_text(&self.checked(alt, line, Place::AltText));
            let image = Block::Image {
                src: dest_url.to_string(),
                alt: alt.trim().to_string(),
                title: (!title.is_empty()).then(|| title.to_string()),
            };
            let rest = self.inlines(TagEnd::Paragraph);
            let rest = self.checked(rest, line, Place::Sentence);
            if plain_text(&rest).trim().is_empty() {
                return Some(image);
            }
            self.diagnostics.push(
                Diagnostic::warning(
                    "inline-image",
                    "an image inside a line of text is shown as its alt text",
                )
                .at_line(self.file, line)
                .hint("put the image on a line of its own"),
            );
            return Some(Block::Paragraph(rest));
        }
        let inlines = self.inlines(TagEnd::Paragraph);
        if let [Inline::Text { v }] = inlines.as_slice() {
            if let Some(block) = placeholder(v.trim()) {
                self.mark_line = None;
                return Some(block);
            }
        }
        Some(Block::Paragraph(self.checked(
            inlines,
            line,
            Place::Sentence,
        )))
    }

    fn table(&mut self, align: Vec<Alignment>) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => head = self.row_cells(TagEnd::TableHead),
                Event::Start(Tag::TableRow) => rows.push(self.row_cells(TagEnd::TableRow)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table { align, head, rows }
    }

    fn row_cells(&mut self, end: TagEnd) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, range)) = self.events.next() {
            let line = self.file_line(range.start);
            match event {
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(TagEnd::TableCell);
                    cells.push(self.checked(cell, line, Place::TableCell));
                }
                e if e == Event::End(end) => break,
                _ => {}
            }
        }
        cells
    }

    /// The concatenated text up to an end tag (code blocks, HTML blocks).
    fn raw_text(&mut self, end: TagEnd) -> String {
        let mut text = String::new();
        let mut depth = 0;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(e) if depth == 0 && e == end => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => {
                    text.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                _ => {}
            }
        }
        text
    }

    /// The blocks of a list item, quote or footnote, up to `until`.
    fn nested_blocks(&mut self, until: TagEnd) -> Vec<Node> {
        self.nested += 1;
        let nodes = self.blocks(Some(until));
        self.nested -= 1;
        nodes
    }

    /// Reads inlines until the end tag.
    fn inlines(&mut self, until: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.next() {
            if event == Event::End(until) {
                break;
            }
            let line = self.file_line(range.start);
            self.inline_event(event, line, &mut out);
        }
        merge_text(out)
    }

    fn inline_event(&mut self, event: Event<'a>, line: usize, out: &mut Vec<Inline>) {
        if let Event::Text(t) | Event::Code(t) = &event {
            if self.mark_line.is_none() && t.contains(MARK_OPEN) {
                self.mark_line = Some(line);
            }
        }
        match event {
            Event::Text(t) => out.push(Inline::Text { v: t.to_string() }),
            Event::Code(t) => out.push(Inline::Code { v: t.to_string() }),
            Event::SoftBreak => out.push(Inline::Soft),
            Event::HardBreak => out.push(Inline::Break),
            Event::FootnoteReference(label) => out.push(Inline::Fnref {
                id: label.to_string(),
                n: 0,
            }),
            Event::InlineHtml(html) if !is_comment(&html) => {
                self.raw_html_warning(&html, line);
                out.push(Inline::Text {
                    v: html.to_string(),
                });
            }
            Event::Start(Tag::Emphasis) => out.push(Inline::Emph {
                c: self.inlines(TagEnd::Emphasis),
            }),
            Event::Start(Tag::Strong) => out.push(Inline::Strong {
                c: self.inlines(TagEnd::Strong),
            }),
            Event::Start(Tag::Strikethrough) => out.push(Inline::Strike {
                c: self.inlines(TagEnd::Strikethrough),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => out.push(Inline::Link {
                href: dest_url.to_string(),
                c: self.inlines(TagEnd::Link),
            }),
            Event::Start(Tag::Image { .. }) => {
                let alt = self.inlines(TagEnd::Image);
                self.diagnostics.push(
                    Diagnostic::warning(
                        "inline-image",
                        "an image inside a line of text is shown as its alt text",
                    )
                    .at_line(self.file, line)
                    .hint("put the image on a line of its own"),
                );
                out.extend(alt);
            }
            Event::Start(tag) => {
                let end = tag.to_end();
                out.extend(self.inlines(end));
            }
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Joins neighbouring text runs (the parser splits text at entities and smart quotes).
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let (Some(Inline::Text { v: last }), Inline::Text { v }) = (out.last_mut(), &inline) {
            last.push_str(v);
            continue;
        }
        out.push(inline);
    }
    out
}

mod contained;
mod html;
mod marks;
pub mod nesting;
pub mod pasted;
mod table_size;

#[cfg(test)]
mod tests;
