//! Git state without running the repository: takes a plan folder and gives the commit it is
//! checked out at and whether its files have uncommitted changes, for the release manifest.
//!
//! A plan's repository is untrusted, and its config can name programs that git runs on its own
//! (`core.fsmonitor`, hooks, `filter.*.clean`, `core.hooksPath`). So the commit is read from git's
//! files directly (HEAD, loose refs, packed-refs), and the dirty check runs git against a private
//! copy of the repository's bookkeeping: a fresh config that names no program, no hooks, a copy
//! of the index, and the real objects read-only through GIT_OBJECT_DIRECTORY. System and global
//! config are switched off too, so the result does not depend on the machine. Git's files are
//! read only when they are regular files of bounded size (a FIFO or `/dev/zero` is not waited on).

use crate::load::confine::{open_regular, read_regular};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The commit a plan was built from, and whether its folder had uncommitted changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// The full hex object id of HEAD.
    pub commit: String,
    /// True when a file under the plan folder is modified, staged, deleted or untracked.
    pub dirty: bool,
}

/// The checkout state of the repository holding `plan_dir`, or `None` when it is not in one
/// (or HEAD has no commit yet).
pub fn checkout(plan_dir: &Path) -> Option<Checkout> {
    let plan_dir = plan_dir.canonicalize().ok()?;
    let repo = Repo::find(&plan_dir)?;
    let commit = repo.head()?;
    let dirty = repo.dirty(&plan_dir, &commit).unwrap_or(true);
    Some(Checkout { commit, dirty })
}

/// Where a repository's parts are.
struct Repo {
    work_tree: PathBuf,
    /// Per-worktree files: HEAD, index.
    git_dir: PathBuf,
    /// Shared files: refs, packed-refs, objects.
    common_dir: PathBuf,
}

impl Repo {
    /// The repository whose work tree holds `dir`, found by looking for `.git` upwards.
    fn find(dir: &Path) -> Option<Repo> {
        let work_tree = dir.ancestors().find(|d| d.join(".git").exists())?;
        let dot_git = work_tree.join(".git");
        let git_dir = if dot_git.is_dir() {
            dot_git
        } else {
            let text = read_text(&dot_git, SMALL_FILE)?;
            work_tree.join(text.strip_prefix("gitdir:")?.trim())
        };
        let common_dir = match read_text(&git_dir.join("commondir"), SMALL_FILE) {
            Some(rel) => git_dir.join(rel.trim()),
            None => git_dir.clone(),
        };
        Some(Repo {
            work_tree: work_tree.to_path_buf(),
            git_dir,
            common_dir,
        })
    }

    /// HEAD's object id, following symbolic refs through loose and packed refs.
    fn head(&self) -> Option<String> {
        let mut value = read_trimmed(&self.git_dir.join("HEAD"))?;
        for _ in 0..8 {
            match value.strip_prefix("ref:") {
                None => return is_object_id(&value).then_some(value),
                Some(name) => value = self.resolve_ref(name.trim())?,
            }
        }
        None
    }

    fn resolve_ref(&self, name: &str) -> Option<String> {
        if name.split('/').any(|p| p == ".." || p.is_empty()) {
            return None;
        }
        [&self.git_dir, &self.common_dir]
            .iter()
            .find_map(|d| read_trimmed(&d.join(name)))
            .or_else(|| {
                let packed = read_text(&self.common_dir.join("packed-refs"), PACKED_REFS)?;
                packed.lines().find_map(|line| {
                    let (id, r) = line.split_once(' ')?;
                    (r == name).then(|| id.to_string())
                })
            })
    }

    /// Whether anything under `plan_dir` differs from `commit`, asked of git in a private,
    /// program-free copy of the repository (see the module comment). What the repository's
    /// own bookkeeping could hide is not hidden: index entries marked skip-worktree or
    /// assume-unchanged are looked at, `info/exclude` is not used, and an ignored file that
    /// yjplan could read as part of a plan counts as untracked.
    fn dirty(&self, plan_dir: &Path, commit: &str) -> Option<bool> {
        let shadow = Shadow::new(self, commit)?;
        let flagged = shadow.git(self, &["ls-files", "-v", "-z", "--full-name"], &[])?;
        let hidden = hidden_entries(&flagged);
        if !hidden.is_empty() {
            // One flag a call: update-index applies only the first of several to each path.
            for flag in ["--no-skip-worktree", "--no-assume-unchanged"] {
                shadow.git(self, &["update-index", flag, "-z", "--stdin"], &hidden)?;
            }
        }
        let status = shadow.git_in(
            plan_dir,
            self,
            &[
                "status",
                "--porcelain",
                "-z",
                "--ignore-submodules=all",
                "--untracked-files=all",
                "--ignored=traditional",
                "--",
                ".",
            ],
            &[],
        )?;
        Some(status_is_dirty(&status, &self.work_tree))
    }
}

/// The paths (NUL-terminated) of `git ls-files -v -z` entries whose changes git would not
/// look at: skip-worktree (`S`) or assume-unchanged (a lower-case tag).
fn hidden_entries(listing: &[u8]) -> Vec<u8> {
    let mut paths = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| e.len() > 2) {
        if entry[0] == b'S' || entry[0].is_ascii_lowercase() {
            paths.extend_from_slice(&entry[2..]);
            paths.push(0);
        }
    }
    paths
}

