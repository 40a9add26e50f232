//! HTML renderer: takes the view model and gives the files of the web page (index.html,
//! style.css, fonts, images), rendered by the minijinja templates in templates/html with
//! autoescaping, so author text can never become markup.

use crate::output::OutputFile;
use crate::resources::Resources;
use crate::theme::Theme;
use crate::tmplguard::{self, limits};
use crate::view::{Asset, TocEntry, View};
use minijinja::{context, AutoEscape, Environment, ErrorKind, Value};
use serde::Serialize;

/// A failure in a template (a plan's own override, or a bug in ours).
#[derive(Debug, thiserror::Error)]
#[error("the HTML template {name} failed: {message}")]
pub struct TemplateError {
    /// The template's resource path, e.g. `templates/html/page.html`.
    pub name: String,
    /// The line in that template, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl TemplateError {
    fn new(name: &str, e: &minijinja::Error) -> Self {
        let name = e
            .name()
            .unwrap_or(name)
            .trim_start_matches("templates/html/");
        let message = match e.kind() {
            ErrorKind::OutOfFuel => format!(
                "the template does more work than a page may (more than {} steps)",
                limits::LAYOUT_FUEL
            ),
            ErrorKind::WriteFailure => format!(
                "the template writes more than {}",
                crate::confine::human_size(limits::LAYOUT_OUTPUT as u64)
            ),
            _ => format!(
                "{}{}",
                e.kind(),
                e.detail().map(|d| format!(": {d}")).unwrap_or_default()
            ),
        };
        TemplateError {
            name: format!("templates/html/{name}"),
            line: e.line(),
            message,
        }
    }

    /// The failure as a diagnostic at the template's line (the plan's file when it overrides
    /// the template).
    pub fn diagnostic(&self, resources: &Resources) -> crate::diagnostic::Diagnostic {
        let d = crate::diagnostic::Diagnostic::error(
            "template-error",
            format!("the HTML template failed: {}", self.message),
        )
        .hint("fix the plan's template override, or delete it to use the built-in one");
        let file = crate::diagnostic::SourceFile::new(
            resources.shown_path(&self.name),
            resources.text(&self.name).unwrap_or_default(),
        );
        match self.line {
            Some(line) if line <= file.line_count() => d.at_line(&file, line),
            _ => d.in_file(file.path),
        }
    }
}

/// A minijinja environment for the page templates, bounded for templates a plan overrides:
/// every template, included ones too, comes through the confined reader and the template guard
/// (see [`crate::tmplguard`]), and rendering has fuel and a recursion limit.
pub fn environment(resources: &Resources) -> Environment<'static> {
    let mut env = Environment::new();
    let resources = resources.clone();
    env.set_loader(move |name| load_template(&resources, name));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_fuel(Some(limits::LAYOUT_FUEL));
    env.set_recursion_limit(limits::RECURSION);
    env
}

fn load_template(resources: &Resources, name: &str) -> Result<Option<String>, minijinja::Error> {
    let path = format!("templates/html/{name}");
    let Some(bytes) = resources.get(&path) else {
        return match resources.refusal(&path) {
            Some(reason) => Err(minijinja::Error::new(ErrorKind::InvalidOperation, reason)),
            None => Ok(None),
        };
    };
    let text = String::from_utf8(bytes.into_owned()).map_err(|_| {
        minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("{path} is not UTF-8 text"),
        )
    })?;
    if let Err(refusal) = tmplguard::check(&text, tmplguard::Mode::Layout) {
        let line = 1 + text[..refusal.offset].matches('\n').count();
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "{path}, line {line}: a template may not use {}",
                refusal.what
            ),
        ));
    }
    Ok(Some(text))
}

