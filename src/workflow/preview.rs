//! Preview pages: takes the live session's status (and the built web page, when there is one)
//! and gives the HTML `yjplan serve` sends: the built page with the preview's panel, styles and
//! live script added, the panel alone (for the live script to refresh), or, before the plan has
//! built once, a page of its own listing the problems. The panel comes from
//! templates/preview/panel.html through an autoescaping environment, so problem text and
//! hints are shown as typed.

use crate::workflow::watch::Status;
use minijinja::{context, Environment};

/// The preview's live script.
pub const LIVE_JS: &str = include_str!("../../templates/preview/live.js");
/// The preview's own styles.
const CSS: &str = include_str!("../../templates/preview/preview.css");
const PANEL: &str = include_str!("../../templates/preview/panel.html");
const WAITING: &str = include_str!("../../templates/preview/waiting.html");

/// The tag that loads the live script, last in the body.
const SCRIPT: &str = "<script src=\"/__yjplan/live.js\" defer></script>\n";

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Both are yjplan's own templates, embedded: they always parse (a unit test renders them).
    let _ = env.add_template("panel.html", PANEL);
    let _ = env.add_template("waiting.html", WAITING);
    env
}

/// The panel's HTML for a status; `built` says whether a web page exists to show.
pub fn panel(status: &Status, built: bool) -> String {
    let errors = status.problems.iter().filter(|p| p.error).count();
    let warnings = status.problems.len() - errors;
    environment()
        .get_template("panel.html")
        .and_then(|t| {
            t.render(context! {
                ok => status.ok,
                built,
                errors,
                warnings,
                problems => &status.problems,
                pdf => &status.pdf,
            })
        })
        .unwrap_or_else(|e| format!("<p>the preview panel failed: {e}</p>"))
}

/// The built page with the preview added: its styles at the end of the head, its panel and
/// live script at the end of the body.
pub fn page(html: &[u8], status: &Status) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let style = format!("<style>\n{CSS}</style>\n");
    let text = match text.find("</head>") {
        Some(at) => format!("{}{style}{}", &text[..at], &text[at..]),
        None => format!("{style}{text}"),
    };
    let tail = format!(
        "<aside id=\"yjplan-preview\" class=\"yjplan-preview\" aria-label=\"Preview\" data-generation=\"{}\">\n{}\n</aside>\n{SCRIPT}",
        status.generation,
        panel(status, true)
    );
    match text.rfind("</body>") {
        Some(at) => format!("{}{tail}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tail}").into_bytes(),
    }
}

/// The page shown before the plan has built once: the problems, and the live script that
/// reloads it into the plan's page after the first good build.
pub fn waiting(status: &Status) -> Vec<u8> {
    environment()
        .get_template("waiting.html")
        .and_then(|t| {
            t.render(context! {
                css => CSS,
                panel => panel(status, false),
                generation => status.generation,
            })
        })
        .unwrap_or_else(|e| format!("the preview page failed: {e}"))
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::watch::{PdfState, Problem};

    fn broken() -> Status {
        Status {
            problems: vec![Problem {
                text: "plan/01.md:3:1: error[yaml-syntax]: a <b> & \"c\"".into(),
                error: true,
                hints: vec!["indent with spaces".into()],
            }],
            ..Status::default()
        }
    }

    #[test]
    fn problems_are_listed_escaped_with_their_hints() {
        let html = String::from_utf8(waiting(&broken())).unwrap();
        assert!(html.contains("The plan does not build: 1 error."), "{html}");
        assert!(
            html.contains("error[yaml-syntax]: a &lt;b&gt; &amp; &quot;c&quot;"),
            "{html}"
        );
        assert!(html.contains("help: indent with spaces"), "{html}");
        assert!(html.contains("Nothing has been built yet."), "{html}");
        assert!(html.trim_end().ends_with("</html>"), "{html}");
    }

    #[test]
    fn the_panel_follows_the_pdf() {
        let mut status = Status {
            ok: true,
            generation: 2,
            ..Status::default()
        };
        status.pdf.state = PdfState::Updating;
        assert!(panel(&status, true).contains("PDF updating…"));
        status.pdf.state = PdfState::Ready;
        status.pdf.href = Some("/plan.pdf".into());
        status.pdf.generation = 2;
        status.pdf.pages = Some(12);
        let ready = panel(&status, true);
        // minijinja escapes `/` too; the browser reads `&#x2f;` as `/`.
        assert!(ready.contains("<a href=\"&#x2f;plan.pdf?v=2\""), "{ready}");
        assert!(ready.contains("Open the PDF (12 pages)"), "{ready}");
        status.pdf.state = PdfState::Failed;
        status.pdf.error = Some("Typst: unknown font".into());
        let failed = panel(&status, true);
        assert!(
            failed.contains("The PDF could not be made: Typst: unknown font"),
            "{failed}"
        );
        assert!(failed.contains("Open the last PDF"), "{failed}");
    }

    #[test]
    fn the_panel_and_script_go_at_the_end_of_the_body() {
        let html = String::from_utf8(page(
            b"<html><head></head><body><p>x</p></body></html>",
            &broken(),
        ))
        .unwrap();
        assert!(
            html.contains("<style>\n/* The preview's own styles"),
            "{html}"
        );
        assert!(html.contains("data-generation=\"0\""), "{html}");
        assert!(
            html.ends_with(&format!("</aside>\n{SCRIPT}</body></html>")),
            "{html}"
        );
        assert!(
            html.contains("The page shown is the last good build."),
            "{html}"
        );
    }
}
