//! HTML renderer: takes the view model and gives the files of the web page (index.html,
//! style.css, fonts, images), rendered by the minijinja templates in templates/html with
//! autoescaping, so author text can never become markup.

use crate::load::assets::Asset;
use crate::output::OutputFile;
use crate::resources::theme::Theme;
use crate::resources::Resources;
use crate::view::{TocEntry, View};
use minijinja::{context, AutoEscape, Environment, Value};
use serde::Serialize;

/// A failure in a template (a plan's own override, or a bug in ours).
#[derive(Debug, thiserror::Error)]
#[error("the HTML template {name} failed: {message}")]
pub struct TemplateError {
    /// The template's name.
    pub name: String,
    /// What went wrong, with the template line.
    pub message: String,
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

fn environment(resources: &Resources, view: &View) -> Environment<'static> {
    let mut env = Environment::new();
    let resources = resources.clone();
    env.set_loader(move |name| Ok(resources.text(&format!("templates/html/{name}"))));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_global("meta", Value::from_serialize(&view.meta));
    env
}

fn render_template(env: &Environment, name: &str, ctx: Value) -> Result<String, TemplateError> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| TemplateError {
            name: format!("templates/html/{name}"),
            message: format!("{e:#}"),
        })
}

/// Renders the page and gathers the files it needs.
pub fn render(
    view: &View,
    resources: &Resources,
    theme: &Theme,
    assets: &[Asset],
) -> Result<Vec<OutputFile>, TemplateError> {
    let env = environment(resources, view);
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
