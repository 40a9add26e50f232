//! Colours: takes colour strings as `#rrggbb` or `#rgb` and gives parsed
//! RGB, WCAG relative luminance, the WCAG 2 contrast ratio between two
//! colours, and colours normalised to `#rrggbb` (with a fallback for
//! anything unparsable) so only safe text reaches SVG attributes.

/// WCAG 2 contrast ratio between two `#rrggbb`/`#rgb` colours; `None` if either is unparsable.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let la = luminance(parse_hex(a)?);
    let lb = luminance(parse_hex(b)?);
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    if !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&h[i..i + 1], 16).ok();
    match h.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => {
            let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
            Some([byte(0)?, byte(2)?, byte(4)?])
        }
        _ => None,
    }
}

fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// Normalises a colour to `#rrggbb`, so only safe text reaches attributes.
pub(super) fn colour_or(s: &str, fallback: &str) -> String {
    match parse_hex(s) {
        Some([r, g, b]) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::{assert_well_formed, fte_spec};
    use crate::charts::{render, Palette, DEFAULT_SERIES};

    #[test]
    fn bad_palette_colours_never_reach_attributes() {
        let mut spec = fte_spec();
        spec.palette.text = "red\" onload=\"x".into();
        spec.palette.series = vec!["#zzz".into(), "#abc".into()];
        spec.palette.comparator = "grey\" onload=\"x".into();
        let c = render(&spec);
        assert_well_formed(&c.svg);
        assert!(!c.svg.contains("onload"));
        assert!(c.svg.contains("#505a5f"), "the comparators' fallback");
        assert!(c.svg.contains(DEFAULT_SERIES[0]));
        // Without a home series every line takes its palette colour.
        spec.series.iter_mut().for_each(|s| s.home = false);
        let c = render(&spec);
        assert!(c.svg.contains("#aabbcc"));
    }

    #[test]
    fn contrast_ratio_known_values() {
        let close = |a: &str, b: &str, want: f64| {
            let got = contrast_ratio(a, b).unwrap();
            assert!((got - want).abs() < 0.01, "{a} {b}: {got}");
        };
        close("#000", "#fff", 21.0);
        close("#ffffff", "#000000", 21.0);
        close("#777777", "#ffffff", 4.48);
        close("#0b0c0c", "#ffffff", 19.59);
        close("#abc", "#aabbcc", 1.0);
        assert_eq!(contrast_ratio("red", "#fff"), None);
        assert_eq!(contrast_ratio("#12345", "#fff"), None);
        assert_eq!(contrast_ratio("#ggg", "#fff"), None);
    }

    #[test]
    fn default_series_reach_three_to_one_on_white() {
        for c in DEFAULT_SERIES {
            let r = contrast_ratio(c, "#ffffff").unwrap();
            assert!(r >= 3.0, "{c} only {r:.2}:1");
        }
        let p = Palette::default();
        assert!(contrast_ratio(&p.text, &p.background).unwrap() >= 4.5);
    }

    #[test]
    fn sample_palette_contrast() {
        // The GOV.UK sample palette all passes 3:1; its orange would not.
        let sample = [
            "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197",
        ];
        for c in sample {
            assert!(contrast_ratio(c, "#ffffff").unwrap() >= 3.0, "{c}");
        }
        assert!(contrast_ratio("#f47738", "#ffffff").unwrap() < 3.0);
    }
}
