//! A render failure the plan caused: takes a build error and gives a diagnostic at the line of
//! the plan's own template, or at the section line of the block the built-in template failed on,
//! so that the author sees where. (The checks that keep `check` and `build` in step run earlier,
//! in `stages::validate`; a plan's own templates, programs, are run by `check` too, here.)

use super::Compiled;
use crate::diag::{Diagnostic, SourceFile};
use crate::render::html::PdfLink;
use crate::render::{pdf, RenderContext};
use std::path::Path;

/// A render failure the plan caused as a diagnostic: its own HTML or Typst template failed (at
/// the template's line), or a block of a section cannot be typeset by the built-in template (at
/// the block's line); `None` for any other failure of the built-in templates (an internal error).
pub fn plan_failure(
    e: &super::BuildError,
    rendered: &RenderContext,
    dir: &Path,
) -> Option<Diagnostic> {
    match e {
        super::BuildError::Template(t) => Some(t.diagnostic(&rendered.resources)),
        super::BuildError::Pdf(p @ pdf::PdfError::TooSlow(_)) => Some(
            Diagnostic::error("pdf-failed", format!("{p}, the limit, so it was stopped"))
                .in_file(crate::diag::display_path(dir))
                .hint("look for what is new: a large or complex image (an SVG with filters or many shapes) or a very long table; YJPLAN_PDF_SECONDS sets the limit"),
        ),
        super::BuildError::Pdf(p) if dir.join(pdf::TEMPLATE).exists() => {
            let resources = &rendered.resources;
            let file = SourceFile::new(
                resources.shown_path(pdf::TEMPLATE),
                resources.text(pdf::TEMPLATE).unwrap_or_default(),
            );
            let typst = match p {
                pdf::PdfError::Template(typst) => typst.clone(),
                other => other.to_string(),
            };
            let d = Diagnostic::error("pdf-failed", own_template_message(&typst)).hint(
                "fix the plan's templates/typst/plan.typ, or delete it to use the built-in one",
            );
            Some(match p.line().filter(|&l| l <= file.line_count()) {
                Some(line) => d.at_line(&file, line),
                None => d.in_file(file.path.clone()),
            })
        }
        // The built-in template failed on a block the checks let through: the block's line.
        super::BuildError::Pdf(p) => pdf::locate::diagnostic(rendered, p),
        _ => None,
    }
}

/// The words of a failure of the plan's template, without the template's name and line (the
/// diagnostic shows them).
fn own_template_message(typst: &str) -> String {
    let rest = typst
        .strip_prefix(pdf::TEMPLATE)
        .and_then(|r| r.strip_prefix(':'))
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
        .map(|r| r.trim_start_matches(':').trim_start())
        .unwrap_or(typst);
    format!("the plan's PDF template failed: {rest}")
}

/// For a plan with its own templates and no errors, renders the plan as `build` would (the PDF
/// first, then the web page) and adds the first failure: a template is a program, so only
/// running it finds its failures, and what `check` passes `build` must build. Plans with the
/// built-in templates are not rendered: their failures are checked before rendering.
pub fn run_own_templates(compiled: &mut Compiled, dir: &Path) {
    let Some(rendered) = &compiled.rendered else {
        return;
    };
    let own_pdf = rendered.resources.overrides(pdf::TEMPLATE);
    let own_html = dir.join("templates/html").exists();
    if compiled.diagnostics.iter().any(Diagnostic::is_error) || !(own_pdf || own_html) {
        return;
    }
    let name = pdf::file_name(&rendered.plan);
    let rendered_pdf = if own_pdf {
        pdf::render(rendered).map(|doc| PdfLink::new(&name, doc.bytes.len(), doc.pages))
    } else {
        Ok(PdfLink::new(&name, 0, 0))
    };
    let failed = match rendered_pdf {
        Err(e) => Some(super::BuildError::Pdf(e)),
        Ok(link) if own_html => {
            super::outputs::web_files(rendered, &compiled.diagnostics, Some(link)).err()
        }
        Ok(_) => None,
    };
    if let Some(e) = failed {
        let d = plan_failure(&e, rendered, dir)
            .unwrap_or_else(|| Diagnostic::error("pdf-failed", e.to_string()));
        compiled.diagnostics.push(d);
    }
}

/// Drops the `text-too-long` error of a line whose template tag was refused: the tag is what
/// is long, and one mistake gets one message (a refused tag stays in the text as written).
pub fn drop_echoes(diagnostics: &mut Vec<Diagnostic>) {
    let refused: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "template-not-allowed")
        .filter_map(|d| d.location.as_ref().map(|l| (l.file.clone(), l.line)))
        .collect();
    diagnostics.retain(|d| {
        let at = d.location.as_ref();
        d.code != "text-too-long"
            || !at.is_some_and(|l| {
                refused
                    .iter()
                    .any(|(f, line)| *f == l.file && *line == l.line)
            })
    });
}
