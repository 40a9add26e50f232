//! The yjplan command line: takes arguments, runs the library's pipeline, prints diagnostics and
//! sets the exit code (0 clean or warnings only, 1 the plan has errors, 2 usage or I/O failure).

mod cli;

use anyhow::Context as _;
use clap::Parser as _;
use cli::{options, plan_dir, BuildArgs, Cli, Command, LiveArgs};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use yjplan::diag::{self, termsafe, Diagnostic, Format};

/// The system allocator, with the memory cap a typesetting child sets (none otherwise).
#[global_allocator]
static ALLOCATOR: yjplan::render::pdf::child::CappedAlloc = yjplan::render::pdf::child::CappedAlloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .take(3)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if args.first().map(String::as_str) == Some(yjplan::render::pdf::child::SUBCOMMAND) {
        // The hidden child that typesets a plan's own Typst template (see render::pdf::sandbox).
        return ExitCode::from(yjplan::render::pdf::child::main(&args[1..]) as u8);
    }
    if let Ok(exe) = std::env::current_exe() {
        yjplan::render::pdf::sandbox::enable(exe);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            say(format!("yjplan: error: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Prints a line on standard error with the plan's or the command line's text made safe for a
/// terminal ([`yjplan::diag::termsafe`]): every message of this file goes through it.
fn say(text: impl AsRef<str>) {
    diag::write_stderr(&format!("{}\n", termsafe::escape_lines(text.as_ref())));
}

/// A path as messages show it, safe for a terminal.
fn shown(path: &Path) -> String {
    termsafe::escape(&yjplan::diag::display_path(path)).into_owned()
}

/// clap's message for a usage error (or `--help`, `--version`), with the typed values in it
/// escaped: clap quotes an unknown or refused value as it was typed.
fn usage(e: &clap::Error) -> ExitCode {
    // Uncoloured (see `Cli`), so every escape in the text came from what was typed.
    let text = e.render().ansi().to_string();
    let text = termsafe::escape_lines(&text);
    if e.use_stderr() {
        diag::write_stderr(&text);
    } else {
        diag::write_stdout(&text);
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check {
            plan_dir,
            strict,
            pull_request,
            format,
        } => {
            let plan_dir = cli::plan_dir(plan_dir);
            let compiled = yjplan::pipeline::check(&plan_dir);
            let strict = yjplan::pipeline::is_strict(strict, pull_request, &compiled);
            let chosen = compiled.plan.and_then(|(_, p)| p.edition_chosen);
            let mut diagnostics = compiled.diagnostics;
            if strict {
                yjplan::diag::promote_warnings(&mut diagnostics);
            }
            report(&plan_dir, &diagnostics, format, chosen.as_deref())?;
            Ok(exit_code(&diagnostics))
        }
        Command::Build(args) if args.plan_dirs.len() > 1 => build_many(args),
        Command::Build(mut args) => {
            args.plan_dirs = vec![plan_dir(args.plan_dirs.pop())];
            build_one(args)
        }
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

fn build_one(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let plan_dir = &args.plan_dirs[0];
    // The process ends after this build, so the PDF can be started before the checks end.
    let options = yjplan::BuildOptions {
        ends_process: true,
        ..options(&args)
    };
    let built = yjplan::build(plan_dir, &args.out, &options)
        .with_context(|| format!("building {}", plan_dir.display()))?;
    if args.format == Format::Json {
        // The diagnostics and every output written, so a pipeline need not guess file names.
        let mut doc: serde_json::Value =
            serde_json::from_str(&diag::render(&built.diagnostics, Format::Json))?;
        doc["outputs"] = serde_json::to_value(&built.outputs)?;
        diag::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&doc)?));
    } else {
        let chosen = built.edition_chosen.as_deref();
        report(plan_dir, &built.diagnostics, args.format, chosen)?;
    }
    if let Some(path) = &args.summary {
        let text =
            yjplan::workflow::summary::markdown(plan_dir, &built.diagnostics, &built.outputs);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("writing the summary to {}", path.display()))?;
        file.write_all(text.as_bytes())?;
    }
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
        say(format!(
            "wrote {} files to {}{pages}{manifest}",
            built.written.len(),
            shown(&args.out)
        ));
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
    let done = |r: &yjplan::workflow::batch::PlanResult| {
        bar.set_message(shown(&r.plan_dir));
        bar.inc(1);
    };
    let results = yjplan::workflow::batch::build_all(
        &args.plan_dirs,
        &args.out,
        &options(&args),
        jobs,
        &done,
    );
    bar.finish_and_clear();
    for r in &results {
        if let Some(failure) = &r.failure {
            say(format!("yjplan: error: {}: {failure}", shown(&r.plan_dir)));
        }
        if !r.diagnostics.is_empty() {
            diag::write_stderr(&diag::render(&r.diagnostics, args.format));
        }
    }
    diag::write_stdout(&termsafe::escape_lines(&yjplan::workflow::batch::summary(
        &results,
    )));
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
    let (edition, chosen) = yjplan::resources::edition::choice::for_new_plan(
        period,
        edition.as_deref(),
        update_of.as_deref(),
    )
    .map_err(|message| anyhow::anyhow!(message))?;
    // A new repository's folder (only .git in it) is empty enough.
    let has_files =
        std::fs::read_dir(dir).is_ok_and(|d| d.flatten().any(|e| e.file_name() != ".git"));
    if has_files {
        anyhow::bail!(
            "{} already has files in it: choose a new folder",
            dir.display()
        );
    }
    let files = yjplan::workflow::scaffold::files(&yjplan::workflow::scaffold::NewPlan {
        service,
        period,
        edition: &edition,
        update_of: update_of.as_deref(),
    });
    let ci = yjplan::workflow::ci::Placement::find(dir);
    let workflow = ci.file();
    let workflow_at = ci.root.join(&workflow.path);
    if workflow_at.exists() {
        anyhow::bail!(
            "{} already exists: remove it, or choose another folder",
            workflow_at.display()
        );
    }
    if let Some(chosen) = chosen {
        say(format!("yjplan: {chosen}"));
    }
    yjplan::output::write_all(dir, &files).with_context(|| format!("writing {}", dir.display()))?;
    yjplan::output::write_all(&ci.root, &[workflow])
        .with_context(|| format!("writing {}", workflow_at.display()))?;
    let dir = shown(dir);
    say(format!("made a new plan in {dir}: {} files, and its GitHub Actions workflow {}. Next: write each section, then run `yjplan check {dir}`.", files.len(), shown(&workflow_at)));
    Ok(ExitCode::SUCCESS)
}

fn live(args: LiveArgs, port: Option<u16>) -> anyhow::Result<ExitCode> {
    let options = yjplan::workflow::watch::LiveOptions {
        plan_dir: plan_dir(args.plan_dir),
        out_dir: args.out,
        pdf: !args.html,
        format: args.format,
    };
    let shared = Arc::new(yjplan::workflow::watch::Shared::default());
    let _lock = match port {
        Some(port) => {
            let lock = yjplan::workflow::serve::ServeLock::take(&options.out_dir, port)?;
            let listener = yjplan::workflow::serve::bind(port)?;
            let (out, state) = (options.out_dir.clone(), shared.clone());
            std::thread::spawn(move || yjplan::workflow::serve::serve(listener, out, state));
            say(format!(
                "yjplan: previewing on http://127.0.0.1:{port}/ (press Ctrl+C to stop)"
            ));
            Some(lock)
        }
        None => None,
    };
    say(format!(
        "yjplan: watching {} (press Ctrl+C to stop)",
        shown(&options.plan_dir)
    ));
    yjplan::workflow::watch::run(&options, &shared, &AtomicBool::new(false));
    Ok(ExitCode::SUCCESS)
}

fn verify(out_dir: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let (checked, problems) = yjplan::workflow::verify::verify(out_dir);
    if !problems.is_empty() || format == Format::Json {
        report(out_dir, &problems, format, None)?;
    }
    if problems.is_empty() && format != Format::Json {
        say(format!(
            "verified {checked} files against {}",
            shown(&out_dir.join("manifest.json"))
        ));
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
    let text = diag::render(diagnostics, format);
    if format == Format::Json {
        diag::write_to(std::io::stdout(), &text)?;
        return Ok(());
    }
    let mut text = text;
    if format == Format::Human {
        let chosen = edition_chosen
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let line = format!(
            "{}: {}{chosen}",
            shown(plan_dir),
            diag::summary(diagnostics)
        );
        text.push_str(&termsafe::escape_lines(&line));
        text.push('\n');
    }
    Ok(diag::write_to(std::io::stderr(), &text)?)
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
        yjplan::resources::edition::choice::for_headings(edition.as_deref(), plan.as_deref());
    match found {
        Some(text) => {
            let text = termsafe::escape_lines(&text);
            diag::write_to(std::io::stdout(), &text)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            diag::write_stderr(&diag::render(&problems, Format::Human));
            Ok(ExitCode::from(1))
        }
    }
}

fn explain(code: &str) -> anyhow::Result<ExitCode> {
    match yjplan::diag::explain::explain(code) {
        Ok(markdown) => {
            let text = yjplan::diag::explain::terminal::render(&markdown, terminal_style());
            diag::write_to(std::io::stdout(), &text)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            say(format!("yjplan: {message}"));
            Ok(ExitCode::from(2))
        }
    }
}

/// How `explain` shows text: wrapped to the terminal (at most 100 columns, as `--help`), bold
/// only on a terminal and without NO_COLOR; 80 columns and plain when piped.
fn terminal_style() -> yjplan::diag::explain::terminal::Style {
    use std::io::IsTerminal as _;
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = terminal_size::terminal_size()
        .filter(|_| tty)
        .map_or(80, |(w, _)| usize::from(w.0).min(100));
    yjplan::diag::explain::terminal::Style {
        width,
        bold: tty && !no_color,
    }
}
