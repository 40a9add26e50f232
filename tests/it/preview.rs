//! Integration tests of the live preview (`yjplan serve`) over HTTP: rebuild on save, broken
//! edits that keep the last good page, a plan broken from the start (its problems shown, then
//! the page once it is fixed, with the reload event), the PDF typeset after the page and served
//! beside it, a port in use, a second preview of the same plan, a plan directory that
//! disappears, and what the server refuses (other hosts, paths out of the folder, hidden files).

use crate::workflow::{copy_plan, fixture};
use crate::{scratch, stderr, yjplan};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `yjplan serve`, stopped when dropped.
struct Preview {
    child: Child,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `yjplan serve ARGS --port PORT` in `cwd` and waits until it answers.
fn serve(cwd: &Path, args: &[&str], port: u16) -> Preview {
    let child = Command::new(env!("CARGO_BIN_EXE_yjplan"))
        .arg("serve")
        .args(args)
        .args(["--port", &port.to_string()])
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let preview = Preview { child };
    wait_for(|| get(port, "/__yjplan/status").is_some());
    preview
}

/// Starts a web-page-only preview of `plan` and waits for its first build.
fn start_preview(cwd: &Path, plan: &str, out: &str, port: u16) -> Preview {
    let preview = serve(cwd, &[plan, "--out", out, "--html"], port);
    wait_for(|| status(port).contains("\"generation\":1"));
    preview
}

/// The status line and body of a request sent with `host`.
fn request(port: u16, method: &str, path: &str, host: &str) -> Option<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_string(), body.to_string()))
}

/// The body of a GET that was answered 200.
fn get(port: u16, path: &str) -> Option<String> {
    request(port, "GET", path, &format!("127.0.0.1:{port}"))
        .filter(|(status, _)| status.contains(" 200 "))
        .map(|(_, body)| body)
}

fn status(port: u16) -> String {
    get(port, "/__yjplan/status").unwrap_or_default()
}

fn wait_for(mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The preview's event stream: each `status` event's data, as it comes.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Self {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET /__yjplan/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// The next event whose data satisfies `wanted` (earlier ones are skipped).
    fn next_where(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                if wanted(data) {
                    return data.to_string();
                }
            }
        }
    }
}

fn misindent(section: &Path) {
    let text = std::fs::read_to_string(section).unwrap();
    let broken = text.replacen(
        "    kind: indicator\n",
        "    kind: indicator\n   misindented: true\n",
        1,
    );
    std::fs::write(section, broken).unwrap();
}

