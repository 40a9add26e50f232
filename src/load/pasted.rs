//! Characters pasted from Word or a web page that look like a space but are not one: takes YAML
//! text and gives the first such character where YAML needs an ordinary space (indentation, after
//! `key:`, after a list's `-`, between flow items), as a located "odd-space" error. Inside text
//! values they are left alone: a non-breaking space there is the author's choice. Inside a
//! section's `{{ … }}` and `{% … %}` they can only be spaces, so they are made spaces. Also the
//! first control character in YAML text, which YAML refuses anywhere, at its own line and column
//! (the YAML reader reports it at line 1 with a byte count).

use crate::diag::{Diagnostic, SourceFile};

/// The name of a character that looks like a space but is not one, in a message.
pub fn odd_space_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' => "a non-breaking space",
        '\u{202f}' => "a narrow non-breaking space",
        '\u{2007}' => "a figure space",
        '\u{2009}' => "a thin space",
        '\u{200a}' => "a hair space",
        '\u{2002}' => "an en space",
        '\u{2003}' => "an em space",
        '\u{200b}' => "a zero-width space",
        '\u{2060}' => "a word joiner",
        '\u{feff}' => "a zero-width no-break space",
        '\u{3000}' => "an ideographic space",
        _ => return None,
    })
}

/// The text with every unusual space inside `{{ … }}` and `{% … %}` made ordinary spaces, one per
/// byte, so every byte keeps its offset (and errors their place in the file).
pub fn plain_spaces_in_tags(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| odd_space_name(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut close: Option<&str> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match close {
            None if rest.starts_with("{{") || rest.starts_with("{%") => {
                close = Some(if rest.starts_with("{{") { "}}" } else { "%}" });
                out.push_str(&rest[..2]);
                rest = &rest[2..];
                continue;
            }
            Some(end) if rest.starts_with(end) => close = None,
            Some(_) if odd_space_name(c).is_some() => {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
                rest = &rest[c.len_utf8()..];
                continue;
            }
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// "odd-space" for the first unusual space where the YAML (starting at byte `offset` of `file`)
/// needs an ordinary one.
pub fn yaml_odd_space(file: &SourceFile, yaml: &str, offset: usize) -> Option<Diagnostic> {
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some((at, c, name)) = structural_odd_space(line) {
            let at = offset + start + at;
            return Some(
                Diagnostic::error(
                    "odd-space",
                    format!("{name} (U+{:04X}) where YAML needs an ordinary space", c as u32),
                )
                .at(file, at..at + c.len_utf8())
                .note("it was probably pasted from Word or a web page: it looks like a space, but YAML does not read it as one")
                .hint("delete it and type an ordinary space"),
            );
        }
        start += line.len();
    }
    None
}

/// Whether YAML's reader refuses a character (it is not "printable" in YAML 1.2's sense: a C0 or
/// C1 control other than tab, line break and NEL, DEL, a surrogate, U+FFFE or U+FFFF).
fn yaml_refuses(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// "yaml-syntax" at the first character YAML does not allow in the YAML starting at byte
/// `offset` of `file` (a control character pasted or typed in), at its own line and column.
pub fn yaml_control(file: &SourceFile, yaml: &str, offset: usize) -> Option<Diagnostic> {
    let (at, c) = yaml.char_indices().find(|&(_, c)| yaml_refuses(c))?;
    let at = offset + at;
    Some(
        Diagnostic::error(
            "yaml-syntax",
            format!("the YAML is not valid: it holds the control character U+{:04X}, which YAML does not allow", c as u32),
        )
        .at(file, at..at + c.len_utf8())
        .hint("delete it (it is invisible in most editors; it may have come with pasted text); to put a control character in a value, write it as an escape such as \"\\u0007\" inside double quotes"),
    )
}

/// The byte offset, character and name of an unusual space in a structural place of a line.
fn structural_odd_space(line: &str) -> Option<(usize, char, &'static str)> {
    let mut quote: Option<char> = None;
    let mut indenting = true;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(previous, ' ' | ':' | '[' | '{' | ',' | '-') => {
                quote = Some(c)
            }
            (None, '#') if previous == ' ' => return None,
            (None, c) => {
                if let Some(name) = odd_space_name(c) {
                    if indenting || matches!(previous, ':' | '-' | ',' | '[' | '{') {
                        return Some((at, c, name));
                    }
                }
            }
        }
        indenting = indenting && (c == ' ' || c == '-' || odd_space_name(c).is_some());
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unusual_spaces_where_yaml_needs_spaces() {
        assert_eq!(
            structural_odd_space("periods:\u{a0}[a]").map(|f| f.0),
            Some(8)
        );
        assert_eq!(
            structural_odd_space("\u{a0} kind: sum").map(|f| f.0),
            Some(0)
        );
        assert_eq!(
            structural_odd_space("  -\u{202f}x").map(|f| f.2),
            Some("a narrow non-breaking space")
        );
        assert_eq!(structural_odd_space("caption: Figure\u{a0}1"), None);
        assert_eq!(structural_odd_space("caption: \"a:\u{a0}b\""), None);
        assert_eq!(structural_odd_space("a: b # c:\u{a0}d"), None);
    }

    #[test]
    fn unusual_spaces_in_tags_become_spaces_of_the_same_length() {
        let text = "Rate\u{a0}{{\u{a0}fte[\"a\"]\u{202f}}} and {%\u{a0}if x %}y{% endif %}";
        let plain = plain_spaces_in_tags(text);
        assert_eq!(plain.len(), text.len());
        assert_eq!(
            plain,
            "Rate\u{a0}{{  fte[\"a\"]   }} and {%  if x %}y{% endif %}"
        );
    }

    #[test]
    fn control_characters_are_reported_at_their_line_and_column() {
        let text = "service: S\nperiod: 2023/24\nlead: Sam \u{1} Example\n";
        let file = SourceFile::new("plan.yaml", text);
        let d = yaml_control(&file, text, 0).unwrap();
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(3), Some(11)));
        assert!(d.message.contains("U+0001"), "{}", d.message);
        for fine in ["a:\tb\r\n", "a: \u{85}\u{a0}ŵ 漢 😀 \u{feff}\n"] {
            assert!(yaml_control(&file, fine, 0).is_none(), "{fine:?}");
        }
        for bad in ['\u{7f}', '\u{9b}', '\u{1b}', '\u{ffff}'] {
            assert!(yaml_refuses(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_error_is_at_the_character() {
        let file = SourceFile::new("s.md", "---\ntables:\n  t:\n    kind:\u{a0}sum\n---\n");
        let d = yaml_odd_space(&file, &file.text[4..], 4).unwrap();
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (Some(4), Some(10)));
        assert_eq!(
            d.message,
            "a non-breaking space (U+00A0) where YAML needs an ordinary space"
        );
    }
}
