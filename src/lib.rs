//! yjplan: compiles a statutory Youth Justice Plan, written as YAML-fronted markdown with data
//! tables, into an accessible HTML page and a tagged PDF, checking it against the YJB template.
//!
//! The pipeline runs one way: load -> frontmatter -> compute -> expand -> parse -> validate ->
//! view -> render (HTML, PDF) -> output. Each stage is a module; stages return values plus
//! diagnostics and never print. [`compile`] runs the stages up to the view model;
//! [`build`] also renders and writes.

pub mod batch;
pub mod charts;
pub mod compute;
pub mod diagnostic;
pub mod edition;
pub mod edition_check;
pub mod edition_choice;
pub mod expand;
pub mod explain;
pub mod frontmatter;
pub mod heading_check;
pub mod heading_match;
pub mod lint;
pub mod live;
pub mod load;
pub mod numbering;
pub mod output;
pub mod parse;
pub mod pdf;
pub mod period;
pub mod plan;
pub mod release;
pub mod render_html;
pub mod resources;
pub mod scaffold;
pub mod serve;
pub mod statement;
pub mod theme;
pub mod util;
pub mod validate;
pub mod view;

use compute::ComputedTable;
use diagnostic::{Diagnostic, SourceFile};
use frontmatter::SectionFront;
use output::OutputFile;
use plan::PlanConfig;
use resources::Resources;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use theme::Theme;
use validate::Section;
use view::{Asset, View};

/// The result of checking a plan: every diagnostic, and the view model when the plan could be
/// read far enough to build one.
pub struct Compiled {
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: Option<Renderable>,
    /// plan.yaml and its settings, when they could be read.
    pub plan: Option<(SourceFile, PlanConfig)>,
}

/// What the renderers need.
pub struct Renderable {
    pub view: View,
    pub assets: Vec<Asset>,
    pub plan: PlanConfig,
    pub theme: Theme,
    pub resources: Resources,
}

