//! Raw HTML in a section body: takes an HTML block or inline HTML and gives it as text shown as
//! typed, with a `raw-html` warning; comments are dropped.

use super::*;

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> BodyParser<'a, I> {
    pub(super) fn html_block(&mut self, html: &str, line: usize) -> Option<Block> {
        if is_comment(html) {
            return None;
        }
        self.raw_html_warning(html, line);
        Some(Block::Paragraph(vec![Inline::Text {
            v: html.trim_end().to_string(),
        }]))
    }

    pub(super) fn raw_html_warning(&mut self, html: &str, line: usize) {
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
}

/// True for an HTML comment, `<!-- … -->`, a note to the authors that is not shown.
pub(super) fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}
