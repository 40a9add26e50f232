//! Job summary: takes a build's diagnostics and written outputs and gives a short markdown report
//! (`build --summary FILE`, for GitHub's `$GITHUB_STEP_SUMMARY`): the counts, each error and
//! warning with its place, and each output with its size, pages and SHA-256.

use crate::diag::{display_path, summary, Diagnostic};
use crate::render::manifest::OutputEntry;
use std::path::Path;

/// The most problems listed; the rest are counted (the annotations show them all).
const MAX_LISTED: usize = 50;

/// The markdown summary of one build.
pub fn markdown(plan_dir: &Path, diagnostics: &[Diagnostic], outputs: &[OutputEntry]) -> String {
    let mut out = format!(
        "### Youth Justice Plan: {}\n\n{}\n\n",
        cell(&display_path(plan_dir)),
        summary(diagnostics)
    );
    if !diagnostics.is_empty() {
        out.push_str("| | Where | Problem |\n|---|---|---|\n");
        for d in diagnostics.iter().take(MAX_LISTED) {
            let kind = if d.is_error() { "error" } else { "warning" };
            let place = d.location.as_ref().map_or(String::new(), |l| match l.line {
                Some(line) => format!("{}:{line}", l.file),
                None => l.file.clone(),
            });
            let text = format!("{} ({})", cell(&d.message), d.code);
            out.push_str(&format!("| {kind} | {} | {text} |\n", cell(&place)));
        }
        if diagnostics.len() > MAX_LISTED {
            let more = diagnostics.len() - MAX_LISTED;
            out.push_str(&format!("\nand {more} more (see the annotations).\n"));
        }
        out.push('\n');
    }
    if outputs.is_empty() {
        out.push_str("Nothing was written.\n\n");
    } else {
        out.push_str("| Output | Bytes | Pages | SHA-256 |\n|---|---:|---:|---|\n");
        for o in outputs {
            let pages = o.pages.map_or(String::new(), |p| p.to_string());
            let path = cell(&o.path);
            out.push_str(&format!(
                "| {path} | {} | {pages} | `{}` |\n",
                o.bytes,
                o.sha256.as_deref().unwrap_or("")
            ));
        }
        out.push('\n');
    }
    out
}

/// Text made safe for a markdown table cell (no pipes, no line breaks, no markup).
fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' | '\n' | '\r' => ' ',
            _ => c,
        })
        .collect::<String>()
        .replace('<', "&lt;")
        .replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_problems_and_outputs() {
        let d = vec![Diagnostic::warning("all-caps", "text in | capitals").in_file("01-plan.md")];
        let o = vec![OutputEntry {
            path: "plan.pdf".into(),
            bytes: 10,
            sha256: Some("ab".into()),
            pages: Some(3),
        }];
        let text = markdown(Path::new("plans/x"), &d, &o);
        assert!(
            text.contains("| warning | 01-plan.md | text in   capitals (all-caps) |"),
            "{text}"
        );
        assert!(text.contains("| plan.pdf | 10 | 3 | `ab` |"), "{text}");
    }
}
