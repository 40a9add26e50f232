//! Edition files: takes the text of `templates/editions/<id>.yaml` (built in or carried by a plan)
//! and gives the [`Edition`], or every problem in it as a diagnostic at its line: YAML and unknown
//! keys, an `edition:` that is not the file's name, years that are not plan years, bad levels,
//! repeated ids, and aliases that a YAML flow list has split at their commas.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::period::Period;
use crate::resources::edition::Edition;

/// The deepest heading level a template may prescribe.
pub const MAX_LEVEL: u8 = 4;

/// Reads and checks an edition file.
pub fn parse(file: &SourceFile, id: &str) -> Result<Edition, Vec<Diagnostic>> {
    if let Some(d) = crate::load::pasted::yaml_control(file, &file.text, 0) {
        return Err(vec![d]);
    }
    let edition: Edition = serde_yaml::from_str(&file.text)
        .map_err(|e| vec![crate::load::front_matter::yaml_error(file, 0, &e)])?;
    let mut problems = Vec::new();
    if edition.edition != id {
        problems.push(
            at_key(
                file,
                "edition",
                Diagnostic::error(
                    "bad-edition",
                    format!(
                        "the edition file for `{id}` says `edition: {}`",
                        edition.edition
                    ),
                ),
            )
            .hint(format!(
                "write `edition: {id}`, or rename the file to {}.yaml",
                edition.edition
            )),
        );
    }
    problems.extend(check_years(file, &edition));
    let items = id_lines(&file.text);
    if edition.headings.is_empty() {
        problems.push(
            at_key(
                file,
                "headings",
                Diagnostic::error("bad-edition", "the edition has no headings"),
            )
            .hint("list the headings under `headings:`, each with `id:`, `level:` and `text:`"),
        );
    }
    problems.extend(check_levels(file, &edition, &items));
    problems.extend(check_ids(file, &edition, &items));
    problems.extend(split_aliases(file));
    if problems.is_empty() {
        Ok(edition)
    } else {
        Err(problems)
    }
}

fn at_key(file: &SourceFile, key: &str, d: Diagnostic) -> Diagnostic {
    crate::load::front_matter::at_key(file, &[key], d)
}

fn check_years(file: &SourceFile, edition: &Edition) -> Vec<Diagnostic> {
    let years = [Some(&edition.years.from), edition.years.to.as_ref()];
    let parsed: Vec<Option<Period>> = years.iter().flatten().map(|y| Period::parse(y)).collect();
    let single = parsed.iter().all(|p| p.is_some_and(|p| !p.is_multi_year()));
    let ordered = parsed.windows(2).all(|w| w[0] <= w[1]);
    if single && ordered {
        return Vec::new();
    }
    vec![at_key(file, "years", Diagnostic::error(
        "bad-edition",
        "the edition's `years` are not plan years in order",
    ))
    .hint("write `years: {from: 2024/25}` for a current edition, or `years: {from: 2022/23, to: 2023/24}`")]
}

/// The line of each heading's `id:`, in file order (the headings, then the annual update's).
fn id_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l
                .trim_start()
                .trim_start_matches("- ")
                .trim_start_matches('{');
            t.trim_start().starts_with("id:")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// The line of `level:` in the heading whose `id:` is on `id_line`.
fn level_line(text: &str, id_line: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(id_line - 1)
        .take_while(|(i, l)| *i + 1 == id_line || !l.trim_start().starts_with("- "))
        .find(|(_, l)| l.contains("level:"))
        .map_or(id_line, |(i, _)| i + 1)
}

fn check_levels(file: &SourceFile, edition: &Edition, items: &[usize]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lists = [
        Some(&edition.headings),
        edition.annual_update.as_ref().map(|u| &u.headings),
    ];
    let mut index = 0;
    for list in lists.into_iter().flatten() {
        let mut previous = 0u8;
        for heading in list {
            let line = level_line(&file.text, items.get(index).copied().unwrap_or(1));
            index += 1;
            let levels = heading.level.all();
            let bad = levels.is_empty() || levels.iter().any(|l| !(1..=MAX_LEVEL).contains(l));
            let skips = !bad && heading.level.preferred() > previous + 1;
            if bad || skips {
                let why = if bad {
                    format!("levels go from 1 to {MAX_LEVEL}")
                } else {
                    format!(
                        "it comes after a level {previous} heading, so it can be at most level {}",
                        previous + 1
                    )
                };
                out.push(Diagnostic::error(
                    "bad-edition",
                    format!("the heading `{}` has a level that cannot be: {why}", heading.id),
                )
                .at_line(file, line)
                .hint("write `level: 1` for a top-level heading (`#`), 2 for `##`, 3 for `###`; or a list such as `level: [2, 1]`, the preferred level first"));
            }
            if !bad {
                previous = heading.level.preferred();
            }
        }
    }
    out
}

