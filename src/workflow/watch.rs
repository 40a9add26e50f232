//! Watch: takes a plan directory and keeps its outputs up to date as the author saves
//! (`yjplan watch`, and `yjplan serve` on top). Each change is built with a warm Typst world, the
//! web page first so the preview updates at once, then the PDF. A broken edit writes nothing:
//! the last good output stays and the problems are printed and shown in the preview's overlay.
//! Rendering and writing go through [`crate::pipeline::build_outputs`], as in `yjplan build`.

use crate::diag::{self, Diagnostic, Format};
use crate::pipeline::{build_outputs, compile, BuildError, BuildOptions, Target};
use crate::render::pdf;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// How often the plan directory is looked at for changes (a look costs well under a millisecond).
pub const POLL: Duration = Duration::from_millis(5);

/// How long a change must stay unchanged before it is built (a save seen half-written is not).
const SETTLE: Duration = Duration::from_millis(2);

/// How long an empty file is given to be written before it is built as empty.
const EMPTY_FILE_WAIT: Duration = Duration::from_millis(50);

/// How many rebuilds a cached Typst result survives unused (bounds memory in a long session).
const EVICT_AFTER: usize = 3;

/// What the preview knows about the latest build.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Goes up by one with every successful build; the preview reloads when it changes.
    pub generation: u64,
    /// True when the latest attempt built; false when the shown output is an older one.
    pub ok: bool,
    /// The latest attempt's problems, errors and warnings, in order.
    pub problems: Vec<Problem>,
    /// The PDF's state.
    pub pdf: PdfStatus,
}

/// One problem of a build, as the preview lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The problem on one line: `file:line:col: error[code]: message`.
    pub text: String,
    /// True for an error, false for a warning.
    pub error: bool,
    /// What to do about it.
    pub hints: Vec<String>,
}

/// Where the preview's PDF is: typeset after the web page, so the page never waits for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PdfState {
    /// Not made (`--html`).
    Off,
    /// No PDF yet: the plan has not built.
    #[default]
    Waiting,
    /// Being typeset after a good build (the previous PDF, if any, is still served).
    Updating,
    /// Typeset from the latest good build.
    Ready,
    /// The latest typesetting failed (the previous PDF, if any, is still served).
    Failed,
}

/// The preview's PDF.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PdfStatus {
    /// What is happening to it.
    pub state: PdfState,
    /// Its address on the preview server (`/name.pdf`), once one has been written.
    pub href: Option<String>,
    /// The build generation it was typeset from; the preview reloads it when this changes.
    pub generation: u64,
    /// Its pages.
    pub pages: Option<usize>,
    /// Why the latest typesetting failed.
    pub error: Option<String>,
}

/// The status shared with the preview server, with a signal for waiting on changes.
#[derive(Default)]
pub struct Shared {
    /// The latest build's status.
    pub status: Mutex<Status>,
    /// Signalled whenever the status changes.
    pub changed: Condvar,
}

impl Shared {
    fn update(&self, f: impl FnOnce(&mut Status)) {
        if let Ok(mut status) = self.status.lock() {
            f(&mut status);
        }
        self.changed.notify_all();
    }
}

/// Settings of a live session.
pub struct LiveOptions {
    /// The plan folder.
    pub plan_dir: PathBuf,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Also rebuild the PDF (after the web page).
    pub pdf: bool,
    /// How to print problems.
    pub format: Format,
}

/// Every file under the plan directory with its modification time and size; None when the
/// directory is gone. The output folder and hidden files are left out.
fn snapshot(dir: &Path, out_dir: &Path) -> Option<Vec<(PathBuf, SystemTime, u64)>> {
    if !dir.is_dir() {
        return None;
    }
    let out = out_dir.canonicalize().ok();
    let mut files: Vec<(PathBuf, SystemTime, u64)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let is_out = out
                .as_ref()
                .is_some_and(|o| e.path().canonicalize().ok().as_ref() == Some(o));
            !hidden && !is_out
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.into_path(), meta.modified().ok()?, meta.len()))
        })
        .collect();
    files.sort();
    Some(files)
}

/// Watches the plan and rebuilds on every change until `stop` is set.
pub fn run(options: &LiveOptions, shared: &Shared, stop: &AtomicBool) {
    if !options.pdf {
        shared.update(|s| s.pdf.state = PdfState::Off);
    }
    let mut renderer = pdf::Renderer::warm();
    let mut last: Option<Option<Vec<(PathBuf, SystemTime, u64)>>> = None;
    while !stop.load(Ordering::Relaxed) {
        let mut now = snapshot(&options.plan_dir, &options.out_dir);
        // Wait for the files to settle, so a save seen half-written is not built. A file that
        // has just become empty is most likely being saved (truncated, not yet written), so it
        // gets longer to fill in.
        let mut waited = Duration::ZERO;
        while last.as_ref() != Some(&now) && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(SETTLE);
            waited += SETTLE;
            let again = snapshot(&options.plan_dir, &options.out_dir);
            let emptied = again
                .as_ref()
                .is_some_and(|files| files.iter().any(|f| f.2 == 0));
            if again == now && (!emptied || waited >= EMPTY_FILE_WAIT) {
                break;
            }
            now = again;
        }
        if last.as_ref() != Some(&now) {
            let gone = now.is_none();
            last = Some(now);
            if gone {
                plan_gone(options, shared);
            } else {
                rebuild(options, shared, &mut renderer);
            }
        }
        std::thread::sleep(POLL);
    }
}

