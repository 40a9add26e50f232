//! SVG safety: takes the bytes of an SVG image from a plan and gives the first piece of active
//! or external content in it (a script, an event handler, a link to another file or site, a
//! style that loads something, an entity declaration), with its line in the SVG. An SVG is
//! refused rather than rewritten: the web output copies images byte for byte, so what was
//! checked is exactly what is published, and an author can fix the file in any editor.
//!
//! The scan is deliberately strict: it reads every tag and attribute with a small tokenizer and
//! allows references only to fragments (`#id`) and to embedded PNG or JPEG data.

use super::svg_css::{bad_css, style_end};

/// Elements that run code, embed other documents, or can rewrite references when animated.
const REFUSED_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "audio",
    "video",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "discard",
];

/// Data URLs an `<image>` may embed.
pub(super) const ALLOWED_DATA: &[&str] = &[
    "data:image/png;base64,",
    "data:image/jpeg;base64,",
    "data:image/jpg;base64,",
];

/// Something an SVG may not contain, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    /// 1-based line in the SVG file.
    pub line: usize,
    /// What it is, in plain words (never the content itself).
    pub what: String,
}

/// The first unsafe thing in an SVG, if any.
pub fn check(bytes: &[u8]) -> Result<(), Unsafe> {
    let text = std::str::from_utf8(bytes).map_err(|e| Unsafe {
        line: line_of(bytes, e.valid_up_to()),
        what: "text that is not UTF-8".into(),
    })?;
    let lower = text.to_ascii_lowercase();
    let at = |offset: usize| line_of(bytes, offset);
    for (needle, what) in [
        ("<!entity", "an entity declaration (<!ENTITY>)"),
        (
            "<?xml-stylesheet",
            "an external style sheet (<?xml-stylesheet?>)",
        ),
    ] {
        if let Some(offset) = lower.find(needle) {
            return Err(Unsafe {
                line: at(offset),
                what: what.into(),
            });
        }
    }
    for (open, tag) in tags(&lower) {
        let rest = tag.end;
        if tag.name.is_empty() {
            continue;
        }
        if REFUSED_ELEMENTS.contains(&tag.local_name()) {
            return Err(Unsafe {
                line: at(open),
                what: format!("a <{}> element", tag.name),
            });
        }
        if tag.local_name() == "style" {
            let close = style_end(&lower, rest, &tag.name);
            if let Some(what) = bad_css(&decode_entities(&lower[rest..close])) {
                return Err(Unsafe {
                    line: at(rest),
                    what,
                });
            }
        }
        for (name, value) in &tag.attributes {
            if let Some(what) = bad_attribute(name, &value.to_lowercase()) {
                return Err(Unsafe {
                    line: at(open),
                    what,
                });
            }
        }
    }
    Ok(())
}

/// Every tag of an SVG's text, with the offset of its `<`. Comments, closing tags, CDATA and
/// declarations come with an empty name.
pub(super) fn tags(text: &str) -> impl Iterator<Item = (usize, Tag)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let open = text[rest..].find('<').map(|i| rest + i)?;
        let tag = Tag::read(text, open);
        rest = tag.end.max(open + 1);
        Some((open, tag))
    })
}

/// Why an attribute is refused, if it is.
fn bad_attribute(name: &str, value: &str) -> Option<String> {
    let local = name.rsplit(':').next().unwrap_or(name);
    let value = value.trim();
    if local.starts_with("on") {
        return Some(format!("an event handler ({name}=…)"));
    }
    if matches!(local, "href" | "src") && !value.starts_with('#') {
        if ALLOWED_DATA.iter().any(|d| value.starts_with(d)) {
            return None;
        }
        return Some(format!("a reference to another file or site ({name}=…)"));
    }
    if local == "attributename" && (value.contains("href") || value.starts_with("on")) {
        return Some(format!("an animation of {value}"));
    }
    bad_css(value)
}

/// A start tag: its name and attributes (as written, with character references decoded), and
/// where it ends.
pub(super) struct Tag {
    /// The element's name.
    pub name: String,
    /// Each attribute's name and value.
    pub attributes: Vec<(String, String)>,
    /// The offset after the tag.
    pub end: usize,
}

impl Tag {
    /// Reads the tag that opens at `open` (a `<`). Comments, closing tags, CDATA and
    /// declarations come back with an empty name.
    pub fn read(text: &str, open: usize) -> Tag {
        let bytes = text.as_bytes();
        let skip = |end: &str| Tag {
            name: String::new(),
            attributes: Vec::new(),
            end: text[open..]
                .find(end)
                .map_or(text.len(), |i| open + i + end.len()),
        };
        let after = &text[open + 1..];
        if after.starts_with("!--") {
            return skip("-->");
        }
        if after
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("![cdata["))
        {
            return skip("]]>");
        }
        if after.starts_with('/') || after.starts_with('!') || after.starts_with('?') {
            return skip(">");
        }
        let mut i = open + 1;
        let name_end = scan(bytes, i, |b| {
            !b.is_ascii_whitespace() && b != b'>' && b != b'/'
        });
        let name = text[i..name_end].to_string();
        i = name_end;
        let mut attributes = Vec::new();
        loop {
            i = scan(bytes, i, |b| b.is_ascii_whitespace() || b == b'/');
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_end = scan(bytes, i, |b| {
                !b.is_ascii_whitespace() && !b"=>/".contains(&b)
            });
            let attr = text[i..name_end].to_string();
            i = scan(bytes, name_end, |b| b.is_ascii_whitespace());
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i = scan(bytes, i + 1, |b| b.is_ascii_whitespace());
                let (start, end, next) = match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = scan(bytes, i + 1, |b| b != q);
                        (i + 1, end, (end + 1).min(bytes.len()))
                    }
                    _ => {
                        let end = scan(bytes, i, |b| !b.is_ascii_whitespace() && b != b'>');
                        (i, end, end)
                    }
                };
                value = decode_entities(&text[start..end]);
                i = next;
            }
            if attr.is_empty() {
                i += 1;
                continue;
            }
            attributes.push((attr, value));
        }
        Tag {
            name,
            attributes,
            end: (i + 1).min(text.len()),
        }
    }

    fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }
}

