//! Page templates: takes the resources (built-in templates and the plan's overrides) and gives a
//! minijinja environment bounded for templates a plan may override, the rendering of one
//! template into capped output, and the check `check` runs on the overrides before any build.
//! Every template, included ones too, comes through the confined reader and the template guard
//! ([`crate::resources::guard`]); rendering has fuel and a recursion limit.

use crate::diag::{Diagnostic, SourceFile};
use crate::resources::guard::{self, limits};
use crate::resources::Resources;
use minijinja::{AutoEscape, Environment, ErrorKind, Value};

/// A failure in a template (a plan's own override, or a bug in ours).
#[derive(Debug, thiserror::Error)]
#[error("the HTML template {name} failed: {message}")]
pub struct TemplateError {
    /// The template's resource path, e.g. `templates/html/page.html`.
    pub name: String,
    /// The line in that template, when known.
    pub line: Option<usize>,
    /// What went wrong.
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
                crate::load::confine::human_size(limits::LAYOUT_OUTPUT as u64)
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
    pub fn diagnostic(&self, resources: &Resources) -> Diagnostic {
        let d = Diagnostic::error(
            "template-error",
            format!("the HTML template failed: {}", self.message),
        )
        .hint("fix the plan's template override, or delete it to use the built-in one");
        let file = SourceFile::new(
            resources.shown_path(&self.name),
            resources.text(&self.name).unwrap_or_default(),
        );
        match self.line {
            Some(line) if line <= file.line_count() => d.at_line(&file, line),
            _ => d.in_file(file.path),
        }
    }
}

/// A minijinja environment for the page templates (HTML autoescaped).
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
    env.add_filter("url_path", url_path);
    env
}

/// A file path as a URL path: an image named `org chart.svg` (the author may write
/// `![…](<assets/org chart.svg>)`) is linked as `org%20chart.svg`, a valid `src`.
fn url_path(path: String) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
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
    if let Err(refusal) = guard::check(&text, guard::Mode::Layout) {
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

/// Renders a template into at most [`limits::LAYOUT_OUTPUT`] bytes.
pub fn render_template(env: &Environment, name: &str, ctx: Value) -> Result<String, TemplateError> {
    let mut out = guard::Capped::new(limits::LAYOUT_OUTPUT);
    env.get_template(name)
        .and_then(|t| t.render_captured_to(ctx, &mut out))
        .map_err(|e| TemplateError::new(name, &e))?;
    Ok(String::from_utf8(out.bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// Checks the plan's own templates before anything is built, so `check` reports what `build`
/// would refuse: each override under templates/ must be readable from inside the plan
/// (refusals are recorded in `resources`), and each HTML one must keep to the template guard.
pub fn check_overrides(resources: &Resources, plan_dir: &std::path::Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let overridden = |path: &String| std::fs::symlink_metadata(plan_dir.join(path)).is_ok();
    let html = resources
        .names("templates/html")
        .into_iter()
        .map(|n| format!("templates/html/{n}"));
    let typst = crate::render::pdf::TEMPLATE.to_string();
    for path in html.chain([typst]).filter(overridden) {
        let Some(bytes) = resources.get(&path) else {
            continue;
        };
        if !path.ends_with(".html") && !path.ends_with(".css") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Err(refusal) = guard::check(&text, guard::Mode::Layout) {
            let file = SourceFile::new(resources.shown_path(&path), text.into_owned());
            out.push(
                Diagnostic::error("template-error", format!("a template may not use {}", refusal.what))
                    .at(&file, refusal.offset..refusal.offset + 1)
                    .hint("page templates may not build text or lists (`~`, `*`, `range()`, list literals, `set`, `with`); see docs/format.md, \"Limits\""),
            );
        }
    }
    out
}