fn plan_gone(options: &LiveOptions, shared: &Shared) {
    let shown = crate::diag::display_path(&options.plan_dir);
    let shown = crate::diag::termsafe::escape(&shown);
    crate::diag::write_stderr(&format!("yjplan: the plan directory {shown} is gone; waiting for it to come back (the last good output stays)\n"));
    shared.update(|s| {
        s.ok = false;
        s.problems = vec![Problem {
            text: format!("{shown}: error[no-plan-dir]: the plan directory is gone"),
            error: true,
            hints: vec!["put the plan folder back, or stop yjplan (Ctrl+C) and start it on the plan's new folder".into()],
        }];
    });
}

/// Builds once: the web page, then the PDF. Prints what happened.
pub fn rebuild(options: &LiveOptions, shared: &Shared, renderer: &mut pdf::Renderer) {
    let start = Instant::now();
    let compiled = compile(&options.plan_dir);
    let diagnostics = compiled.diagnostics;
    print_diagnostics(&diagnostics, options.format);
    let problems = problems(&diagnostics);
    let rendered = match compiled.rendered {
        Some(r) if !diagnostics.iter().any(Diagnostic::is_error) => r,
        _ => {
            diag::write_stderr(&format!(
                "yjplan: {}; the last good output stays\n",
                diag::summary(&diagnostics)
            ));
            shared.update(|s| {
                s.ok = false;
                s.problems = problems;
            });
            return;
        }
    };
    let target = Target {
        plan_dir: &options.plan_dir,
        out_dir: &options.out_dir,
        whole_set: false,
    };
    let html = BuildOptions {
        html: true,
        ..BuildOptions::default()
    };
    if let Err(e) = build_outputs(&rendered, &diagnostics, &html, &target, renderer) {
        let message = format!("yjplan: error: {}", plain(e));
        crate::diag::write_stderr(&format!(
            "{}\n",
            crate::diag::termsafe::escape_lines(&message)
        ));
        return;
    }
    let html_ms = start.elapsed().as_secs_f64() * 1000.0;
    shared.update(|s| {
        s.generation += 1;
        s.ok = true;
        s.problems = problems;
        if options.pdf {
            s.pdf.state = PdfState::Updating;
        }
    });
    let mut line = format!("yjplan: web page rebuilt in {html_ms:.0} ms");
    if options.pdf {
        let pdf = BuildOptions {
            pdf: true,
            ..BuildOptions::default()
        };
        let href = format!("/{}", pdf::file_name(&rendered.plan));
        match build_outputs(&rendered, &diagnostics, &pdf, &target, renderer) {
            Ok(outputs) => {
                line.push_str(&format!(
                    ", PDF in {:.0} ms ({} pages)",
                    start.elapsed().as_secs_f64() * 1000.0,
                    outputs.pages.unwrap_or(0)
                ));
                shared.update(|s| {
                    s.pdf = PdfStatus {
                        state: PdfState::Ready,
                        href: Some(href),
                        generation: s.generation,
                        pages: outputs.pages,
                        error: None,
                    }
                });
            }
            Err(e) => {
                let why = match e {
                    BuildError::Io(e) => format!("the PDF could not be written: {e}"),
                    other => other.to_string(),
                };
                line.push_str(&format!("; {why}"));
                shared.update(|s| {
                    s.pdf.state = PdfState::Failed;
                    s.pdf.error = Some(why);
                });
            }
        }
        typst::comemo::evict(EVICT_AFTER);
    }
    crate::diag::write_stderr(&format!("{}\n", crate::diag::termsafe::escape_lines(&line)));
}

/// The problems as the preview lists them.
fn problems(diagnostics: &[Diagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| Problem {
            text: diag::render(std::slice::from_ref(d), Format::Short)
                .trim_end()
                .to_string(),
            error: d.is_error(),
            hints: d.hints.clone(),
        })
        .collect()
}

/// A build failure as the watch loop prints it: a write error without the build's preamble.
fn plain(e: BuildError) -> String {
    match e {
        BuildError::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    if !diagnostics.is_empty() {
        diag::write_stderr(&diag::render(diagnostics, format));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_see_edits_and_a_missing_directory() {
        let dir = std::env::temp_dir().join(format!("yjplan-live-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("out")).unwrap();
        std::fs::write(dir.join("a.md"), "one").unwrap();
        std::fs::write(dir.join("out/index.html"), "x").unwrap();
        let first = snapshot(&dir, &dir.join("out")).unwrap();
        assert_eq!(first.len(), 1, "the output folder is not watched");
        std::fs::write(dir.join("a.md"), "one two").unwrap();
        assert_ne!(snapshot(&dir, &dir.join("out")).unwrap(), first);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(snapshot(&dir, &dir.join("out")).is_none());
    }
}
