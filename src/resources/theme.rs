//! Theme: takes a theme name and gives its colours, font files, logo and chart palette, read from
//! `themes/<name>/theme.yaml` (built in, or in the plan directory), and checks that every text colour
//! and chart colour has enough contrast against its background (WCAG 2.2), naming the line.

use crate::charts::{contrast_ratio, Palette};
use crate::diag::{Diagnostic, SourceFile};
use crate::resources::Resources;
use crate::util::OrderedMap;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A theme as written in theme.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    font: String,
    #[serde(default)]
    figures_font: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    logo_alt: Option<String>,
    colours: OrderedMap<String>,
    #[serde(default)]
    chart: Vec<String>,
}

/// A loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The folder under themes/ it came from.
    pub dir: String,
    /// The theme's name.
    pub name: String,
    /// The body font family.
    pub font: String,
    /// A font family for the digits 0-9 in the PDF, when the body font's figures are hard to read
    /// in dense tables (Atkinson Hyperlegible's slashed zero reads as "Ø"); its files are among
    /// the theme's fonts.
    pub figures_font: Option<String>,
    /// The logo's file name and bytes.
    pub logo: Option<(String, Vec<u8>)>,
    /// The logo's alt text.
    pub logo_alt: String,
    /// Colours by role (`text`, `background`, `accent`, …) as hex.
    pub colours: BTreeMap<String, String>,
    /// The chart series colours, in order.
    pub chart: Vec<String>,
    /// theme.yaml itself, for diagnostics.
    source: SourceFile,
}

/// The colours every theme must define.
pub const REQUIRED_COLOURS: &[&str] = &[
    "text",
    "background",
    "accent",
    "heading",
    "link",
    "link_visited",
    "muted",
    "rule",
    "table_head_bg",
    "table_head_text",
    "total_bg",
    "focus",
    "focus_text",
    "draft",
];

/// Text/background pairs that must reach 4.5:1 (normal text).
const TEXT_PAIRS: &[(&str, &str)] = &[
    ("text", "background"),
    ("heading", "background"),
    ("link", "background"),
    ("link_visited", "background"),
    ("muted", "background"),
    ("table_head_text", "table_head_bg"),
    ("text", "total_bg"),
    ("focus_text", "focus"),
    ("background", "accent"),
];

/// Pairs that must reach 3:1 (graphics and large text).
const GRAPHIC_PAIRS: &[(&str, &str)] = &[("accent", "background"), ("draft", "background")];

/// The theme whose fonts a theme without fonts of its own uses.
const FALLBACK_FONTS: &str = "themes/default/fonts";

/// Loads a theme by name.
pub fn load(resources: &Resources, name: &str) -> Result<Theme, Diagnostic> {
    let path = format!("themes/{name}/theme.yaml");
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let Some(text) = valid.then(|| resources.text(&path)).flatten() else {
        return Err(
            Diagnostic::error("unknown-theme", format!("there is no theme `{name}`")).hint(
                format!(
            "the built-in themes are {}; or put themes/{name}/theme.yaml in the plan directory",
            theme_names()
        ),
            ),
        );
    };
    let source = SourceFile::new(resources.shown_path(&path), text);
    let file: ThemeFile = crate::load::front_matter::parse_yaml(&source, &source.text, 0)?;
    let missing: Vec<&str> = REQUIRED_COLOURS
        .iter()
        .copied()
        .filter(|c| file.colours.get(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::error(
            "bad-theme",
            format!("the theme has no colour for {}", missing.join(", ")),
        )
        .at_line(&source, 1)
        .hint(format!(
            "add them under `colours:`; the colours every theme needs are {}",
            REQUIRED_COLOURS.join(", ")
        )));
    }
    crate::resources::theme_values::check_all(
        &file.font,
        file.figures_font.as_deref(),
        file.logo.as_deref(),
        &file.colours.0,
        &file.chart,
        &source,
    )?;
    let fonts = resources.names(&format!("themes/{name}/fonts"));
    if let Err((file, reason)) = crate::resources::theme_values::font_files(&fonts) {
        let error = Diagnostic::error("bad-theme-value", reason);
        let error = match file {
            Some(file) => {
                error.in_file(resources.shown_path(&format!("themes/{name}/fonts/{file}")))
            }
            None => error.at_line(
                &source,
                crate::load::front_matter::key_line(&source, &["font"]).unwrap_or(1),
            ),
        };
        return Err(error
            .hint("rename the font files Family-Regular.ttf, Family-Bold.ttf, Family-Italic.ttf and Family-BoldItalic.ttf (letters and digits for the family), and remove other files from the fonts folder"));
    }
    let logo = file.logo.as_ref().and_then(|l| {
        resources
            .get(&format!("themes/{name}/{l}"))
            .map(|b| (l.clone(), b.into_owned()))
    });
    if let Some((l, bytes)) = &logo {
        crate::resources::theme_values::check_logo(l, bytes, &source)?;
    }
    Ok(Theme {
        dir: name.to_string(),
        name: file.name,
        font: file.font,
        figures_font: file.figures_font,
        logo,
        logo_alt: file.logo_alt.unwrap_or_default(),
        colours: file.colours.0.into_iter().collect(),
        chart: file.chart,
        source,
    })
}