/// Checks the plan's own page templates before anything is built, so `check` reports what
/// `build` would refuse: each override under templates/ must be readable from inside the plan
/// (refusals are recorded in `resources`), and each HTML one must keep to the template guard.
pub fn check_overrides(
    resources: &Resources,
    plan_dir: &std::path::Path,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out = Vec::new();
    let overridden = |path: &String| std::fs::symlink_metadata(plan_dir.join(path)).is_ok();
    let html = resources
        .names("templates/html")
        .into_iter()
        .map(|n| format!("templates/html/{n}"));
    for path in html
        .chain([crate::pdf::TEMPLATE.to_string()])
        .filter(overridden)
    {
        let Some(bytes) = resources.get(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if !path.ends_with(".html") && !path.ends_with(".css") {
            continue;
        }
        if let Err(refusal) = tmplguard::check(&text, tmplguard::Mode::Layout) {
            let file =
                crate::diagnostic::SourceFile::new(resources.shown_path(&path), text.into_owned());
            out.push(
                crate::diagnostic::Diagnostic::error("template-error", format!("a template may not use {}", refusal.what))
                    .at(&file, refusal.offset..refusal.offset + 1)
                    .hint("page templates may not build text or lists (`~`, `*`, `range()`, list literals, `set`, `with`); see docs/format.md, \"Limits\""),
            );
        }
    }
    out
}

/// Renders a template into at most [`limits::LAYOUT_OUTPUT`] bytes.
pub fn render_template(env: &Environment, name: &str, ctx: Value) -> Result<String, TemplateError> {
    let mut out = tmplguard::Capped::new(limits::LAYOUT_OUTPUT);
    env.get_template(name)
        .and_then(|t| t.render_captured_to(ctx, &mut out))
        .map_err(|e| TemplateError::new(name, &e))?;
    Ok(String::from_utf8_lossy(&out.bytes).into_owned())
}

/// A contents entry with the entries below it.
#[derive(Debug, Serialize)]
struct TocNode {
    id: String,
    text: String,
    children: Vec<TocNode>,
}

/// Nests the flat contents list by heading level.
fn nest(entries: &[TocEntry]) -> Vec<TocNode> {
    let mut out: Vec<TocNode> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let level = entries[i].level;
        let end = entries[i + 1..]
            .iter()
            .position(|e| e.level <= level)
            .map_or(entries.len(), |p| i + 1 + p);
        out.push(TocNode {
            id: entries[i].id.clone(),
            text: entries[i].text.clone(),
            children: nest(&entries[i + 1..end]),
        });
        i = end;
    }
    out
}

/// Renders the page and gathers the files it needs.
pub fn render(
    view: &View,
    resources: &Resources,
    theme: &Theme,
    assets: &[Asset],
) -> Result<Vec<OutputFile>, TemplateError> {
    let mut env = environment(resources);
    env.add_global("meta", Value::from_serialize(&view.meta));
    let page = render_template(
        &env,
        "page.html",
        context! { theme => view.theme, toc => nest(&view.toc), blocks => view.blocks },
    )?;
    let fonts = theme.font_files(resources);
    let font_file = fonts
        .first()
        .and_then(|(name, _)| name.split('-').next())
        .map(str::to_string);
    let css = render_template(
        &env,
        "style.css",
        context! { c => view.theme, font => theme.font, font_file => font_file },
    )?;
    let mut files = vec![
        OutputFile::new("html/index.html", page.into_bytes()),
        OutputFile::new("html/style.css", css.into_bytes()),
    ];
    for (name, bytes) in fonts {
        files.push(OutputFile::new(
            format!("html/fonts/{name}"),
            bytes.into_owned(),
        ));
    }
    for asset in assets.iter().filter(|a| !a.path.starts_with("charts/")) {
        files.push(OutputFile::new(
            format!("html/{}", asset.path),
            asset.bytes.clone(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_nest_by_level() {
        let e = |level, id: &str| TocEntry {
            level,
            id: id.into(),
            text: id.into(),
        };
        let nested = nest(&[e(1, "a"), e(2, "b"), e(3, "c"), e(2, "d"), e(1, "f")]);
        assert_eq!(nested.len(), 2);
        assert_eq!(nested[0].children.len(), 2);
        assert_eq!(nested[0].children[0].children[0].id, "c");
    }
}
