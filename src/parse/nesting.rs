//! Nesting limit: takes a markdown body and gives the first top-level block nested deeper than
//! [`MAX_NESTING`] (lists, quotes, footnotes, emphasis and links inside each other), found with
//! one flat pass over the parser's events. Every later stage (the document model, the HTML
//! templates, the Typst template) walks blocks recursively, so a body with 10,000 `>` or 5,000
//! nested list items would overflow a stack; such a block is reported at its line and left out
//! ([`within_limit`] gives the body without them, and the errors).

use crate::diag::{Diagnostic, SourceFile};
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// How deeply lists, block quotes, footnotes, emphasis and links may nest inside each other.
/// Documented in docs/format.md ("Limits").
pub const MAX_NESTING: usize = 12;

/// A block nested too deeply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// The top-level block holding it (byte range of the body), to be left out.
    pub block: Range<usize>,
    /// Where the nesting first went past the limit (byte offset in the body).
    pub at: usize,
}

/// The first top-level block of `body` nested deeper than [`MAX_NESTING`].
pub fn too_deep(body: &str, options: Options) -> Option<TooDeep> {
    let mut depth = 0usize;
    let mut level = 0usize;
    let mut found: Option<usize> = None;
    let mut top_start = 0;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if level == 0 {
                    top_start = range.start;
                }
                level += 1;
                if counts(&tag) {
                    depth += 1;
                    if depth > MAX_NESTING && found.is_none() {
                        found = Some(range.start);
                    }
                }
            }
            Event::End(end) => {
                level = level.saturating_sub(1);
                if counts_end(end) {
                    depth = depth.saturating_sub(1);
                }
                if level == 0 {
                    if let Some(at) = found {
                        return Some(TooDeep {
                            block: top_start..range.end.max(at + 1),
                            at,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    found.map(|at| TooDeep {
        block: top_start..body.len(),
        at,
    })
}

/// `body` with the bytes of `range` replaced by spaces, keeping its line breaks so every later
/// line keeps its number.
pub fn blank_out(body: &str, range: Range<usize>) -> String {
    let start = floor_char(body, range.start);
    let end = floor_char(body, range.end.min(body.len()));
    let blank: String = body[start..end]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    format!("{}{blank}{}", &body[..start], &body[end..])
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn counts(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
    )
}

fn counts_end(end: pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd as E;
    matches!(
        end,
        E::BlockQuote(_)
            | E::List(_)
            | E::FootnoteDefinition
            | E::Emphasis
            | E::Strong
            | E::Strikethrough
            | E::Link
    )
}

/// The body with every block nested past the limit blanked out (lines kept), and an error at
/// the line of each: the model, the templates and the PDF all recurse into nested blocks.
pub(super) fn within_limit(
    body: &str,
    options: Options,
    first_line: usize,
    lines: &SourceFile,
    file: &SourceFile,
) -> (String, Vec<Diagnostic>) {
    let mut body = body.to_string();
    let mut diagnostics = Vec::new();
    while let Some(deep) = too_deep(&body, options) {
        let line = first_line + lines.line_col(deep.at).0 - 1;
        diagnostics.push(
            Diagnostic::error(
                "too-deep",
                format!("lists, quotes, emphasis or links are nested more than {MAX_NESTING} deep here; the block is left out"),
            )
            .at_line(file, line)
            .hint("nest less: split the block into separate lists or paragraphs, or use headings for structure"),
        );
        body = blank_out(&body, deep.block);
    }
    (body, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
    }

    #[test]
    fn ordinary_nesting_passes() {
        let body = "> a\n>\n> - b\n>   - c\n>     - *d **e [f](g)***\n\nText\n";
        assert_eq!(too_deep(body, opts()), None);
    }

    #[test]
    fn ten_thousand_quotes_are_found_in_one_pass() {
        let body = format!("Before\n\n{} deep\n\nAfter\n", ">".repeat(10_000));
        let found = too_deep(&body, opts()).unwrap();
        assert_eq!(&body[..found.block.start], "Before\n\n");
        assert_eq!(found.at, 8 + MAX_NESTING);
        let blanked = blank_out(&body, found.block);
        assert_eq!(too_deep(&blanked, opts()), None);
        assert_eq!(blanked.lines().count(), body.lines().count());
        assert!(blanked.ends_with("After\n"));
    }

    #[test]
    fn five_thousand_nested_list_items_are_found() {
        let body: String = (0..5_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect();
        let found = too_deep(&body, opts()).unwrap();
        assert_eq!(found.block.start, 0);
        let line = body[..found.at].matches('\n').count() + 1;
        assert_eq!(line, MAX_NESTING + 1);
    }

    #[test]
    fn deep_emphasis_is_found() {
        let body = format!("{}x{}\n", "*".repeat(3000), "*".repeat(3000));
        assert!(too_deep(&body, opts()).is_some());
    }
}
