//! Editions: takes an edition id (from plan.yaml, or chosen from the plan's period) and gives the
//! YJB template's heading outline, read from `templates/editions/<id>.yaml` (embedded, or carried
//! by the plan directory). The file's own checks, with file:line, are in [`check`]; the choice of edition
//! for a plan is in [`choice`].

use crate::load::period::Period;
use crate::resources::Resources;
use serde::Deserialize;

pub mod check;
pub mod choice;

/// One edition of the YJB template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The id plan.yaml names, e.g. "yjb-2023".
    pub edition: String,
    /// The document title the template gives plans.
    pub title: String,
    /// Where the structure comes from (the guidance and its date).
    pub source: String,
    /// The plan years the edition is for.
    pub years: Years,
    /// False when the guidance fixed no order (the 2019 practice note): order is then not checked.
    #[serde(default = "ordered")]
    pub ordered: bool,
    /// The headings, in order.
    pub headings: Vec<EditionHeading>,
    /// What an annual update of a multi-year plan must hold, for editions that allow them.
    #[serde(default)]
    pub annual_update: Option<AnnualUpdate>,
}

/// The plan years of an edition: from a first year to a last one (open when the edition is current).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Years {
    /// The first plan year, e.g. "2024/25".
    pub from: String,
    /// The last plan year, if a later edition replaced this one.
    #[serde(default)]
    pub to: Option<String>,
}

/// The headings of an annual update.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualUpdate {
    /// The document title of an update.
    pub title: String,
    /// What the update must hold.
    pub headings: Vec<EditionHeading>,
}

/// How much a heading is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Verified: a plan without it is an error.
    Required,
    /// Expected, but its wording or place is unconfirmed: a plan without it gets a warning.
    Expected,
    /// Checked when present, never asked for.
    Optional,
}

/// The levels a heading may take: one (`level: 2`) or a list, the first preferred (`level: [2, 1]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Levels {
    /// One level: `level: 2`.
    One(u8),
    /// The levels it may take, the preferred first: `level: [2, 1]`.
    Many(Vec<u8>),
}

impl Levels {
    /// The level the template prefers.
    pub fn preferred(&self) -> u8 {
        match self {
            Levels::One(l) => *l,
            Levels::Many(ls) => ls.first().copied().unwrap_or(1),
        }
    }

    /// Every level the heading may take.
    pub fn all(&self) -> Vec<u8> {
        match self {
            Levels::One(l) => vec![*l],
            Levels::Many(ls) => ls.clone(),
        }
    }

    /// True when a plan heading may sit at this level.
    pub fn allows(&self, level: u8) -> bool {
        self.all().contains(&level)
    }
}

/// A heading of the template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionHeading {
    /// A stable id, e.g. "foreword".
    pub id: String,
    /// 1 for a top-level heading; or the levels it may take.
    pub level: Levels,
    /// The template's wording; `{period}` stands for the plan's period.
    pub text: String,
    /// Required, expected or optional (required when not given).
    #[serde(default = "required")]
    pub status: Status,
    /// Other wordings that mean this heading (accepted with a warning that names the template's).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Topics this heading covers: a plan heading made of them (alone, combined, or over several
    /// headings in a row) fills this heading. The parts of its own text count too.
    #[serde(default)]
    pub covers: Vec<String>,
    /// The table the section is expected to hold, if any.
    #[serde(default)]
    pub expects_table: Option<String>,
    /// What the section must cover.
    #[serde(default)]
    pub guidance: Option<String>,
}

fn ordered() -> bool {
    true
}

fn required() -> Status {
    Status::Required
}

impl EditionHeading {
    /// The heading's wording for a plan period.
    pub fn text_for(&self, period: &str) -> String {
        self.text.replace("{period}", period)
    }
}

impl Edition {
    /// True when the edition is the one for a plan starting in `first_year` (e.g. 2024 for 2024/25).
    pub fn covers_year(&self, first_year: u16) -> bool {
        let start = |y: &str| Period::parse(y).map(|p| p.first);
        let from = start(&self.years.from).unwrap_or(u16::MAX);
        let to = self
            .years
            .to
            .as_deref()
            .and_then(start)
            .unwrap_or(u16::MAX - 1);
        from <= first_year && first_year <= to
    }

    /// The years as people write them: "2022/23 to 2023/24", "2024/25 on".
    pub fn years_text(&self) -> String {
        match &self.years.to {
            Some(to) if *to == self.years.from => to.clone(),
            Some(to) => format!("{} to {to}", self.years.from),
            None => format!("{} on", self.years.from),
        }
    }

    /// The edition an annual update is checked against: the update's headings under the same id.
    pub fn for_annual_update(&self) -> Option<Edition> {
        let update = self.annual_update.as_ref()?;
        Some(Edition {
            title: update.title.clone(),
            headings: update.headings.clone(),
            annual_update: None,
            ..self.clone()
        })
    }
}

