//! Curly quotes in template tags: takes a section body and gives an error for each `{{ … }}` or
//! `{% … %}` holding quotes that Word or a phone turned curly (`{{ table(“custody”) }}`), which
//! the template language cannot read, with the tag as it should be typed.

use crate::diag::{Diagnostic, SourceFile};

const CURLY: &[(char, char)] = &[
    ('\u{201C}', '"'),
    ('\u{201D}', '"'),
    ('\u{201E}', '"'),
    ('\u{2033}', '"'),
    ('\u{2018}', '\''),
    ('\u{2019}', '\''),
    ('\u{201A}', '\''),
    ('\u{2032}', '\''),
];

/// An error for every tag of `body` (which starts at byte `body_offset` of `file`) with a curly
/// quote in it, at the first such quote.
pub fn curly_quotes(file: &SourceFile, body: &str, body_offset: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (start, tag) in tags(body) {
        let Some(at) = tag.find(|c| CURLY.iter().any(|(q, _)| *q == c)) else {
            continue;
        };
        let straight = straighten(tag);
        let quote = tag[at..].chars().next().unwrap_or('"');
        let offset = body_offset + start + at;
        out.push(
            Diagnostic::error(
                "curly-quotes",
                format!("`{tag}` has a curly quote ({quote}), which yjplan cannot read inside `{{{{ }}}}` or `{{% %}}`"),
            )
            .at(file, offset..offset + quote.len_utf8())
            .note("word processors turn straight quotes into curly ones; text pasted from Word keeps them")
            .hint(format!("use straight quotes: `{straight}`")),
        );
    }
    out
}

/// `body` with the curly quotes inside its tags made straight, so that the rest of the section
/// is expanded (and checked) as the author meant it.
pub fn straighten(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut from = 0;
    for (start, tag) in tags(body) {
        out.push_str(&body[from..start]);
        out.extend(
            tag.chars()
                .map(|c| CURLY.iter().find(|(q, _)| *q == c).map_or(c, |(_, s)| *s)),
        );
        from = start + tag.len();
    }
    out.push_str(&body[from..]);
    out
}

/// Each `{{ … }}` and `{% … %}` of `body` with its byte offset (an unclosed one is left to the
/// template's own error).
fn tags(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find(['{']).map(|i| from + i) {
        let close = match body.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let Some(end) = body[open + 2..].find(close).map(|i| open + 2 + i + 2) else {
            break;
        };
        out.push((open, &body[open..end]));
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_in_a_tag_are_named_with_the_straight_text() {
        let body = "Custody:\n\n{{ table(\u{201C}custody\u{201D}) }}\n\n\u{201C}Quoted\u{201D} prose is fine.\n";
        let file = SourceFile::new("s.md", body);
        let found = curly_quotes(&file, body, 0);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "curly-quotes");
        assert_eq!(found[0].location.as_ref().unwrap().line, Some(3));
        assert_eq!(
            found[0].hints,
            ["use straight quotes: `{{ table(\"custody\") }}`"]
        );
        assert_eq!(
            straighten(body),
            "Custody:\n\n{{ table(\"custody\") }}\n\n\u{201C}Quoted\u{201D} prose is fine.\n"
        );
        assert!(curly_quotes(&file, "{{ x }} and {% if a %}\u{2019}{% endif %}", 0).is_empty());
    }
}