/// Ids are plain and used once in each list (an annual update is a document of its own, so it may
/// reuse an id such as `sign-off`).
fn check_ids(file: &SourceFile, edition: &Edition, items: &[usize]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lists = [
        Some(&edition.headings),
        edition.annual_update.as_ref().map(|u| &u.headings),
    ];
    let mut index = 0;
    for list in lists.into_iter().flatten() {
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for heading in list {
            let line = items.get(index).copied().unwrap_or(1);
            index += 1;
            let id = heading.id.as_str();
            let plain = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !plain {
                out.push(Diagnostic::error("bad-edition", format!("the heading id `{id}` is not a plain id"))
                    .at_line(file, line)
                    .hint("ids are lower-case letters, digits and hyphens, e.g. `id: board-development`"));
            }
            match seen.iter().find(|(s, _)| *s == id) {
                Some((_, first)) => out.push(
                    Diagnostic::error(
                        "bad-edition",
                        format!("the heading id `{id}` is used twice"),
                    )
                    .at_line(file, line)
                    .note(format!("it is first used at {}:{first}", file.path))
                    .hint("give each heading an id of its own"),
                ),
                None => seen.push((id, line)),
            }
        }
    }
    out
}

/// YAML splits an unquoted flow list at every comma, so `aliases: [Sign off, submission and
/// approval]` is two aliases, not one. An item after the first that starts in lower case, or two
/// items that read as the heading's own words cut at its comma, were cut from one wording.
fn split_aliases(file: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut text = String::new();
    for (i, line) in file.text.lines().enumerate() {
        let content = line.trim_start().trim_start_matches("- ");
        if let Some(t) = content.strip_prefix("text:") {
            text = t.trim().trim_matches(['"', '\'']).to_string();
        }
        let Some((key, items)) = flow_list(content) else {
            continue;
        };
        let lower = items
            .iter()
            .skip(1)
            .any(|item| item.starts_with(char::is_lowercase));
        let rejoined = items
            .windows(2)
            .any(|pair| cut_from(&pair[0], &pair[1], &text));
        if lower || rejoined {
            out.push(
                Diagnostic::error(
                    "bad-edition",
                    format!("the `{key}` list is split at its commas: YAML reads [{}] as {} separate wordings", items.join(", "), items.len()),
                )
                .at_line(file, i + 1)
                .hint(format!("put a wording that has a comma in quotes (`{key}: [\"Sign off, submission and approval\"]`), or write one wording a line under `{key}:` as `- …`")),
            );
        }
    }
    out
}

/// True when `first, second` reads as the heading's own words cut at their first comma
/// ("Governance" then "Leadership and Partner Arrangements" for "Governance, Leadership and …").
fn cut_from(first: &str, second: &str, text: &str) -> bool {
    let Some((before, after)) = text.split_once(',') else {
        return false;
    };
    let word = |s: &str| s.split_whitespace().next().map(str::to_lowercase);
    // Letters and digits only, so "Sign off" and "Sign-off" are the same words.
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    bare(first) == bare(before) && word(second) == word(after)
}

/// The unquoted items of `aliases: [a, b]` or `covers: [a, b]` on one line.
fn flow_list(content: &str) -> Option<(&str, Vec<String>)> {
    let (key, rest) = content.split_once(':')?;
    if key != "aliases" && key != "covers" {
        return None;
    }
    let inner = rest.trim().strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains(['"', '\'']) {
        return None;
    }
    let items: Vec<String> = inner.split(',').map(|s| s.trim().to_string()).collect();
    (items.len() > 1).then_some((key, items))
}

#[cfg(test)]
mod tests;
