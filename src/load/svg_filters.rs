//! The cost of an SVG's filters: takes an SVG's bytes and gives the first filter that would make
//! the PDF's rasterising (resvg, through krilla) take unbounded time, with its line in the SVG.
//! Each filtered element is drawn into its own picture of the filter region (up to 5,000 pixels a
//! side), and every primitive then works on each of its pixels; so the region is bounded against
//! the element or the drawing, and each primitive's work per pixel against the drawing's size:
//! a drop shadow (blur, offset, merge) passes, `numOctaves="1000"` or `radius="50000"` does not.
//! A filter is refused, never clamped: what is published is what was checked.

use super::svg::{line_of, tags};

/// The most primitives one filter may have (a drop shadow has three to eight).
pub const MAX_PRIMITIVES: usize = 16;
/// The most octaves of `feTurbulence` in one filter, all its noise steps together (each octave
/// costs a noise pass over every pixel: about two seconds for the largest region).
pub const MAX_OCTAVES: f64 = 5.0;
/// The largest `feMorphology` radius, as a share of the drawing's longer side (its work per
/// pixel grows with the square of the radius).
pub const MAX_RADIUS_SHARE: f64 = 0.0025;
/// The largest blur `stdDeviation`, as a share of the drawing's longer side: a blur's work does
/// not grow with it (resvg blurs in three box passes), but one wider than the drawing is a
/// mistake.
pub const MAX_BLUR_SHARE: f64 = 1.0;
/// The largest `feConvolveMatrix` order (its work per pixel is the order squared).
pub const MAX_ORDER: f64 = 5.0;
/// The largest filter region, as a multiple of the element (objectBoundingBox units) or of the
/// drawing (userSpaceOnUse), in width and in height; and the furthest it may start before it.
pub const MAX_REGION: f64 = 3.0;

/// A filter too costly to draw, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Costly {
    /// 1-based line in the SVG.
    pub line: usize,
    /// What is too costly, in plain words, with the limit.
    pub what: String,
}

/// The first filter too costly to draw, if any.
pub fn check(bytes: &[u8]) -> Result<(), Costly> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(()); // the safety check refuses it
    };
    let lower = text.to_ascii_lowercase();
    let mut canvas: Option<(f64, f64)> = None;
    let mut steps = Steps::default();
    for (open, tag) in tags(&lower) {
        let name = tag.name.rsplit(':').next().unwrap_or(&tag.name);
        let attr = |key: &str| {
            let found = tag.attributes.iter().find(|(k, _)| k == key);
            found.map(|(_, v)| v.as_str())
        };
        if name == "svg" && canvas.is_none() {
            canvas = Some(drawing_size(&attr));
        }
        let side = canvas.unwrap_or((100.0, 100.0));
        let refused = match name {
            "filter" => {
                steps = Steps::default();
                region(&attr, side)
            }
            _ if is_primitive(name) => steps
                .add(name, &attr)
                .or_else(|| primitive(name, &attr, side)),
            _ => None,
        };
        if let Some(what) = refused {
            let line = line_of(bytes, open);
            return Err(Costly { line, what });
        }
    }
    Ok(())
}

/// The steps of the filter being read so far, and their octaves of noise.
#[derive(Default)]
struct Steps {
    count: usize,
    octaves: f64,
}

impl Steps {
    /// Counts one more primitive; why the filter is refused once it has too many steps or
    /// octaves of noise.
    fn add<'a>(&mut self, name: &str, attr: &impl Fn(&str) -> Option<&'a str>) -> Option<String> {
        self.count += 1;
        if name == "feturbulence" {
            self.octaves += attr("numoctaves")
                .map_or(Some(1.0), first_number)
                .unwrap_or(f64::NAN);
        }
        if self.count > MAX_PRIMITIVES {
            return Some(format!("a filter of more than {MAX_PRIMITIVES} steps"));
        }
        (!within(self.octaves, MAX_OCTAVES)).then(|| {
            format!("a filter whose feTurbulence octaves (numOctaves) add up to more than {MAX_OCTAVES}")
        })
    }
}

