//! The keys of one kind of table, for the hint of a misspelt key inside a table spec: takes the
//! front matter text and where the unknown key is, and gives the `kind:` written beside it, so the
//! hint lists only the keys a table of that kind takes (not every key of every kind).

use crate::compute::spec::Kind;

/// The hint for serde's unknown-key `message` about the key at byte offset `at` of `yaml`, when
/// the key is in a table spec (serde then lists every key of every kind) whose `kind:` is known.
pub(super) fn hint_at(yaml: &str, at: usize, message: &str) -> Option<String> {
    if !message.contains("`stated_total`") {
        return None;
    }
    let kind = kind_beside(yaml, at)?;
    let key = super::backticked(message).first().copied().unwrap_or("");
    Some(hint(key, kind))
}

/// The table kind written beside the key at byte offset `at` of `yaml`: the `kind:` line at the
/// same indentation in the same block mapping. None when there is none or it is not a kind.
pub(super) fn kind_beside(yaml: &str, at: usize) -> Option<Kind> {
    let lines: Vec<(usize, &str)> = {
        let mut start = 0;
        yaml.split_inclusive('\n')
            .map(|l| {
                let here = start;
                start += l.len();
                (here, l.trim_end())
            })
            .collect()
    };
    let index = lines.iter().rposition(|(start, _)| *start <= at)?;
    let indent = indent_of(lines[index].1)?;
    let same_block = |line: &&(usize, &str)| indent_of(line.1).is_none_or(|i| i >= indent);
    let before = lines[..index].iter().rev().take_while(same_block);
    let after = lines[index..].iter().take_while(same_block);
    before
        .chain(after)
        .filter(|(_, l)| indent_of(l) == Some(indent))
        .find_map(|(_, l)| kind_value(l.trim_start()))
}

/// The indentation of a line with content; None for a blank or comment line.
fn indent_of(line: &str) -> Option<usize> {
    let rest = line.trim_start_matches(' ');
    (!rest.is_empty() && !rest.starts_with('#')).then(|| line.len() - rest.len())
}

/// The kind a `kind: sum` line names.
fn kind_value(line: &str) -> Option<Kind> {
    let value = line.strip_prefix("kind:")?;
    let value = value.split(" #").next().unwrap_or("").trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    serde_yaml::from_str(value).ok()
}

/// The hint for an unknown key `key` of a table of kind `kind`: "did you mean" the nearest key
/// of that kind, and that kind's keys.
pub(super) fn hint(key: &str, kind: Kind) -> String {
    let keys: Vec<&str> = std::iter::once("kind")
        .chain(crate::compute::keys_of(kind).iter().copied())
        .collect();
    let list = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let article = if kind == Kind::Indicator { "an" } else { "a" };
    let kind = kind.name();
    match crate::util::did_you_mean(key, keys.iter().copied()) {
        Some(best) => {
            format!("did you mean `{best}`? The keys of {article} {kind} table are {list}")
        }
        None => format!("the keys of {article} {kind} table are {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "tables:\n  local:\n    kind: indicator\n    indicator: fte\n    period: [a]\n    rows:\n      X: { value: [1] }\n  other:\n    # a comment\n    caption: Money\n    kind: budget\n";

    #[test]
    fn finds_the_kind_beside_the_key() {
        let period = YAML.find("period:").unwrap();
        assert_eq!(kind_beside(YAML, period), Some(Kind::Indicator));
        let caption = YAML.find("caption").unwrap();
        assert_eq!(kind_beside(YAML, caption), Some(Kind::Budget));
        assert_eq!(kind_beside(YAML, 0), None);
    }

    #[test]
    fn the_hint_names_only_the_keys_of_the_kind() {
        let hint = hint("period", Kind::Indicator);
        assert!(
            hint.starts_with(
                "did you mean `periods`? The keys of an indicator table are `kind`, `caption`"
            ),
            "{hint}"
        );
        assert!(!hint.contains("stated_total"), "{hint}");
    }
}
