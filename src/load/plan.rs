//! Plan settings: takes plan.yaml and gives the typed [`PlanConfig`] (service, period, edition,
//! sign-off, population, glossary), with diagnostics for unknown keys and invalid values.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::{at_key, parse_yaml};
use crate::util::OrderedMap;
use serde::{Deserialize, Serialize};

mod population;
pub use population::Population;

/// Everything plan.yaml says.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    /// The service's name, e.g. "West Mercia Youth Justice Service".
    pub service: String,
    /// The partnership, when it has a name of its own.
    #[serde(default)]
    pub partnership: Option<String>,
    /// The plan's years: "2023/24", or a multi-year plan "2024/27" (see [`crate::load::period`]).
    /// For an annual update, the year it updates.
    pub period: String,
    /// The YJB template edition, e.g. "yjb-2023"; when left out, the edition of the period's first
    /// year (yjplan says which it chose).
    #[serde(default)]
    pub edition: String,
    /// Set when this document is the annual update of a multi-year plan: that plan's period.
    #[serde(default)]
    pub update_of: Option<String>,
    /// Heading numbers in the PDF, the page and the contents: `true`, or a format such as "1.1".
    #[serde(default)]
    pub numbering: Option<crate::load::numbering::Numbering>,
    /// How the edition was chosen, when plan.yaml did not name it (not read from plan.yaml).
    #[serde(skip)]
    pub edition_chosen: Option<String>,
    /// The document language as a BCP 47 tag.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme under themes/.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The local authority areas the service covers.
    #[serde(default)]
    pub areas: Vec<String>,
    /// The service manager or head of service.
    #[serde(default)]
    pub lead: Option<String>,
    /// True for a service in Wales.
    #[serde(default)]
    pub wales: bool,
    /// A logo in the plan directory that replaces the theme's.
    #[serde(default)]
    pub logo: Option<String>,
    /// What the plan's logo shows, e.g. "Wrenshire County Council" (without it, a warning and
    /// [`PlanConfig::logo_alt_text`]'s stand-in).
    #[serde(default)]
    pub logo_alt: Option<String>,
    /// Partners' logos, shown in a row with the service's logo on the cover.
    #[serde(default)]
    pub partner_logos: Vec<ImageRef>,
    /// A picture on the cover, with its alt text.
    #[serde(default)]
    pub cover_image: Option<ImageRef>,
    /// The management board's approval.
    #[serde(default)]
    pub sign_off: Option<SignOff>,
    /// Children aged 10 to 17 by area (or service) and period.
    #[serde(default)]
    pub population: Population,
    /// Acronyms and their expansions.
    #[serde(default)]
    pub glossary: OrderedMap<String>,
    /// How the plan is published (output name, dates, contact, licence, site).
    #[serde(default)]
    pub publish: crate::load::publish::Publish,
}

fn default_language() -> String {
    "en-GB".into()
}

fn default_theme() -> String {
    "default".into()
}

/// An image named in plan.yaml (a partner's logo, the cover picture): a file in the plan folder
/// and what it shows.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    /// The path from the plan folder, e.g. `assets/police-logo.svg`.
    pub src: String,
    /// What the image shows, for readers who cannot see it.
    #[serde(default)]
    pub alt: String,
}

/// Who approved the plan, where and when.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// The board that approved the plan.
    pub board: Option<String>,
    /// The date of the board meeting, YYYY-MM-DD.
    pub date: Option<String>,
    /// The chair who signed it.
    pub chair: Option<String>,
    /// The chair's role.
    pub role: Option<String>,
}

impl SignOff {
    /// The fields still to be filled in.
    pub fn missing(&self) -> Vec<&'static str> {
        let fields = [
            ("board", &self.board),
            ("date", &self.date),
            ("chair", &self.chair),
            ("role", &self.role),
        ];
        fields
            .iter()
            .filter(|(_, v)| v.as_deref().is_none_or(|s| s.trim().is_empty()))
            .map(|(k, _)| *k)
            .collect()
    }
}

