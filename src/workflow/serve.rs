//! Serve: takes the live session's output folder and status and serves the preview on
//! 127.0.0.1: the web page with the preview's panel and live script added (or, before the plan
//! has built once, a page listing its problems), its files, the PDF, the panel alone, the build
//! status as JSON, and a Server-Sent Events stream that tells the page to reload after a good
//! build and to refresh its panel after any other change. Only the built files are served (no
//! hidden file, nothing outside the output folder), and only to a browser that asked for
//! 127.0.0.1 or localhost (a web page elsewhere cannot read the preview through DNS
//! rebinding). Plain HTTP/1.1 on std's TcpListener: the preview needs nothing more.

use crate::workflow::preview;
use crate::workflow::watch::{Shared, Status};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

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

/// What the server answers.
struct Reply {
    status: &'static str,
    kind: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn ok(kind: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status: "200 OK",
            kind,
            body: body.into(),
        }
    }

    fn refuse(status: &'static str, why: &str) -> Self {
        Reply {
            status,
            kind: "text/plain; charset=utf-8",
            body: format!("{why}\n").into_bytes(),
        }
    }
}

const HTML: &str = "text/html; charset=utf-8";

fn handle(mut stream: TcpStream, out_dir: &Path, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let (method, target, local_host) = read_request(&stream)?;
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let reply = if !local_host {
        Reply::refuse(
            "403 Forbidden",
            "the preview answers only to http://127.0.0.1 or http://localhost",
        )
    } else if method != "GET" && method != "HEAD" {
        Reply::refuse("405 Method Not Allowed", "only GET")
    } else if path == "/__yjplan/events" {
        return events(stream, shared);
    } else {
        reply(path, out_dir, shared)?
    };
    write!(
        stream,
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.kind,
        reply.body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

/// The request's method and target, and whether its Host header names this machine.
fn read_request(stream: &TcpStream) -> std::io::Result<(String, String, bool)> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    let mut local_host = false;
    while reader.read_line(&mut header)? > 2 {
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("host") {
                local_host = is_local_host(value.trim());
            }
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    Ok((method, target, local_host))
}

/// The answer to a GET of `path`.
fn reply(path: &str, out_dir: &Path, shared: &Shared) -> std::io::Result<Reply> {
    // The status before the page: a build landing in between makes the page newer than the
    // generation it carries (one extra reload), never older (a missed one).
    let now = status(shared);
    Ok(match path {
        "/__yjplan/status" => Reply::ok("application/json", serde_json::to_vec(&now)?),
        "/__yjplan/panel" => {
            let built = out_dir.join("html/index.html").is_file();
            Reply::ok(HTML, preview::panel(&now, built))
        }
        "/__yjplan/live.js" => Reply::ok("text/javascript; charset=utf-8", preview::LIVE_JS),
        _ => match resolve(out_dir, path) {
            Some(file) if file.file_name().is_some_and(|n| n == "index.html") => {
                Reply::ok(HTML, preview::page(&std::fs::read(&file)?, &now))
            }
            Some(file) => Reply::ok(content_type(&file), std::fs::read(&file)?),
            None if matches!(path, "/" | "/index.html") => Reply::ok(HTML, preview::waiting(&now)),
            None => Reply::refuse(
                "404 Not Found",
                "not found (the plan may not have built yet)",
            ),
        },
    })
}

/// The latest build's status.
fn status(shared: &Shared) -> Status {
    shared.status.lock().map(|s| s.clone()).unwrap_or_default()
}

/// Whether a Host header names this machine: 127.0.0.1, localhost or [::1], with any port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

/// The file for a request path: under html/ first, then the output folder (the PDF). Paths that
/// would leave the folder are refused.
fn resolve(out_dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let relative = Path::new(decoded.trim_start_matches('/'));
    // Only plain names, none hidden (the lock file, temporary files of a write in progress).
    let plain = |c: Component| match c {
        Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    };
    if !relative.components().all(plain) {
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
        std::fs::write(dir.join(".yjplan-serve.lock"), "1 8000").unwrap();
        assert_eq!(resolve(&dir, "/.yjplan-serve.lock"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_this_machine_is_answered() {
        for host in ["127.0.0.1:8000", "localhost", "LOCALHOST:1", "[::1]:8000"] {
            assert!(is_local_host(host), "{host}");
        }
        for host in ["evil.example", "127.0.0.1.evil.example:8000", "", "[::2]"] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
