//! The pipeline, the one place that runs the stages in order: takes a plan folder and gives its
//! diagnostics and view model ([`compile`]), then its written outputs ([`build`]). Each stage is
//! a module; each line below runs one stage:
//!
//! load -> resources (edition, theme) -> compute -> expand + parse -> validate -> view ->
//! render (HTML, statement, PDF, manifest) -> output.
//!
//! `watch` and `serve` share [`build_outputs`] with [`build`], so nothing renders or writes
//! outside this file's sequence.

use crate::compute::ComputedTable;
use crate::diag::{self, Diagnostic, SourceFile};
use crate::expand::Expander;
use crate::load::assets::{check_image, Images};
use crate::load::data::DataFiles;
use crate::load::front_matter::{key_line, read_fronts, Front};
use crate::load::plan::{self, at_plan_key, PlanConfig};
use crate::load::{self, LoadedPlan};
use crate::model::Section;
use crate::output::{self, OutputFile};
use crate::parse::parse;
pub use crate::render::manifest::OutputEntry;
use crate::render::{self, pdf, RenderContext};
use crate::resources::{edition, strings, theme, Resources};
use crate::validate::{self, allow, lint};
use crate::view;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tables::compute_tables;

mod tables;

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
    let images = Images::new(dir);
    let resources = Resources::for_plan(dir);
    let mut plan = keep(plan::parse(&loaded.plan_file), &mut diagnostics);
    // The logo is checked with plan.yaml, so its problems come first, at the `logo:` line.
    if let Some(logo) = plan.as_ref().and_then(|p| p.logo.as_deref()) {
        let line = key_line(&loaded.plan_file, &["logo"]).unwrap_or(1);
        let file = &loaded.plan_file;
        diagnostics.extend(check_image(file, line, logo, "logo", &images));
    }
    let edition = plan
        .as_mut()
        .and_then(|p| edition::choice::choose(&resources, p, &loaded.plan_file, &mut diagnostics));
    let theme = plan.as_ref().and_then(|p| {
        let found = theme::load(&resources, &p.theme);
        let found = found.map_err(|d| at_plan_key(&loaded.plan_file, "theme", d));
        let theme = found.map_err(|d| diagnostics.push(d)).ok()?;
        diagnostics.extend(theme.check_contrast());
        Some(theme)
    });

    let fronts = read_fronts(&loaded.sections, &mut diagnostics);
    let data = DataFiles::new(dir);
    let tables = plan
        .as_ref()
        .map(|p| compute_tables(&data, p, &loaded.sections, &fronts, &mut diagnostics))
        .unwrap_or_default();
    let sections = expand_and_parse(&loaded, &fronts, plan.as_ref(), &tables, &mut diagnostics);

    let mut matched = Vec::new();
    let has_sections = !loaded.sections.is_empty();
    if let (Some(plan), Some(edition), true) = (&plan, &edition, has_sections) {
        let found = validate::headings(&sections);
        let (m, found_diags) = validate::check_headings(&found, edition, plan);
        diagnostics.extend(found_diags);
        diagnostics.extend(validate::check_tables(&sections, &found, &m, edition));
        diagnostics.extend(validate::check_sign_off(plan, &loaded.plan_file));
        matched = m;
    }
    if let Some(plan) = &plan {
        diagnostics.extend(lint::lint(&sections, &tables, &plan.glossary));
        let bodies: Vec<_> = loaded
            .sections
            .iter()
            .zip(&fronts)
            .map(|(f, fr)| (f, fr.body_offset))
            .collect();
        diagnostics.extend(validate::check_prose(&bodies, &tables));
    }
    let anchors = validate::anchors(&sections, &tables);
    diagnostics.extend(validate::check_content(&sections, &images, &anchors));
    allow::apply_allows(&mut diagnostics, &loaded.sections, &fronts);
    diagnostics.extend(allow::check_allows(&loaded.sections, &fronts));
    diag::sort(&mut diagnostics, &loaded.plan_file, &loaded.sections);

    let plan_settings = plan.clone().map(|p| (loaded.plan_file.clone(), p));
    let rendered = match (plan, edition, theme) {
        (Some(plan), Some(edition), Some(theme)) => {
            let strings = strings::load(&resources, &plan.language);
            let (view, assets) = view::build(&view::Inputs {
                plan: &plan,
                edition: &edition,
                theme: &theme,
                strings: &strings,
                sections: &sections,
                matched: &matched,
                tables: &tables,
                images: &images,
            });
            Some(RenderContext {
                view,
                assets,
                plan,
                theme,
                resources,
                tables,
            })
        }
        _ => None,
    };
    Compiled {
        diagnostics,
        rendered,
        plan: plan_settings,
    }
}

