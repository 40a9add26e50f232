//! The command-line interface: the clap types of every subcommand and their options, and
//! [`options`], which resolves `yjplan build`'s flags into the library's [`yjplan::BuildOptions`].

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use yjplan::diag::Format;

/// Compile a Youth Justice Plan into an accessible web page and a signed-off PDF.
///
/// A plan is a folder: plan.yaml (service, period, edition, sign-off) and one markdown file per
/// section, with tables written as data. yjplan checks the plan against the YJB template,
/// computes every table, and writes the outputs. See docs/authoring.md and docs/format.md.
#[derive(Parser)]
// Unstyled: clap quotes a refused value as typed, and main escapes its messages whole
// (an escape sequence of clap's own would be shown as text).
#[command(name = "yjplan", version, max_term_width = 100, styles = clap::builder::Styles::plain())]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check a plan and write its web page and PDF (to out/ unless --out is given).
    /// Give several plan folders to build them all in parallel, each into out/<folder name>.
    Build(BuildArgs),
    /// Check a plan and report every problem, without writing anything
    Check {
        /// The plan folder (holding plan.yaml); by default the current folder when it holds
        /// plan.yaml, else content
        plan_dir: Option<PathBuf>,
        /// Treat warnings as errors (exit 1 if there are any)
        #[arg(long)]
        strict: bool,
        /// A check for a pull request: treat warnings as errors when plan.yaml's
        /// `publish: strict_pull_requests` is true
        #[arg(long)]
        pull_request: bool,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Start a new plan with every heading of the template, guidance and example tables
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
        /// The service's name, e.g. "Exampleshire Youth Justice Service"
        #[arg(long, value_parser = typed_text)]
        service: String,
        /// The plan year, e.g. 2025/26, or a multi-year plan's years, e.g. 2025/28
        #[arg(long, value_parser = typed_text)]
        period: String,
        /// The edition of the YJB template (see `yjplan headings`); by default the one for the period
        #[arg(long, value_parser = typed_text)]
        edition: Option<String>,
        /// Make the annual update of this multi-year plan (e.g. 2024/27) for the year --period
        #[arg(long, value_name = "PLAN_PERIOD", value_parser = typed_text)]
        update_of: Option<String>,
    },
    /// Rebuild the web page and PDF every time a file of the plan is saved
    Watch(LiveArgs),
    /// Preview the plan in a browser: rebuilds on save, reloads the page, shows errors in it
    Serve {
        #[command(flatten)]
        live: LiveArgs,
        /// The port on 127.0.0.1 to serve the preview on
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Check that the files of a release build still match its manifest.json
    Verify {
        /// The output folder of a `yjplan build --release`
        #[arg(default_value = "out")]
        out_dir: PathBuf,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the headings of an edition of the YJB template (or list the editions)
    Headings {
        /// The edition, as named in plan.yaml
        #[arg(long, value_parser = typed_text)]
        edition: Option<String>,
        /// A plan folder: its edition (as plan.yaml names or implies it), or with --edition one it carries
        #[arg(long, value_name = "DIR")]
        plan: Option<PathBuf>,
    },
    /// Explain a diagnostic code, with an example and the fix
    Explain {
        /// The code, e.g. heading-order (as printed in error[heading-order])
        #[arg(value_parser = typed_text)]
        code: String,
    },
}

#[derive(Args)]
pub struct BuildArgs {
    /// The plan folder or folders (holding plan.yaml); by default the current folder when it
    /// holds plan.yaml, else content
    pub plan_dirs: Vec<PathBuf>,
    /// Where to write the outputs
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Write only the web page
    #[arg(long, conflicts_with = "pdf")]
    pub html: bool,
    /// Write only the PDF
    #[arg(long)]
    pub pdf: bool,
    /// A signed-off build: refused unless the plan has no errors and a complete sign-off;
    /// writes both outputs and manifest.json with the SHA-256 of every output
    #[arg(long, conflicts_with_all = ["html", "pdf"])]
    pub release: bool,
    /// With --release: release even when the plan's git tree has uncommitted changes (the
    /// manifest records it)
    #[arg(long, requires = "release")]
    pub allow_dirty: bool,
    /// Append a markdown summary (errors, warnings, outputs) to FILE, e.g. $GITHUB_STEP_SUMMARY
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// A check for a pull request: treat warnings as errors when plan.yaml's
    /// `publish: strict_pull_requests` is true
    #[arg(long)]
    pub pull_request: bool,
    /// Treat warnings as errors (exit 1 and write nothing if there are any)
    #[arg(long)]
    pub strict: bool,
    /// Also write the PDF's Typst source (template, data.json, charts, fonts) to DIR, so the
    /// same document can be compiled by another Typst for comparison
    #[arg(long, value_name = "DIR")]
    pub emit_typst: Option<PathBuf>,
    /// Plans built at once when several are given (default: the number of cores)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Args)]
pub struct LiveArgs {
    /// The plan folder (holding plan.yaml); by default the current folder when it holds
    /// plan.yaml, else content
    pub plan_dir: Option<PathBuf>,
    /// Where to write the outputs
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Rebuild only the web page (faster)
    #[arg(long)]
    pub html: bool,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// A value typed on the command line that goes into a plan or a message (a name, a period, an
/// edition, a code): refused when it holds a control character, which no such value has and
/// which would reach plan.yaml or the terminal as itself.
pub fn typed_text(value: &str) -> Result<String, String> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!(
            "it holds the control character U+{:04X}; type the value without it",
            c as u32
        )),
        None => Ok(value.to_string()),
    }
}

/// The plan folder to use when none is given: the current folder when it holds plan.yaml, else
/// `content`.
pub fn plan_dir(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        yjplan::load::locate::default_plan_dir(&cwd)
    })
}

pub fn options(args: &BuildArgs) -> yjplan::BuildOptions {
    yjplan::BuildOptions {
        html: args.html || !args.pdf,
        pdf: args.pdf || !args.html,
        emit_typst: args.emit_typst.clone(),
        strict: args.strict,
        release: args.release,
        allow_dirty: args.allow_dirty,
        strict_if_asked: args.pull_request,
        ends_process: false,
        // Only the JSON report and the summary show the outputs' digests (a release's manifest
        // always has them).
        digests: args.format == Format::Json || args.summary.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_with_control_characters_are_refused() {
        assert_eq!(typed_text("2025/26").as_deref(), Ok("2025/26"));
        assert_eq!(typed_text("Ynys Môn YJS").as_deref(), Ok("Ynys Môn YJS"));
        let e = typed_text("20\u{1b}[31m").unwrap_err();
        assert!(e.contains("U+001B"), "{e}");
        assert!(typed_text("\u{1}").is_err());
    }
}
