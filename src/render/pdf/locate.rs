//! Where a PDF failure comes from in the plan: takes a render context whose typesetting failed
//! and the error, and gives the source line of the block that causes it.
//!
//! Whatever can fail in the PDF is checked before typesetting, so this is the net under those
//! checks. A Typst error points into the template, never into the data, so the block is found by
//! typesetting prefixes of the document: a failure caused by one block shows, with the same
//! message at the same template line, in every prefix that holds the block and in none without
//! it. A binary search over the prefixes finds the first such block in about log2(blocks)
//! typesettings, all on the failure path: a good build never runs this.

use super::{document_date, export, FontSet, PdfError, PlanWorld, TEMPLATE};
use crate::diag::{Diagnostic, Location};
use crate::render::manifest::sha256;
use crate::render::RenderContext;
use crate::view::{View, ViewBlock};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The error at the section line of the block whose typesetting fails with `error`, when one
/// block causes it (`None` when the failure does not come from the document's blocks).
pub fn diagnostic(r: &RenderContext, error: &PdfError) -> Option<Diagnostic> {
    let PdfError::Template(typst) = error else {
        return None; // a typesetting that was too slow is not typeset again, in parts
    };
    let template = r.resources.text(TEMPLATE)?;
    let fonts = Arc::new(FontSet::new(&r.resources, &r.theme));
    let date = document_date(&r.plan);
    let mut world = PlanWorld::new(&template, fonts, date)?;
    // The first error: a prefix holding only the first failing block gives only that one.
    let message = error.to_string();
    let first = message.split("; ").next().unwrap_or_default();
    let index = failing_block(&r.view, |view| {
        let json = serde_json::to_string(view).unwrap_or_default();
        let ident = sha256(json.as_bytes());
        world.set_data(json, &r.assets);
        matches!(export(&world, date, ident), Err(e) if e.to_string().starts_with(first))
    })?;
    let location = r.view.sources.get(index)?.clone();
    Some(at(location, typst))
}

/// The error for a block the PDF could not be typeset from, with Typst's message.
fn at(location: Location, typst: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        "pdf-failed",
        format!("the PDF cannot be typeset from this block: {typst}"),
    )
    .hint(
        "yjplan's checks should have caught this: please report it; meanwhile reword, split or \
         remove the block",
    );
    d.location = Some(Box::new(location));
    d
}

/// The index of the first block whose presence makes `fails` true, searching prefixes of a view
/// that `fails` (not asked again); `None` when the document without blocks already fails.
pub fn failing_block(view: &View, mut fails: impl FnMut(&View) -> bool) -> Option<usize> {
    let mut prefix = |len: usize| fails(&truncated(view, len));
    let (mut good, mut bad) = (0, view.blocks.len());
    if bad == 0 || prefix(good) {
        return None;
    }
    while bad - good > 1 {
        let middle = good + (bad - good) / 2;
        if prefix(middle) {
            bad = middle;
        } else {
            good = middle;
        }
    }
    Some(bad - 1)
}

/// The view with only its first `len` blocks (and the contents entries that point into them).
fn truncated(view: &View, len: usize) -> View {
    let blocks: Vec<ViewBlock> = view.blocks[..len].to_vec();
    let ids: BTreeSet<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            ViewBlock::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let toc = view
        .toc
        .iter()
        .filter(|t| ids.contains(t.id.as_str()))
        .cloned()
        .collect();
    View {
        meta: view.meta.clone(),
        theme: view.theme.clone(),
        toc,
        sources: view.sources[..len.min(view.sources.len())].to_vec(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf;

    /// The images fixture with a Typst template that fails on every figure (any template shows
    /// the search: it never reads the template, only whether a prefix fails).
    fn failing_on_figures() -> RenderContext {
        let from =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/images");
        static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("yjplan-locate-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("templates/typst")).unwrap();
        for entry in std::fs::read_dir(&from).unwrap().flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
            }
        }
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        for entry in std::fs::read_dir(from.join("assets")).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join("assets").join(entry.file_name())).unwrap();
        }
        std::fs::write(
            dir.join(TEMPLATE),
            "#let data = json(\"/data.json\")\n#for b in data.blocks {\n  if b.type == \"figure\" { panic(\"no figures\") } else [#b.type]\n}\n",
        )
        .unwrap();
        let compiled = crate::pipeline::compile(&dir);
        assert!(!compiled.diagnostics.iter().any(Diagnostic::is_error));
        compiled.rendered.unwrap()
    }

    #[test]
    fn a_typst_failure_is_placed_at_the_line_of_the_first_block_that_causes_it() {
        let r = failing_on_figures();
        let Err(error) = pdf::render(&r) else {
            panic!("the template should fail")
        };
        assert!(error.to_string().contains("no figures"), "{error}");
        let d = diagnostic(&r, &error).expect("a block");
        let at = d.location.unwrap();
        assert!(at.file.ends_with("02-pictures.md"), "{}", at.file);
        assert_eq!(
            at.line,
            Some(3),
            "the first image, not the second at line 5"
        );
        assert!(at.excerpt.unwrap().0.starts_with("![A blue block"));
        assert_eq!(d.code, "pdf-failed");
        assert!(d.message.contains("no figures"), "{}", d.message);
    }

    #[test]
    fn the_search_finds_the_first_failing_block_in_few_steps() {
        let r = failing_on_figures();
        for culprit in [0, 1, 17, r.view.blocks.len() - 1] {
            let mut asked = 0;
            let found = failing_block(&r.view, |v| {
                asked += 1;
                v.blocks.len() > culprit
            });
            assert_eq!(found, Some(culprit));
            let steps = usize::BITS - r.view.blocks.len().leading_zeros();
            assert!(asked <= steps as usize + 1, "{asked} typesettings");
        }
        assert_eq!(
            failing_block(&r.view, |_| true),
            None,
            "fails without blocks"
        );
        assert_eq!(r.view.sources.len(), r.view.blocks.len());
    }
}
