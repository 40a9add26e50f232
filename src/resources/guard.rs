//! Template guard: takes a minijinja template from a plan (a section body, or a template override
//! under templates/html) and gives the first construct that could make rendering grow without
//! bound, with its byte offset. Fuel (instructions), a recursion limit and an output cap bound the
//! rest; see [`limits`].
//!
//! minijinja bounds loops and recursion but not memory: `{% set s = s ~ s %}` forty times, or
//! `range(100000) | join(long)`, asks for hundreds of gigabytes and aborts the process. So plans
//! get a subset that cannot multiply sizes: no string repetition or concatenation (`*`, `~`), no
//! `+`/`-` except with a number literal, no `range`, no list, dict or tuple literals, no
//! reassignment (`set`, `with`), and only filters that do not grow their input. Section bodies
//! get less still: figures (`{{ fte["Area"]["Sep-22"] }}`), `table()`, `chart()`, `if`, `for`
//! and `raw`.

/// The bounds on template work, documented in docs/format.md ("Limits").
pub mod limits {
    /// minijinja instructions one section body may run.
    pub const SECTION_FUEL: u64 = 1_000_000;
    /// minijinja instructions one page template (with its includes) may run.
    pub const LAYOUT_FUEL: u64 = 200_000_000;
    /// How deeply macros, includes and recursive loops may nest (in minijinja's units: a macro
    /// call with an `if` inside takes about three). Stays well inside a 2 MiB thread stack.
    pub const RECURSION: usize = 200;
    /// The largest expanded section body, in bytes.
    pub const SECTION_OUTPUT: usize = 4 * 1024 * 1024;
    /// The largest rendered page or style sheet, in bytes.
    pub const LAYOUT_OUTPUT: usize = 64 * 1024 * 1024;
    /// The most names, numbers, strings and signs one `{{ … }}` or `{% … %}` may hold.
    /// minijinja parses, compiles and drops an expression recursively, a frame or more an
    /// operator (`not not …`, `a and b and …`, `x|lower|lower…`, `a.b.c…`), so a long chain
    /// overflows the stack: measured, about 6,500 operators on a 2 MiB worker thread (where
    /// sections are expanded and the web page rendered), debug or release. 500 leaves a margin
    /// of more than ten on every thread yjplan renders on.
    pub const TAG_TOKENS: usize = 500;
}

/// Which templates are being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A section body: figures and placeholders.
    Section,
    /// A template override (page layout, blocks, style sheet).
    Layout,
}

/// A construct a plan's template may not use, and where it starts (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Byte offset in the template.
    pub offset: usize,
    /// The construct, in plain words.
    pub what: String,
}

const SECTION_TAGS: &[&str] = &["if", "elif", "else", "endif", "for", "endfor", "raw"];
const LAYOUT_TAGS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "raw",
    "macro",
    "endmacro",
    "call",
    "endcall",
    "import",
    "from",
    "include",
    "extends",
    "block",
    "endblock",
    "filter",
    "endfilter",
    "autoescape",
    "endautoescape",
    "break",
    "continue",
];
/// Filters whose output is no larger than a small multiple of their input.
const FILTERS: &[&str] = &[
    "default",
    "d",
    "lower",
    "upper",
    "title",
    "capitalize",
    "trim",
    "round",
    "abs",
    "int",
    "float",
    "length",
    "count",
    "first",
    "last",
    "e",
    "escape",
    "safe",
    "string",
    "bool",
    // Reordering and pairing: the output is the input's size.
    "items",
    "dictsort",
    "sort",
    "reverse",
    "list",
    "unique",
    "min",
    "max",
    "sum",
];
/// Functions a layout may not call: they make values whose size the template chooses.
const LAYOUT_REFUSED_CALLS: &[&str] =
    &["range", "namespace", "lipsum", "cycler", "joiner", "debug"];

/// The first construct in `source` that `mode` does not allow.
pub fn check(source: &str, mode: Mode) -> Result<(), Refusal> {
    let mut i = 0;
    while let Some(found) = source[i..].find('{') {
        let open = i + found;
        match source.as_bytes().get(open + 1) {
            Some(b'#') => i = find_from(source, open, "#}").map_or(source.len(), |e| e + 2),
            Some(b'{') | Some(b'%') => {
                let statement = source.as_bytes()[open + 1] == b'%';
                let (tokens, end) = lex(source, open + 2);
                if tokens.len() > limits::TAG_TOKENS {
                    return Err(Refusal {
                        offset: open,
                        what: format!(
                            "a tag this long: {} names, numbers and signs between its braces, more than {}",
                            tokens.len(),
                            limits::TAG_TOKENS
                        ),
                    });
                }
                if statement {
                    i = check_statement(source, &tokens, end, mode)?;
                } else {
                    i = end;
                }
                check_tokens(&tokens, mode)?;
            }
            _ => i = open + 1,
        }
    }
    Ok(())
}

