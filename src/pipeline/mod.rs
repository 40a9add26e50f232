//! The pipeline, the one place that runs the stages in order: takes a plan folder and gives its
//! diagnostics and view model ([`compile`]), then its written outputs ([`build`]). Each line of
//! [`compile`] runs one stage ([`stages`] holds their adapters):
//!
//! load -> resources (plan.yaml, edition, theme) -> compute -> expand + parse -> validate ->
//! view -> render (PDF, web page, open data, statement, manifest) -> output.
//!
//! The view needs only the headings' part of validation, so the other checks run on a second
//! thread: while the view is built or, for a build that typesets as soon as the view exists,
//! once the typesetting has begun (Typst evaluates the template on one core, and the view then
//! has both cores for its charts).
//!
//! `watch` and `serve` share [`build_outputs`] with [`build`], so nothing renders or writes
//! outside this folder's sequence.

use crate::diag::{self, Diagnostic, SourceFile};
use crate::load::front_matter::read_fronts;
use crate::load::plan::PlanConfig;
use crate::load::{self};
use crate::render::manifest::OutputEntry;
use crate::render::{self, pdf, RenderContext};
use crate::validate;
use std::path::{Path, PathBuf};

mod chart_text;
mod checks;
mod outputs;
mod stages;
mod tables;

pub use outputs::{build_outputs, Outputs, Target};

/// The result of checking a plan: every diagnostic, and the view model when the plan could be
/// read far enough to build one.
pub struct Compiled {
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// What the renderers need, when plan.yaml, the edition and the theme could be read.
    pub rendered: Option<RenderContext>,
    /// plan.yaml and its settings, when they could be read.
    pub plan: Option<(SourceFile, PlanConfig)>,
}

/// Reads, computes, expands, parses and validates a plan directory, and builds its view model.
pub fn compile(dir: &Path) -> Compiled {
    compile_with(dir, None::<fn(&RenderContext, &[Diagnostic])>)
}

/// [`compile`], calling `on_view` with the view model and the diagnostics found so far as soon
/// as the view is built, before the other checks (`build` starts typesetting there).
fn compile_with(
    dir: &Path,
    on_view: Option<impl FnOnce(&RenderContext, &[Diagnostic])>,
) -> Compiled {
    let (loaded, mut diagnostics) = match load::load(dir) {
        Ok(ok) => ok,
        Err(e) => {
            return Compiled {
                diagnostics: vec![e.0],
                rendered: None,
                plan: None,
            }
        }
    };
    let d = &mut diagnostics;
    let setup = stages::setup(dir, &loaded, d);
    let fronts = read_fronts(&loaded.sections, d);
    let tables = stages::compute(dir, &setup, &loaded, &fronts, d);
    let sections = stages::expand_and_parse(&loaded, &fronts, setup.plan.as_ref(), &tables, d);
    let matched = stages::match_headings(&setup, &loaded, &sections, d);
    // The view needs only the matched headings: the other checks run beside it, or beside the
    // typesetting `on_view` starts.
    let (checked, rendered) = std::thread::scope(|scope| {
        let check = || stages::check_content(dir, &setup, &loaded, &fronts, &sections, &tables);
        let beside_view = on_view.is_none().then(|| scope.spawn(check));
        let rendered = stages::view(&setup, &sections, &matched, &tables);
        if let (Some(r), Some(on_view)) = (&rendered, on_view) {
            on_view(r, d);
        }
        let checks = beside_view.unwrap_or_else(|| scope.spawn(check));
        let checked = checks
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (checked, rendered)
    });
    d.extend(checked);
    checks::drop_echoes(d);
    stages::apply_allows(&loaded, &fronts, d);
    diag::sort(d, &loaded.plan_file, &loaded.sections);
    let plan = setup.plan.map(|p| (loaded.plan_file.clone(), p));
    Compiled {
        diagnostics,
        rendered,
        plan,
    }
}

/// What `check` reports: [`compile`]'s diagnostics and, for a plan with its own templates, their
/// failure when rendering the plan (bounded as in `build`).
pub fn check(dir: &Path) -> Compiled {
    let mut compiled = compile(dir);
    checks::run_own_templates(&mut compiled, dir);
    compiled
}

