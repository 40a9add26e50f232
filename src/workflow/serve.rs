//! Serve: takes the live session's output folder and status and serves the preview on
//! 127.0.0.1: the web page (with a small live-reload script added), its files, the PDF, the
//! build status as JSON, and a Server-Sent Events stream that tells the page to reload after a
//! good build or to show an overlay listing the problems after a broken one. Plain HTTP/1.1 on
//! std's TcpListener: the preview needs nothing more.

use crate::workflow::watch::Shared;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The script added to the preview page: reload after a good build, overlay after a bad one.
const LIVE_JS: &str = include_str!("../../templates/html/live.js");

/// Why the preview cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken by another program.
    #[error(
        "port {port} is already in use (is another yjplan serve running?); try `--port {next}`"
    )]
    PortInUse {
        /// The port asked for.
        port: u16,
        /// The next port, to suggest.
        next: u16,
    },
    /// Another `yjplan serve` already previews this output folder.
    #[error("yjplan serve is already running for this plan (process {pid}) at http://127.0.0.1:{port}/; stop it first, or use another --out folder")]
    AlreadyServing {
        /// The process serving it.
        pid: u32,
        /// The port it serves on.
        port: u16,
    },
    /// The server could not listen or serve.
    #[error("cannot start the preview server: {0}")]
    Io(#[from] std::io::Error),
}

/// A lock in the output folder, so two previews do not write the same files.
pub struct ServeLock(PathBuf);

impl ServeLock {
    /// Takes the lock, unless a live process holds it.
    pub fn take(out_dir: &Path, port: u16) -> Result<Self, ServeError> {
        std::fs::create_dir_all(out_dir)?;
        let path = out_dir.join(".yjplan-serve.lock");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let mut parts = text.split_whitespace();
            let pid: Option<u32> = parts.next().and_then(|p| p.parse().ok());
            let held_port: u16 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
            if let Some(pid) = pid.filter(|&p| process_alive(p) && p != std::process::id()) {
                return Err(ServeError::AlreadyServing {
                    pid,
                    port: held_port,
                });
            }
        }
        std::fs::write(&path, format!("{} {port}\n", std::process::id()))?;
        Ok(ServeLock(path))
    }
}

impl Drop for ServeLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Binds the preview's port on 127.0.0.1, with a clear message when it is taken.
pub fn bind(port: u16) -> Result<TcpListener, ServeError> {
    TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
            port,
            next: port.saturating_add(1),
        },
        _ => ServeError::Io(e),
    })
}

/// Serves requests until the process ends.
pub fn serve(listener: TcpListener, out_dir: PathBuf, shared: Arc<Shared>) {
    for stream in listener.incoming().flatten() {
        let out_dir = out_dir.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &out_dir, &shared);
        });
    }
}

fn handle(mut stream: TcpStream, out_dir: &Path, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET\n",
            method,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__yjplan/events" => events(stream, shared),
        "/__yjplan/status" => {
            let json = shared
                .status
                .lock()
                .map(|s| serde_json::to_vec(&*s).unwrap_or_default())
                .unwrap_or_default();
            respond(&mut stream, "200 OK", "application/json", &json, method)
        }
        "/__yjplan/live.js" => respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            method,
        ),
        _ => match resolve(out_dir, path) {
            Some(file) => {
                let mut bytes = std::fs::read(&file)?;
                if file.file_name().is_some_and(|n| n == "index.html") {
                    bytes = inject_script(&bytes);
                }
                respond(&mut stream, "200 OK", content_type(&file), &bytes, method)
            }
            None => respond(
                &mut stream,
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found (the plan may not have built yet)\n",
                method,
            ),
        },
    }
}

/// The file for a request path: under html/ first, then the output folder (the PDF). Paths that
/// would leave the folder are refused.
fn resolve(out_dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    [out_dir.join("html"), out_dir.to_path_buf()]
        .into_iter()
        .find_map(|base| {
            let candidate = base.join(relative);
            let candidate = if candidate.is_dir() {
                candidate.join("index.html")
            } else {
                candidate
            };
            candidate.is_file().then_some(candidate)
        })
}

fn inject_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = "<script src=\"/__yjplan/live.js\" defer></script>\n";
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A Server-Sent Events stream of the build status: one event now, one after every change.
fn events(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    let mut guard = shared
        .status
        .lock()
        .map_err(|_| std::io::Error::other("status lock"))?;
    loop {
        let json = serde_json::to_string(&*guard).unwrap_or_default();
        drop(guard);
        stream.write_all(format!("event: status\ndata: {json}\n\n").as_bytes())?;
        stream.flush()?;
        guard = shared
            .status
            .lock()
            .map_err(|_| std::io::Error::other("status lock"))?;
        let before = serde_json::to_string(&*guard).unwrap_or_default();
        loop {
            let (next, timeout) = shared
                .changed
                .wait_timeout(guard, Duration::from_secs(15))
                .map_err(|_| std::io::Error::other("status lock"))?;
            guard = next;
            if serde_json::to_string(&*guard).unwrap_or_default() != before {
                break;
            }
            if timeout.timed_out() {
                drop(guard);
                stream.write_all(b": still here\n\n")?;
                guard = shared
                    .status
                    .lock()
                    .map_err(|_| std::io::Error::other("status lock"))?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = std::env::temp_dir().join(format!("yjplan-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("html")).unwrap();
        std::fs::write(dir.join("html/index.html"), "<body></body>").unwrap();
        std::fs::write(dir.join("plan.pdf"), "%PDF").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("html/index.html")));
        assert_eq!(resolve(&dir, "/plan.pdf"), Some(dir.join("plan.pdf")));
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/%2e%2e/etc/passwd"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject_script(b"<html><body><p>x</p></body></html>");
        assert!(String::from_utf8(html)
            .unwrap()
            .ends_with("<script src=\"/__yjplan/live.js\" defer></script>\n</body></html>"));
    }
}
