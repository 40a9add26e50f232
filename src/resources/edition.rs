//! Editions: takes an edition id (from plan.yaml) and gives the YJB template's heading outline,
//! read from `templates/editions/<id>.yaml` (embedded, or overridden by the plan directory).

use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::{at_plan_key, PlanConfig};
use crate::resources::Resources;
use crate::util::did_you_mean;
use serde::Deserialize;

/// One edition of the YJB template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The id plan.yaml names, e.g. "yjb-2023".
    pub edition: String,
    /// The document title the template gives plans.
    pub title: String,
    /// The plan years the edition was used for.
    #[serde(default)]
    pub years: Vec<String>,
    /// The prescribed headings, in order.
    pub headings: Vec<EditionHeading>,
}

/// A heading the template prescribes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionHeading {
    /// A stable id, e.g. "foreword".
    pub id: String,
    /// 1 for a top-level heading.
    pub level: u8,
    /// The template's wording; `{period}` stands for the plan's period.
    pub text: String,
    /// Wordings seen in real plans that mean this heading.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The table the section is expected to hold, if any.
    #[serde(default)]
    pub expects_table: Option<String>,
    /// What the section must cover.
    #[serde(default)]
    pub guidance: Option<String>,
}

impl EditionHeading {
    /// The heading's wording for a plan period.
    pub fn text_for(&self, period: &str) -> String {
        self.text.replace("{period}", period)
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
        /// The ids of the editions there are.
        known: Vec<String>,
    },
    /// The edition's file is not a valid edition.
    #[error("the edition file {path} is not valid: {message}")]
    Invalid {
        /// The edition file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
}

/// The ids of the editions built into yjplan.
pub fn known_editions() -> Vec<String> {
    Resources::embedded_names("templates/editions")
        .into_iter()
        .filter_map(|n| n.strip_suffix(".yaml"))
        .map(str::to_string)
        .collect()
}

/// Loads an edition by id.
pub fn load(resources: &Resources, id: &str) -> Result<Edition, EditionError> {
    let valid_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let path = format!("templates/editions/{id}.yaml");
    let text = valid_id.then(|| resources.text(&path)).flatten();
    let Some(text) = text else {
        return Err(EditionError::Unknown {
            id: id.to_string(),
            known: known_editions(),
        });
    };
    serde_yaml::from_str(&text).map_err(|e| EditionError::Invalid {
        path,
        message: e.to_string(),
    })
}

/// The plan's edition, or an error diagnostic at its `edition:` key (with a did-you-mean).
pub fn load_for_plan(
    resources: &Resources,
    plan: &PlanConfig,
    plan_file: &SourceFile,
) -> Result<Edition, Diagnostic> {
    match load(resources, &plan.edition) {
        Ok(e) => Ok(e),
        Err(EditionError::Unknown { id, known }) => {
            let mut d = Diagnostic::error(
                "unknown-edition",
                format!("there is no edition `{id}` of the YJB template"),
            );
            if let Some(best) = did_you_mean(&id, known.iter().map(String::as_str)) {
                d = d.hint(format!("did you mean `{best}`?"));
            }
            d = d.hint(format!(
                "the editions yjplan knows are {}; `yjplan headings --edition ID` shows one",
                known.join(", ")
            ));
            Err(at_plan_key(plan_file, "edition", d))
        }
        Err(e @ EditionError::Invalid { .. }) => {
            Err(Diagnostic::error("bad-edition", e.to_string()))
        }
    }
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
        assert!(e.headings.windows(2).all(|w| w[1].level <= w[0].level + 1));
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
