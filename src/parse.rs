//! Parse: takes a section body after template expansion (CommonMark with tables, footnotes and
//! strikethrough) and gives the document model: blocks and inlines, each block with the line of
//! the section file it came from. Raw HTML never passes through: comments are dropped, any other
//! HTML becomes literal text and a warning.

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{plain_text, Block, Inline, Node, MARK_OPEN};
use marks::{placeholder, unmarked};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
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
                    Some(Block::Paragraph(merge_text(inlines)))
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
            Tag::Heading { level, .. } if self.nested > 0 => {
                let inlines = self.inlines(TagEnd::Heading(level));
                return Some(self.nested_heading(inlines, line));
            }
            Tag::Heading { level, .. } => Block::Heading {
                level: heading_level(level),
                inlines: self.inlines(TagEnd::Heading(level)),
            },
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
            Tag::CodeBlock(_) => Block::Code(self.raw_text(TagEnd::CodeBlock)),
            Tag::HtmlBlock => {
                let html = self.raw_text(TagEnd::HtmlBlock);
                return self.html_block(&html, line);
            }
            Tag::Table(align) => {
                let table = self.table(align);
                table_size::checked(table, line, self.file, &mut self.diagnostics)
            }
            Tag::FootnoteDefinition(label) => Block::FootnoteDef {
                label: label.to_string(),
                blocks: self.nested_blocks(TagEnd::FootnoteDefinition),
            },
            other => {
                // Containers we do not model (definition lists, metadata): keep their text.
                let end = other.to_end();
                let text = self.raw_text(end);
                Block::Paragraph(vec![Inline::Text { v: text }])
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
            let alt = plain_text(&self.inlines(TagEnd::Image));
            let image = Block::Image {
                src: dest_url.to_string(),
                alt: alt.trim().to_string(),
                title: (!title.is_empty()).then(|| title.to_string()),
            };
            let rest = self.inlines(TagEnd::Paragraph);
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
                return Some(block);
            }
        }
        if !plain_text(&inlines).contains(MARK_OPEN) {
            return Some(Block::Paragraph(inlines));
        }
        self.diagnostics.push(
            Diagnostic::error(
                "placeholder-in-text",
                "`table()` and `chart()` must stand on a line of their own",
            )
            .at_line(self.file, line)
            .hint("move `{{ table(\"…\") }}` to its own line, with a blank line before and after"),
        );
        // Reported here once: the marks are taken out, so that no later check reports them again.
        Some(Block::Paragraph(unmarked(inlines)))
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
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines(TagEnd::TableCell)),
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

    /// A heading inside a list item, quote or footnote: not a section of the plan (its level
    /// would break the outline the PDF and the page are read by), so it is shown as bold text.
    fn nested_heading(&mut self, inlines: Vec<Inline>, line: usize) -> Block {
        self.diagnostics.push(
            Diagnostic::warning(
                "nested-heading",
                "a heading inside a list, quote or footnote is shown as bold text",
            )
            .at_line(self.file, line)
            .hint("to start a section, put the heading on a line of its own, with no `- `, `1. ` or `> ` before it; otherwise write it as **bold** text"),
        );
        Block::Paragraph(vec![Inline::Strong { c: inlines }])
    }

    fn html_block(&mut self, html: &str, line: usize) -> Option<Block> {
        if is_comment(html) {
            return None;
        }
        self.raw_html_warning(html, line);
        Some(Block::Paragraph(vec![Inline::Text {
            v: html.trim_end().to_string(),
        }]))
    }

    fn raw_html_warning(&mut self, html: &str, line: usize) {
        let shown: String = html.trim().chars().take(40).collect();
        self.diagnostics.push(
            Diagnostic::warning(
                "raw-html",
                format!("HTML is not allowed in a plan: `{shown}` is shown as typed"),
            )
            .at_line(self.file, line)
            .hint("use markdown instead: **bold**, *italic*, [link text](https://…), a blank line for a new paragraph, a list with `- `"),
        );
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

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
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

mod marks;
pub mod nesting;
pub mod pasted;
mod table_size;

#[cfg(test)]
mod tests;
