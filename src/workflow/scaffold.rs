//! Scaffold: takes a service name, a plan year and an edition, and gives the files of a new plan
//! (`yjplan new`): plan.yaml, one section file per top-level template heading with every heading
//! under it and the template's guidance as comments, example tables where the template expects
//! them and a .gitignore (the CI workflow, which goes at the repository's root, is
//! [`super::ci`]'s). Placeholders are marked "[to do: …]" so
//! `yjplan check` lists them as warnings until they are written.

use crate::output::OutputFile;
use crate::resources::edition::{Edition, EditionHeading};
use crate::util::slug;
use crate::validate::lint::PLACEHOLDER;

/// What `yjplan new` is asked for.
pub struct NewPlan<'a> {
    /// The service's name.
    pub service: &'a str,
    /// The plan year, e.g. "2024/25".
    pub period: &'a str,
    /// The edition whose headings the plan gets (for an annual update, the update's headings).
    pub edition: &'a Edition,
    /// The multi-year plan's period, when this is its annual update.
    pub update_of: Option<&'a str>,
}

/// The files of a new plan, paths relative to its directory.
pub fn files(new: &NewPlan) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::new("plan.yaml", plan_yaml(new).into_bytes()),
        OutputFile::new(
            ".gitignore",
            b"# yjplan's outputs are built, not committed\n/out/\n".to_vec(),
        ),
    ];
    let headings = &new.edition.headings;
    let starts: Vec<usize> = (0..headings.len())
        .filter(|&i| headings[i].level.preferred() == 1)
        .collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(headings.len());
        let group = &headings[start..end];
        let name = format!("{:02}-{}.md", n + 1, slug(&group[0].id));
        files.push(OutputFile::new(
            name,
            section(group, new.period, new.service).into_bytes(),
        ));
    }
    files
}

fn plan_yaml(new: &NewPlan) -> String {
    let first_year = new
        .period
        .get(..4)
        .and_then(|y| y.parse::<u32>().ok())
        .unwrap_or(2024);
    format!(
        r#"# The plan's settings. docs/format.md describes every key.
service: {service}
period: {period}
edition: {edition}{update_of}
# numbering: true    # number the headings (1, 1.1, 1.1.1) in the PDF, the page and the contents
language: en-GB
theme: default
# areas: [First council, Second council]     # the local authorities the service covers
# lead: Name of the head of service

# Fill in once the management board has approved the plan. Until then the plan builds as a DRAFT.
sign_off:
  board: # e.g. {service} Management Board
  date: # the date of the board meeting, YYYY-MM-DD
  chair: # the chair's name
  role: # the chair's role

# Children aged 10 to 17 (ONS mid-year estimates), by area and period label, used to compute rates
# from counts (a table row that gives `count:` instead of `value:`).
population:
  source: ONS mid-year population estimates
  {service}: {{ "Sep-{s1:02}": 100000, "Sep-{s2:02}": 100000, "{y1}": 100000, "{y2}": 100000 }}

# Acronyms used in the text, explained on the web page where each is first used.
glossary:
  YJB: Youth Justice Board
  YJS: Youth Justice Service

# How the plan is published on the council's website (docs/format.md): uncomment what you need.
# publish:
#   licence: ogl                 # the Open Government Licence v3.0
#   contact: {{ name: Youth Justice Service, email: yjs@example.org }}
#   site: true                   # also one web page per top-level section
#   strict_pull_requests: true   # the CI workflow fails a pull request that has warnings
"#,
        service = yaml_string(new.service),
        period = new.period,
        edition = new.edition.edition,
        update_of = new
            .update_of
            .map(|u| format!("\nupdate_of: {u}    # this is the annual update of the plan {u}"))
            .unwrap_or_default(),
        y1 = first_year - 2,
        y2 = first_year - 1,
        s1 = (first_year - 2) % 100,
        s2 = (first_year - 1) % 100,
    )
}

/// A YAML scalar for any text (quoted when it would otherwise be read as something else).
fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.' | '(' | ')'))
        && text.chars().next().is_some_and(char::is_alphabetic);
    if plain {
        text.to_string()
    } else {
        format!("{:?}", text)
    }
}

