//! The yjplan command line: takes arguments, runs the library's pipeline, prints diagnostics and
//! sets the exit code (0 clean or warnings only, 1 the plan has errors, 2 usage or I/O failure).

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use yjplan::diagnostic::{self, Diagnostic, Format};

/// Compile a Youth Justice Plan into an accessible web page and a signed-off PDF.
///
/// A plan is a folder: plan.yaml (service, period, edition, sign-off) and one markdown file per
/// section, with tables written as data. yjplan checks the plan against the YJB template,
/// computes every table, and writes the outputs. See docs/authoring.md and docs/format.md.
#[derive(Parser)]
#[command(name = "yjplan", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a plan and write its web page and PDF (to out/ unless --out is given).
    /// Give several plan folders to build them all in parallel, each into out/<folder name>.
    Build(BuildArgs),
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
    /// Start a new plan with every heading of the template, guidance and example tables
    New {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
        /// The service's name, e.g. "Exampleshire Youth Justice Service"
        #[arg(long)]
        service: String,
        /// The plan year, e.g. 2025/26, or a multi-year plan's years, e.g. 2025/28
        #[arg(long)]
        period: String,
        /// The edition of the YJB template (see `yjplan headings`); by default the one for the period
        #[arg(long)]
        edition: Option<String>,
        /// Make the annual update of this multi-year plan (e.g. 2024/27) for the year --period
        #[arg(long, value_name = "PLAN_PERIOD")]
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
        #[arg(long)]
        edition: Option<String>,
        /// A plan folder: its edition (as plan.yaml names or implies it), or with --edition one it carries
        #[arg(long, value_name = "DIR")]
        plan: Option<PathBuf>,
    },
    /// Explain a diagnostic code, with an example and the fix
    Explain {
        /// The code, e.g. heading-order (as printed in error[heading-order])
        code: String,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// The plan folder or folders (holding plan.yaml)
    #[arg(default_value = "content")]
    plan_dirs: Vec<PathBuf>,
    /// Where to write the outputs
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Write only the web page
    #[arg(long, conflicts_with = "pdf")]
    html: bool,
    /// Write only the PDF
    #[arg(long)]
    pdf: bool,
    /// A signed-off build: refused unless the plan has no errors and a complete sign-off;
    /// writes both outputs and manifest.json with the SHA-256 of every output
    #[arg(long, conflicts_with_all = ["html", "pdf"])]
    release: bool,
    /// Treat warnings as errors (exit 1 and write nothing if there are any)
    #[arg(long)]
    strict: bool,
    /// Also write the PDF's Typst source (template, data.json, charts, fonts) to DIR, so the
    /// same document can be compiled by another Typst for comparison
    #[arg(long, value_name = "DIR")]
    emit_typst: Option<PathBuf>,
    /// Plans built at once when several are given (default: the number of cores)
    #[arg(long)]
    jobs: Option<usize>,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args)]
struct LiveArgs {
    /// The plan folder (holding plan.yaml)
    #[arg(default_value = "content")]
    plan_dir: PathBuf,
    /// Where to write the outputs
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Rebuild only the web page (faster)
    #[arg(long)]
    html: bool,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
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
            let compiled = yjplan::compile(&plan_dir);
            let chosen = compiled.plan.and_then(|(_, p)| p.edition_chosen);
            let mut diagnostics = compiled.diagnostics;
            if strict {
                yjplan::promote_warnings(&mut diagnostics);
            }
            report(&plan_dir, &diagnostics, format, chosen.as_deref())?;
            Ok(exit_code(&diagnostics))
        }
        Command::Build(args) if args.plan_dirs.len() > 1 => build_many(args),
        Command::Build(args) => build_one(args),
        Command::New {
            dir,
            service,
            period,
            edition,
            update_of,
        } => new_plan(&dir, &service, &period, edition, update_of),
        Command::Watch(args) => live(args, None),
        Command::Serve { live: args, port } => live(args, Some(port)),
        Command::Verify { out_dir, format } => verify(&out_dir, format),
        Command::Headings { edition, plan } => headings(edition, plan),
        Command::Explain { code } => explain(&code),
    }
}

fn options(args: &BuildArgs) -> yjplan::BuildOptions {
    yjplan::BuildOptions {
        html: args.html || !args.pdf,
        pdf: args.pdf || !args.html,
        emit_typst: args.emit_typst.clone(),
        strict: args.strict,
        release: args.release,
    }
}

fn build_one(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let plan_dir = &args.plan_dirs[0];
    let built = yjplan::build(plan_dir, &args.out, &options(&args))
        .with_context(|| format!("building {}", plan_dir.display()))?;
    report(
        plan_dir,
        &built.diagnostics,
        args.format,
        built.edition_chosen.as_deref(),
    )?;
    if !built.written.is_empty() && args.format != Format::Json {
        let pages = built
            .pages
            .map(|p| format!(" ({p} pages)"))
            .unwrap_or_default();
        let manifest = if args.release {
            ", with manifest.json"
        } else {
            ""
        };
        eprintln!(
            "wrote {} files to {}{pages}{manifest}",
            built.written.len(),
            yjplan::load::display_path(&args.out)
        );
    }
    Ok(exit_code(&built.diagnostics))
}

