//! Batch: takes several plan directories and builds them in parallel across the machine's cores,
//! each into its own folder, and gives one result per plan (pages, errors, warnings, time), in
//! the order given. One failing plan does not stop the others.

use crate::diag::{counts, Diagnostic};
use crate::pipeline::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How one plan of a batch went.
#[derive(Debug)]
pub struct PlanResult {
    /// The plan folder.
    pub plan_dir: PathBuf,
    /// Where its outputs went.
    pub out_dir: PathBuf,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages in its PDF, when one was made.
    pub pages: Option<usize>,
    /// How long its build took.
    pub elapsed: Duration,
    /// A failure that is not the plan's fault (a template bug, a write error).
    pub failure: Option<String>,
}

impl PlanResult {
    /// The exit code this plan alone would give: 0, 1 (plan errors) or 2 (failure).
    pub fn exit_code(&self) -> u8 {
        if self.failure.is_some() {
            2
        } else if self.diagnostics.iter().any(Diagnostic::is_error) {
            1
        } else {
            0
        }
    }
}

/// The output folder of each plan: `out_root/<the plan folder's name>`, made unique.
pub fn out_dirs(plans: &[PathBuf], out_root: &Path) -> Vec<PathBuf> {
    let mut used: Vec<String> = Vec::new();
    plans
        .iter()
        .map(|plan| {
            let base = plan
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "plan".into());
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}-{n}");
                n += 1;
            }
            used.push(name.clone());
            out_root.join(name)
        })
        .collect()
}

/// Builds every plan with up to `jobs` at once; `done` is called as each one finishes.
pub fn build_all(
    plans: &[PathBuf],
    out_root: &Path,
    options: &BuildOptions,
    jobs: usize,
    done: &(dyn Fn(&PlanResult) + Sync),
) -> Vec<PlanResult> {
    let outs = out_dirs(plans, out_root);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<PlanResult>>> =
        Mutex::new((0..plans.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, plans.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(plan) = plans.get(i) else { break };
                let result = build_one(plan, &outs[i], options);
                done(&result);
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn build_one(plan: &Path, out: &Path, options: &BuildOptions) -> PlanResult {
    let start = Instant::now();
    let (diagnostics, pages, failure) = match build(plan, out, options) {
        Ok(built) => (built.diagnostics, built.pages, None),
        Err(e) => {
            // The error and its causes, as the single-plan build prints them.
            let chain = std::iter::successors(Some(&e as &dyn std::error::Error), |e| e.source());
            let text: Vec<String> = chain.map(|e| e.to_string()).collect();
            (Vec::new(), None, Some(text.join(": ")))
        }
    };
    PlanResult {
        plan_dir: plan.to_path_buf(),
        out_dir: out.to_path_buf(),
        diagnostics,
        pages,
        elapsed: start.elapsed(),
        failure,
    }
}

/// The summary table: plan, pages, errors, warnings, time.
pub fn summary(results: &[PlanResult]) -> String {
    let names: Vec<String> = results
        .iter()
        .map(|r| crate::diag::display_path(&r.plan_dir))
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>6}  {:>8}  {:>7}\n",
        "plan", "pages", "errors", "warnings", "time"
    );
    for (name, r) in names.iter().zip(results) {
        let (errors, warnings) = counts(&r.diagnostics);
        let pages = r.pages.map_or("-".to_string(), |p| p.to_string());
        let errors = if r.failure.is_some() {
            "failed".to_string()
        } else {
            errors.to_string()
        };
        out.push_str(&format!(
            "{name:<width$}  {pages:>5}  {errors:>6}  {warnings:>8}  {:>6.2}s\n",
            r.elapsed.as_secs_f64()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folders_are_named_after_plans_and_unique() {
        let plans = vec![
            PathBuf::from("/nonexistent/a"),
            PathBuf::from("/nonexistent/a"),
        ];
        let outs = out_dirs(&plans, Path::new("out"));
        assert_eq!(
            outs,
            [PathBuf::from("out/plan"), PathBuf::from("out/plan-2")]
        );
    }
}
