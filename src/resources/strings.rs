//! Fixed words: takes the resources and the plan's language and gives the words the outputs use
//! (headings of generated parts, sign-off wording), from `templates/strings/<language>.yaml`.

use crate::resources::Resources;
use std::collections::BTreeMap;

/// The fixed words in the plan's language.
pub fn load(resources: &Resources, language: &str) -> BTreeMap<String, String> {
    let text = resources
        .text(&format!("templates/strings/{language}.yaml"))
        .or_else(|| resources.text("templates/strings/en-GB.yaml"))
        .unwrap_or_default();
    serde_yaml::from_str(&text).unwrap_or_default()
}
