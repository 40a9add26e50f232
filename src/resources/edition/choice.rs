//! Choosing the edition: takes plan.yaml's `period`, `edition` and `update_of`, and gives the
//! edition the plan is checked against: the one named, or the one whose years hold the plan's
//! first year (saying which), or that edition's annual update. Diagnostics: a period that is not
//! one, an annual update that does not fit its plan, an unknown or broken edition, and an edition
//! named for years it does not cover (a warning naming the right one).

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::at_key;
use crate::load::period::{check_periods, Period};
use crate::load::plan::PlanConfig;
use crate::resources::edition::{self, Edition, EditionError};
use crate::resources::Resources;

/// The first year that decides the edition: the plan's, or for an update, its plan's.
fn deciding_period(plan: &PlanConfig) -> Option<Period> {
    let update = plan.update_of.as_deref().and_then(Period::parse);
    update.or_else(|| Period::parse(&plan.period))
}

/// Finds the edition the plan is checked against; records in `plan` which was chosen and why.
pub fn choose(
    resources: &Resources,
    plan: &mut PlanConfig,
    plan_file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Edition> {
    let period = deciding_period(plan);
    let edition = if plan.edition.trim().is_empty() {
        // A period that cannot be read has its own error; no second one about the edition.
        let period = period?;
        let Some(e) = edition::for_year(period.first) else {
            diagnostics.push(at_key(plan_file, &["period"], Diagnostic::error(
                "no-edition",
                format!("no edition of the YJB template is for {}", Period::year(period.first)),
            ))
            .hint("the editions start with yjb-2019 (2019/20); name the structure the plan follows with `edition:`, which may be one the plan carries in templates/editions/"));
            return None;
        };
        plan.edition = e.edition.clone();
        // A multi-year plan is checked against the edition of its first year; say so.
        let from = match period.is_multi_year() {
            true => format!("{}, the first year of {period}", Period::year(period.first)),
            false => period.to_string(),
        };
        plan.edition_chosen = Some(format!(
            "edition {} chosen from the period {from}",
            e.edition
        ));
        e
    } else {
        let e = load(resources, plan, plan_file, diagnostics)?;
        if let Some(period) = period.filter(|p| !e.covers_year(p.first)) {
            diagnostics.push(wrong_years(&e, period, plan_file));
        }
        e
    };
    if plan.update_of.is_none() {
        return Some(edition);
    }
    let update = edition.for_annual_update();
    if update.is_none() {
        diagnostics.push(at_key(plan_file, &["update_of"], Diagnostic::error(
            "no-annual-update",
            format!("the edition {} has no annual update", edition.edition),
        ))
        .hint("annual updates of multi-year plans came with the 2024 guidance (yjb-2024); remove `update_of:` to check this document as a plan of its own"));
    }
    update
}

fn load(
    resources: &Resources,
    plan: &PlanConfig,
    plan_file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Edition> {
    match edition::load(resources, &plan.edition) {
        Ok(e) => Some(e),
        Err(EditionError::Unknown { id, known }) => {
            let mut d = Diagnostic::error(
                "unknown-edition",
                format!("there is no edition `{id}` of the YJB template"),
            );
            if let Some(best) = crate::util::did_you_mean(&id, known.iter().map(String::as_str)) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            d = d.hint(format!(
                "the editions yjplan knows are {}; leave `edition:` out and yjplan chooses the one for the period; a plan may carry its own in templates/editions/<id>.yaml",
                known.join(", ")
            ));
            diagnostics.push(at_key(plan_file, &["edition"], d));
            None
        }
        Err(EditionError::Invalid { problems, .. }) => {
            diagnostics.extend(problems);
            None
        }
    }
}

fn wrong_years(e: &Edition, period: Period, plan_file: &SourceFile) -> Diagnostic {
    let year = Period::year(period.first);
    let mut d = Diagnostic::warning(
        "edition-period",
        format!(
            "the edition {} is for {}, not {year}",
            e.edition,
            e.years_text()
        ),
    );
    d = match edition::for_year(period.first) {
        Some(right) => d.hint(format!(
            "write `edition: {}` (the edition for {year}), or leave `edition:` out and yjplan chooses it",
            right.edition
        )),
        None => d.hint("check the period: no edition of the YJB template is for it"),
    };
    at_key(plan_file, &["edition"], d)
}

/// The edition for `yjplan new`: the one named, else the one for the period (and a sentence saying
/// which, or that the one named is for other years); for an update, its annual update.
pub fn for_new_plan(
    period: &str,
    edition: Option<&str>,
    update_of: Option<&str>,
) -> Result<(Edition, Option<String>), String> {
    let plan = PlanConfig::for_period(period, edition.unwrap_or(""), update_of);
    let file = SourceFile::new("plan.yaml", "");
    let mut problems = check_periods(&file, &plan);
    let mut plan = plan;
    let chosen = if problems.is_empty() {
        choose(&Resources::embedded(), &mut plan, &file, &mut problems)
    } else {
        None
    };
    let words = |d: &Diagnostic| {
        let hint = d
            .hints
            .first()
            .map(|h| format!(": {h}"))
            .unwrap_or_default();
        format!("{}{hint}", d.message)
    };
    match chosen {
        Some(e) if !problems.iter().any(Diagnostic::is_error) => {
            let note = problems
                .first()
                .map(words)
                .or(plan.edition_chosen.map(|c| format!("using the {c}")));
            Ok((e, note))
        }
        _ => Err(problems
            .first()
            .map(words)
            .unwrap_or_else(|| "there is no such edition".into())),
    }
}

/// What `yjplan headings` prints: an edition's outline (named, or the plan's), or the list of
/// editions; else the problems that stopped it.
pub fn for_headings(
    edition: Option<&str>,
    plan_dir: Option<&std::path::Path>,
) -> (Option<String>, Vec<Diagnostic>) {
    let resources = plan_dir.map_or_else(Resources::embedded, Resources::for_plan);
    let mut problems = Vec::new();
    let found = match (edition, plan_dir) {
        (Some(id), _) => {
            let plan = PlanConfig::for_period("", id, None);
            let file = SourceFile::new("--edition", "");
            let outline = load(&resources, &plan, &file, &mut problems).map(|e| e.outline());
            // An unknown id is about the command line, not a file.
            for d in problems.iter_mut().filter(|d| d.code == "unknown-edition") {
                d.location = None;
            }
            outline
        }
        (None, Some(dir)) => plan_outline(&resources, dir, &mut problems),
        (None, None) => Some(list()),
    };
    (found, problems)
}

fn plan_outline(
    resources: &Resources,
    dir: &std::path::Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let path = dir.join("plan.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        problems.push(Diagnostic::error(
            "no-plan-yaml",
            format!("there is no plan.yaml in {}", dir.display()),
        ));
        return None;
    };
    let file = SourceFile::new(crate::diag::display_path(&path), text);
    let (mut plan, found) = crate::load::plan::parse(&file)
        .map_err(|d| problems.push(d))
        .ok()?;
    problems.extend(found.into_iter().filter(Diagnostic::is_error));
    if !problems.is_empty() {
        return None;
    }
    let e = choose(resources, &mut plan, &file, problems)?;
    let chosen = plan
        .edition_chosen
        .map(|c| format!("({c})\n"))
        .unwrap_or_default();
    Some(format!("{chosen}{}", e.outline()))
}

/// The editions yjplan has, with their years.
fn list() -> String {
    let resources = Resources::embedded();
    let mut out = String::from("The editions of the YJB template yjplan knows (`yjplan headings --edition ID` shows one):\n");
    for e in edition::known_editions()
        .iter()
        .filter_map(|id| edition::load(&resources, id).ok())
    {
        out.push_str(&format!("  {:<10} {}\n", e.edition, e.years_text()));
    }
    out
}

#[cfg(test)]
mod tests;