impl PlanConfig {
    /// The plan logo's alt text: `logo_alt`, or "Logo of <service>" when it is missing (plans
    /// written before `logo_alt` existed still build, with a warning).
    pub fn logo_alt_text(&self) -> String {
        match self.logo_alt.as_deref().map(str::trim) {
            Some(alt) if !alt.is_empty() => alt.to_string(),
            _ => format!("Logo of {}", self.service),
        }
    }

    /// Settings with only a period, an edition and what it updates (for `yjplan new` and
    /// `yjplan headings`, which have no plan.yaml yet).
    /// Made field by field, not from YAML text, so no typed value can make it fail.
    pub fn for_period(period: &str, edition: &str, update_of: Option<&str>) -> PlanConfig {
        PlanConfig {
            service: "new".into(),
            partnership: None,
            period: period.into(),
            edition: edition.into(),
            update_of: update_of.map(str::to_string),
            numbering: None,
            edition_chosen: None,
            language: default_language(),
            theme: default_theme(),
            areas: Vec::new(),
            lead: None,
            wales: false,
            logo: None,
            logo_alt: None,
            partner_logos: Vec::new(),
            cover_image: None,
            sign_off: None,
            population: Population::default(),
            glossary: OrderedMap::default(),
            publish: Default::default(),
        }
    }
    /// True when the sign-off names the board, the date, the chair and their role.
    pub fn is_signed_off(&self) -> bool {
        self.missing_sign_off().is_empty()
    }

    /// The sign-off fields still to be filled in (all four when there is no `sign_off`).
    pub fn missing_sign_off(&self) -> Vec<&'static str> {
        self.sign_off
            .as_ref()
            .map_or_else(|| vec!["board", "date", "chair", "role"], SignOff::missing)
    }

    /// The language's primary subtag ("en") and region ("gb"), for Typst.
    pub fn lang_region(&self) -> (String, Option<String>) {
        let mut parts = self.language.split(['-', '_']);
        let lang = parts.next().unwrap_or("en").to_lowercase();
        (lang, parts.next().map(str::to_lowercase))
    }

    /// The file-name slug of the plan's outputs: `publish: name` when set, else from the service
    /// and period, e.g. "west-mercia-youth-justice-plan-2023-24".
    pub fn slug(&self) -> String {
        if let Some(name) = &self.publish.name {
            return name.clone();
        }
        let service = self
            .service
            .trim_end_matches("Youth Justice Service")
            .trim_end_matches("Youth Offending Service")
            .trim();
        let name = format!("{service} youth justice plan {}", self.period);
        crate::util::slug(&ascii_letters(&name))
    }
}

/// `text` with its accents dropped ("Môn" becomes "Mon", "ŵ" "w") and any other character
/// outside ASCII made a space, so that a file name made from it is plain ASCII, as a web
/// address and `publish: name` want it.
fn ascii_letters(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c.is_ascii() { c } else { ' ' })
        .collect()
}

/// Reads plan.yaml and checks its values.
pub fn parse(file: &SourceFile) -> Result<(PlanConfig, Vec<Diagnostic>), Diagnostic> {
    if file.text.trim().is_empty() {
        return Err(Diagnostic::error("empty-plan-yaml", "plan.yaml is empty")
            .in_file(file.path.clone())
            .hint("plan.yaml needs at least `service:`, `period:` and `edition:`"));
    }
    let config: PlanConfig = parse_yaml(file, &file.text, 0)?;
    let mut diagnostics = check(file, &config);
    diagnostics.extend(crate::load::publish::check(file, &config.publish));
    Ok((config, diagnostics))
}

fn check(file: &SourceFile, config: &PlanConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    out.extend(crate::load::period::check_periods(file, config));
    out.extend(crate::load::numbering::check(file, config));
    if let Some(date) = config.sign_off.as_ref().and_then(|s| s.date.as_deref()) {
        out.extend(crate::load::dates::check_sign_off_date(
            file,
            &config.period,
            date,
        ));
    }
    if !config.language.starts_with("en") {
        out.push(at_key(
            file,
            &["language"],
            Diagnostic::error(
                "unsupported-language",
                format!("the language `{}` is not supported yet", config.language),
            )
            .hint("write `language: en-GB`; Welsh plans are planned for a later release"),
        ));
    }
    out
}

