//! HTML renderer: takes the view model and what is published beside the page (the PDF, the
//! open data, dates, contact, licence: [`Publication`]) and gives the files of the web folder
//! out/html/: index.html (the full page), fragment.html (the same plan as body content for a
//! council's CMS), style.css (every rule under `.yjplan`), fonts, images. Rendered by the
//! minijinja templates in templates/html with autoescaping, so author text can never become
//! markup.

use crate::load::plan::{long_date, parse_date};
use crate::load::publish::Contact;
use crate::output::OutputFile;
use crate::render::RenderContext;
use crate::resources::Resources;
use crate::view::{TocEntry, View};
use minijinja::{context, Environment, Value};
use serde::Serialize;

pub(super) use super::templates::render_template;
pub use super::templates::TemplateError;

/// A contents entry with the entries below it.
#[derive(Debug, Serialize)]
pub(super) struct TocNode {
    id: String,
    text: String,
    children: Vec<TocNode>,
}

/// Nests the flat contents list by heading level.
pub(super) fn nest(entries: &[TocEntry]) -> Vec<TocNode> {
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

/// The bounded environment for page templates, with the plan's `meta` as a global.
pub(super) fn environment(resources: &Resources, view: &View) -> Environment<'static> {
    let mut env = super::templates::environment(resources);
    env.add_global("meta", Value::from_serialize(&view.meta));
    env.add_template(
        BLOCKS_BODY,
        "{% import \"blocks.html\" as b %}{{ b.blocks(blocks) }}",
    )
    .expect("the blocks' template parses");
    env
}

/// The built-in template that renders a list of blocks through blocks.html.
const BLOCKS_BODY: &str = "blocks-body.html";

/// `blocks` as HTML, through blocks.html: plan.html's `blocks_html`, rendered once for the page
/// and the fragment, which show the same blocks.
pub(super) fn blocks_html(env: &Environment, blocks: Value) -> Result<Value, TemplateError> {
    let html = render_template(env, BLOCKS_BODY, context! { blocks => blocks })?;
    Ok(Value::from_safe_string(html))
}

/// The PDF as the page links to it.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    /// The file name, beside the page.
    pub href: String,
    /// "PDF, 1.2 MB, 24 pages".
    pub info: String,
}

impl PdfLink {
    /// The link to a PDF of `bytes` bytes and `pages` pages named `name`.
    pub fn new(name: &str, bytes: usize, pages: usize) -> Self {
        let size = if bytes >= 1_000_000 {
            format!("{:.1} MB", bytes as f64 / 1_000_000.0)
        } else {
            format!("{} KB", bytes.div_ceil(1000))
        };
        let pages = if pages == 1 {
            "1 page".into()
        } else {
            format!("{pages} pages")
        };
        PdfLink {
            href: name.to_string(),
            info: format!("PDF, {size}, {pages}"),
        }
    }
}

/// A PDF link rendered before the PDF is made: its `info` is a token of 128 random bits drawn
/// for this build, which no author text can know in advance, so the page can be rendered while
/// the PDF is typeset and the token replaced by the real size afterwards.
#[derive(Debug, Clone)]
pub struct PendingPdfLink {
    name: String,
    token: String,
}

