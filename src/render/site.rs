//! The multi-page site (plan.yaml `publish: site: true`): takes the rendered plan and gives one
//! page per top-level section (out/html/section-NN-<id>.html), each with the plan's header, a
//! "Sections" list of every page, its own contents, previous/next links and the same markup and
//! accessibility as the full page. Links to a heading, table or note on another page are
//! rewritten to that page.

use crate::output::OutputFile;
use crate::render::html::{
    blocks_html, environment, nest, render_template, Publication, TemplateError,
};
use crate::render::RenderContext;
use crate::view::{TocEntry, ViewBlock};
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to one page of the site.
#[derive(Debug, Clone, Serialize)]
struct PageLink {
    href: String,
    text: String,
    current: bool,
}

/// One top-level section: its heading's id and text, and its blocks.
struct Section<'a> {
    id: &'a str,
    text: &'a str,
    blocks: &'a [ViewBlock],
}

/// Splits the document at each top-level heading; anything before the first goes with it.
fn sections(blocks: &[ViewBlock]) -> Vec<Section<'_>> {
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, ViewBlock::Heading { level: 1, .. }))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(n, &start)| {
            let ViewBlock::Heading { id, text, .. } = &blocks[start] else {
                return None;
            };
            let from = if n == 0 { 0 } else { start };
            let to = starts.get(n + 1).copied().unwrap_or(blocks.len());
            Some(Section {
                id,
                text,
                blocks: &blocks[from..to],
            })
        })
        .collect()
}

/// The contents entries of the section whose heading is `id`.
fn local_toc<'a>(toc: &'a [TocEntry], id: &str) -> &'a [TocEntry] {
    let Some(start) = toc.iter().position(|e| e.id == id) else {
        return &[];
    };
    let level = toc[start].level;
    let end = toc[start + 1..]
        .iter()
        .position(|e| e.level <= level)
        .map_or(toc.len(), |p| start + 1 + p);
    &toc[start..end]
}

/// Renders every page of the site.
pub fn render(
    r: &RenderContext,
    publication: &Publication,
) -> Result<Vec<OutputFile>, TemplateError> {
    let env = environment(&r.resources, &r.view);
    let parts = sections(&r.view.blocks);
    let names: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(n, s)| format!("section-{:02}-{}.html", n + 1, crate::util::slug(s.id)))
        .collect();
    let mut pages = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        let link = |i: usize| PageLink {
            href: names[i].clone(),
            text: parts[i].text.to_string(),
            current: i == n,
        };
        let site = context! {
            sections => (0..parts.len()).map(link).collect::<Vec<_>>(),
            prev => n.checked_sub(1).map(link),
            next => (n + 1 < parts.len()).then(|| link(n + 1)),
        };
        let html = render_template(
            &env,
            "page.html",
            context! {
                theme => r.view.theme, toc => nest(local_toc(&r.view.toc, part.id)),
                blocks => part.blocks, blocks_html => blocks_html(&env, Value::from_serialize(part.blocks))?,
                publication => publication, fragment => false,
                site => site, page_title => format!("{}: {}", part.text, r.view.meta.title),
            },
        )?;
        pages.push(html);
    }
    Ok(link_across(&names, pages)
        .into_iter()
        .map(|(name, html)| OutputFile::new(format!("html/{name}"), html.into_bytes()))
        .collect())
}

/// The ids a page defines.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|piece| piece.split('"').next())
        .collect()
}

/// Points each in-page link (`href="#x"`) whose target is on another page at that page.
fn link_across(names: &[String], pages: Vec<String>) -> Vec<(String, String)> {
    let own: Vec<Vec<&str>> = pages.iter().map(|p| ids(p)).collect();
    let mut home: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, page_ids) in own.iter().enumerate() {
        for id in page_ids {
            home.entry(id).or_insert(n);
        }
    }
    pages
        .iter()
        .enumerate()
        .map(|(n, page)| {
            let mut out = String::with_capacity(page.len());
            let mut rest = page.as_str();
            while let Some(at) = rest.find("href=\"#") {
                let (before, after) = rest.split_at(at + "href=\"".len());
                out.push_str(before);
                let target = after[1..].split('"').next().unwrap_or("");
                let here = own[n].contains(&target);
                if let Some(&other) = home.get(target).filter(|_| !here) {
                    out.push_str(&names[other]);
                }
                rest = after;
            }
            out.push_str(rest);
            (names[n].clone(), out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_another_page_name_it() {
        let names = vec!["a.html".to_string(), "b.html".to_string()];
        let pages = vec![
            r##"<h2 id="one">1</h2><a href="#one">x</a><a href="#two">y</a>"##.to_string(),
            r##"<h2 id="two">2</h2><a href="#one">z</a>"##.to_string(),
        ];
        let linked = link_across(&names, pages);
        assert_eq!(
            linked[0].1,
            r##"<h2 id="one">1</h2><a href="#one">x</a><a href="b.html#two">y</a>"##
        );
        assert_eq!(
            linked[1].1,
            r##"<h2 id="two">2</h2><a href="a.html#one">z</a>"##
        );
    }
}