/// Checks a `{% … %}` tag's keyword; gives where scanning continues (after `endraw` for raw).
fn check_statement(
    source: &str,
    tokens: &[Token],
    end: usize,
    mode: Mode,
) -> Result<usize, Refusal> {
    let Some(first) = tokens.first() else {
        return Ok(end);
    };
    let allowed = if mode == Mode::Section {
        SECTION_TAGS
    } else {
        LAYOUT_TAGS
    };
    let keyword = first.text.as_str();
    if !allowed.contains(&keyword) {
        return Err(Refusal {
            offset: first.offset,
            what: format!("the `{{% {keyword} %}}` tag"),
        });
    }
    if matches!(keyword, "include" | "import" | "extends" | "from") {
        // Templates come from templates/html only: a name that climbs out is refused here, so
        // `check` reports it (the confined loader would refuse it again at build time).
        if let Some(name) = tokens.get(1).filter(|t| t.kind == Kind::Str) {
            let inner = name.text.trim_matches(|c| c == '"' || c == '\'');
            if inner.starts_with('/') || inner.split(['/', '\\']).any(|p| p == "..") {
                return Err(Refusal {
                    offset: name.offset,
                    what: format!("a template outside templates/html ({})", name.text),
                });
            }
        }
    }
    if keyword == "raw" {
        let close = find_from(source, end, "endraw").unwrap_or(source.len());
        return Ok(find_from(source, close, "%}").map_or(source.len(), |e| e + 2));
    }
    Ok(end)
}

fn check_tokens(tokens: &[Token], mode: Mode) -> Result<(), Refusal> {
    let mut groups: Vec<bool> = Vec::new(); // true: a grouping (or tuple) paren, false: a call
    for (k, tok) in tokens.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| &tokens[p]);
        let next = tokens.get(k + 1);
        let refuse = |what: String| {
            Err(Refusal {
                offset: tok.offset,
                what,
            })
        };
        match (tok.kind, tok.text.as_str()) {
            (Kind::Punct, op @ ("*" | "**" | "/" | "//" | "%" | "~")) => {
                return refuse(format!("the operator `{op}`"))
            }
            (Kind::Punct, op @ ("+" | "-")) if next.is_none_or(|n| n.kind != Kind::Number) => {
                return refuse(format!("the operator `{op}` other than with a number"))
            }
            (Kind::Punct, "{") => return refuse("a dict literal `{…}`".into()),
            (Kind::Punct, "[") if !prev.is_some_and(Token::ends_value) => {
                return refuse("a list literal `[…]`".into())
            }
            (Kind::Punct, "(") => groups.push(!prev.is_some_and(|p| p.kind == Kind::Ident)),
            (Kind::Punct, ")") => {
                groups.pop();
            }
            (Kind::Punct, ",") if groups.last() == Some(&true) => {
                return refuse("a tuple `(…, …)`".into())
            }
            (Kind::Ident, name)
                if prev.is_some_and(|p| p.text == "|")
                    && !FILTERS.contains(&name)
                    && !(mode == Mode::Layout && name == "url_path") =>
            {
                return refuse(format!("the filter `{name}`"));
            }
            // An allowed filter, with or without arguments.
            (Kind::Ident, _) if prev.is_some_and(|p| p.text == "|") => {}
            (Kind::Ident, name) if next.is_some_and(|n| n.text == "(") => {
                let refused = match mode {
                    Mode::Section => !matches!(name, "table" | "chart"),
                    Mode::Layout => LAYOUT_REFUSED_CALLS.contains(&name),
                };
                if refused {
                    return refuse(format!("the function `{name}()`"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ident,
    Number,
    Str,
    Punct,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    text: String,
    offset: usize,
}

impl Token {
    /// Whether a `[` after this token is a subscript rather than a list literal.
    fn ends_value(&self) -> bool {
        matches!(self.kind, Kind::Ident | Kind::Str) || self.text == ")" || self.text == "]"
    }
}

/// The tokens of a tag whose body starts at `start`, and the offset just after its closing
/// `}}` or `%}` (whitespace-control `-` and `+` are dropped).
fn lex(source: &str, start: usize) -> (Vec<Token>, usize) {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = start;
    if matches!(bytes.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    while i < bytes.len() {
        let c = bytes[i];
        let rest = &source[i..];
        if rest.starts_with("}}") || rest.starts_with("%}") {
            return (tokens, i + 2);
        }
        if (c == b'-' || c == b'+') && (rest[1..].starts_with("}}") || rest[1..].starts_with("%}"))
        {
            i += 1;
            continue;
        }
        let (kind, len) = if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c == b'"' || c == b'\'' {
            (Kind::Str, string_len(bytes, i))
        } else if c.is_ascii_digit() {
            (
                Kind::Number,
                run(bytes, i, |b| {
                    b.is_ascii_alphanumeric() || b == b'.' || b == b'_'
                }),
            )
        } else if c.is_ascii_alphabetic() || c == b'_' {
            (
                Kind::Ident,
                run(bytes, i, |b| b.is_ascii_alphanumeric() || b == b'_'),
            )
        } else if ["**", "//", "==", "!=", "<=", ">="]
            .iter()
            .any(|op| rest.starts_with(op))
        {
            (Kind::Punct, 2)
        } else {
            (Kind::Punct, rest.chars().next().map_or(1, char::len_utf8))
        };
        tokens.push(Token {
            kind,
            text: source[i..i + len].to_string(),
            offset: i,
        });
        i += len;
    }
    (tokens, source.len())
}

fn string_len(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != quote {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len()) - start
}

fn run(bytes: &[u8], start: usize, keep: impl Fn(u8) -> bool) -> usize {
    bytes[start..].iter().take_while(|&&b| keep(b)).count()
}

fn find_from(source: &str, from: usize, needle: &str) -> Option<usize> {
    source.get(from..)?.find(needle).map(|i| from + i)
}

/// A writer that takes at most `limit` bytes and then fails, so a template's output is bounded
/// while it is produced rather than after.
pub struct Capped {
    /// What was written so far.
    pub bytes: Vec<u8>,
    limit: usize,
}

impl Capped {
    /// An empty buffer that refuses to grow past `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Capped {
            bytes: Vec::new(),
            limit,
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other(format!(
                "the output is larger than {}",
                crate::load::confine::human_size(self.limit as u64)
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
