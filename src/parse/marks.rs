//! Placement marks: takes the text a paragraph holds and gives the block a `table()` or
//! `chart()` mark stands for (expand leaves "\u{E000}table:id\u{E001}" where the author placed
//! one), or the text without marks once a misplaced one has been reported; and refuses marks
//! typed in the source, before expansion, so that no typed text can place a table.

use super::BodyParser;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::{plain_text, Block, Inline, MARK_CLOSE, MARK_OPEN};
use pulldown_cmark::Event;
use std::borrow::Cow;
use std::ops::Range;

/// Where a `table()` or `chart()` was written that cannot hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Inside a sentence.
    Sentence,
    /// In a tight list item (`- {{ table("fte") }}`).
    ListItem,
    /// In a heading.
    Heading,
    /// In an image's alt text.
    AltText,
    /// In a markdown table's cell.
    TableCell,
    /// In a code block.
    Code,
}

/// The error for a `table()` or `chart()` at `line` that is not a paragraph of its own.
pub(super) fn misplaced(place: Place, file: &SourceFile, line: usize) -> Diagnostic {
    let move_it = "move `{{ table(\"…\") }}` to its own line, with a blank line before and after";
    let (message, hint) = match place {
        Place::Sentence => (
            "`table()` and `chart()` must stand on a line of their own".to_string(),
            move_it.to_string(),
        ),
        Place::Code => (
            "a `table()` or `chart()` in a code block is not placed: it must stand on a line of its own, as a paragraph".to_string(),
            "to place the table, put `{{ table(\"…\") }}` outside the code block, with a blank line before and after; to show the words as code, wrap them in `{% raw %}…{% endraw %}`".to_string(),
        ),
        other => {
            let (what, hint) = match other {
                Place::ListItem => ("a list item", "move `{{ table(\"…\") }}` out of the list, to its own line with no `- ` or `1. ` before it and a blank line before and after"),
                Place::Heading => ("a heading", "put `{{ table(\"…\") }}` on its own line below the heading, with a blank line before and after"),
                Place::AltText => ("an image's alt text", "put `{{ table(\"…\") }}` on its own line, outside the `![…](…)`, with a blank line before and after"),
                _ => ("a table cell", move_it),
            };
            (
                format!("`table()` and `chart()` must stand on a line of their own, as a paragraph, not in {what}"),
                hint.to_string(),
            )
        }
    };
    Diagnostic::error("placeholder-in-text", message)
        .at_line(file, line)
        .hint(hint)
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> BodyParser<'a, I> {
    /// `inlines` without placement marks, which can only be placements as a paragraph of their
    /// own: a mark here is reported once, at its line, and taken out so that no later check
    /// reports it again.
    pub(super) fn checked(
        &mut self,
        inlines: Vec<Inline>,
        line: usize,
        place: Place,
    ) -> Vec<Inline> {
        let at = self.mark_line.take().unwrap_or(line);
        if !plain_text(&inlines).contains(MARK_OPEN) {
            return inlines;
        }
        self.diagnostics.push(misplaced(place, self.file, at));
        unmarked(inlines)
    }

    /// A code block's text (its first line at `first`) without placement marks.
    pub(super) fn checked_code(&mut self, text: String, first: usize) -> String {
        let Some(at) = text.find(MARK_OPEN) else {
            return text;
        };
        let line = first + text[..at].matches('\n').count();
        self.diagnostics
            .push(misplaced(Place::Code, self.file, line));
        strip(text)
    }
}

/// `inlines` without the placement marks of `table()` and `chart()`.
pub(super) fn unmarked(inlines: Vec<Inline>) -> Vec<Inline> {
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

/// `text` without placement marks.
pub(super) fn strip(text: String) -> String {
    if text.contains([MARK_OPEN, MARK_CLOSE]) {
        text.replace([MARK_OPEN, MARK_CLOSE], "")
    } else {
        text
    }
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

/// A section body as typed, with every placement mark typed in it (U+E000, U+E001, which no
/// one types on purpose) replaced by spaces of the same length, keeping every offset, and an
/// `unsupported-character` error at the line of each: expansion alone may write marks.
pub fn refuse_typed<'b>(
    body: &'b str,
    first_line: usize,
    file: &SourceFile,
) -> (Cow<'b, str>, Vec<Diagnostic>) {
    if !body.contains([MARK_OPEN, MARK_CLOSE]) {
        return (Cow::Borrowed(body), Vec::new());
    }
    let mut diagnostics = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let typed: Vec<String> = [MARK_OPEN, MARK_CLOSE]
            .iter()
            .filter(|&&c| line.contains(c))
            .map(|&c| format!("U+{:04X}", c as u32))
            .collect();
        if !typed.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "unsupported-character",
                    match typed.as_slice() {
                        [one] => format!("this line holds the private-use character {one}, which a PDF/A file may not hold"),
                        _ => format!("this line holds the private-use characters {}, which a PDF/A file may not hold", typed.join(" and ")),
                    },
                )
                .at_line(file, first_line + i)
                .hint("delete it: private-use characters have no agreed meaning (they come from symbol fonts and icons pasted from other documents)"),
            );
        }
    }
    let spaces = " ".repeat(MARK_OPEN.len_utf8());
    let body = body.replace([MARK_OPEN, MARK_CLOSE], &spaces);
    (Cow::Owned(body), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_marks_are_refused_at_their_line_and_offsets_kept() {
        let body = format!("Text\n\n{MARK_OPEN}table:fte{MARK_CLOSE}\n");
        let file = SourceFile::new("s.md", &body);
        let (clean, found) = refuse_typed(&body, 1, &file);
        assert_eq!(clean.len(), body.len());
        assert!(!clean.contains([MARK_OPEN, MARK_CLOSE]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "unsupported-character");
        assert_eq!(found[0].location.as_ref().unwrap().line, Some(3));
        assert!(found[0].message.contains("characters U+E000 and U+E001"));
    }

    #[test]
    fn a_body_without_marks_is_borrowed() {
        let file = SourceFile::new("s.md", "Text\n");
        assert!(matches!(
            refuse_typed("Text\n", 1, &file),
            (Cow::Borrowed(_), d) if d.is_empty()
        ));
    }
}