/// The value of a stage that gives a value plus diagnostics, or an error diagnostic instead.
fn keep<T>(
    found: Result<(T, Vec<Diagnostic>), Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match found {
        Ok((value, found)) => {
            diagnostics.extend(found);
            Some(value)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// Expands each section body (tables, charts, plan values) and parses it into the model.
fn expand_and_parse(
    loaded: &LoadedPlan,
    fronts: &[Front],
    plan: Option<&PlanConfig>,
    tables: &[Arc<ComputedTable>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let files = &loaded.sections;
    // Tables whose computation failed: a placeholder for one is not also "unknown table".
    let failed: Vec<String> = fronts
        .iter()
        .flat_map(|f| f.front.tables.iter().map(|(id, _)| id.clone()))
        .filter(|id| !tables.iter().any(|t| &t.id == id))
        .collect();
    let tables_unknown = fronts.iter().any(|f| !f.ok);
    let expander = plan.map(|p| Expander::new(p, tables, &failed, tables_unknown));
    files
        .iter()
        .zip(fronts)
        .map(|(file, front)| {
            let body = &file.text[front.body_offset..];
            let body_line = file.line_col(front.body_offset).0;
            let expanded = match &expander {
                Some(expander) if front.ok => {
                    match expander.expand(file, body, front.body_offset) {
                        Ok(text) => text,
                        Err((text, errors)) => {
                            diagnostics.extend(errors);
                            text
                        }
                    }
                }
                _ => body.to_string(),
            };
            let (nodes, found) = parse(&expanded, body_line, file);
            diagnostics.extend(found);
            Section {
                file: file.clone(),
                nodes,
                tables: front
                    .front
                    .tables
                    .iter()
                    .map(|(id, _)| id.clone())
                    .collect(),
                front_ok: front.ok,
            }
        })
        .collect()
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
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// Compiles a plan and, when it has no errors, renders and writes the chosen outputs.
pub fn build(dir: &Path, out_dir: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let compiled = compile(dir);
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
            let dirty = render::manifest::git_state(dir).is_some_and(|g| g.dirty);
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
    };
    let mut renderer = pdf::Renderer::default();
    let outputs = build_outputs(&rendered, &diagnostics, options, &target, &mut renderer)?;
    Ok(Built {
        diagnostics,
        written: outputs.written,
        pages: outputs.pages,
        outputs: outputs.entries,
        edition_chosen,
    })
}

/// Where a build reads its plan from (for the release manifest's git state) and writes to.
pub struct Target<'a> {
    /// The plan folder.
    pub plan_dir: &'a Path,
    /// The output folder.
    pub out_dir: &'a Path,
}

/// What [`build_outputs`] wrote.
pub struct Outputs {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Pages in the PDF, when one was made.
    pub pages: Option<usize>,
    /// Each written file's path, size, digest and pages.
    pub entries: Vec<OutputEntry>,
}

/// Renders the outputs `options` asks for (web page and statement, Typst sources, PDF, release
/// manifest) from a plan without errors, and writes them: all of them or, on failure, none.
/// `build` runs it once; `watch` runs it for the web page, then again for the PDF with a warm
/// `renderer`.
pub fn build_outputs(
    rendered: &RenderContext,
    diagnostics: &[Diagnostic],
    options: &BuildOptions,
    target: &Target,
    renderer: &mut pdf::Renderer,
) -> Result<Outputs, BuildError> {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut pages = None;
    let mut pdf_link = None;
    if let Some(dir) = &options.emit_typst {
        output::write_all(dir, &pdf::typst_sources(rendered)?)?;
    }
    // The PDF first, so the page can say its size and pages.
    if options.pdf {
        let doc = renderer.render(rendered)?;
        let name = pdf::file_name(&rendered.plan);
        pdf_link = Some(render::html::PdfLink::new(
            &name,
            doc.bytes.len(),
            doc.pages,
        ));
        pages = Some(doc.pages);
        if options.html {
            // A copy in the web folder, so everything the web team publishes is in one place.
            files.push(OutputFile::new(format!("html/{name}"), doc.bytes.clone()));
        }
        files.push(OutputFile::new(name, doc.bytes));
    }
    if options.html {
        let publication = render::html::Publication::new(rendered, pdf_link);
        files.extend(render::html::render(rendered, &publication)?);
        if rendered.plan.publish.site {
            files.extend(render::site::render(rendered, &publication)?);
        }
        files.extend(render::data::files(&rendered.plan, &rendered.tables));
        files.push(render::statement::render(rendered, diagnostics)?);
    }
    if options.release {
        let manifest = render::manifest::manifest(
            &rendered.plan,
            target.plan_dir,
            &files,
            options.allow_dirty,
        );
        files.push(render::manifest::manifest_file(&manifest));
    }
    let written = output::write_all(target.out_dir, &files)?;
    let entries = render::manifest::entries(&files, pages);
    Ok(Outputs {
        written,
        pages,
        entries,
    })
}
