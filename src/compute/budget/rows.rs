//! The budget template's rows and the names authors give them: takes a row name as written in a
//! real plan ("Police Service", "YJB Practice Grant", "Other, GLA, LB Croydon, HMPPS",
//! "Local Authorities (*)") and gives the template row it means, or a `budget-row` problem whose
//! hint shows exactly how to keep the wording with `label:`.

use super::super::problem::{Loc, Problem};
use super::super::spec::RawCell;
use super::super::util::{did_you_mean, slug};

/// A row of the template: its name, its key and other names it is known by.
pub(super) struct TemplateRow {
    pub name: &'static str,
    pub key: &'static str,
    aliases: &'static [&'static str],
}

/// The template's rows, in order.
pub(super) const TEMPLATE: [TemplateRow; 8] = [
    TemplateRow {
        name: "Local authority",
        key: "local-authority",
        aliases: &[
            "Local authorities",
            "Local authority contribution",
            "LA",
            "Council",
            "Councils",
        ],
    },
    TemplateRow {
        name: "Police",
        key: "police",
        aliases: &["Police service", "Police force", "Police services"],
    },
    TemplateRow {
        name: "Probation",
        key: "probation",
        aliases: &[
            "National Probation Service",
            "Probation service",
            "NPS",
            "HM Prison and Probation Service",
        ],
    },
    TemplateRow {
        name: "Health",
        key: "health",
        aliases: &[
            "Health service",
            "Health services",
            "NHS",
            "ICB",
            "Integrated Care Board",
            "CCG",
            "Clinical Commissioning Group",
        ],
    },
    TemplateRow {
        name: "Police and Crime Commissioner",
        key: "police-and-crime-commissioner",
        aliases: &[
            "PCC",
            "Office of the Police and Crime Commissioner",
            "OPCC",
            "Police and Crime Commissioners",
            "Police, Fire and Crime Commissioner",
            "PFCC",
            "Mayor's Office for Policing and Crime",
            "MOPAC",
        ],
    },
    TemplateRow {
        name: "Welsh Government",
        key: "welsh-government",
        aliases: &["Welsh Govt", "WG"],
    },
    TemplateRow {
        name: "YJB Youth Justice Grant",
        key: "yjb-youth-justice-grant",
        aliases: &[
            "YJB",
            "Youth Justice Grant",
            "YJB grant",
            "YOT grant",
            "YJB Practice Grant",
            "Youth Justice Board",
            "Youth Justice Board grant",
            "YJB Youth Justice Practice Grant",
        ],
    },
    TemplateRow {
        name: "Other",
        key: "other",
        aliases: &["Other funding", "Other income", "Others"],
    },
];

/// Index of the Welsh Government row in [`TEMPLATE`].
pub(super) const WELSH: usize = 5;

/// The template row a name means: an exact name or alias first; else the longest name or alias
/// the name starts with ("Other, GLA, LB Croydon" is Other; "Police and Crime Commissioner (OPCC)"
/// is the Commissioner, not Police). Footnote marks ("(*)", "*", "(1)") are ignored.
pub(super) fn template_index(name: &str) -> Option<usize> {
    let wanted = slug(&without_marks(name));
    let names = |t: &'static TemplateRow| {
        std::iter::once(t.key.to_string()).chain(t.aliases.iter().map(|a| slug(a)))
    };
    if let Some(i) = TEMPLATE.iter().position(|t| names(t).any(|n| n == wanted)) {
        return Some(i);
    }
    TEMPLATE
        .iter()
        .enumerate()
        .flat_map(|(i, t)| names(t).map(move |n| (i, n)))
        .filter(|(_, n)| wanted.starts_with(&format!("{n}-")))
        .max_by_key(|(_, n)| n.len())
        .map(|(i, _)| i)
}