/// Whether an element is a filter primitive (not a light or a transfer function inside one).
fn is_primitive(name: &str) -> bool {
    name.starts_with("fe")
        && !name.starts_with("fefunc")
        && !name.ends_with("light")
        && name != "femergenode"
}

/// The drawing's width and height in user units, from the root element's viewBox, else its
/// width and height (100 when not given, as usvg takes them).
fn drawing_size<'a>(attr: &impl Fn(&str) -> Option<&'a str>) -> (f64, f64) {
    let view_box: Vec<f64> = attr("viewbox").map(numbers).unwrap_or_default();
    if let [_, _, w, h] = view_box[..] {
        return (w, h);
    }
    let length = |key| {
        attr(key)
            .filter(|v| !v.contains('%'))
            .and_then(first_number)
    };
    (
        length("width").unwrap_or(100.0),
        length("height").unwrap_or(100.0),
    )
}

/// Why a `<filter>`'s region is refused, if it is.
fn region<'a>(attr: &impl Fn(&str) -> Option<&'a str>, (w, h): (f64, f64)) -> Option<String> {
    let user = attr("filterunits") == Some("userspaceonuse");
    // A share of the element (objectBoundingBox) or of the drawing (userSpaceOnUse); a
    // percentage is one of either.
    let size = |key, whole: f64| {
        let value = attr(key)?;
        let n = first_number(value)?;
        Some(match (value.trim_end().ends_with('%'), user) {
            (true, _) => n / 100.0,
            (false, true) => n / whole,
            (false, false) => n,
        })
    };
    let wide = [size("width", w), size("height", h)].into_iter().flatten();
    let start = [size("x", w), size("y", h)].into_iter().flatten();
    let too_big = wide
        .chain(start.map(|s| -s))
        .any(|s| !within(s, MAX_REGION));
    too_big.then(|| {
        let of = if user {
            "the drawing"
        } else {
            "the element it applies to"
        };
        format!("a filter region more than {MAX_REGION} times the size of {of}")
    })
}

/// Why a filter primitive is refused, if it is: its work per pixel.
fn primitive<'a>(
    name: &str,
    attr: &impl Fn(&str) -> Option<&'a str>,
    (w, h): (f64, f64),
) -> Option<String> {
    let longest = w.max(h);
    let over = |key, limit: f64| {
        let values = attr(key).map(numbers).unwrap_or_default();
        values.into_iter().any(|v| !within(v, limit))
    };
    match name {
        "femorphology" if over("radius", MAX_RADIUS_SHARE * longest) => Some(format!(
            "an feMorphology radius over {} (a quarter of a percent of the drawing's size)",
            rounded(MAX_RADIUS_SHARE * longest)
        )),
        "fegaussianblur" | "fedropshadow" if over("stddeviation", MAX_BLUR_SHARE * longest) => {
            Some(format!(
                "a blur stdDeviation over {} (the drawing's size)",
                rounded(MAX_BLUR_SHARE * longest)
            ))
        }
        "feconvolvematrix" if over("order", MAX_ORDER) => {
            Some(format!("an feConvolveMatrix of order over {MAX_ORDER}"))
        }
        _ => None,
    }
}

/// Whether a value is at most a limit: not a number (an unreadable value) never is.
pub(super) fn within(value: f64, limit: f64) -> bool {
    value <= limit
}

/// A limit for people, to two decimals: 0.25, 2.5, 50.
fn rounded(limit: f64) -> f64 {
    (limit * 100.0).round() / 100.0
}

/// The numbers of a list such as a viewBox or "2 3" (separated by spaces or commas).
fn numbers(list: &str) -> Vec<f64> {
    list.split([' ', ',', '\t', '\n', '\r'])
        .filter(|s| !s.is_empty())
        .map(|s| first_number(s).unwrap_or(f64::NAN))
        .collect()
}