fn build_many(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let bar = indicatif::ProgressBar::new(args.plan_dirs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} plans {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = |r: &yjplan::batch::PlanResult| {
        bar.set_message(yjplan::load::display_path(&r.plan_dir));
        bar.inc(1);
    };
    let results =
        yjplan::batch::build_all(&args.plan_dirs, &args.out, &options(&args), jobs, &done);
    bar.finish_and_clear();
    for r in &results {
        if let Some(failure) = &r.failure {
            eprintln!(
                "yjplan: error: {}: {failure}",
                yjplan::load::display_path(&r.plan_dir)
            );
        }
        if !r.diagnostics.is_empty() {
            eprint!("{}", diagnostic::render(&r.diagnostics, args.format));
        }
    }
    print!("{}", yjplan::batch::summary(&results));
    let worst = results.iter().map(|r| r.exit_code()).max().unwrap_or(0);
    Ok(ExitCode::from(worst))
}

fn new_plan(
    dir: &Path,
    service: &str,
    period: &str,
    edition: Option<String>,
    update_of: Option<String>,
) -> anyhow::Result<ExitCode> {
    let (edition, chosen) =
        yjplan::edition_choice::for_new_plan(period, edition.as_deref(), update_of.as_deref())
            .map_err(|message| anyhow::anyhow!(message))?;
    if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        anyhow::bail!(
            "{} already has files in it: choose a new folder",
            dir.display()
        );
    }
    let files = yjplan::scaffold::files(&yjplan::scaffold::NewPlan {
        service,
        period,
        edition: &edition,
        update_of: update_of.as_deref(),
    });
    if let Some(chosen) = chosen {
        eprintln!("yjplan: {chosen}");
    }
    yjplan::output::write_all(dir, &files).with_context(|| format!("writing {}", dir.display()))?;
    let shown = yjplan::load::display_path(dir);
    eprintln!("made a new plan in {shown}: {} files. Next: write each section, then run `yjplan check {shown}`.", files.len());
    Ok(ExitCode::SUCCESS)
}

fn live(args: LiveArgs, port: Option<u16>) -> anyhow::Result<ExitCode> {
    let options = yjplan::live::LiveOptions {
        plan_dir: args.plan_dir,
        out_dir: args.out,
        pdf: !args.html,
        format: args.format,
    };
    let shared = Arc::new(yjplan::live::Shared::default());
    let _lock = match port {
        Some(port) => {
            let lock = yjplan::serve::ServeLock::take(&options.out_dir, port)?;
            let listener = yjplan::serve::bind(port)?;
            let (out, state) = (options.out_dir.clone(), shared.clone());
            std::thread::spawn(move || yjplan::serve::serve(listener, out, state));
            eprintln!("yjplan: previewing on http://127.0.0.1:{port}/ (press Ctrl+C to stop)");
            Some(lock)
        }
        None => None,
    };
    eprintln!(
        "yjplan: watching {} (press Ctrl+C to stop)",
        yjplan::load::display_path(&options.plan_dir)
    );
    yjplan::live::run(&options, &shared, &AtomicBool::new(false));
    Ok(ExitCode::SUCCESS)
}

fn verify(out_dir: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let (checked, problems) = yjplan::release::verify(out_dir);
    if !problems.is_empty() || format == Format::Json {
        report(out_dir, &problems, format, None)?;
    }
    if problems.is_empty() && format != Format::Json {
        eprintln!(
            "verified {checked} files against {}",
            yjplan::load::display_path(&out_dir.join("manifest.json"))
        );
    }
    Ok(exit_code(&problems))
}

/// Prints the diagnostics; in the human format, a summary line that says which edition was used
/// when plan.yaml did not name one.
fn report(
    plan_dir: &Path,
    diagnostics: &[Diagnostic],
    format: Format,
    edition_chosen: Option<&str>,
) -> anyhow::Result<()> {
    let text = diagnostic::render(diagnostics, format);
    if format == Format::Json {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())?;
    if format == Format::Human {
        let chosen = edition_chosen
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        writeln!(
            err,
            "{}: {}{chosen}",
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

fn headings(edition: Option<String>, plan: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let (found, problems) =
        yjplan::edition_choice::for_headings(edition.as_deref(), plan.as_deref());
    match found {
        Some(text) => {
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprint!("{}", diagnostic::render(&problems, Format::Human));
            Ok(ExitCode::from(1))
        }
    }
}

fn explain(code: &str) -> anyhow::Result<ExitCode> {
    match yjplan::explain::explain(code) {
        Ok(text) => {
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("yjplan: {message}");
            Ok(ExitCode::from(2))
        }
    }
}