/// The first index from `i` whose byte does not satisfy `keep`.
fn scan(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

/// Character references decoded, so `&#106;avascript:` or `&#x75;rl(` cannot hide.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let body = &after[..e];
            let code = match body.strip_prefix("#x") {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => body.strip_prefix('#').and_then(|d| d.parse().ok()),
            };
            code.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(svg: &str) -> String {
        check(svg.as_bytes()).unwrap_err().what
    }

    #[test]
    fn plain_drawings_pass() {
        let svg = r##"<?xml version="1.0"?>
<!-- a chart -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"/></defs>
  <style>.a { fill: url(#g); font-family: "Arial" }</style>
  <rect class="a" width="10" height="10" fill="url(#g)"/>
  <use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/>
  <text>if a &lt; b then &amp; onwards</text>
</svg>"##;
        assert_eq!(check(svg.as_bytes()), Ok(()));
    }

    #[test]
    fn scripts_handlers_and_external_references_are_refused_at_their_line() {
        let e = check(b"<svg>\n\n<script>alert(1)</script></svg>").unwrap_err();
        assert_eq!((e.line, e.what.as_str()), (3, "a <script> element"));
        assert_eq!(refused("<svg:script/>"), "a <svg:script> element");
        assert_eq!(
            refused("<svg onload=\"x()\">"),
            "an event handler (onload=…)"
        );
        assert_eq!(
            refused("<svg><rect ONCLICK='x()'/></svg>"),
            "an event handler (onclick=…)"
        );
        assert_eq!(
            refused("<image href=\"https://evil.example/p.png\"/>"),
            "a reference to another file or site (href=…)"
        );
        assert_eq!(
            refused("<image xlink:href='/etc/passwd'/>"),
            "a reference to another file or site (xlink:href=…)"
        );
        assert_eq!(
            refused("<a href=\"javascript:alert(1)\">x</a>"),
            "a reference to another file or site (href=…)"
        );
        assert_eq!(
            refused("<a href=\"&#106;avascript:x\">"),
            "a reference to another file or site (href=…)"
        );
        assert_eq!(
            refused("<image href=\"data:image/svg+xml;base64,AA\"/>"),
            "a reference to another file or site (href=…)"
        );
        assert_eq!(
            refused("<foreignObject><div/></foreignObject>"),
            "a <foreignobject> element"
        );
        assert_eq!(
            refused("<set attributeName=\"href\" to=\"x\"/>"),
            "a <set> element"
        );
    }

    #[test]
    fn styles_that_load_or_run_are_refused() {
        assert!(refused("<style>@import 'https://x/y.css';</style>").contains("@import"));
        assert!(refused("<style>rect{fill:url(https://x/y)}</style>").contains("url("));
        assert!(refused("<rect style=\"fill: url( 'file:///etc/passwd')\"/>").contains("url("));
        assert!(refused("<rect fill=\"url(http://x)\"/>").contains("url("));
        assert!(
            refused("<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg/>")
                .contains("ENTITY")
        );
        assert!(refused("<?xml-stylesheet href=\"x.css\"?><svg/>").contains("style sheet"));
    }

    #[test]
    fn css_escapes_entities_and_cdata_cannot_hide_a_load() {
        let element = r#"<svg><style>rect{fill:u\72l(http://evil.example/x.svg#a)} @\69mport "http://evil.example/a.css";</style></svg>"#;
        assert!(refused(element).contains("@import"));
        assert!(refused(r"<svg><style>rect{fill:u\72l(http://x)}</style></svg>").contains("url("));
        let attribute = r#"<svg><rect style="fill:u\72l(http://evil.example/x.svg#a)"/></svg>"#;
        assert!(refused(attribute).contains("url("));
        assert!(refused(r#"<svg><rect style="@\69mport 'x'"/></svg>"#).contains("@import"));
        assert!(
            refused("<svg><style>rect{fill:&#x75;rl(http://x)}</style></svg>").contains("url(")
        );
        let cdata = "<svg><style><![CDATA[ /* </x> */ @import 'http://x'; ]]></style></svg>";
        assert!(refused(cdata).contains("@import"));
        let prefixed =
            "<s:svg xmlns:s='http://www.w3.org/2000/svg'><s:style>@import 'x';</s:style></s:svg>";
        assert!(refused(prefixed).contains("@import"));
    }

    #[test]
    fn cdata_is_skipped_in_text_of_any_case() {
        let svg = "<svg><style><![CDATA[ a > b { fill: red } ]]></style></svg>";
        let names: Vec<String> = tags(svg).map(|(_, t)| t.name).collect();
        assert_eq!(names, ["svg", "style", "", "", ""]);
    }

    #[test]
    fn comments_and_cdata_are_skipped_and_never_panic() {
        assert_eq!(check(b"<svg><!-- <script> --></svg>"), Ok(()));
        for odd in [
            "<",
            "<svg",
            "<svg a=",
            "<svg a=\"",
            "<svg a='x",
            "&#xFFFFFFFF;",
            "<!--",
            "<![CDATA[",
            "<a href=&#>",
        ] {
            let _ = check(odd.as_bytes());
        }
        assert_eq!(
            check(b"\xff<svg/>").unwrap_err().what,
            "text that is not UTF-8"
        );
    }
}
