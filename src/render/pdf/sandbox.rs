//! Typesetting a plan's own Typst template in a child process: takes a render context whose plan
//! overrides templates/typst/plan.typ and gives the PDF, or an error when the template failed,
//! ran past its time limit or asked for more memory than its cap.
//!
//! A Typst template is a program: `for` loops over huge ranges and string or array repetition
//! run without bound, and Typst has no fuel. The built-in template is yjplan's own and runs
//! in-process; a plan's is run by the yjplan binary itself (`yjplan __typeset`, see
//! [`super::child`]), which the build kills at the time limit and whose allocator refuses memory
//! past the cap. Both bounds hold on Linux, macOS and Windows (the kill is `Child::kill`; the cap
//! is counted by yjplan's own allocator, not by the operating system). Library users that do not
//! call [`enable`] typeset overrides in-process, without the bounds.

use super::child::{OUT_OF_MEMORY, SUBCOMMAND};
use super::wire::{Answer, Request};
use super::{document_date, PdfDocument, PdfError, TEMPLATE};
use crate::render::manifest::sha256;
use crate::render::RenderContext;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The yjplan binary that typesets plan templates, once [`enable`]d.
static HELPER: OnceLock<PathBuf> = OnceLock::new();

/// Lets builds typeset plans' own templates in a child process run from `exe`, the yjplan binary
/// (which must answer the hidden subcommand `__typeset`, as `main.rs` does).
pub fn enable(exe: PathBuf) {
    let _ = HELPER.set(exe);
}

/// How long and how much memory a plan's own template may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock seconds before the child is stopped.
    pub seconds: u64,
    /// Bytes the child may hold at once.
    pub memory: u64,
}

impl Limits {
    /// The default limits (120 s, 2 GiB), or YJPLAN_PDF_SECONDS and YJPLAN_PDF_MEMORY_MB.
    pub fn from_env() -> Self {
        let number = |name: &str| std::env::var(name).ok()?.trim().parse::<u64>().ok();
        Limits {
            seconds: number("YJPLAN_PDF_SECONDS").unwrap_or(120).max(1),
            memory: number("YJPLAN_PDF_MEMORY_MB").unwrap_or(2048).max(64) << 20,
        }
    }
}

/// The PDF of a plan that overrides the Typst template, typeset in a bounded child; `None` when
/// the plan uses the built-in template or no helper binary was enabled.
pub fn render_override(r: &RenderContext) -> Option<Result<PdfDocument, PdfError>> {
    if !r.resources.overrides(TEMPLATE) {
        return None;
    }
    let exe = HELPER.get()?;
    Some(request(r).and_then(|req| run(exe, &req, Limits::from_env())))
}

/// What the child needs, all of it read by this process.
fn request(r: &RenderContext) -> Result<Request, PdfError> {
    let template = r
        .resources
        .text(TEMPLATE)
        .ok_or_else(|| PdfError::Template(format!("{TEMPLATE} is missing")))?;
    let json = serde_json::to_string(&r.view).map_err(|e| PdfError::Template(e.to_string()))?;
    let date = document_date(&r.plan);
    let part = |p: Option<u8>| i64::from(p.unwrap_or(0));
    Ok(Request {
        ident: sha256(json.as_bytes()),
        template,
        json,
        assets: r
            .assets
            .iter()
            .map(|a| (a.path.clone(), a.bytes.clone()))
            .collect(),
        fonts: r
            .theme
            .font_files(&r.resources)
            .into_iter()
            .map(|(_, bytes)| bytes.into_owned())
            .collect(),
        date: [
            i64::from(date.year().unwrap_or(2000)),
            part(date.month()),
            part(date.day()),
            part(date.hour()),
            part(date.minute()),
            part(date.second()),
        ],
    })
}

/// Runs the child on a request, within the limits.
pub fn run(
    exe: &std::path::Path,
    request: &Request,
    limits: Limits,
) -> Result<PdfDocument, PdfError> {
    let failed = |why: String| PdfError::Template(format!("{TEMPLATE}: {why}"));
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .arg(limits.memory.to_string())
        .arg(limits.seconds.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start the typesetting process: {e}")))?;
    // Write and read on threads, so neither a child that stops reading nor a large PDF blocks the
    // clock below.
    let mut stdin = child.stdin.take();
    let bytes = {
        let mut buffer = Vec::new();
        request
            .write(&mut buffer)
            .map_err(|e| failed(e.to_string()))?;
        buffer
    };
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(&bytes);
        }
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + Duration::from_secs(limits.seconds);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "the template was stopped after {} seconds: a PDF template must finish within \
                     that time (look for a loop or a repetition that grows with its input)",
                    limits.seconds
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(failed(e.to_string())),
        }
    };
    let _ = writer.join();
    let out = stdout.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    if err.contains(OUT_OF_MEMORY) {
        return Err(failed(format!(
            "the template was stopped: it asked for more than {} MiB of memory (look for a \
             repetition or a loop that builds a large value)",
            limits.memory >> 20
        )));
    }
    match Answer::read(&mut out.as_slice()) {
        Ok(Answer::Pdf(bytes, pages)) if status.success() => Ok(PdfDocument { bytes, pages }),
        Ok(Answer::Failed(message)) => Err(PdfError::Template(message)),
        // A crash of Typst itself: its words are for a Rust programmer, so they are not quoted.
        _ => Err(failed(format!(
            "Typst stopped unexpectedly on this template ({status})"
        ))),
    }
}

/// Reads a pipe to its end on a thread.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}