/// The name without footnote marks: "Local Authorities (*)" -> "Local Authorities".
fn without_marks(name: &str) -> String {
    let mut s = name.trim().to_string();
    loop {
        let before = s.len();
        s = s.trim_end_matches('*').trim_end().to_string();
        if s.ends_with(')') {
            if let Some(open) = s.rfind('(') {
                let inner = &s[open + 1..s.len() - 1];
                if inner.chars().all(|c| c == '*' || c.is_ascii_digit()) {
                    s.truncate(open);
                    s = s.trim_end().to_string();
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// "budget-row" for a name that is not a template row; the hint writes the row under the nearest
/// template row (else Other) with the author's wording as `label:` and their amounts.
pub(super) fn unknown_row(name: &str, value: &serde_yaml::Value, loc: &Loc) -> Problem {
    if slug(name) == "total" {
        return Problem::error(
            "own-total-row",
            format!("the row \"{name}\" is a total, but yjplan adds the total row itself"),
        )
        .at(loc)
        .hint("delete this row: yjplan adds up the rows; to have the total you were given checked, write it under `stated_total:`, as in `stated_total: { total: 950000 }`");
    }
    let names: Vec<&str> = TEMPLATE.iter().map(|t| t.name).collect();
    let near = did_you_mean(name, names.iter().copied());
    let how = |row: &str| {
        format!(
            "to print your own wording, write the template's row with `label:`, as in `{row}: {}`",
            with_label(name, value)
        )
    };
    let hint = match near {
        Some(row) => format!("did you mean \"{row}\"? {}", how(row)),
        None => format!(
            "the template's rows are {}; {}",
            super::super::util::quoted_list(&names),
            how("Other")
        ),
    };
    Problem::error(
        "budget-row",
        format!("\"{name}\" is not a row of the budget template"),
    )
    .at(loc)
    .hint(hint)
}

/// The row's YAML written again with `label:` first: `{ label: "Schools Forum", other: 12000 }`.
fn with_label(name: &str, value: &serde_yaml::Value) -> String {
    let mut parts = vec![format!("label: \"{}\"", name.replace('"', "'"))];
    if let serde_yaml::Value::Mapping(map) = value {
        for (k, v) in map {
            let (Some(k), Ok(v)) = (k.as_str(), serde_yaml::from_value::<RawCell>(v.clone()))
            else {
                continue;
            };
            if k != "label" {
                parts.push(format!("{k}: {}", yaml_scalar(&v)));
            }
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A cell written back as YAML: numbers bare, text quoted.
fn yaml_scalar(v: &RawCell) -> String {
    match v {
        RawCell::Number(s) => s.clone(),
        RawCell::Blank => "~".to_string(),
        other => format!("\"{}\"", other.as_written().replace('"', "'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> Option<&'static str> {
        template_index(name).map(|i| TEMPLATE[i].name)
    }

    #[test]
    fn labels_seen_in_real_tables_name_template_rows() {
        assert_eq!(row("YJB"), Some("YJB Youth Justice Grant"));
        assert_eq!(row("YJB Practice Grant"), Some("YJB Youth Justice Grant"));
        assert_eq!(
            row("YJB Youth Justice Grant"),
            Some("YJB Youth Justice Grant")
        );
        assert_eq!(
            row("YJB – Youth Justice Grant"),
            Some("YJB Youth Justice Grant")
        );
        assert_eq!(row("Police Service"), Some("Police"));
        assert_eq!(row("Health Service"), Some("Health"));
        assert_eq!(row("Other, GLA, LB Croydon, HMPPS"), Some("Other"));
        assert_eq!(row("Local Authorities (*)"), Some("Local authority"));
        assert_eq!(
            row("Police and Crime Commissioner **"),
            Some("Police and Crime Commissioner")
        );
        assert_eq!(
            row("Police and Crime Commissioner (OPCC)"),
            Some("Police and Crime Commissioner")
        );
        assert_eq!(row("Welsh Government"), Some("Welsh Government"));
        assert_eq!(row("Schools Forum"), None);
        assert_eq!(row("Policing"), None);
    }

    #[test]
    fn the_hint_shows_how_to_write_label() {
        let value: serde_yaml::Value = serde_yaml::from_str("{ other: 12000 }").unwrap();
        let p = unknown_row(
            "Schools Forum",
            &value,
            &Loc::yaml(&["rows", "Schools Forum"]),
        );
        let hint = p.hint.unwrap();
        assert!(
            hint.ends_with("as in `Other: { label: \"Schools Forum\", other: 12000 }`"),
            "{hint}"
        );
        let p = unknown_row("Polic", &value, &Loc::default());
        assert!(p
            .hint
            .unwrap()
            .contains("`Police: { label: \"Polic\", other: 12000 }`"));
    }
}