impl Edition {
    /// The outline `yjplan headings` prints: title, years, source, then each heading indented by
    /// level with its status when it is not required, and the annual update's headings.
    pub fn outline(&self) -> String {
        let mut out = format!(
            "{} ({}, {})\nSource: {}\nMissing required headings are errors; (expected) ones are warnings; (optional) ones are never asked for.\n\n",
            self.title,
            self.edition,
            self.years_text(),
            self.source.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        outline_headings(&mut out, &self.headings);
        if let Some(update) = &self.annual_update {
            out.push_str(&format!(
                "\n{} (a document with `update_of:` in plan.yaml)\n",
                update.title
            ));
            outline_headings(&mut out, &update.headings);
        }
        out
    }
}

fn outline_headings(out: &mut String, headings: &[EditionHeading]) {
    for h in headings {
        let level = h.level.preferred();
        let indent = "  ".repeat(usize::from(level.saturating_sub(1)));
        let others: Vec<String> = h.level.all().iter().skip(1).map(u8::to_string).collect();
        let mut notes = Vec::new();
        if !others.is_empty() {
            notes.push(format!("or level {}", others.join(", ")));
        }
        match h.status {
            Status::Required => {}
            Status::Expected => notes.push("expected".into()),
            Status::Optional => notes.push("optional".into()),
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join("; "))
        };
        out.push_str(&format!(
            "{indent}{} {}{notes}\n",
            "#".repeat(usize::from(level)),
            h.text
        ));
    }
}

/// Why an edition could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EditionError {
    /// No edition has this id.
    #[error("unknown edition `{id}`")]
    Unknown {
        /// The id plan.yaml names.
        id: String,
        /// The ids of the editions there are (built in and carried by the plan).
        known: Vec<String>,
    },
    /// The file is there but wrong; each problem has its line.
    #[error("the edition file {path} is not valid")]
    Invalid {
        /// The edition file, as shown to the author.
        path: String,
        /// What is wrong, each at its line.
        problems: Vec<crate::diag::Diagnostic>,
    },
}

/// The ids of the editions built into yjplan, oldest first.
pub fn known_editions() -> Vec<String> {
    Resources::embedded_names("templates/editions")
        .into_iter()
        .filter_map(|n| n.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect()
}

/// The ids of the editions a plan can name: the built-in ones and those its folder carries.
pub fn available_editions(resources: &Resources) -> Vec<String> {
    let mut ids = known_editions();
    for name in resources.names("templates/editions") {
        if let Some(id) = name.strip_suffix(".yaml") {
            if !ids.iter().any(|k| k == id) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

/// The path of an edition's file, inside the plan directory or the built-in templates.
pub fn path_of(id: &str) -> String {
    format!("templates/editions/{id}.yaml")
}

/// Loads an edition by id.
pub fn load(resources: &Resources, id: &str) -> Result<Edition, EditionError> {
    let valid_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let path = path_of(id);
    let text = valid_id.then(|| resources.text(&path)).flatten();
    let Some(text) = text else {
        return Err(EditionError::Unknown {
            id: id.to_string(),
            known: available_editions(resources),
        });
    };
    let shown = resources.shown_path(&path);
    let file = crate::diag::SourceFile::new(shown.clone(), text);
    crate::resources::edition::check::parse(&file, id).map_err(|problems| EditionError::Invalid {
        path: shown,
        problems,
    })
}

/// The built-in edition for a plan whose first year starts in `first_year`: the one whose years
/// contain it, else (for years before the first edition) none.
pub fn for_year(first_year: u16) -> Option<Edition> {
    let resources = Resources::embedded();
    known_editions()
        .iter()
        .filter_map(|id| load(&resources, id).ok())
        .find(|e| e.covers_year(first_year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2023_edition_loads_with_its_headings() {
        let e = load(&Resources::embedded(), "yjb-2023").unwrap();
        assert_eq!(e.headings.len(), 42);
        assert_eq!(e.headings[1].id, "foreword");
        assert_eq!(
            e.headings
                .iter()
                .find(|h| h.id == "development-plan")
                .unwrap()
                .text_for("2023/24"),
            "Development Plan 2023/24"
        );
        let levels: Vec<u8> = e.headings.iter().map(|h| h.level.preferred()).collect();
        assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1));
    }

    #[test]
    fn every_built_in_edition_loads_and_the_years_follow_on() {
        let resources = Resources::embedded();
        let ids = known_editions();
        assert_eq!(ids, ["yjb-2019", "yjb-2021", "yjb-2023", "yjb-2024"]);
        for year in 2019..2031 {
            let e = for_year(year).unwrap();
            let expected = match year {
                2019 | 2020 => "yjb-2019",
                2021 => "yjb-2021",
                2022 | 2023 => "yjb-2023",
                _ => "yjb-2024",
            };
            assert_eq!(e.edition, expected, "{year}");
        }
        assert!(for_year(2018).is_none());
        for id in ids {
            let e = load(&resources, &id).unwrap();
            assert_eq!(e.edition, id);
            assert!(!e.source.is_empty());
        }
    }

    #[test]
    fn only_the_2024_edition_has_annual_updates() {
        let resources = Resources::embedded();
        let update = load(&resources, "yjb-2024")
            .unwrap()
            .for_annual_update()
            .unwrap();
        let ids: Vec<&str> = update.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "update-progress",
                "update-performance",
                "update-changes",
                "update-reporting",
                "sign-off"
            ]
        );
        let e = load(&resources, "yjb-2023").unwrap();
        assert!(e.for_annual_update().is_none());
    }

    #[test]
    fn unknown_edition_lists_the_known_ones() {
        match load(&Resources::embedded(), "yjb-1999") {
            Err(EditionError::Unknown { known, .. }) => assert!(known.contains(&"yjb-2023".into())),
            other => panic!("{other:?}"),
        }
        assert!(load(&Resources::embedded(), "../x").is_err());
    }
}
