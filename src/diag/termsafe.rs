//! Terminal safety: takes text from a plan (a source line, a file name, a heading quoted in a
//! message) and gives it with every control character and bidirectional override written as a
//! visible escape such as `\u{1b}`, so printing a diagnostic cannot move the cursor, recolour or
//! retitle the terminal, or reorder what the reader sees.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as itself.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with unsafe characters escaped; borrowed when there are none.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` as [`escape`] gives it, but with its line breaks and tabs kept: for messages of many
/// lines (an error with its causes, an outline) that are printed whole.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let parts: Vec<Cow<str>> = line.split('\t').map(escape).collect();
        out.push_str(&parts.join("\t"));
    }
    Cow::Owned(out)
}

/// How many characters the first `chars` characters of `text` take once escaped, so an
/// underline still starts under the right character.
pub fn escaped_width(text: &str, chars: usize) -> usize {
    let prefix: String = text.chars().take(chars).collect();
    escape(&prefix).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_become_visible() {
        assert_eq!(escape("plain — ŵ ŷ 中"), "plain — ŵ ŷ 中");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[31mred\u{7}"), "a\\u{1b}[31mred\\u{7}");
        assert_eq!(escape("x\u{9b}y\u{202e}z\r"), "x\\u{9b}y\\u{202e}z\\u{d}");
        assert_eq!(escaped_width("\u{1b}ab", 2), 7);
    }

    #[test]
    fn escape_lines_keeps_line_breaks_and_tabs() {
        assert!(matches!(escape_lines("a\n\tb"), Cow::Borrowed(_)));
        assert_eq!(
            escape_lines("Youth \u{1b}]0;PWN\u{7} Plan\n\tnext\r\n"),
            "Youth \\u{1b}]0;PWN\\u{7} Plan\n\tnext\\u{d}\n"
        );
    }
}