/// What a build writes, and how strict it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Write the web page and the accessibility statement.
    pub html: bool,
    /// Write the PDF.
    pub pdf: bool,
    /// Also write the Typst source of the PDF (template, JSON, assets, fonts) to this folder.
    pub emit_typst: Option<PathBuf>,
    /// Treat warnings as errors: write nothing if there are any.
    pub strict: bool,
    /// A release build: refused unless the plan has no errors and is signed off; writes
    /// manifest.json with the digest of every output.
    pub release: bool,
    /// Release even when the plan's git tree has uncommitted changes (recorded in the manifest).
    pub allow_dirty: bool,
    /// A pull request's build: treat warnings as errors when plan.yaml's
    /// `publish: strict_pull_requests` asks for it.
    pub strict_if_asked: bool,
    /// The process ends after this build (the command line's `build` of one plan): the PDF is
    /// typeset as soon as the view model exists, beside the plan's remaining checks (when they
    /// find errors, the typesetting is left to run out unread), and what the build leaves, the
    /// view model and the laid-out document, is left to the system rather than freed.
    pub ends_process: bool,
    /// Give each output's SHA-256 in [`Built::outputs`] (always done for a release, whose
    /// manifest lists them).
    pub digests: bool,
}

/// True when warnings count as errors: `--strict`, or a pull request's check of a plan that asks
/// for strict checks.
pub fn is_strict(strict: bool, pull_request: bool, compiled: &Compiled) -> bool {
    let asked = compiled
        .plan
        .as_ref()
        .is_some_and(|(_, p)| p.publish.strict_pull_requests);
    strict || (pull_request && asked)
}

/// The result of a build.
pub struct Built {
    /// Every diagnostic of the plan (with the release refusal, when there is one).
    pub diagnostics: Vec<Diagnostic>,
    /// The files written (empty when the plan has errors).
    pub written: Vec<PathBuf>,
    /// Pages in the PDF, when one was made.
    pub pages: Option<usize>,
    /// What each written file is (path under the output folder, size, digest, pages).
    pub outputs: Vec<OutputEntry>,
    /// How the edition was chosen, when plan.yaml did not name it.
    pub edition_chosen: Option<String>,
}

/// Why a build could not finish, apart from errors in the plan.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A template of the web page failed.
    #[error(transparent)]
    Template(#[from] render::html::TemplateError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// An output could not be written.
    #[error("cannot write the output")]
    Io(#[from] std::io::Error),
}

/// Compiles a plan and, when it has no errors, renders and writes the chosen outputs.
pub fn build(dir: &Path, out_dir: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    // A build that ends the process typesets as soon as the view model exists.
    let early = options.ends_process && options.pdf;
    if early {
        pdf::warm_up();
    }
    let mut renderer = pdf::Renderer::one_shot();
    let typeset_early = |rendered: &RenderContext, so_far: &[Diagnostic]| {
        if !so_far.iter().any(Diagnostic::is_error) {
            renderer.start(rendered);
        }
    };
    let compiled = compile_with(dir, early.then_some(typeset_early));
    if options.ends_process {
        // The front end's garbage is this thread's; the typesetting has a thread of its own.
        crate::util::release_free_memory();
    }
    let strict = is_strict(options.strict, options.strict_if_asked, &compiled);
    let edition_chosen = compiled
        .plan
        .as_ref()
        .and_then(|(_, p)| p.edition_chosen.clone());
    let mut diagnostics = compiled.diagnostics;
    if strict {
        diag::promote_warnings(&mut diagnostics);
    }
    if options.release {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let refusal = match &compiled.plan {
            Some((file, plan)) => validate::release_refusal(plan, file, errors),
            None => None,
        };
        // About plan.yaml, which comes first in the order of diagnostics.
        diagnostics.splice(0..0, refusal);
        if !options.allow_dirty {
            let dirty = load::git::checkout(dir).is_some_and(|c| c.dirty);
            diagnostics.splice(0..0, dirty.then(|| validate::dirty_refusal(dir)));
        }
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let Some(rendered) = compiled.rendered.filter(|_| !failed) else {
        return Ok(Built {
            diagnostics,
            written: Vec::new(),
            pages: None,
            outputs: Vec::new(),
            edition_chosen,
        });
    };
    let target = Target {
        plan_dir: dir,
        out_dir,
        whole_set: true,
    };
    let outputs = match build_outputs(&rendered, &diagnostics, options, &target, &mut renderer) {
        Ok(outputs) => outputs,
        Err(e) => match checks::plan_failure(&e, &rendered, dir) {
            // The plan's own template failed: an error at its line, with the other diagnostics.
            Some(d) => {
                diagnostics.push(d);
                return Ok(Built {
                    diagnostics,
                    written: Vec::new(),
                    pages: None,
                    outputs: Vec::new(),
                    edition_chosen,
                });
            }
            None => return Err(e),
        },
    };
    crate::util::let_go(rendered, options.ends_process);
    Ok(Built {
        diagnostics,
        written: outputs.written,
        pages: outputs.pages,
        outputs: outputs.entries,
        edition_chosen,
    })
}
