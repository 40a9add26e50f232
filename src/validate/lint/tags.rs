//! HTML tags typed in the text: takes a paragraph's plain text and gives it with each tag
//! (`<table>`, `</td>`) blanked, so the lint does not read a tag's name as an acronym. The tag
//! itself is reported once, as HTML (`html-table`, `raw-html`).

use std::borrow::Cow;

/// `text` with every tag made one space; the text itself when it has none.
pub(super) fn without_tags(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic());
        match after.find('>').filter(|_| named) {
            Some(close) => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_blanked_and_comparisons_kept() {
        assert_eq!(
            without_tags("<TABLE><tr><td>YOT</td></tr></TABLE>"),
            "   YOT   "
        );
        assert_eq!(
            without_tags("fewer than 5 < 10 > 2"),
            "fewer than 5 < 10 > 2"
        );
        assert_eq!(without_tags("a <b and"), "a <b and");
        assert!(matches!(without_tags("no tags"), Cow::Borrowed(_)));
    }
}
