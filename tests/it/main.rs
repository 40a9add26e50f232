//! The integration tests, one test binary: each module runs the yjplan binary or the library
//! over the fixture plans in tests/fixtures (and the sample plan in content/).
//!
//! - `ci`: the workflow `yjplan new` writes, its steps run as shell commands; `--allow-dirty`;
//! - `cli`: golden diagnostics of every bad fixture, exit codes, formats, what a build writes;
//! - `docs`: every diagnostic code is documented, and every documented code exists;
//! - `editions`: plans worded as published plans of every year, annual updates, plan-supplied
//!   and broken editions, `headings` and `new` by period, section numbering;
//! - `layout`: no source file over 400 lines, no import of the crate root, no import cycle;
//! - `pdf_output`: injection, reproducibility, dates, PDF/UA claims, drafts;
//! - `publish`: the web folder: fragment, scoped CSS, PDF link, open data round-trips, statement;
//! - `robustness`: random section files never panic, and every error names its line;
//! - `sample_plan`: the sample plan's figures against the published plan;
//! - `view_snapshots`: the view model of the sample plan and every good fixture against its
//!   checked-in JSON snapshot;
//! - `workflow`: watch, serve, batch builds, `new` and `verify`.

mod ci;
mod cli;
mod docs;
mod editions;
mod layout;
mod pdf_output;
mod publish;
mod robustness;
mod sample_plan;
mod view_snapshots;
mod workflow;

use std::path::{Path, PathBuf};

/// A scratch directory under target/ for a test's files (emptied first). Each test uses its own
/// name, so tests running in parallel never share one.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    // An (empty) .git marks the folder as a repository root for `yjplan new`, which writes its
    // CI workflow at the root of the repository around the plan: never at yjplan's own root.
    // git itself skips an empty .git, so the git state of plans built here is unchanged.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}