fn section(group: &[EditionHeading], period: &str, service: &str) -> String {
    let tables: Vec<&str> = group
        .iter()
        .filter_map(|h| h.expects_table.as_deref())
        .collect();
    let mut out = String::new();
    if !tables.is_empty() {
        out.push_str("---\ntables:\n");
        for table in &tables {
            out.push_str(
                &example_periods(example_table(table), period)
                    .replace("Our service", &yaml_string(service)),
            );
        }
        out.push_str("---\n");
    }
    for heading in group {
        out.push_str(&format!(
            "{} {}\n\n",
            "#".repeat(usize::from(heading.level.preferred())),
            heading.text_for(period)
        ));
        if let Some(guidance) = &heading.guidance {
            out.push_str(&format!(
                "<!-- What this section covers: {guidance} -->\n\n"
            ));
        }
        out.push_str(&format!("{PLACEHOLDER}: write this section.]\n\n"));
        if let Some(table) = &heading.expects_table {
            out.push_str(&format!("{{{{ table(\"{table}\") }}}}\n\n"));
            if example_has_chart(table) {
                out.push_str(&format!("{{{{ chart(\"{table}\") }}}}\n\n"));
            }
        }
    }
    out
}

fn example_has_chart(table: &str) -> bool {
    matches!(table, "fte" | "custody" | "reoffending")
}

/// The example tables' periods for a plan year: the latest published data is from the year
/// before the plan starts (FTE to September, custody by calendar year, reoffending cohorts to
/// March two years before).
fn example_periods(table: &str, period: &str) -> String {
    let first = period
        .get(..4)
        .and_then(|y| y.parse::<u32>().ok())
        .unwrap_or(2024);
    let (y1, y2) = (first - 2, first - 1);
    table
        .replace("{S1}", &format!("{:02}", y1 % 100))
        .replace("{S2}", &format!("{:02}", y2 % 100))
        .replace("{Y1}", &y1.to_string())
        .replace("{Y2}", &y2.to_string())
        .replace("{R1}", &format!("{:02}", (y1 - 1) % 100))
        .replace("{R2}", &format!("{:02}", (y2 - 1) % 100))
}

/// Example front-matter tables for the headings that expect one, with placeholder figures. The
/// service's row is "Our service" here, replaced by the service's name.
fn example_table(id: &str) -> &'static str {
    match id {
        "fte" => {
            r#"  fte:
    kind: indicator
    indicator: fte
    periods: [Sep-{S1}, Sep-{S2}]
    notes: ["[to do: replace the example figures with the service's own]"]
    rows:
      Our service: { value: [120, 110] }
      National: { value: [146, 140] }
"#
        }
        "custody" => {
            r#"  custody:
    kind: indicator
    indicator: custody
    periods: ["{Y1}", "{Y2}"]
    notes: ["[to do: replace the example figures with the service's own]"]
    rows:
      Our service: { value: [0.10, 0.08] }
      National: { value: [0.11, 0.10] }
"#
        }
        "reoffending" => {
            r#"  reoffending:
    kind: indicator
    indicator: reoffending-binary
    periods: [Mar-{R1}, Mar-{R2}]
    notes: ["[to do: replace the example figures with the service's own]"]
    rows:
      Our service: { value: [28.0, 27.0] }
      National: { value: [31.2, 32.0] }
"#
        }
        "staffing" => {
            r#"  staffing:
    kind: sum
    caption: Staff by ethnicity and sex (number of people)
    row_header: Ethnicity
    columns: [Managers, Practitioners, Administrative]
    subcolumns: [Male, Female]
    totals: both
    notes: ["[to do: replace the example figures with the service's own]"]
    rows:
      White: [1, 2, 5, 12, 1, 3]
      Not known: [0, 0, 0, 1, 0, 0]
"#
        }
        "budget" => {
            r#"  budget:
    kind: budget
    caption: Partner contributions to the youth justice pooled budget
    notes: ["[to do: replace the example figures with the service's own]"]
    rows:
      Local authority: { other: 500000 }
      Police: { staffing: 50000, other: 10000 }
      Probation: { staffing: 40000 }
      Health: { staffing: 60000 }
      YJB Youth Justice Grant: { other: 400000 }
"#
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    #[test]
    fn every_template_heading_is_scaffolded_once() {
        let edition = crate::resources::edition::load(&Resources::embedded(), "yjb-2023").unwrap();
        let files = files(&NewPlan {
            service: "Exampleshire Youth Justice Service",
            period: "2024/25",
            edition: &edition,
            update_of: None,
        });
        let text: String = files
            .iter()
            .filter(|f| f.path.ends_with(".md"))
            .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
            .collect();
        for heading in &edition.headings {
            let line = format!(
                "\n{} {}\n",
                "#".repeat(usize::from(heading.level.preferred())),
                heading.text_for("2024/25")
            );
            assert_eq!(format!("\n{text}").matches(&line).count(), 1, "{line:?}");
        }
        assert_eq!(files.iter().filter(|f| f.path.ends_with(".md")).count(), 14);
    }

    #[test]
    fn names_that_need_quotes_are_quoted() {
        assert_eq!(
            yaml_string("West Mercia Youth Justice Service"),
            "West Mercia Youth Justice Service"
        );
        assert_eq!(yaml_string("Bath: North"), "\"Bath: North\"");
    }
}