impl PendingPdfLink {
    /// A pending link to the PDF named `name`, with a fresh token.
    pub fn new(name: &str) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // RandomState is seeded from the system's randomness, and each one differs.
        let random = || {
            std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish()
        };
        PendingPdfLink {
            name: name.to_string(),
            token: format!("yjplanpdfinfo{:016x}{:016x}", random(), random()),
        }
    }

    /// The link as the templates see it, with the token for its `info`.
    pub fn link(&self) -> PdfLink {
        PdfLink {
            href: self.name.clone(),
            info: self.token.clone(),
        }
    }

    /// Finds the token in web pages rendered with [`PendingPdfLink::link`] (only pages carry
    /// the link: the open data, fonts and images are not searched), so that the pages can be
    /// filled in as soon as the PDF is made. `None` when a page holds the token in another form
    /// (a plan's template changed it, say with `upper`): then the pages must be rendered again
    /// with the real link.
    pub fn find(&self, files: &[OutputFile]) -> Option<Vec<Blanks>> {
        let token = self.token.as_bytes();
        let mut found = Vec::new();
        for (file, page) in files.iter().enumerate() {
            if !page.path.ends_with(".html") {
                continue;
            }
            let mut at = Vec::new();
            for start in positions_ignoring_case(&page.bytes, token) {
                if &page.bytes[start..start + token.len()] != token {
                    return None;
                }
                at.push(start);
            }
            if !at.is_empty() {
                found.push(Blanks { file, at });
            }
        }
        Some(found)
    }

    /// Writes the link to the finished PDF (`bytes` long, of `pages` pages) into the blanks
    /// [`PendingPdfLink::find`] found in `page`.
    pub fn fill(&self, page: &mut OutputFile, blanks: &Blanks, bytes: usize, pages: usize) {
        let info = PdfLink::new(&self.name, bytes, pages).info;
        let old = &page.bytes;
        let mut filled = Vec::with_capacity(old.len() + blanks.at.len() * info.len());
        let mut from = 0;
        for &at in &blanks.at {
            filled.extend_from_slice(&old[from..at]);
            filled.extend_from_slice(info.as_bytes());
            from = at + self.token.len();
        }
        filled.extend_from_slice(&old[from..]);
        page.bytes = filled;
    }
}

/// Where a rendered page holds the pending link's token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blanks {
    /// The page's index among the rendered files.
    pub file: usize,
    /// The byte offsets of the token in the page.
    at: Vec<usize>,
}

/// Where `haystack` holds `needle` in any mix of ASCII capitals (a needle that cannot overlap
/// itself, as the token cannot). The first byte is compared alone first: comparing every window
/// whole made a large page take 10 ms.
fn positions_ignoring_case<'a>(
    haystack: &'a [u8],
    needle: &'a [u8],
) -> impl Iterator<Item = usize> + 'a {
    let first = needle.first().copied().unwrap_or_default();
    haystack
        .windows(needle.len().max(1))
        .enumerate()
        .filter(move |(_, w)| w[0].eq_ignore_ascii_case(&first) && w.eq_ignore_ascii_case(needle))
        .map(|(at, _)| at)
}

/// The licence line: its text and, for a known licence, its address.
#[derive(Debug, Clone, Serialize)]
struct Licence {
    text: String,
    url: Option<&'static str>,
}

/// What the page says about its publication, beside the plan's content.
#[derive(Debug, Clone, Serialize)]
pub struct Publication {
    pdf: Option<PdfLink>,
    /// The long "last updated" date, and as YYYY-MM-DD.
    updated: Option<String>,
    updated_iso: Option<String>,
    contact: Option<Contact>,
    /// The contact's telephone number as a `tel:` address (no spaces).
    phone_href: Option<String>,
    licence: Option<Licence>,
    /// The open-data index, when the plan has computed tables.
    data: Option<&'static str>,
}

impl Publication {
    /// The publication facts of a plan, with its PDF when one is built.
    pub fn new(r: &RenderContext, pdf: Option<PdfLink>) -> Self {
        let publish = &r.plan.publish;
        let approved = r.view.meta.date.clone();
        let updated_iso = publish.updated.clone().or(approved);
        Publication {
            pdf,
            updated: updated_iso.as_deref().and_then(parse_date).map(long_date),
            updated_iso,
            contact: publish.contact.clone(),
            phone_href: publish
                .contact
                .as_ref()
                .and_then(|c| c.phone.as_deref())
                .map(|phone| format!("tel:{}", phone.replace(' ', ""))),
            licence: publish
                .licence_text()
                .map(|(text, url)| Licence { text, url }),
            data: (!r.tables.is_empty()).then_some("data/data.json"),
        }
    }
}

