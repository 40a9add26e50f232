//! Sign-off: takes plan.yaml's settings and gives the not-signed-off warning (a draft build) and
//! the refusal of a release build that has errors or an incomplete sign-off.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::{sign_off_line, PlanConfig};

/// A warning when the plan is not signed off (it builds as a draft).
pub fn check_sign_off(plan: &PlanConfig, plan_file: &SourceFile) -> Option<Diagnostic> {
    let missing = plan.missing_sign_off();
    if missing.is_empty() {
        return None;
    }
    let line = crate::load::plan::sign_off_line(plan_file);
    Some(
        Diagnostic::warning(
            "not-signed-off",
            format!("the plan is not signed off (sign_off has no {}), so it builds as a DRAFT", missing.join(", ")),
        )
        .at_line(plan_file, line)
        .hint("after the management board approves the plan, fill in sign_off: board, date (YYYY-MM-DD), chair and role"),
    )
}

/// The refusal of a release build from a git tree with uncommitted changes.
pub fn dirty_refusal(plan_dir: &std::path::Path) -> Diagnostic {
    let shown = crate::diag::display_path(plan_dir);
    Diagnostic::error(
        "release-dirty",
        format!("{shown} has uncommitted changes, so the release would not match any commit"),
    )
    .in_file(shown)
    .hint("commit the changes (git add, git commit) and build again; `--allow-dirty` releases anyway and says so in manifest.json")
}

/// Reasons a plan may not be released: missing sign-off fields, as an error at plan.yaml.
pub fn release_refusal(
    plan: &PlanConfig,
    plan_file: &SourceFile,
    errors: usize,
) -> Option<Diagnostic> {
    let missing = plan.missing_sign_off();
    let mut reasons = Vec::new();
    if errors > 0 {
        reasons.push(format!(
            "the plan has {errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if !missing.is_empty() {
        reasons.push(format!("the sign-off has no {}", missing.join(", ")));
    }
    if reasons.is_empty() {
        return None;
    }
    let line = sign_off_line(plan_file);
    Some(
        Diagnostic::error("release-refused", format!("a release build needs a finished, approved plan: {}", reasons.join("; ")))
            .at_line(plan_file, line)
            .hint("fix the errors, and fill in sign_off (board, date, chair, role) once the management board has approved the plan; a build without --release makes a draft"),
    )
}
