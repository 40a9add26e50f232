//! Publishing settings: takes plan.yaml's `publish:` block and gives [`Publish`] (the output
//! name, the "last updated" date, a contact, a licence, the multi-page site, strict checks on pull
//! requests), with diagnostics for a name that is not a safe file name or a date that is not one.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::at_key;
use crate::load::plan::parse_date;
use serde::{Deserialize, Serialize};

/// What plan.yaml's `publish:` says about how the plan is published. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// The outputs' name without extension (the PDF is `<name>.pdf`); default from the service
    /// and the period.
    pub name: Option<String>,
    /// The "last updated" date, YYYY-MM-DD; default the approval date.
    pub updated: Option<String>,
    /// Who readers contact about the plan.
    pub contact: Option<Contact>,
    /// The licence the plan is published under: `ogl` (Open Government Licence v3.0) or any text.
    pub licence: Option<String>,
    /// Also write the plan as a site of several pages, one per top-level section.
    #[serde(default)]
    pub site: bool,
    /// `yjplan check --pull-request` (the generated workflow on a pull request) treats warnings as
    /// errors.
    #[serde(default)]
    pub strict_pull_requests: bool,
}

/// A contact for readers.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A team or person.
    pub name: Option<String>,
    /// An email address.
    pub email: Option<String>,
    /// A telephone number.
    pub phone: Option<String>,
}

/// The Open Government Licence v3.0, for `licence: ogl`.
pub const OGL_URL: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

impl Publish {
    /// The licence line's text and link: OGL's for `ogl`, the text as written otherwise.
    pub fn licence_text(&self) -> Option<(String, Option<&'static str>)> {
        let licence = self.licence.as_deref()?.trim();
        if licence.eq_ignore_ascii_case("ogl") {
            Some(("Open Government Licence v3.0".into(), Some(OGL_URL)))
        } else {
            Some((licence.to_string(), None))
        }
    }
}

/// True for a name that is safe as a file name on every system: letters, digits, `-`, `_` and
/// `.`, not starting with a dot.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Diagnostics for the `publish:` block.
pub fn check(file: &SourceFile, publish: &Publish) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(name) = publish.name.as_deref().filter(|n| !is_safe_name(n)) {
        out.push(at_key(
            file,
            &["publish", "name"],
            Diagnostic::error(
                "bad-output-name",
                format!("the output name `{name}` is not a safe file name"),
            )
            .hint("use letters, digits and hyphens, without `.pdf`, e.g. `name: exampleshire-youth-justice-plan-2024-25`"),
        ));
    }
    if let Some(date) = publish
        .updated
        .as_deref()
        .filter(|d| parse_date(d).is_none())
    {
        out.push(at_key(file, &["publish", "updated"], {
            let (message, hint) = crate::load::dates::date_problem(date, "updated");
            Diagnostic::error("bad-date", format!("the updated date {message}")).hint(hint)
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_paths_or_spaces_are_not_safe() {
        assert!(is_safe_name("exampleshire-yjp-2024-25"));
        for bad in ["", "../x", "a/b", "a b", ".hidden", "plan\\x"] {
            assert!(!is_safe_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn ogl_is_linked() {
        let p = Publish {
            licence: Some("OGL".into()),
            ..Publish::default()
        };
        assert_eq!(p.licence_text().unwrap().1, Some(OGL_URL));
    }
}
