//! CSS in an SVG, as a CSS parser reads it: takes the text of a `<style>` element or of an
//! attribute (character references already decoded) and gives why it is refused, if it is: an
//! `@import`, a `url(…)` that is not a fragment or embedded PNG or JPEG data, an `image-set(…)`,
//! or script. CSS escapes (`u\72l(`, `@\69mport`) and comments are decoded first, so they cannot
//! hide any of these.

use super::svg::ALLOWED_DATA;
use std::iter::Peekable;
use std::str::Chars;

/// Why a style (attribute value or `<style>` text) is refused, if it is.
pub fn bad_css(css: &str) -> Option<String> {
    let css = normalize(css);
    if css.contains("@import") {
        return Some("a style that imports another file (@import)".into());
    }
    if css.contains("expression(") || css.contains("javascript:") {
        return Some("a style that runs script".into());
    }
    if css.contains("image-set(") {
        return Some("a style that loads another file or site (image-set(…))".into());
    }
    let mut rest = css.as_str();
    while let Some(i) = rest.find("url(") {
        let target = rest[i + 4..].trim_start_matches([' ', '"', '\'']);
        if !target.starts_with('#') && !ALLOWED_DATA.iter().any(|d| target.starts_with(d)) {
            return Some("a style that loads another file or site (url(…))".into());
        }
        rest = &rest[i + 4..];
    }
    None
}

/// Where the text of a style element opened by `<name>` ends in `lower` (the SVG in lower case),
/// from `start`: at its end tag, passing over CDATA sections (which may hold `</`).
pub fn style_end(lower: &str, start: usize, name: &str) -> usize {
    let close = format!("</{name}");
    let mut i = start;
    loop {
        let cdata = lower[i..].find("<![cdata[").map(|c| i + c);
        let end = lower[i..].find(&close).map_or(lower.len(), |c| i + c);
        match cdata {
            Some(c) if c < end => match lower[c..].find("]]>") {
                Some(e) => i = c + e + 3,
                None => return lower.len(),
            },
            _ => return end,
        }
    }
}

/// The CSS with comments removed, escapes decoded and ASCII letters lower-cased.
fn normalize(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => skip_comment(&mut chars),
            '\\' => out.extend(escape(&mut chars)),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Passes over a comment's text after its `/`, to its `*/` or the end.
fn skip_comment(chars: &mut Peekable<Chars>) {
    chars.next();
    let mut star = false;
    for c in chars.by_ref() {
        if star && c == '/' {
            return;
        }
        star = c == '*';
    }
}

/// The character an escape after its `\` stands for: 1 to 6 hex digits and one optional
/// white space (zero, a surrogate or too large is U+FFFD), an escaped newline is nothing, and
/// any other character is itself.
fn escape(chars: &mut Peekable<Chars>) -> Option<char> {
    let mut code = 0u32;
    let mut digits = 0;
    while let Some(d) = chars
        .peek()
        .and_then(|c| c.to_digit(16))
        .filter(|_| digits < 6)
    {
        code = code * 16 + d;
        digits += 1;
        chars.next();
    }
    if digits == 0 {
        return chars
            .next()
            .filter(|&c| c != '\n')
            .map(|c| c.to_ascii_lowercase());
    }
    if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
        chars.next();
    }
    let c = char::from_u32(code).filter(|&c| c != '\0');
    Some(c.unwrap_or('\u{FFFD}').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_comments_are_decoded_before_looking() {
        assert_eq!(normalize(r"u\72l(x) @\69mport"), "url(x) @import");
        assert_eq!(
            normalize(r"\000075 rl( U\52L( u/* c */rl("),
            "url( url( url("
        );
        assert_eq!(
            normalize("a\\\nb \\\\ \\0 \\110000"),
            "ab \\ \u{FFFD}\u{FFFD}"
        );
        assert!(bad_css(r"rect{fill:u\72l(http://evil.example/x.svg#a)}").is_some());
        assert!(bad_css(r#"@\69mport "http://evil.example/a.css";"#).is_some());
        assert!(bad_css(r"fill: \75\72\6c (https://x)").is_some());
        assert!(bad_css("fill: url(/**/https://x)").is_some());
        assert!(bad_css("background: -webkit-image-set('https://x/a.png' 1x)").is_some());
    }

    #[test]
    fn fragments_and_plain_styles_pass() {
        assert_eq!(
            bad_css(r#".a { fill: url(#g); font-family: "Arial" }"#),
            None
        );
        assert_eq!(
            bad_css("/* a comment */ .b { stroke: #000 } /* unterminated"),
            None
        );
        assert_eq!(bad_css(r".c { content: '\2014' }"), None);
    }

    #[test]
    fn a_style_ends_at_its_end_tag_after_any_cdata() {
        let lower = "<style><![cdata[ /* </x> */ @import 'y'; ]]></style><rect/>";
        assert_eq!(style_end(lower, 7, "style"), lower.find("</style").unwrap());
        assert_eq!(style_end("<style><![cdata[ x", 7, "style"), 18);
        assert_eq!(style_end("<svg:style>a</svg:style>", 11, "svg:style"), 12);
    }
}
