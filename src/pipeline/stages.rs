//! The adapters of the pipeline's stages: each takes what the stages before it gave, runs one
//! stage (or, for validation, a group of checks in a fixed order) and gives its value, pushing
//! or giving its diagnostics. [`super::compile`] calls them in order, one line each.

use super::tables::compute_tables;
use crate::compute::ComputedTable;
use crate::diag::Diagnostic;
use crate::expand::Expander;
use crate::load::assets::Images;
use crate::load::cover;
use crate::load::data::DataFiles;
use crate::load::front_matter::Front;
use crate::load::plan::{self, at_plan_key, PlanConfig};
use crate::load::LoadedPlan;
use crate::model::Section;
use crate::parse::parse;
use crate::render::{self, RenderContext};
use crate::resources::edition::Edition;
use crate::resources::theme::Theme;
use crate::resources::{edition, strings, theme, Resources};
use crate::validate::{self, allow, glyphs, lint, pdf_safety};
use crate::view;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What plan.yaml sets up for the later stages: the settings, the edition, the theme and the
/// fixed words, with the plan's resources and images.
pub(super) struct Setup {
    /// plan.yaml's settings, when it could be read.
    pub plan: Option<PlanConfig>,
    edition: Option<Edition>,
    theme: Option<Theme>,
    strings: Option<BTreeMap<String, String>>,
    resources: Resources,
    images: Images,
}

/// Reads plan.yaml and what it names: the cover's images (checked first, so their problems come
/// at their own lines), the edition, the theme (with its contrast) and the fixed words.
pub(super) fn setup(dir: &Path, loaded: &LoadedPlan, d: &mut Vec<Diagnostic>) -> Setup {
    let images = Images::new(dir);
    let resources = Resources::for_plan(dir);
    let mut plan = keep(plan::parse(&loaded.plan_file), d);
    if let Some(p) = &plan {
        d.extend(cover::check_cover_images(&loaded.plan_file, p, &images));
    }
    let edition = plan
        .as_mut()
        .and_then(|p| edition::choice::choose(&resources, p, &loaded.plan_file, d));
    let theme = plan.as_ref().and_then(|p| {
        let found = theme::load(&resources, &p.theme);
        let found = found.map_err(|e| at_plan_key(&loaded.plan_file, "theme", e));
        let theme = found.map_err(|e| d.push(e)).ok()?;
        d.extend(theme.check_contrast());
        Some(theme)
    });
    // Read before validation collects the refused overrides, so a refused strings file is reported.
    let strings = plan
        .as_ref()
        .map(|p| strings::load(&resources, &p.language));
    Setup {
        plan,
        edition,
        theme,
        strings,
        resources,
        images,
    }
}

/// Computes every table of the plan (none without plan.yaml's populations).
pub(super) fn compute(
    dir: &Path,
    setup: &Setup,
    loaded: &LoadedPlan,
    fronts: &[Front],
    d: &mut Vec<Diagnostic>,
) -> Vec<Arc<ComputedTable>> {
    let data = DataFiles::new(dir);
    let Some(plan) = &setup.plan else {
        return Vec::new();
    };
    compute_tables(&data, plan, &loaded.sections, fronts, d)
}

/// Checks the headings against the edition, the placed tables and the sign-off. Gives the
/// template headings matched to the plan's, which the view needs.
pub(super) fn match_headings(
    setup: &Setup,
    loaded: &LoadedPlan,
    sections: &[Section],
    d: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let (Some(plan), Some(edition)) = (&setup.plan, &setup.edition) else {
        return Vec::new();
    };
    if loaded.sections.is_empty() {
        return Vec::new();
    }
    let found = validate::headings(sections);
    let (matched, found_diags) = validate::check_headings(&found, edition, plan);
    d.extend(found_diags);
    d.extend(validate::check_tables(sections, &found, &matched, edition));
    d.extend(validate::check_sign_off(plan, &loaded.plan_file));
    matched
}

/// Runs the checks the view does not need, in a fixed order: author lints, figures in prose,
/// links and images, and what rendering would meet.
pub(super) fn check_content(
    dir: &Path,
    setup: &Setup,
    loaded: &LoadedPlan,
    fronts: &[Front],
    sections: &[Section],
    tables: &[Arc<ComputedTable>],
) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    if let Some(plan) = &setup.plan {
        d.extend(lint::lint(sections, tables, &plan.glossary));
        let bodies: Vec<_> = loaded
            .sections
            .iter()
            .zip(fronts)
            .map(|(f, fr)| (f, fr.body_offset))
            .collect();
        d.extend(validate::check_prose(&bodies, tables));
    }
    let anchors = validate::anchors(sections, tables);
    d.extend(validate::check_content(sections, &setup.images, &anchors));
    let fronts: Vec<_> = loaded
        .sections
        .iter()
        .zip(fronts)
        .map(|(f, fr)| (f, fr.yaml.as_str(), fr.offset))
        .collect();
    let rendering = before_rendering(dir, setup, loaded, sections, tables);
    let values = pdf_safety::values::plan_values(&loaded.plan_file, &fronts, sections, tables);
    // A line already refused for a tighter limit (the service's name) is not refused twice.
    let fresh = |v: &Diagnostic| {
        !rendering
            .iter()
            .any(|r| r.code == v.code && r.location == v.location)
    };
    d.extend(values.into_iter().filter(fresh));
    d.extend(rendering);
    d
}