/// Reads, computes, expands, parses and validates a plan directory.
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
    let resources = Resources::for_plan(dir);
    let mut plan = match plan::parse(&loaded.plan_file) {
        Ok((plan, found)) => {
            diagnostics.extend(found);
            Some(plan)
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    if let Some(logo) = plan.as_ref().and_then(|p| p.logo.as_deref()) {
        let line = frontmatter::key_line(&loaded.plan_file, &["logo"]).unwrap_or(1);
        diagnostics.extend(validate::check_image(
            &loaded.plan_file,
            line,
            logo,
            "logo",
            dir,
        ));
    }
    let edition = plan
        .as_mut()
        .and_then(|p| edition_choice::choose(&resources, p, &loaded.plan_file, &mut diagnostics));
    let theme = plan
        .as_ref()
        .and_then(|p| match theme::load(&resources, &p.theme) {
            Ok(theme) => {
                diagnostics.extend(theme.check_contrast());
                Some(theme)
            }
            Err(d) => {
                diagnostics.push(at_plan_key(&loaded.plan_file, "theme", d));
                None
            }
        });

    let fronts = read_fronts(&loaded.sections, &mut diagnostics);
    let tables = plan
        .as_ref()
        .map(|p| compute_tables(dir, p, &loaded.sections, &fronts, &mut diagnostics))
        .unwrap_or_default();
    let failed: Vec<String> = fronts
        .iter()
        .flat_map(|f| f.front.tables.iter().map(|(id, _)| id.clone()))
        .filter(|id| !tables.iter().any(|t| &t.id == id))
        .collect();
    let sections = expand_and_parse(
        &loaded.sections,
        &fronts,
        plan.as_ref(),
        &tables,
        &failed,
        &mut diagnostics,
    );

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
    }
    diagnostics.extend(validate::check_content(
        &sections,
        dir,
        &anchors(&sections, &tables),
    ));
    apply_allows(&mut diagnostics, &loaded.sections, &fronts);
    diagnostics.extend(check_allows(&loaded.sections, &fronts));
    sort(&mut diagnostics, &loaded);

    let plan_settings = plan.clone().map(|p| (loaded.plan_file.clone(), p));
    let rendered = match (plan, edition, theme) {
        (Some(plan), Some(edition), Some(theme)) => {
            let strings = load_strings(&resources, &plan.language);
            let (view, assets) = view::build(&view::Inputs {
                plan: &plan,
                edition: &edition,
                theme: &theme,
                strings: &strings,
                sections: &sections,
                matched: &matched,
                tables: &tables,
                plan_dir: dir,
            });
            Some(Renderable {
                view,
                assets,
                plan,
                theme,
                resources,
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

/// Places a diagnostic that has no position of its own at a key of plan.yaml.
fn at_plan_key(plan_file: &SourceFile, key: &str, d: Diagnostic) -> Diagnostic {
    if d.location.is_some() {
        return d;
    }
    frontmatter::at_key(plan_file, &[key], d)
}

/// The fixed words in the plan's language.
pub fn load_strings(resources: &Resources, language: &str) -> BTreeMap<String, String> {
    let text = resources
        .text(&format!("templates/strings/{language}.yaml"))
        .or_else(|| resources.text("templates/strings/en-GB.yaml"))
        .unwrap_or_default();
    serde_yaml::from_str(&text).unwrap_or_default()
}

/// A section's front matter with where it sits in the file.
struct Front {
    front: SectionFront,
    yaml: String,
    offset: usize,
    body_offset: usize,
    ok: bool,
}

fn read_fronts(sections: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) -> Vec<Front> {
    sections
        .iter()
        .map(|file| {
            let split = match frontmatter::split(file) {
                Ok(s) => s,
                Err(d) => {
                    diagnostics.push(d);
                    return Front {
                        front: SectionFront::default(),
                        yaml: String::new(),
                        offset: 0,
                        body_offset: file.text.len(),
                        ok: false,
                    };
                }
            };
            let (yaml, offset) = split
                .front
                .map_or((String::new(), 0), |(y, o)| (y.to_string(), o));
            let (front, ok) = match frontmatter::parse_front(file, &split) {
                Ok(f) => (f, true),
                Err(d) => {
                    diagnostics.push(d);
                    (SectionFront::default(), false)
                }
            };
            Front {
                front,
                yaml,
                offset,
                body_offset: split.body_offset,
                ok,
            }
        })
        .collect()
}

fn compute_tables(
    dir: &Path,
    plan: &PlanConfig,
    files: &[SourceFile],
    fronts: &[Front],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<ComputedTable>> {
    let population = |area: &str, period: &str| plan.population.get(area, period);
    let read_csv = |path: &str| -> Result<String, String> {
        let full = dir.join(path);
        std::fs::read_to_string(&full)
            .map_err(|e| format!("cannot read {}: {e}", load::display_path(&full)))
    };
    let ctx = compute::Context {
        population: &population,
        wales: plan.wales,
        read_csv: &read_csv,
    };
    let mut tables = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (file, front) in files.iter().zip(fronts) {
        for (id, spec) in front.front.tables.iter() {
            let at = |path: &[String]| {
                let mut full = vec!["tables".to_string(), id.clone()];
                full.extend(path.iter().cloned());
                let offset = frontmatter::locate(&front.yaml, &full).unwrap_or(0) + front.offset;
                file.line_col(offset).0
            };
            if let Some(first) = seen.get(id) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-table",
                        format!("the table id `{id}` is used twice"),
                    )
                    .at_line(file, at(&[]))
                    .note(format!("it is first defined in {first}"))
                    .hint("give each table its own id"),
                );
                continue;
            }
            seen.insert(id.clone(), file.path.clone());
            let (table, problems) = compute::compute_table(id, spec, &ctx);
            for p in problems {
                diagnostics.push(problem_diagnostic(dir, file, id, &p, at(&p.path)));
            }
            if let Some(table) = table {
                tables.push(Arc::new(table));
            }
        }
    }
    tables
}

fn problem_diagnostic(
    dir: &Path,
    file: &SourceFile,
    table: &str,
    p: &compute::Problem,
    line: usize,
) -> Diagnostic {
    let message = format!("table `{table}`: {}", p.message);
    let mut d = match p.severity {
        compute::Severity::Error => Diagnostic::error(p.code, message),
        compute::Severity::Warning => Diagnostic::warning(p.code, message),
    };
    d = match &p.csv_line {
        Some((csv, csv_line)) => match load::read_source(&dir.join(csv)) {
            Ok(Some(csv_file)) => d.at_line(&csv_file, *csv_line),
            _ => d
                .at_line(file, line)
                .note(format!("in {csv}, line {csv_line}")),
        },
        None => d.at_line(file, line),
    };
    if let Some(hint) = &p.hint {
        d = d.hint(hint.clone());
    }
    d
}

fn expand_and_parse(
    files: &[SourceFile],
    fronts: &[Front],
    plan: Option<&PlanConfig>,
    tables: &[Arc<ComputedTable>],
    failed: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let tables_unknown = fronts.iter().any(|f| !f.ok);
    let expander = plan.map(|p| expand::Expander::new(p, tables, failed, tables_unknown));
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
            let (nodes, found) = parse::parse(&expanded, body_line, file);
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

/// Ids that `#…` links may point at: headings, tables and charts.
fn anchors(sections: &[Section], tables: &[Arc<ComputedTable>]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for heading in validate::headings(sections) {
        util::unique_id(&heading.text, &mut out);
    }
    for table in tables {
        out.insert(format!("table-{}", table.id));
        out.insert(format!("figure-{}", table.id));
    }
    out
}

/// A warning for each `allow:` entry that names no diagnostic code (it would silence nothing).
fn check_allows(files: &[SourceFile], fronts: &[Front]) -> Vec<Diagnostic> {
    let known = explain::codes();
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
            if let Some(best) = util::did_you_mean(&allow.lint, known.iter().copied()) {
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
fn apply_allows(diagnostics: &mut Vec<Diagnostic>, files: &[SourceFile], fronts: &[Front]) {
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

/// Orders diagnostics by file (plan.yaml, then sections in order) and position.
fn sort(diagnostics: &mut [Diagnostic], loaded: &load::LoadedPlan) {
    let rank = |d: &Diagnostic| {
        let Some(loc) = &d.location else {
            return (0, 0, 0);
        };
        let file = std::iter::once(&loaded.plan_file)
            .chain(&loaded.sections)
            .position(|f| f.path == loc.file)
            .map_or(usize::MAX, |p| p + 1);
        (file, loc.line.unwrap_or(0), loc.column.unwrap_or(0))
    };
    diagnostics.sort_by_key(rank);
}

/// What a build writes, and how strict it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildOptions {
    pub html: bool,
    pub pdf: bool,
    /// Also write the Typst source of the PDF (template, JSON, assets, fonts) to this folder.
    pub emit_typst: Option<PathBuf>,
    /// Treat warnings as errors: write nothing if there are any.
    pub strict: bool,
    /// A release build: refused unless the plan has no errors and is signed off; writes
    /// manifest.json with the digest of every output.
    pub release: bool,
}

/// The result of a build.
pub struct Built {
    pub diagnostics: Vec<Diagnostic>,
    /// The files written (empty when the plan has errors).
    pub written: Vec<PathBuf>,
    /// Pages in the PDF, when one was made.
    pub pages: Option<usize>,
    /// How the edition was chosen, when plan.yaml did not name it.
    pub edition_chosen: Option<String>,
}

/// Why a build could not finish, apart from errors in the plan.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Template(#[from] render_html::TemplateError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// Makes every warning an error (for `--strict`).
pub fn promote_warnings(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = diagnostic::Severity::Error;
    }
}

/// Compiles a plan and, when it has no errors, renders and writes the chosen outputs.
pub fn build(dir: &Path, out_dir: &Path, options: &BuildOptions) -> Result<Built, BuildError> {
    let compiled = compile(dir);
    let edition_chosen = compiled
        .plan
        .as_ref()
        .and_then(|(_, p)| p.edition_chosen.clone());
    let mut diagnostics = compiled.diagnostics;
    if options.strict {
        promote_warnings(&mut diagnostics);
    }
    if options.release {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let refusal = match &compiled.plan {
            Some((file, plan)) => release::refusal(plan, file, errors),
            None => None,
        };
        // About plan.yaml, which comes first in the order of diagnostics.
        diagnostics.splice(0..0, refusal);
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let Some(rendered) = compiled.rendered.filter(|_| !failed) else {
        return Ok(Built {
            diagnostics,
            written: Vec::new(),
            pages: None,
            edition_chosen,
        });
    };
    let mut files: Vec<OutputFile> = Vec::new();
    let mut pages = None;
    if options.html {
        files.extend(render_html::render(
            &rendered.view,
            &rendered.resources,
            &rendered.theme,
            &rendered.assets,
        )?);
        files.push(statement::render(&rendered, &diagnostics)?);
    }
    if let Some(dir) = &options.emit_typst {
        pdf::emit_typst(&rendered, dir)?;
    }
    if options.pdf {
        let doc = pdf::render(&rendered)?;
        pages = Some(doc.pages);
        files.push(OutputFile::new(
            format!("{}.pdf", rendered.plan.slug()),
            doc.bytes,
        ));
    }
    if options.release {
        let manifest = release::manifest(&rendered.plan, dir, &files);
        files.push(release::manifest_file(&manifest));
    }
    let written = output::write_all(out_dir, &files)?;
    Ok(Built {
        diagnostics,
        written,
        pages,
        edition_chosen,
    })
}
