//! The memory of a one-shot build's PDF stage: takes a laid-out document and the PDF writer, and
//! runs the writer so that the build's peak stays low. Gives what the writer gave.
//!
//! Where the peak is: once the layout is done, Typst's cache (every layout pass's memoised work)
//! is about half the heap, and the writer's own memory comes on top. A build that ends with its
//! PDF keeps the cache (freeing it means freeing millions of small blocks, a 50 ms contest for
//! the cores with the writer at 257 pages) and instead has the writer's large buffers mapped
//! apart, so that they leave no resident holes: at 257 pages that lowered the peak from 270-335
//! to 260 MB at no measurable cost (freeing the cache: 243 MB, 4% slower). A process that goes
//! on (a batch) frees the cache, of no use to what follows, while the writer runs.

use std::sync::atomic::{AtomicUsize, Ordering};
use typst::layout::{Frame, FrameItem, Point, Size};
use typst::model::DocumentInfo;
use typst::text::TextItem;
use typst::visualize::ImageKind;
use typst_layout::{Page, PagedDocument};
use typst_pdf::PdfOptions;

/// What the process does after a one-shot build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum After {
    /// It ends (the command line's `build` of one plan).
    Exit,
    /// It goes on (the other plans of a batch, the rest of a `check`, the failure locator's
    /// next attempt), for which Typst's cache is of no use.
    MoreBuilds,
}

/// One-shot renders typesetting now, so a renderer frees the cache only when no other one-shot
/// build (a batch runs several at once) still uses it.
static TYPESETTING: AtomicUsize = AtomicUsize::new(0);

/// Counts a one-shot layout as begun.
pub(super) fn layout_begins() {
    TYPESETTING.fetch_add(1, Ordering::SeqCst);
}

/// Counts a one-shot layout as done; gives whether it was the last one under way.
pub(super) fn layout_ends() -> bool {
    TYPESETTING.fetch_sub(1, Ordering::SeqCst) == 1
}

/// Runs `write`, the PDF writer of `document`, whose layout was the `last` under way or not,
/// keeping the peak low as [`After`] allows.
pub(super) fn write_lean<T>(
    document: &PagedDocument,
    last: bool,
    after: After,
    write: impl FnOnce() -> T,
) -> T {
    match after {
        After::Exit => {
            crate::util::map_large_blocks();
            write()
        }
        After::MoreBuilds if last => std::thread::scope(|scope| {
            scope.spawn(|| {
                register_writer_caches(document);
                typst::comemo::evict(0);
                crate::util::release_free_memory();
            });
            write()
        }),
        After::MoreBuilds => write(),
    }
}

/// Makes the PDF writer's memoised functions register their caches before the cache is freed.
/// comemo registers a function's cache the first time it runs, and registering waits until an
/// eviction under way has finished: a writer meeting its first text run (its bounding box, its
/// font) or raster image during the eviction would stand still for the whole of it (50 ms at
/// 257 pages). So a one-page sample holding the document's first text run and first raster
/// image is written first (3 ms), and the run's bounding box measured.
fn register_writer_caches(document: &PagedDocument) {
    let Some(first) = document.pages().first() else {
        return;
    };
    let mut sample = Frame::soft(Size::zero());
    let (text, raster) = samples(document);
    if let Some(run) = text {
        run.bbox();
        sample.push(Point::zero(), FrameItem::Text(run));
    }
    if let Some(image) = raster {
        sample.push(Point::zero(), image);
    }
    let page = Page {
        frame: sample,
        ..first.clone()
    };
    let one_page = PagedDocument::new(std::iter::once(page).collect(), DocumentInfo::default());
    let options = PdfOptions {
        tagged: true,
        ..PdfOptions::default()
    };
    // Only the registering matters: the sample's PDF, or its failure, is thrown away.
    let _ = typst_pdf::pdf(&one_page, &options);
}

/// The document's first text run and first raster image.
fn samples(document: &PagedDocument) -> (Option<TextItem>, Option<FrameItem>) {
    let (mut text, mut raster) = (None, None);
    for page in document.pages() {
        find_samples(&page.frame, &mut text, &mut raster);
        if text.is_some() && raster.is_some() {
            break;
        }
    }
    (text, raster)
}

/// The first text run and the first raster image in `frame` not found yet.
fn find_samples(frame: &Frame, text: &mut Option<TextItem>, raster: &mut Option<FrameItem>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => find_samples(&group.frame, text, raster),
            FrameItem::Text(run) if text.is_none() => *text = Some(run.clone()),
            FrameItem::Image(image, ..) if raster.is_none() => {
                if matches!(image.kind(), ImageKind::Raster(_)) {
                    *raster = Some(item.clone());
                }
            }
            _ => {}
        }
        if text.is_some() && raster.is_some() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::{FontSet, PlanWorld};
    use std::sync::Arc;

    /// A 1x1 grey PNG, as Typst bytes.
    const PNG: &str = "bytes((137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, \
        1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 58, 126, 155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, \
        104, 0, 0, 0, 130, 0, 129, 119, 205, 114, 182, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130))";

    fn laid_out(source: &str) -> PagedDocument {
        let fonts = Arc::new(FontSet::from_files([]));
        let today = typst::foundations::Datetime::from_ymd(2023, 6, 21).unwrap();
        let world = PlanWorld::new(source, fonts, today).unwrap();
        super::super::typeset(&world).unwrap_or_else(|_| panic!("{source} lays out"))
    }

    #[test]
    fn samples_the_first_text_run_and_the_first_raster_image() {
        let document = laid_out(&format!(
            "#box(image({PNG}, width: 1cm))\n\nFirst words.\n\n#pagebreak()\nLater words."
        ));
        let (text, raster) = samples(&document);
        assert_eq!(
            text.map(|t| t.text.to_string()).as_deref(),
            Some("First words.")
        );
        assert!(matches!(raster, Some(FrameItem::Image(..))));
        // Writing the one-page sample registers the caches and throws the PDF away.
        register_writer_caches(&document);
    }

    #[test]
    fn a_document_without_raster_images_samples_its_text_only() {
        let document = laid_out("Only words.");
        let (text, raster) = samples(&document);
        assert!(text.is_some());
        assert!(raster.is_none());
        register_writer_caches(&document);
    }
}