/// Applies the sections' `allow:` lists to every diagnostic, and checks the lists themselves.
pub(super) fn apply_allows(loaded: &LoadedPlan, fronts: &[Front], d: &mut Vec<Diagnostic>) {
    allow::apply_allows(d, &loaded.sections, fronts);
    d.extend(allow::check_allows(&loaded.sections, fronts));
}

/// The errors rendering would otherwise meet, at their lines, so that `check` fails wherever
/// `build` would: characters no font has, texts too long for a PDF, footnote cycles, template
/// overrides that break the rules or cannot be read. Runs after everything that reads
/// resources, so that every refused override is reported.
fn before_rendering(
    dir: &Path,
    setup: &Setup,
    loaded: &LoadedPlan,
    sections: &[Section],
    tables: &[Arc<ComputedTable>],
) -> Vec<Diagnostic> {
    let mut out = pdf_safety::check(sections);
    if let Some(plan) = &setup.plan {
        out.extend(pdf_safety::settings(&loaded.plan_file, plan));
    }
    let found = setup.theme.as_ref().map(|theme| {
        let found = glyphs::Glyphs::for_theme(&setup.resources, theme);
        let plan = setup.plan.as_ref();
        out.extend(glyphs::check(
            &found,
            sections,
            tables,
            &loaded.plan_file,
            plan,
        ));
        found
    });
    if let Some(plan) = &setup.plan {
        out.extend(pdf_safety::values::own_files(
            &setup.resources,
            plan,
            found.as_ref(),
        ));
    }
    out.extend(render::templates::check_overrides(&setup.resources, dir));
    out.extend(setup.resources.refusals());
    out
}

/// Builds the view model and the render context, when plan.yaml, the edition and the theme
/// could all be read.
pub(super) fn view(
    setup: &Setup,
    sections: &[Section],
    matched: &[Option<usize>],
    tables: &[Arc<ComputedTable>],
) -> Option<RenderContext> {
    let (Some(plan), Some(edition), Some(theme)) = (&setup.plan, &setup.edition, &setup.theme)
    else {
        return None;
    };
    let no_strings = BTreeMap::new();
    let (view, assets) = view::build(&view::Inputs {
        plan,
        edition,
        theme,
        strings: setup.strings.as_ref().unwrap_or(&no_strings),
        sections,
        matched,
        tables,
        images: &setup.images,
    });
    Some(RenderContext {
        view,
        assets,
        plan: plan.clone(),
        theme: theme.clone(),
        resources: setup.resources.clone(),
        tables: tables.to_vec(),
    })
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
pub(super) fn expand_and_parse(
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
    let pairs: Vec<_> = files.iter().zip(fronts).collect();
    let parsed = crate::util::par_map(&pairs, |&(file, front)| {
        let mut diagnostics = Vec::new();
        let body_line = file.line_col(front.body_offset).0;
        // Marks typed in the source would place tables: only expansion may write them.
        let (body, refused) =
            crate::parse::refuse_typed(&file.text[front.body_offset..], body_line, file);
        let body = body.as_ref();
        diagnostics.extend(refused);
        let expanded = match &expander {
            Some(expander) if front.ok => {
                let tags = crate::load::pasted::plain_spaces_in_tags(body);
                match expander.expand(file, &tags, front.body_offset) {
                    Ok(text) => text,
                    Err((text, errors)) => {
                        diagnostics.extend(errors);
                        text
                    }
                }
            }
            _ => body.to_string(),
        };
        let (nodes, mut found) = parse(&expanded, body_line, file);
        crate::parse::pasted::check(body, body_line, file, &mut found);
        diagnostics.extend(found);
        let section = Section {
            file: file.clone(),
            nodes,
            tables: front
                .front
                .tables
                .iter()
                .map(|(id, _)| id.clone())
                .collect(),
            front_ok: front.ok,
        };
        (section, diagnostics)
    });
    parsed
        .into_iter()
        .map(|(section, found)| {
            diagnostics.extend(found);
            section
        })
        .collect()
}
