//! Expand: takes a section body and the computed tables and plan settings, runs the body through
//! minijinja, and gives the expanded markdown. Inline figures (`{{ fte["West Mercia"]["Sep-22"] }}`)
//! print exactly as the table prints them; `{{ table("id") }}` and `{{ chart("id") }}` leave
//! placeholders that the parse stage turns into blocks. Errors point at the line in the .md file.

use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use crate::load::plan::PlanConfig;
use crate::model::{MARK_CLOSE, MARK_OPEN};
use crate::resources::guard;
use crate::util::did_you_mean;
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

mod quotes;

/// Why the last lookup in a table failed, so the error can say more than "undefined".
type Misses = Arc<Mutex<Vec<String>>>;

/// The template environment shared by all sections of a plan.
pub struct Expander {
    env: Environment<'static>,
    /// The names in scope (the plan, each table, `tables`), for hints.
    names: Vec<String>,
    /// The same names and their values as one template context, made once: a map handed to
    /// each render would be converted again for every section.
    context: Value,
    misses: Misses,
}

impl Expander {
    /// Prepares expansion with the plan's settings and every computed table in scope. `failed`
    /// names tables that are defined but could not be computed (already reported): placing them
    /// or quoting them is not a second error.
    ///
    /// `tables_unknown` is set when some front matter could not be read: its tables are not known,
    /// so names that are not defined print as nothing rather than being reported again.
    pub fn new(
        plan: &PlanConfig,
        tables: &[Arc<ComputedTable>],
        failed: &[String],
        tables_unknown: bool,
    ) -> Self {
        let misses: Misses = Arc::default();
        let mut env = Environment::new();
        env.set_undefined_behavior(if tables_unknown {
            UndefinedBehavior::Chainable
        } else {
            UndefinedBehavior::Strict
        });
        env.set_keep_trailing_newline(true);
        env.set_fuel(Some(guard::limits::SECTION_FUEL));
        env.set_recursion_limit(guard::limits::RECURSION);
        let ids: Arc<Vec<String>> = Arc::new(
            tables
                .iter()
                .map(|t| t.id.clone())
                .chain(failed.iter().cloned())
                .collect(),
        );
        for kind in ["table", "chart"] {
            let ids = ids.clone();
            env.add_function(kind, move |id: String| {
                placeholder(kind, &id, &ids, tables_unknown)
            });
        }
        let mut globals = BTreeMap::new();
        globals.insert("plan".to_string(), Value::from_serialize(plan));
        let mut all = BTreeMap::new();
        for table in tables {
            let value = Value::from_object(TableValue {
                table: table.clone(),
                misses: misses.clone(),
            });
            all.insert(table.id.clone(), value.clone());
            globals.insert(table.id.clone(), value);
        }
        for id in failed {
            let value = Value::from_object(FailedTable);
            all.insert(id.clone(), value.clone());
            globals.insert(id.clone(), value);
        }
        globals.insert("tables".to_string(), Value::from(all));
        Expander {
            env,
            names: globals.keys().cloned().collect(),
            context: Value::from(globals),
            misses,
        }
    }

    /// Expands one body, which starts at byte `body_offset` of the file. On failure it gives the
    /// body expanded line by line (failing lines left as written) and every error found, so the
    /// author sees all broken figures in one run. Curly quotes inside tags are an error, and
    /// the body is expanded as if they were straight, so that they are its only error.
    pub fn expand(
        &self,
        file: &SourceFile,
        body: &str,
        body_offset: usize,
    ) -> Result<String, (String, Vec<Diagnostic>)> {
        let mut curly = quotes::curly_quotes(file, body, body_offset);
        if curly.is_empty() {
            return self.expand_body(file, body, body_offset);
        }
        match self.expand_body(file, &quotes::straighten(body), body_offset) {
            Ok(text) => Err((text, curly)),
            Err((text, errors)) => {
                curly.extend(errors);
                Err((text, curly))
            }
        }
    }

    fn expand_body(
        &self,
        file: &SourceFile,
        body: &str,
        body_offset: usize,
    ) -> Result<String, (String, Vec<Diagnostic>)> {
        if !has_template_syntax(body) {
            return Ok(body.to_string());
        }
        if let Err(refusal) = guard::check(body, guard::Mode::Section) {
            let at = body_offset + refusal.offset;
            let d = Diagnostic::error(
                "template-not-allowed",
                format!("a section may not use {}", refusal.what),
            )
            .at(file, at..at + 1)
            .hint("a section's `{{ … }}` shows a figure (`{{ fte[\"Area\"][\"Sep-22\"] }}`) or places a table or chart (`{{ table(\"id\") }}`); `{% if %}`, `{% for %}` and `{% raw %}` are allowed; see docs/format.md");
            return Err((body.to_string(), vec![d]));
        }
        let whole = match self.render(body) {
            Ok(text) => return Ok(text),
            Err(e) => self.error(file, body_offset, &e),
        };
        let mut text = String::with_capacity(body.len());
        let mut errors = Vec::new();
        let mut offset = body_offset;
        for line in body.split_inclusive('\n') {
            // Block tags span lines; only whole-body rendering can judge them.
            let standalone = has_template_syntax(line) && !line.contains("{%");
            match standalone.then(|| self.render(line)) {
                Some(Ok(expanded)) => text.push_str(&expanded),
                Some(Err(e)) => {
                    errors.push(self.error(file, offset, &e));
                    text.push_str(line);
                }
                None => text.push_str(line),
            }
            offset += line.len();
        }
        if errors.is_empty() {
            errors.push(whole);
        }
        Err((text, errors))
    }