/// The number a value starts with ("12.5px" is 12.5), if any.
fn first_number(value: &str) -> Option<f64> {
    let value = value.trim();
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || "+-.e".contains(c)))
        .unwrap_or(value.len());
    value[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(filter: &str) -> String {
        format!("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1000 800'>\n{filter}\n<rect width='100' height='40' filter='url(#f)'/></svg>")
    }

    fn refused(filter: &str) -> String {
        let found = check(svg(filter).as_bytes()).unwrap_err();
        assert_eq!(found.line, 2, "{filter}");
        found.what
    }

    #[test]
    fn drop_shadows_pass() {
        for ok in [
            "<filter id='f' x='-50%' y='-50%' width='200%' height='200%'><feGaussianBlur in='SourceAlpha' stdDeviation='4'/><feOffset dx='2' dy='2' result='o'/><feMerge><feMergeNode in='o'/><feMergeNode in='SourceGraphic'/></feMerge></filter>",
            "<filter id='f' x='0' y='0' width='1108' height='848' filterUnits='userSpaceOnUse'><feFlood flood-opacity='0'/><feColorMatrix in='SourceAlpha' values='0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 127 0'/><feOffset dy='4'/><feGaussianBlur stdDeviation='2'/><feComposite in2='hardAlpha' operator='out'/><feBlend mode='normal'/></filter>",
            "<filter id='f'><feTurbulence baseFrequency='0.05' numOctaves='3'/><feMorphology radius='1 2'/><feConvolveMatrix order='3'/><feDropShadow stdDeviation='3'/></filter>",
        ] {
            assert_eq!(check(svg(ok).as_bytes()), Ok(()), "{ok}");
        }
    }

    #[test]
    fn unbounded_work_is_refused_at_the_filter() {
        let red_team = "<filter id='f' x='-1000' y='-1000' width='2000' height='2000'><feTurbulence baseFrequency='0.5' numOctaves='1000'/></filter>";
        assert!(refused(red_team).contains("filter region"));
        for (step, said) in [
            ("<feTurbulence numOctaves='1000'/>", "octaves"),
            ("<feMorphology radius='50000'/>", "feMorphology"),
            ("<feMorphology radius='1 9'/>", "feMorphology"),
            ("<feGaussianBlur stdDeviation='5000'/>", "blur"),
            ("<feConvolveMatrix order='99'/>", "order"),
        ] {
            let what = refused(&format!("<filter id='f'>{step}</filter>"));
            assert!(what.contains(said), "{step}: {what}");
        }
        let user = "<filter id='f' filterUnits='userSpaceOnUse' width='100000' height='10'><feFlood/></filter>";
        assert!(refused(user).contains("the drawing"));
        assert!(refused("<filter id='f' width='400%'><feFlood/></filter>").contains("element"));
        let noise = "<feTurbulence numOctaves='3'/>".repeat(2);
        assert!(refused(&format!("<filter id='f'>{noise}</filter>")).contains("add up"));
        let many = format!(
            "<filter id='f'>{}</filter>",
            "<feOffset dx='1'/>".repeat(17)
        );
        assert!(refused(&many).contains("steps"));
        assert!(
            refused("<filter id='f'><feTurbulence numOctaves='1e999'/></filter>")
                .contains("octaves")
        );
    }

    #[test]
    fn the_drawing_size_comes_from_the_view_box_or_the_size() {
        let small = "<svg width='10' height='10'>\n<filter id='f'><feMorphology radius='1'/></filter></svg>";
        assert!(check(small.as_bytes()).is_err());
        let large = "<svg width='1000px' height='400'><filter id='f'><feMorphology radius='2'/></filter></svg>";
        assert_eq!(check(large.as_bytes()), Ok(()));
        assert_eq!(first_number(" 12.5px"), Some(12.5));
        assert_eq!(numbers("0,0 10 20"), vec![0.0, 0.0, 10.0, 20.0]);
    }
}
