//! Blocks that cannot stand inside a list item, quote or footnote: takes a heading or a
//! footnote's text found there and gives what is shown instead, with the diagnostic.

use super::*;

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> BodyParser<'a, I> {
    /// A heading inside a list item, quote or footnote: not a section of the plan (its level
    /// would break the outline the PDF and the page are read by), so it is shown as bold text.
    pub(super) fn nested_heading(&mut self, inlines: Vec<Inline>, line: usize) -> Block {
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
}

/// A footnote's text inside a list item, quote or footnote: the page and the PDF show only
/// footnotes defined at the top of a section, and would number its citation differently.
pub(super) fn nested_footnote(label: &str, file: &SourceFile, line: usize) -> Diagnostic {
    Diagnostic::error(
        "nested-footnote",
        format!("the footnote text `[^{label}]:` is inside a list, quote or footnote, where it is not shown"),
    )
    .at_line(file, line)
    .hint(format!("put `[^{label}]: …` on a line of its own outside the list or quote, with no `- `, `1. ` or `> ` before it (at the end of the section, say)"))
}
