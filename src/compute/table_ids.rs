//! Table ids, checked where they are defined.
//!
//! A table's id names its outputs: the page's `id="table-ID"` and `aria-labelledby`, the chart's
//! `charts/ID.svg`, and the open data's `data/NAME.csv` and `.json`, whose NAME is the id's slug
//! (`full_time` writes `data/full-time.csv`). So an id is lowercase letters, digits, hyphens and
//! underscores, starting with a letter or a digit (`bad-table-id`), and two ids whose outputs
//! would share a name (`x_y` and `x-y`) are a `duplicate-table` error at the second.

use crate::util::slug;
use std::collections::BTreeMap;

/// Why a table id cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem {
    /// A character outside the id's set, or an id that does not start with a letter or digit.
    Bad {
        /// What to type instead.
        suggestion: String,
    },
    /// Another id, defined earlier, whose outputs have the same names.
    Collides {
        /// The earlier id.
        first: String,
        /// Where the earlier id is defined.
        file: String,
        /// The name both would write under data/.
        stem: String,
    },
}

/// True for an id of the documented set.
pub fn is_valid(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// An id of the documented set made from `id`: lower case, other characters as hyphens.
pub fn suggest(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || (c == '_' && !out.is_empty()) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    match out.trim_end_matches(['-', '_']) {
        "" => "local".to_string(),
        s => s.to_string(),
    }
}

/// The ids seen so far, by the name their open data is written under.
#[derive(Default)]
pub struct Ids {
    stems: BTreeMap<String, (String, String)>,
}

impl Ids {
    /// Records `id`, defined in `file`; the problem with it, if any.
    pub fn add(&mut self, id: &str, file: &str) -> Option<IdProblem> {
        if !is_valid(id) {
            return Some(IdProblem::Bad {
                suggestion: suggest(id),
            });
        }
        let stem = slug(id);
        match self.stems.get(&stem) {
            Some((first, file)) => Some(IdProblem::Collides {
                first: first.clone(),
                file: file.clone(),
                stem,
            }),
            None => {
                self.stems.insert(stem, (id.to_string(), file.to_string()));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_and_scaffold_ids_are_valid() {
        for id in [
            "fte",
            "full_time",
            "reoffending-binary",
            "budget-2023",
            "2023",
        ] {
            assert!(is_valid(id), "{id}");
        }
    }

    #[test]
    fn other_characters_are_refused_with_a_suggestion() {
        for (id, want) in [
            ("x y", "x-y"),
            ("a\"b", "a-b"),
            ("a/b", "a-b"),
            ("Staffing", "staffing"),
            ("-x", "x"),
            ("_x", "x"),
            ("", "local"),
            ("é", "local"),
        ] {
            assert!(!is_valid(id), "{id:?}");
            assert_eq!(suggest(id), want, "{id:?}");
            assert!(is_valid(&suggest(id)));
        }
    }

    #[test]
    fn ids_with_the_same_file_name_collide_at_the_second() {
        let mut ids = Ids::default();
        assert_eq!(ids.add("x-y", "a.md"), None);
        assert_eq!(ids.add("x-z", "a.md"), None);
        let Some(IdProblem::Collides { first, file, stem }) = ids.add("x_y", "b.md") else {
            panic!("x_y collides with x-y");
        };
        assert_eq!(
            (first.as_str(), file.as_str(), stem.as_str()),
            ("x-y", "a.md", "x-y")
        );
        assert!(matches!(
            ids.add("x y", "b.md"),
            Some(IdProblem::Bad { .. })
        ));
    }
}
