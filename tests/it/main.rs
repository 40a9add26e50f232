//! The integration tests, one test binary: each module runs the yjplan binary or the library
//! over the fixture plans in tests/fixtures (and the sample plan in content/).
//!
//! - `all_or_nothing`: a build killed at any point leaves a whole output set;
//! - `attack`: helpers for the hostile-plan tests (a plan copy with a secret beside it, bounded runs);
//! - `bounds`: red-team bounds: operator chains in templates, long plan.yaml text, glyphs in
//!   strings overrides, command-line values, terminal escapes, the line of a control character;
//! - `ci`: the workflow `yjplan new` writes, its steps run as shell commands; `--allow-dirty`;
//! - `cli`: golden diagnostics of every bad fixture, exit codes, formats, what a build writes;
//! - `corpus`: the hostile corpus (tests/fixtures/hostile): every case refused at its line or
//!   built, nothing read from outside the plan, nothing half-written, check ≡ build;
//! - `fuzz`: random plans for a bounded time (YJPLAN_FUZZ_SECONDS, default 40): no panic, and
//!   what checks clean typesets;
//! - `hostile`: beyond the corpus, a symlink inside the plan is followed and escape characters in
//!   file names are printed escaped;
//! - `image_limits`: images too costly to draw (pixel bombs, SVGs embedding them or damaged
//!   images, SVG filters of unbounded cost) are refused by `check` and `build` alike;
//! - `docs`: every diagnostic code is documented, and every documented code exists; the
//!   "Common mistakes" section of docs/authoring.md is what yjplan says about the bad fixtures;
//! - `editions`: plans worded as published plans of every year, annual updates, plan-supplied
//!   and broken editions, `headings` and `new` by period, section numbering;
//! - `layout`: no source file over 400 lines, no import of the crate root, no import cycle;
//! - `mistakes`: mistakes that used to publish wrong without a message (a bold-led bullet, an
//!   image path with a space, a README.md in the plan folder); Word habits read as meant
//!   (semicolon CSVs, decimal commas, dashes for minus) are in `word_habits`, with an image's
//!   caption that is its title, never its alt text;
//! - `pdf_output`: injection, reproducibility, dates, PDF/UA claims, drafts;
//! - `publish`: the web folder: fragment, scoped CSS, PDF link, open data round-trips, statement;
//! - `robustness`: random section files never panic, and every error names its line;
//! - `sample_plan`: the sample plan's figures against the published plan;
//! - `typed`: command-line values with control characters refused up front; every printed text
//!   from a plan or the command line escaped for the terminal;
//! - `view_snapshots`: the view model of the sample plan and every good fixture against its
//!   checked-in JSON snapshot;
//! - `plan_folder`: the plan folder found when typed inside it, and named when missed;
//! - `preview`: `yjplan serve` over HTTP: live reload, a broken start, the PDF, refusals;
//! - `workflow`: watch, batch builds, `new`, `verify` and `explain`.

mod all_or_nothing;
mod attack;
mod bounds;
mod ci;
mod cli;
mod corpus;
mod docs;
mod editions;
mod footnotes;
mod fuzz;
mod hostile;
mod image_limits;
mod layout;
mod mistakes;
mod pdf_output;
mod plan_folder;
mod preview;
mod publish;
mod robustness;
mod sample_plan;
mod typed;
mod view_snapshots;
mod word_habits;
mod workflow;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory under target/ for a test's files (emptied first). Each test uses its own
/// name, so tests running in parallel never share one.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh scratch folder that is a repository root, for tests that run `yjplan new`.
pub fn repo_scratch(name: &str) -> PathBuf {
    let dir = scratch(name);
    // An (empty) .git marks the folder as a repository root for `yjplan new`, which writes its
    // CI workflow at the root of the repository around the plan: never at yjplan's own root.
    // git itself skips an empty .git, so the git state of plans built here is unchanged.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

/// Runs the yjplan binary in `cwd` with `args`, without SOURCE_DATE_EPOCH from the environment.
pub fn yjplan(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yjplan"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run yjplan")
}

/// What a run printed on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