    fn render(&self, source: &str) -> Result<String, minijinja::Error> {
        self.misses.lock().map(|mut m| m.clear()).ok();
        let template = self.env.template_from_named_str("section.md", source)?;
        let mut out = guard::Capped::new(guard::limits::SECTION_OUTPUT);
        template.render_captured_to(&self.context, &mut out)?;
        // The template and the values are UTF-8, so the output is.
        Ok(String::from_utf8_lossy(&out.bytes).into_owned())
    }

    fn error(&self, file: &SourceFile, offset: usize, e: &minijinja::Error) -> Diagnostic {
        let miss = self.misses.lock().ok().and_then(|m| m.last().cloned());
        let detail = e.detail().unwrap_or("").to_string();
        let snippet = e
            .range()
            .and_then(|r| file.text.get(offset + r.start..offset + r.end))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && !t.contains('\n'));
        let (code, message, hint) = match (e.kind(), miss) {
            (ErrorKind::UndefinedError, Some(miss)) => ("unknown-figure", miss, None),
            (ErrorKind::UndefinedError, None) => (
                "unknown-name",
                match snippet {
                    Some(name) => format!("`{name}` is not defined"),
                    None => format!("the template uses a name that is not defined{}", suffix(&detail)),
                },
                Some(self.names_hint()),
            ),
            (ErrorKind::SyntaxError, _) => (
                "template-syntax",
                format!("the template text is not valid{}", suffix(&detail)),
                Some("check the `{{ … }}` and `{% … %}` markers; to write a literal `{{`, wrap the text in `{% raw %}…{% endraw %}`".to_string()),
            ),
            (ErrorKind::InvalidOperation, _) if detail.contains("placeholder:") => (
                "unknown-table",
                detail.trim_start_matches("placeholder:").trim().to_string(),
                None,
            ),
            (ErrorKind::OutOfFuel | ErrorKind::WriteFailure, _) => (
                "template-too-large",
                format!(
                    "the template text does more work than a section may (at most {} steps and {} of text)",
                    guard::limits::SECTION_FUEL,
                    crate::load::confine::human_size(guard::limits::SECTION_OUTPUT as u64)
                ),
                Some("loop over fewer rows, or write the text out instead of generating it".to_string()),
            ),
            _ => ("template-error", format!("{}{}", e.kind(), suffix(&detail)), None),
        };
        let mut d = Diagnostic::error(code, message);
        d = match e.range() {
            Some(range) => d.at(file, offset + range.start..offset + range.end),
            None => {
                let line = file.line_col(offset).0 + e.line().unwrap_or(1) - 1;
                d.at_line(file, line)
            }
        };
        if let Some(hint) = hint {
            d = d.hint(hint);
        }
        d
    }

    fn names_hint(&self) -> String {
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        format!(
            "the names in scope are {}; functions: table(\"id\"), chart(\"id\")",
            names.join(", ")
        )
    }
}

fn has_template_syntax(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

fn suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

fn placeholder(
    kind: &str,
    id: &str,
    ids: &[String],
    lenient: bool,
) -> Result<String, minijinja::Error> {
    if lenient && !ids.iter().any(|t| t == id) {
        return Ok(String::new());
    }
    if ids.iter().any(|t| t == id) {
        return Ok(format!("{MARK_OPEN}{kind}:{id}{MARK_CLOSE}"));
    }
    let mut message = format!("placeholder: there is no table `{id}` in this plan");
    match did_you_mean(id, ids.iter().map(String::as_str)) {
        Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
        None if ids.is_empty() => {
            message.push_str("; tables are defined under `tables:` in a section's front matter")
        }
        None => message.push_str(&format!("; the tables are {}", ids.join(", "))),
    }
    Err(minijinja::Error::new(ErrorKind::InvalidOperation, message))
}

/// A computed table as the template sees it: `table["row"]["column"]`.
#[derive(Debug)]
struct TableValue {
    table: Arc<ComputedTable>,
    misses: Misses,
}

impl TableValue {
    fn row_exists(&self, row: &str) -> bool {
        self.table.row(row).is_ok()
    }
}

impl Object for TableValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let row = key
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| key.to_string());
        if self.row_exists(&row) {
            return Some(Value::from_object(RowValue {
                table: self.table.clone(),
                row,
                misses: self.misses.clone(),
            }));
        }
        let labels: Vec<&str> = self.table.rows.iter().map(|r| r.label.as_str()).collect();
        let mut message = format!("table `{}` has no row `{row}`", self.table.id);
        match did_you_mean(&row, labels.iter().copied()) {
            Some(best) => message.push_str(&format!("; did you mean `{best}`?")),
            None => message.push_str(&format!("; its rows are {}", labels.join(", "))),
        }
        self.misses.lock().map(|mut m| m.push(message)).ok();
        None
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self
            .table
            .rows
            .iter()
            .map(|r| Value::from(r.label.clone()))
            .collect();
        Enumerator::Values(keys)
    }
}

/// A table that could not be computed: any figure quoted from it prints as "?" (its errors are
/// reported where the table is defined).
#[derive(Debug)]
struct FailedTable;

impl Object for FailedTable {
    fn get_value(self: &Arc<Self>, _key: &Value) -> Option<Value> {
        Some(Value::from_object(FailedTable))
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("?")
    }
}

/// One row of a computed table: `row["column"]` gives the cell's text as printed.
#[derive(Debug)]
struct RowValue {
    table: Arc<ComputedTable>,
    row: String,
    misses: Misses,
}

impl Object for RowValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let column = key
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| key.to_string());
        match self.table.cell(&self.row, &column) {
            Ok(cell) => Some(Value::from(cell.text.clone())),
            Err(message) => {
                self.misses.lock().map(|mut m| m.push(message)).ok();
                None
            }
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self
            .table
            .columns
            .iter()
            .skip(1)
            .map(|c| Value::from(c.label.clone()))
            .collect();
        Enumerator::Values(keys)
    }
}