/// The line of plan.yaml where `sign_off` is (1 when it has none), for diagnostics about it.
pub fn sign_off_line(plan_file: &SourceFile) -> usize {
    plan_file
        .text
        .lines()
        .position(|l| l.starts_with("sign_off"))
        .map_or(1, |i| i + 1)
}

/// True for a plan's period: one year ("2023/24", "2023-24") or several ("2024/27", "2024 to 2027").
pub fn is_plan_period(period: &str) -> bool {
    crate::load::period::Period::parse(period).is_some()
}

/// A calendar date (year, month, day) from "YYYY-MM-DD".
pub fn parse_date(text: &str) -> Option<(i32, u8, u8)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let days_in_month = (1..=12)
        .contains(&month)
        .then(|| super::dates::days_in_month(year, month))?;
    ((1000..=9999).contains(&year) && (1..=days_in_month).contains(&day))
        .then_some((year, month, day))
}

/// A date as written in a British document: "21 June 2023".
pub fn long_date((year, month, day): (i32, u8, u8)) -> String {
    format!(
        "{day} {} {year}",
        super::dates::MONTHS[usize::from(month - 1)]
    )
}

/// Places a diagnostic that has no position of its own at a key of plan.yaml.
pub fn at_plan_key(plan_file: &SourceFile, key: &str, d: Diagnostic) -> Diagnostic {
    if d.location.is_some() {
        return d;
    }
    at_key(plan_file, &[key], d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn periods() {
        assert!(is_plan_period("2023/24"));
        assert!(is_plan_period("2099/00"));
        assert!(is_plan_period("2023/25"));
        assert!(is_plan_period("2023-24"));
        assert!(is_plan_period("2024 to 2027"));
        assert!(!is_plan_period("2024/23"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2023-06-21"), Some((2023, 6, 21)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(long_date((2023, 6, 21)), "21 June 2023");
    }

    #[test]
    fn population_by_area_and_period() {
        let yaml = "service: S\nperiod: 2023/24\nedition: yjb-2023\npopulation:\n  source: ONS\n  West Mercia: { 2022: 115388 }\n";
        let file = SourceFile::new("plan.yaml", yaml);
        let (config, diags) = parse(&file).unwrap();
        assert!(diags.is_empty());
        assert_eq!(
            config.population.get("west mercia", "2022"),
            Some(Decimal::from(115388))
        );
        assert_eq!(config.population.source.as_deref(), Some("ONS"));
        assert_eq!(config.slug(), "s-youth-justice-plan-2023-24");
    }

    #[test]
    fn the_default_file_name_is_ascii() {
        let name = |service: &str| {
            let yaml = format!("service: \"{service}\"\nperiod: 2025/26\n");
            parse(&SourceFile::new("plan.yaml", &yaml))
                .unwrap()
                .0
                .slug()
        };
        assert_eq!(
            name("Ynys Môn and Gwynedd Youth Justice Service"),
            "ynys-mon-and-gwynedd-youth-justice-plan-2025-26"
        );
        assert_eq!(
            name("Gwasanaeth Ŵyr Ŷd"),
            "gwasanaeth-wyr-yd-youth-justice-plan-2025-26"
        );
        assert_eq!(name("Ørsted – 青少年"), "rsted-youth-justice-plan-2025-26");
        assert!(crate::load::publish::is_safe_name(&name("Ynys Môn")));
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let yaml =
            "service: S\nperiod: 2023/24\nedition: yjb-2023\nsign_off:\n  date: 21/06/2023\n";
        let file = SourceFile::new("plan.yaml", yaml);
        let (_, diags) = parse(&file).unwrap();
        assert_eq!(diags[0].code, "bad-date");
        assert_eq!(diags[0].location.as_ref().unwrap().line, Some(5));
    }
}
