//! The yjplan command line: takes arguments, runs the library's pipeline, prints diagnostics and
//! sets the exit code (0 clean or warnings only, 1 the plan has errors, 2 usage or I/O failure).

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use yjplan::diagnostic::{self, Diagnostic, Format};

/// Compile a Youth Justice Plan into an accessible web page and a signed-off PDF.
///
/// A plan is a folder: plan.yaml (service, period, edition, sign-off) and one markdown file per
/// section, with tables written as data. yjplan checks the plan against the YJB template,
/// computes every table, and writes the outputs. See docs/format.md and docs/authoring.md.
#[derive(Parser)]
#[command(name = "yjplan", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a plan and write its web page and PDF (to out/ unless --out is given)
    Build {
        /// The plan folder (holding plan.yaml)
        #[arg(default_value = "content")]
        plan_dir: PathBuf,
        /// Where to write the outputs
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Write only the web page
        #[arg(long, conflicts_with = "pdf")]
        html: bool,
        /// Write only the PDF
        #[arg(long)]
        pdf: bool,
        /// Also write the PDF's Typst source (template, data.json, charts, fonts) to DIR, so the
        /// same document can be compiled by another Typst for comparison
        #[arg(long, value_name = "DIR")]
        emit_typst: Option<PathBuf>,
        /// Treat warnings as errors (exit 1 and write nothing if there are any)
        #[arg(long)]
        strict: bool,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check a plan and report every problem, without writing anything
    Check {
        /// The plan folder (holding plan.yaml)
        #[arg(default_value = "content")]
        plan_dir: PathBuf,
        /// Treat warnings as errors (exit 1 if there are any)
        #[arg(long)]
        strict: bool,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the headings an edition of the YJB template prescribes
    Headings {
        /// The edition, as named in plan.yaml
        #[arg(long, default_value = "yjb-2023")]
        edition: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("yjplan: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            plan_dir,
            strict,
            format,
        } => {
            let mut diagnostics = yjplan::compile(&plan_dir).diagnostics;
            if strict {
                yjplan::promote_warnings(&mut diagnostics);
            }
            report(&plan_dir, &diagnostics, format)?;
            Ok(exit_code(&diagnostics))
        }
        Command::Build {
            plan_dir,
            out,
            html,
            pdf,
            emit_typst,
            strict,
            format,
        } => {
            let options = yjplan::BuildOptions {
                html: html || !pdf,
                pdf: pdf || !html,
                emit_typst,
                strict,
            };
            let built = yjplan::build(&plan_dir, &out, &options)
                .with_context(|| format!("building {}", plan_dir.display()))?;
            report(&plan_dir, &built.diagnostics, format)?;
            if !built.written.is_empty() && format != Format::Json {
                let pages = built
                    .pages
                    .map(|p| format!(" ({p} pages)"))
                    .unwrap_or_default();
                eprintln!(
                    "wrote {} files to {}{pages}",
                    built.written.len(),
                    yjplan::load::display_path(&out)
                );
            }
            Ok(exit_code(&built.diagnostics))
        }
        Command::Headings { edition } => headings(&edition),
    }
}

fn report(plan_dir: &Path, diagnostics: &[Diagnostic], format: Format) -> anyhow::Result<()> {
    let text = diagnostic::render(diagnostics, format);
    if format == Format::Json {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())?;
    if format == Format::Human {
        writeln!(
            err,
            "{}: {}",
            yjplan::load::display_path(plan_dir),
            diagnostic::summary(diagnostics)
        )?;
    }
    Ok(())
}

fn exit_code(diagnostics: &[Diagnostic]) -> ExitCode {
    if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn headings(edition: &str) -> anyhow::Result<ExitCode> {
    let resources = yjplan::resources::Resources::embedded();
    let Ok(e) = yjplan::edition::load(&resources, edition) else {
        eprintln!(
            "yjplan: there is no edition `{edition}`; the editions are {}",
            yjplan::edition::known_editions().join(", ")
        );
        return Ok(ExitCode::from(2));
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({})", e.title, e.edition)?;
    for h in &e.headings {
        let indent = "  ".repeat(usize::from(h.level - 1));
        writeln!(
            out,
            "{indent}{} {}",
            "#".repeat(usize::from(h.level)),
            h.text
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