/// The names of the built-in themes.
fn theme_names() -> String {
    crate::resources::EMBEDDED
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("themes/")?.strip_suffix("/theme.yaml"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Theme {
    /// The colours by name, for the templates.
    pub fn colour_map(&self) -> BTreeMap<String, String> {
        self.colours.clone()
    }

    fn colour(&self, name: &str) -> &str {
        self.colours.get(name).map_or("#000000", String::as_str)
    }

    /// The font files (name, bytes): the theme's own, else the default theme's.
    pub fn font_files(
        &self,
        resources: &Resources,
    ) -> Vec<(String, std::borrow::Cow<'static, [u8]>)> {
        let own = format!("themes/{}/fonts", self.dir);
        let folder = if resources.names(&own).is_empty() {
            FALLBACK_FONTS.to_string()
        } else {
            own
        };
        resources
            .names(&folder)
            .into_iter()
            .filter(|n| n.ends_with(".ttf") || n.ends_with(".otf"))
            .filter_map(|n| {
                resources
                    .get(&format!("{folder}/{n}"))
                    .map(|bytes| (n, bytes))
            })
            .collect()
    }

    /// The chart palette.
    pub fn palette(&self) -> Palette {
        let series = if self.chart.is_empty() {
            crate::charts::DEFAULT_SERIES
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            self.chart.clone()
        };
        Palette {
            text: self.colour("text").to_string(),
            background: self.colour("background").to_string(),
            grid: self.colour("rule").to_string(),
            series,
            // The muted text colour: at least 4.5:1 against the background (a text pair).
            comparator: self.colour("muted").to_string(),
        }
    }

    /// The lowest contrast ratio among the text pairs and among the graphics (chart colours and
    /// accents), for the accessibility statement.
    pub fn minimum_contrast(&self) -> (f64, f64) {
        let ratio = |fg: &str, bg: &str| contrast_ratio(fg, bg).unwrap_or(1.0);
        let text = TEXT_PAIRS
            .iter()
            .map(|(f, b)| ratio(self.colour(f), self.colour(b)))
            .fold(21.0, f64::min);
        let background = self.colour("background");
        let graphics = GRAPHIC_PAIRS
            .iter()
            .map(|(f, b)| ratio(self.colour(f), self.colour(b)))
            .chain(self.palette().series.iter().map(|c| ratio(c, background)))
            .fold(21.0, f64::min);
        (text, graphics)
    }

    /// Checks every colour pair against the WCAG contrast minimums.
    pub fn check_contrast(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let pairs = TEXT_PAIRS
            .iter()
            .map(|p| (p, 4.5))
            .chain(GRAPHIC_PAIRS.iter().map(|p| (p, 3.0)));
        for (&(fg, bg), minimum) in pairs {
            let line = self.line(&["colours", fg]);
            out.extend(self.pair(line, fg, self.colour(fg), bg, self.colour(bg), minimum));
        }
        let background = self.colour("background");
        let chart_line = self.line(&["chart"]);
        for (i, colour) in self.palette().series.iter().enumerate() {
            let line = if self.chart.is_empty() {
                chart_line
            } else {
                chart_line + i + 1
            };
            out.extend(self.pair(
                line,
                &format!("chart colour {}", i + 1),
                colour,
                "background",
                background,
                3.0,
            ));
        }
        out
    }

    /// The line of a key in theme.yaml (1 when it cannot be found).
    fn line(&self, path: &[&str]) -> usize {
        crate::load::front_matter::key_line(&self.source, path).unwrap_or(1)
    }

    fn pair(
        &self,
        line: usize,
        fg_name: &str,
        fg: &str,
        bg_name: &str,
        bg: &str,
        minimum: f64,
    ) -> Option<Diagnostic> {
        let Some(ratio) = contrast_ratio(fg, bg) else {
            return Some(
                Diagnostic::error(
                    "bad-colour",
                    format!("the colour `{fg}` or `{bg}` is not a hex colour"),
                )
                .at_line(&self.source, line)
                .hint("write colours as \"#rrggbb\""),
            );
        };
        (ratio < minimum).then(|| {
            Diagnostic::error(
                "low-contrast",
                format!("the theme's {fg_name} {fg} on {bg_name} {bg} has a contrast ratio of {ratio:.2}:1, below {minimum}:1"),
            )
            .at_line(&self.source, line)
            .hint("darken the foreground or lighten the background; WCAG 2.2 asks 4.5:1 for text and 3:1 for graphics")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_load_and_pass_contrast() {
        for name in ["default", "high-contrast"] {
            let theme = load(&Resources::embedded(), name).unwrap();
            assert_eq!(theme.font, "Atkinson Hyperlegible");
            assert_eq!(theme.figures_font.as_deref(), Some("Inter"));
            assert!(theme.logo.is_some());
            // Atkinson's four faces and the four digit-only Inter subsets.
            let files = theme.font_files(&Resources::embedded());
            assert_eq!(files.len(), 8, "{name}");
            assert_eq!(
                files
                    .iter()
                    .filter(|(n, _)| n.starts_with("InterFigures-"))
                    .count(),
                4
            );
            let problems = theme.check_contrast();
            assert!(problems.is_empty(), "{name}: {problems:?}");
        }
    }

    #[test]
    fn low_contrast_is_named_with_its_ratio_and_line() {
        let mut theme = load(&Resources::embedded(), "default").unwrap();
        theme.colours.insert("muted".into(), "#aaaaaa".into());
        let problems = theme.check_contrast();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("muted #aaaaaa on background #ffffff has a contrast ratio of 2.32:1"),
            "{}",
            problems[0].message
        );
        let location = problems[0].location.as_ref().unwrap();
        assert_eq!(
            location.file,
            "themes/default/theme.yaml (built into yjplan)"
        );
        assert_eq!(
            theme
                .source
                .line_text(location.line.unwrap())
                .trim_start()
                .split(':')
                .next(),
            Some("muted")
        );
    }

    #[test]
    fn unknown_theme_lists_the_built_in_ones() {
        let d = load(&Resources::embedded(), "nope").unwrap_err();
        assert!(
            d.hints[0].contains("default, high-contrast"),
            "{:?}",
            d.hints
        );
    }
}