/// Renders the page and the fragment, and gathers the files they need.
pub fn render(
    r: &RenderContext,
    publication: &Publication,
) -> Result<Vec<OutputFile>, TemplateError> {
    let (view, resources, theme) = (&r.view, &r.resources, &r.theme);
    let env = environment(resources, view);
    // The page and the fragment show the same blocks: converted and rendered once.
    let blocks = Value::from_serialize(&view.blocks);
    let (toc, html) = (
        Value::from_serialize(nest(&view.toc)),
        blocks_html(&env, blocks.clone())?,
    );
    let page_context = |fragment: bool| {
        context! {
            theme => view.theme, toc => toc.clone(), blocks => blocks.clone(),
            blocks_html => html.clone(), publication => publication, fragment => fragment,
        }
    };
    let page = render_template(&env, "page.html", page_context(false))?;
    let fragment = render_template(&env, "fragment.html", page_context(true))?;
    let fonts = theme.font_files(resources);
    let font_file = fonts
        .first()
        .and_then(|(name, _)| name.split('-').next())
        .map(str::to_string);
    let figures = theme
        .figures_font
        .as_ref()
        .and_then(|_| figures_file(&fonts, font_file.as_deref()));
    let css = render_template(
        &env,
        "style.css",
        context! {
            c => view.theme, font => theme.font, font_file => font_file,
            figures_file => figures.as_ref().map(|f| &f.0), figures_ext => figures.as_ref().map(|f| &f.1),
        },
    )?;
    let mut files = vec![
        OutputFile::new("html/index.html", page.into_bytes()),
        OutputFile::new("html/fragment.html", fragment.into_bytes()),
        OutputFile::new("html/style.css", css.into_bytes()),
    ];
    for (name, bytes) in fonts {
        files.push(OutputFile::new(
            format!("html/fonts/{name}"),
            bytes.into_owned(),
        ));
    }
    for asset in r.assets.iter().filter(|a| !a.path.starts_with("charts/")) {
        files.push(OutputFile::new(
            format!("html/{}", asset.path),
            asset.bytes.clone(),
        ));
    }
    Ok(files)
}

/// The name (before `-Regular`) and extension of the theme's figures font files: the font files
/// that are not the body font's (`font_file`). The page sets the digits 0-9 in them, as the PDF
/// does, so that a zero never reads as "Ø".
fn figures_file(
    fonts: &[(String, std::borrow::Cow<'static, [u8]>)],
    font_file: Option<&str>,
) -> Option<(String, String)> {
    fonts.iter().find_map(|(name, _)| {
        let (stem, ext) = name.rsplit_once('.')?;
        let (family, _) = stem.rsplit_once('-')?;
        (Some(family) != font_file).then(|| (family.to_string(), ext.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_font_is_the_theme_font_file_that_is_not_the_body_font() {
        let file = |name: &str| (name.to_string(), std::borrow::Cow::Borrowed(&b""[..]));
        let fonts = [
            file("AtkinsonHyperlegible-Bold.ttf"),
            file("AtkinsonHyperlegible-Regular.ttf"),
            file("InterFigures-Bold.otf"),
        ];
        assert_eq!(
            figures_file(&fonts, Some("AtkinsonHyperlegible")),
            Some(("InterFigures".into(), "otf".into()))
        );
        assert_eq!(
            figures_file(&fonts[..2], Some("AtkinsonHyperlegible")),
            None
        );
    }

    #[test]
    fn a_pending_link_is_filled_in_and_only_its_own_token() {
        let pending = PendingPdfLink::new("plan.pdf");
        let other = PendingPdfLink::new("plan.pdf");
        assert_ne!(pending.token, other.token, "each build draws its own token");
        let info = pending.link().info;
        let page = format!("<p>{info}</p><p>{}</p><a>{info}</a>", other.link().info);
        let mut files = vec![
            OutputFile::new("html/data/a.csv", info.clone().into_bytes()),
            OutputFile::new("html/index.html", page.into_bytes()),
        ];
        let blanks = pending.find(&files).unwrap();
        assert_eq!(blanks.len(), 1, "only pages are searched");
        assert_eq!(blanks[0].file, 1);
        pending.fill(&mut files[1], &blanks[0], 1_234_567, 36);
        let filled = String::from_utf8(files.remove(1).bytes).unwrap();
        assert_eq!(
            filled,
            format!(
                "<p>PDF, 1.2 MB, 36 pages</p><p>{}</p><a>PDF, 1.2 MB, 36 pages</a>",
                other.token
            ),
            "a token the build did not draw (as author text might hold) is left alone"
        );
    }

    #[test]
    fn a_changed_token_asks_for_a_second_rendering() {
        let pending = PendingPdfLink::new("plan.pdf");
        let page = format!("{} {}", pending.token, pending.token.to_uppercase());
        let files = vec![OutputFile::new("html/index.html", page.into_bytes())];
        assert_eq!(pending.find(&files), None);
    }

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
