//! Terminal text: takes markdown (an entry of docs/diagnostics.md, for `yjplan explain`) and
//! gives it as a person reads it in a terminal: paragraphs and list items wrapped to a width,
//! headings, strong text and code spans in bold on a terminal that shows it (code spans in
//! quotes otherwise), code blocks indented and never wrapped, links as their text with the
//! address after it. No markdown syntax (`**`, backticks, brackets) is left in the text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// How the text is shown.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The column to wrap at.
    pub width: usize,
    /// Use ANSI bold (only on a terminal, and not when NO_COLOR is set).
    pub bold: bool,
}

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Stands for a space that must not break a line (inside a code span); never in the output.
const KEEP: char = '\u{1F}';

/// A run of inline text, bold or not.
struct Run {
    text: String,
    bold: bool,
}

/// The text of `markdown` for a terminal.
pub fn render(markdown: &str, style: Style) -> String {
    let mut w = Writer {
        style,
        out: String::new(),
        runs: Vec::new(),
        strong: 0,
        lists: Vec::new(),
        prefix: None,
        link: None,
        code_block: None,
    };
    for event in Parser::new(markdown) {
        w.event(event);
    }
    w.out.trim_end().to_string() + "\n"
}

struct Writer {
    style: Style,
    out: String,
    /// The inline text of the block being read.
    runs: Vec<Run>,
    /// Depth of strong emphasis and headings (shown bold).
    strong: usize,
    /// The open lists: the next number of an ordered one, None for bullets.
    lists: Vec<Option<u64>>,
    /// The marker of the list item whose first line is next.
    prefix: Option<String>,
    /// The address of the open link.
    link: Option<String>,
    /// The text of the open code block.
    code_block: Option<String>,
}

impl Writer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.code_block {
                Some(block) => block.push_str(&text),
                None => self.push(&text, self.strong > 0),
            },
            Event::Code(code) => self.code_span(&code),
            Event::Html(html) | Event::InlineHtml(html) => self.push(&html, false),
            Event::SoftBreak => self.push(" ", false),
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                let line = "─".repeat(self.style.width.min(40));
                self.out.push_str(&format!("{line}\n\n"));
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { .. } | Tag::Strong => self.strong += 1,
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ => "•".to_string(),
                };
                self.prefix = Some(marker);
            }
            Tag::Link { dest_url, .. } => self.link = Some(dest_url.to_string()),
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = Some(String::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.strong -= 1;
                self.block();
            }
            TagEnd::Strong => self.strong -= 1,
            TagEnd::Paragraph => self.block(),
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push('\n');
                }
            }
            TagEnd::Link => {
                if let Some(url) = self.link.take() {
                    let text: String = self.runs.iter().map(|r| r.text.as_str()).collect();
                    if !url.starts_with('#') && !text.ends_with(url.as_str()) {
                        self.push(&format!(" ({url})"), false);
                    }
                }
            }
            TagEnd::CodeBlock => {
                let block = self.code_block.take().unwrap_or_default();
                let indent = " ".repeat(self.indent() + 4);
                for line in block.trim_end().lines() {
                    self.out.push_str(format!("{indent}{line}").trim_end());
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            _ => {}
        }
    }

    fn push(&mut self, text: &str, bold: bool) {
        match self.runs.last_mut() {
            Some(run) if run.bold == bold => run.text.push_str(text),
            _ => self.runs.push(Run {
                text: text.to_string(),
                bold,
            }),
        }
    }

    /// A code span: bold on a terminal, in quotes otherwise; its spaces never break a line.
    fn code_span(&mut self, code: &str) {
        let kept = code.replace(' ', &KEEP.to_string());
        if self.style.bold {
            self.push(&kept, true);
        } else {
            self.push(&format!("‘{kept}’"), self.strong > 0);
        }
    }

    /// Ends a paragraph or heading: its text, then a blank line (none inside a list).
    fn block(&mut self) {
        self.flush();
        if self.lists.is_empty() {
            self.out.push('\n');
        }
    }

    /// The columns a list item's text is indented by.
    fn indent(&self) -> usize {
        self.lists.len() * 4
    }

    /// Writes the inline text read so far, wrapped.
    fn flush(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        let prefix = self.prefix.take();
        if runs.iter().all(|r| r.text.trim().is_empty()) {
            if let Some(p) = prefix {
                self.prefix = Some(p);
            }
            return;
        }
        let indent = self.indent();
        let first = match prefix {
            Some(marker) => format!("{marker:>width$} ", width = indent - 1),
            None => " ".repeat(indent),
        };
        let rest = " ".repeat(indent.max(first.chars().count()));
        let words = words(&runs, self.style.bold);
        let width = self.style.width.max(rest.len() + 20);
        let mut line = first;
        let mut used = line.chars().count();
        let mut empty = true;
        for (shown, visible) in words {
            if !empty && used + 1 + visible > width {
                self.out.push_str(&line);
                self.out.push('\n');
                line = rest.clone();
                used = rest.len();
                empty = true;
            }
            if !empty {
                line.push(' ');
                used += 1;
            }
            line.push_str(&shown);
            used += visible;
            empty = false;
        }
        self.out.push_str(&line);
        self.out.push('\n');
    }
}

/// The words of the runs, each as printed (with bold codes) and its visible width.
fn words(runs: &[Run], ansi: bool) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let (mut shown, mut visible, mut bold_open) = (String::new(), 0, false);
    for run in runs {
        for c in run.text.chars() {
            if c.is_whitespace() {
                if visible > 0 {
                    if bold_open {
                        shown.push_str(RESET);
                        bold_open = false;
                    }
                    words.push((std::mem::take(&mut shown), visible));
                    visible = 0;
                }
                continue;
            }
            if ansi && run.bold != bold_open {
                shown.push_str(if run.bold { BOLD } else { RESET });
                bold_open = run.bold;
            }
            shown.push(if c == KEEP { ' ' } else { c });
            visible += 1;
        }
    }
    if visible > 0 {
        if bold_open {
            shown.push_str(RESET);
        }
        words.push((shown, visible));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style {
        width: 40,
        bold: false,
    };

    #[test]
    fn markdown_syntax_is_gone_and_paragraphs_wrap() {
        let md = "### heading-order\n**error** — A heading is out of order, see [the guide](https://example.org/g).\n\nFix: run `yjplan check content` again and again until it passes.\n";
        let text = render(md, PLAIN);
        assert_eq!(
            text,
            "heading-order\n\nerror — A heading is out of order, see\nthe guide (https://example.org/g).\n\nFix: run ‘yjplan check content’ again\nand again until it passes.\n"
        );
    }

    #[test]
    fn lists_hang_and_code_blocks_are_kept_as_written() {
        let md = "- `human` (the default): the source line with the problem underlined\n- `short`: one line\n\nExample:\n\n    content/a.md:3: error[x]: a very long line that is never wrapped at all, whatever the width\n";
        let text = render(md, PLAIN);
        assert_eq!(
            text,
            "  • ‘human’ (the default): the source\n    line with the problem underlined\n  • ‘short’: one line\n\nExample:\n\n    content/a.md:3: error[x]: a very long line that is never wrapped at all, whatever the width\n"
        );
    }

    #[test]
    fn bold_is_ansi_on_a_terminal_and_codes_never_cross_a_space() {
        let style = Style {
            width: 80,
            bold: true,
        };
        let text = render("**error** — use `a b`, then go.\n", style);
        assert_eq!(
            text,
            "\x1b[1merror\x1b[0m — use \x1b[1ma b\x1b[0m, then go.\n"
        );
    }
}
