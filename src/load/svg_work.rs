//! The work of drawing an SVG's filters, all together: takes an SVG's bytes and gives the
//! estimated number of pixel steps the PDF would spend on them, refusing a drawing over
//! [`MAX_PIXEL_STEPS`]. [`super::svg_filters`] bounds each filter; this bounds how many
//! elements use them and how large they are: the PDF draws every filtered element (each copy a
//! `<use>` makes too) as a picture of its filter region, up to 5,000 pixels a side, at four times
//! its size on the page, and each step of the filter works on every pixel of it.

use super::svg::line_of;
use super::svg_filters::{within, Costly};
use usvg::filter::Kind;
use usvg::{Group, Node, Paint, Tree};

/// The most pixel steps an SVG's filters may take: a few seconds of drawing. An org chart of 200
/// boxes with drop shadows takes about 50 million.
pub const MAX_PIXEL_STEPS: f64 = 200e6;
/// The largest box a drawing fills on a page, in points (an A4 page's text width and height),
/// and the pixels a filter's picture has per point (krilla draws filters at four times).
const PAGE: (f64, f64) = (480.0, 720.0);
const PIXELS_PER_POINT: f64 = 4.0;
/// The side of the largest picture the PDF draws a filter into.
const MAX_PICTURE_SIDE: f64 = 5000.0;

/// The SVG's filters when their estimated pixel steps are over the limit, at the line of its
/// first filter (None when within it, or when the SVG does not parse: the decoding check
/// reports that).
pub fn check(bytes: &[u8]) -> Result<(), Costly> {
    let Some(steps) = over_limit(bytes) else {
        return Ok(());
    };
    let first = bytes
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"<filter"));
    Err(Costly {
        line: line_of(bytes, first.unwrap_or(0)),
        what: format!(
            "filters that would take about {:.0} million pixel steps to draw, over the limit of {:.0} million",
            steps / 1e6,
            MAX_PIXEL_STEPS / 1e6
        ),
    })
}

/// The estimated pixel steps of the SVG's filters when over the limit.
fn over_limit(bytes: &[u8]) -> Option<f64> {
    let mut options = usvg::Options::default();
    // Never a file: the safety check has refused references to them, and this parse is a
    // measure only.
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = Tree::from_data(bytes, &options).ok()?;
    let size = tree.size();
    let fit = (PAGE.0 / f64::from(size.width())).min(PAGE.1 / f64::from(size.height()));
    let scale = PIXELS_PER_POINT * fit;
    let steps = group_steps(tree.root(), scale);
    (!within(steps, MAX_PIXEL_STEPS)).then_some(steps)
}

/// The pixel steps of a group's filters and of everything in it.
fn group_steps(group: &Group, scale: f64) -> f64 {
    let mut steps = 0.0;
    if !group.filters().is_empty() {
        let region = group.abs_layer_bounding_box();
        let side = |length: f32| (f64::from(length) * scale).clamp(1.0, MAX_PICTURE_SIDE);
        let pixels = side(region.width()) * side(region.height());
        let per_pixel: f64 = group
            .filters()
            .iter()
            .flat_map(|f| f.primitives())
            .map(|p| weight(p.kind(), scale))
            .sum();
        steps += pixels * per_pixel;
    }
    let inner = group.mask().map(|m| m.root()).into_iter();
    let inner = inner.chain(group.clip_path().map(|c| c.root()));
    steps += inner.map(|g| group_steps(g, scale)).sum::<f64>();
    steps
        + group
            .children()
            .iter()
            .map(|n| node_steps(n, scale))
            .sum::<f64>()
}

/// The pixel steps of a node: a group's, or those of a pattern a path is painted with.
fn node_steps(node: &Node, scale: f64) -> f64 {
    match node {
        Node::Group(group) => group_steps(group, scale),
        Node::Path(path) => {
            let fill = path.fill().map(|f| f.paint());
            let stroke = path.stroke().map(|s| s.paint());
            fill.into_iter()
                .chain(stroke)
                .map(|paint| match paint {
                    Paint::Pattern(p) => group_steps(p.root(), scale),
                    _ => 0.0,
                })
                .sum()
        }
        _ => 0.0,
    }
}

/// The work of one filter step on one pixel, as resvg does it, in units of a simple step.
fn weight(kind: &Kind, scale: f64) -> f64 {
    match kind {
        Kind::Turbulence(t) => 4.0 * f64::from(t.num_octaves().max(1)),
        Kind::Morphology(m) => {
            let across = |r: f32| (2.0 * f64::from(r) * scale).max(1.0);
            across(m.radius_x().get()) * across(m.radius_y().get())
        }
        Kind::ConvolveMatrix(c) => f64::from(c.matrix().columns() * c.matrix().rows()),
        Kind::GaussianBlur(_) | Kind::DropShadow(_) => 6.0,
        Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => 4.0,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(count: usize, filter: &str) -> String {
        let rects: String = (0..count)
            .map(|i| {
                format!(
                    "<rect x='{}' y='{}' width='100' height='40' filter='url(#f)'/>",
                    i % 10 * 100,
                    i / 10 * 50
                )
            })
            .collect();
        format!("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1000 1000'><filter id='f' x='-20%' y='-20%' width='140%' height='140%'>{filter}</filter>{rects}</svg>")
    }

    const SHADOW: &str = "<feGaussianBlur in='SourceAlpha' stdDeviation='3'/><feOffset dx='2' dy='2' result='o'/><feMerge><feMergeNode in='o'/><feMergeNode in='SourceGraphic'/></feMerge>";

    #[test]
    fn an_org_chart_with_drop_shadows_is_within_the_limit() {
        assert_eq!(over_limit(boxes(200, SHADOW).as_bytes()), None);
        assert_eq!(
            over_limit(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            None
        );
    }

    #[test]
    fn many_large_filtered_elements_are_over_it() {
        let noise = "<feTurbulence baseFrequency='0.5' numOctaves='5'/>";
        let full = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><filter id='f'><feTurbulence numOctaves='5'/></filter><g id='a'><rect width='10' height='10' filter='url(#f)'/></g><use href='#a'/><use href='#a'/></svg>";
        assert!(over_limit(full.as_bytes()).is_some());
        let found = check(full.as_bytes()).unwrap_err();
        assert!(found.what.contains("million pixel steps"), "{}", found.what);
        assert!(over_limit(boxes(1000, noise).as_bytes()).is_some());
    }
}