#[test]
fn a_preview_started_on_a_broken_plan_shows_its_problems_then_recovers() {
    let dir = scratch("serve-broken-start");
    let plan = dir.join("plan");
    copy_plan(&fixture("good/minimal"), &plan);
    let section = plan.join("01-plan.md");
    let good = std::fs::read_to_string(&section).unwrap();
    misindent(&section);
    let port = free_port();
    // Started inside the plan folder with no folder given, as an author would.
    let preview = serve(&plan, &["--out", "../out"], port);
    wait_for(|| status(port).contains("error[yaml-syntax]"));

    let page = get(port, "/").expect("the page before any build is served, not a 404");
    assert!(
        page.contains("<h1>The plan has not built yet</h1>"),
        "{page}"
    );
    assert!(page.contains("The plan does not build: 1 error."), "{page}");
    assert!(
        page.contains("01-plan.md:") && page.contains(": error[yaml-syntax]:"),
        "the problem is located: {page}"
    );
    assert!(page.contains("help: "), "with its hint: {page}");
    assert!(page.contains("data-generation=\"0\""), "{page}");
    assert!(
        page.contains("The PDF is made once the plan builds."),
        "{page}"
    );

    let mut events = Events::open(port);
    events.next_where(|data| data.contains("\"ok\":false"));
    std::fs::write(&section, &good).unwrap();
    let reload = events.next_where(|data| data.contains("\"generation\":1"));
    assert!(reload.contains("\"ok\":true"), "{reload}");

    let page = get(port, "/").unwrap();
    assert!(
        page.contains("sets out this part of its plan here."),
        "{page}"
    );
    assert!(!page.contains("The plan does not build"), "{page}");
    assert!(page.contains("data-generation=\"1\""), "{page}");

    // The PDF follows the page: typeset after it, then served and linked from the panel.
    let ready = events.next_where(|data| data.contains("\"state\":\"ready\""));
    let href = ready
        .split("\"href\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert!(href.ends_with(".pdf"), "{ready}");
    let pdf = request(port, "GET", &href, "localhost").unwrap();
    assert!(
        pdf.0.contains(" 200 ") && pdf.1.starts_with("%PDF-"),
        "{}",
        pdf.0
    );
    let panel = get(port, "/__yjplan/panel").unwrap();
    assert!(
        // minijinja escapes `/` too; the browser reads `&#x2f;` as `/`.
        panel.contains(&format!("<a href=\"{}?v=1\"", href.replace('/', "&#x2f;"))),
        "{panel}"
    );
    assert!(panel.contains("Open the PDF ("), "{panel}");

    // A good edit: the page first (generation 2), then the PDF of that generation.
    std::fs::write(&section, good.replace("here.", "here, edited.")).unwrap();
    events.next_where(|data| data.contains("\"generation\":2"));
    let updated = events.next_where(|data| {
        data.contains("\"state\":\"ready\"") && data.contains("\"generation\":2,\"pages\"")
    });
    assert!(updated.contains(&href), "{updated}");
    drop(preview);
}

#[test]
fn the_preview_serves_only_built_files_to_this_machine() {
    let dir = scratch("serve-refusals");
    copy_plan(&fixture("good/minimal"), &dir.join("plan"));
    std::fs::write(dir.join("secret.txt"), "not for the browser").unwrap();
    let port = free_port();
    let preview = start_preview(&dir, "plan", "out", port);
    let refused = |method: &str, path: &str, host: &str| {
        request(port, method, path, host)
            .map(|(status, _)| status)
            .unwrap_or_default()
    };
    assert!(
        refused("GET", "/", "evil.example").contains(" 403 "),
        "DNS rebinding"
    );
    assert!(refused("GET", "/", &format!("127.0.0.1:{port}")).contains(" 200 "));
    assert!(refused("POST", "/", "localhost").contains(" 405 "));
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/.yjplan-serve.lock",
        "/../plan/plan.yaml",
    ] {
        assert!(
            refused("GET", path, "localhost").contains(" 404 "),
            "{path}"
        );
    }
    drop(preview);
}
#[test]
fn the_preview_rebuilds_on_save_and_keeps_the_last_good_page() {
    let dir = scratch("serve");
    copy_plan(&fixture("good/minimal"), &dir.join("plan"));
    let port = free_port();
    let preview = start_preview(&dir, "plan", "out", port);

    let page = get(port, "/").unwrap();
    assert!(
        page.contains("<script src=\"/__yjplan/live.js\" defer></script>\n</body>"),
        "live reload is added"
    );
    assert!(
        !std::fs::read_to_string(dir.join("out/html/index.html"))
            .unwrap()
            .contains("live.js"),
        "never to the built page"
    );

    let section = dir.join("plan/01-plan.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        text.replace(
            "sets out this part of its plan here.",
            "sets out this part of its plan here, now edited.",
        ),
    )
    .unwrap();
    wait_for(|| get(port, "/").is_some_and(|page| page.contains("now edited")));

    let edited = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        edited.replacen(
            "    kind: indicator\n",
            "    kind: indicator\n   misindented: true\n",
            1,
        ),
    )
    .unwrap();
    // A save may be seen half-written first; wait for the saved file's own problem.
    wait_for(|| {
        get(port, "/__yjplan/status")
            .is_some_and(|s| s.contains("\"ok\":false") && s.contains("error[yaml-syntax]"))
    });
    let status = get(port, "/__yjplan/status").unwrap();
    assert!(
        status.contains("plan/01-plan.md:") && status.contains(": error[yaml-syntax]"),
        "{status}"
    );
    assert!(
        get(port, "/").unwrap().contains("now edited"),
        "the last good page stays"
    );

    let busy = yjplan(
        &dir,
        &[
            "serve",
            "plan",
            "--out",
            "other",
            "--port",
            &port.to_string(),
        ],
    );
    assert_eq!(busy.status.code(), Some(2));
    assert!(
        stderr(&busy).contains(&format!("port {port} is already in use")),
        "{}",
        stderr(&busy)
    );
    let second = yjplan(
        &dir,
        &[
            "serve",
            "plan",
            "--out",
            "out",
            "--port",
            &free_port().to_string(),
        ],
    );
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("yjplan serve is already running for this plan"),
        "{}",
        stderr(&second)
    );

    std::fs::remove_dir_all(dir.join("plan")).unwrap();
    wait_for(|| get(port, "/__yjplan/status").is_some_and(|s| s.contains("no-plan-dir")));
    copy_plan(&fixture("good/minimal"), &dir.join("plan"));
    wait_for(|| get(port, "/__yjplan/status").is_some_and(|s| s.contains("\"ok\":true")));
    drop(preview);
}

#[test]
fn a_pdf_that_cannot_be_typeset_says_why_and_the_page_still_shows() {
    let dir = scratch("serve-pdf-fails");
    let plan = dir.join("plan");
    copy_plan(&fixture("good/minimal"), &plan);
    // The plan's own Typst template, broken: the plan checks clean, the page builds, the PDF not.
    std::fs::create_dir_all(plan.join("templates/typst")).unwrap();
    std::fs::write(
        plan.join("templates/typst/plan.typ"),
        "#panic(\"broken on purpose\")\n",
    )
    .unwrap();
    let port = free_port();
    let preview = serve(&dir, &["plan", "--out", "out"], port);
    wait_for(|| status(port).contains("\"state\":\"failed\""));
    let page = get(port, "/").unwrap();
    assert!(
        page.contains("sets out this part of its plan here."),
        "{page}"
    );
    assert!(
        page.contains("The PDF could not be made: ") && page.contains("broken on purpose"),
        "{page}"
    );
    assert!(!page.contains("Open the"), "no PDF to link: {page}");
    drop(preview);
}