/// Whether `git status --porcelain -z --ignored` output shows a change: any entry but an
/// ignored file, or an ignored file yjplan could read for a plan (yjplan's own output folders
/// and system litter such as Thumbs.db aside).
fn status_is_dirty(status: &[u8], work_tree: &Path) -> bool {
    let mut entries = status.split(|&b| b == 0).filter(|e| e.len() > 3);
    entries.any(|entry| {
        if !entry.starts_with(b"!! ") {
            return true;
        }
        let path = work_tree.join(String::from_utf8_lossy(&entry[3..]).as_ref());
        is_plan_file(&path) && !in_output_folder(&path, work_tree)
    })
}

/// Files of the kinds a plan is made of: sections, settings, data, images, templates, fonts.
fn is_plan_file(path: &Path) -> bool {
    const KINDS: &[&str] = &[
        "md", "markdown", "yaml", "yml", "csv", "png", "jpg", "jpeg", "gif", "webp", "svg", "html",
        "typ", "ttf", "otf", "woff", "woff2",
    ];
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    KINDS.iter().any(|k| ext.eq_ignore_ascii_case(k))
}

/// Whether `path` is inside a folder yjplan wrote (marked with `.yjplan-output`).
fn in_output_folder(path: &Path, work_tree: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(work_tree) && *dir != work_tree)
        .any(|dir| dir.join(OUTPUT_MARKER).is_file())
}

/// The file marking a folder yjplan wrote: `output::publish::MARKER`, named here because loading comes
/// before output in the pipeline (a unit test keeps the two the same).
const OUTPUT_MARKER: &str = ".yjplan-output";

/// A temporary git directory holding only data: HEAD (detached at the commit), an empty refs
/// folder, a config we wrote and a copy of the index. Removed when dropped.
struct Shadow {
    dir: PathBuf,
}

impl Shadow {
    fn new(repo: &Repo, commit: &str) -> Option<Shadow> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("yjplan-git-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let shadow = Shadow { dir };
        std::fs::create_dir_all(shadow.dir.join("refs")).ok()?;
        std::fs::create_dir_all(shadow.dir.join("info")).ok()?;
        std::fs::write(shadow.dir.join("HEAD"), format!("{commit}\n")).ok()?;
        std::fs::write(shadow.dir.join("config"), shadow_config(commit)).ok()?;
        let (index, _) = open_regular(&repo.git_dir.join("index"), INDEX).ok()?;
        let mut copy = std::fs::File::create(shadow.dir.join("index")).ok()?;
        std::io::copy(&mut index.take(INDEX), &mut copy).ok()?;
        Some(shadow)
    }

    /// Runs git on this copy at the top of the work tree; gives its output (`None` if it fails).
    fn git(&self, repo: &Repo, args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
        self.git_in(&repo.work_tree, repo, args, input)
    }

    /// Runs git on this copy in `dir`, with `input` on its standard input and nothing of the
    /// machine's or the repository's configuration.
    fn git_in(&self, dir: &Path, repo: &Repo, args: &[&str], input: &[u8]) -> Option<Vec<u8>> {
        let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
        let mut child = Command::new("git")
            .args(["-c", "core.fsmonitor=false", "-c"])
            .arg(format!("core.hooksPath={null}"))
            .args(["-c", "safe.directory=*", "--no-optional-locks"])
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GIT_DIR", &self.dir)
            .env("GIT_WORK_TREE", &repo.work_tree)
            .env("GIT_OBJECT_DIRECTORY", repo.common_dir.join("objects"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", null)
            .env("GIT_ATTR_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take()?;
        let input = input.to_vec();
        // Written beside the reading of the output, so neither side can fill a pipe and wait.
        let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &input));
        let output = child.wait_with_output().ok()?;
        writer.join().ok()?.ok()?;
        output.status.success().then_some(output.stdout)
    }
}

impl Drop for Shadow {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A config naming no program; SHA-256 repositories need their object format stated.
fn shadow_config(commit: &str) -> String {
    let mut config = String::from("[core]\n\tbare = false\n\tfsmonitor = false\n\tuntrackedCache = false\n\tsplitIndex = false\n");
    if commit.len() == 64 {
        config.push_str("\trepositoryformatversion = 1\n[extensions]\n\tobjectformat = sha256\n");
    } else {
        config.push_str("\trepositoryformatversion = 0\n");
    }
    config
}

/// The largest `.git` file, HEAD, loose ref or commondir read.
const SMALL_FILE: u64 = 4096;
/// The largest packed-refs file read (a repository with a hundred thousand tags).
const PACKED_REFS: u64 = 64 << 20;
/// The largest index copied (a work tree of a million files).
const INDEX: u64 = 512 << 20;

/// A regular file of git's, as text: a FIFO, a device or a file over `limit` gives `None`
/// without blocking or reading on (a repository is as untrusted as the plan in it).
fn read_text(path: &Path, limit: u64) -> Option<String> {
    String::from_utf8(read_regular(path, limit).ok()?).ok()
}

fn read_trimmed(path: &Path) -> Option<String> {
    Some(read_text(path, SMALL_FILE)?.trim().to_string())
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(all(test, unix))]
mod tests;
