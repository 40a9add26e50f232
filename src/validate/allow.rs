//! `allow:` in a section's front matter: takes the sections' front matter and the diagnostics, and
//! drops the warnings a section allows; an entry that names no diagnostic code is itself a warning.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::Front;
use std::collections::BTreeSet;

/// A warning for each `allow:` entry that names no diagnostic code (it would silence nothing).
pub fn check_allows(files: &[SourceFile], fronts: &[Front]) -> Vec<Diagnostic> {
    let known = crate::diag::explain::codes();
    let mut out = Vec::new();
    for (file, front) in files.iter().zip(fronts) {
        for allow in front
            .front
            .allow
            .iter()
            .filter(|a| !known.contains(&a.lint.as_str()))
        {
            let offset = front.offset + front.yaml.find(&allow.lint).unwrap_or(0);
            let mut d = Diagnostic::warning(
                "bad-allow",
                format!(
                    "`allow` names `{}`, which is not a diagnostic code, so it silences nothing",
                    allow.lint
                ),
            )
            .at_line(file, file.line_col(offset).0);
            if let Some(best) = crate::util::did_you_mean(&allow.lint, known.iter().copied()) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            out.push(
                d.hint("`yjplan explain CODE` describes a code; only warnings can be allowed"),
            );
        }
    }
    out
}

/// Drops warnings that a section's front matter allows (with a reason).
pub fn apply_allows(diagnostics: &mut Vec<Diagnostic>, files: &[SourceFile], fronts: &[Front]) {
    let allowed: BTreeSet<(String, String)> = files
        .iter()
        .zip(fronts)
        .flat_map(|(file, front)| {
            front
                .front
                .allow
                .iter()
                .map(|a| (file.path.clone(), a.lint.clone()))
        })
        .collect();
    diagnostics.retain(|d| {
        d.is_error()
            || !d
                .location
                .as_ref()
                .is_some_and(|l| allowed.contains(&(l.file.clone(), d.code.to_string())))
    });
}
