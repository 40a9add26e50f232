//! Git state without running the repository: takes a plan folder and gives the commit it is
//! checked out at and whether its files have uncommitted changes, for the release manifest.
//!
//! A plan's repository is untrusted, and its config can name programs that git runs on its own
//! (`core.fsmonitor`, hooks, `filter.*.clean`, `core.hooksPath`). So the commit is read from git's
//! files directly (HEAD, loose refs, packed-refs), and the dirty check runs git against a private
//! copy of the repository's bookkeeping: a fresh config that names no program, no hooks, a copy
//! of the index, and the real objects read-only through GIT_OBJECT_DIRECTORY. System and global
//! config are switched off too, so the result does not depend on the machine.

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
    /// Shared files: refs, packed-refs, objects, info/exclude.
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
            let text = std::fs::read_to_string(&dot_git).ok()?;
            work_tree.join(text.strip_prefix("gitdir:")?.trim())
        };
        let common_dir = match std::fs::read_to_string(git_dir.join("commondir")) {
            Ok(rel) => git_dir.join(rel.trim()),
            Err(_) => git_dir.clone(),
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
                let packed = std::fs::read_to_string(self.common_dir.join("packed-refs")).ok()?;
                packed.lines().find_map(|line| {
                    let (id, r) = line.split_once(' ')?;
                    (r == name).then(|| id.to_string())
                })
            })
    }

    /// Whether anything under `plan_dir` differs from `commit`, asked of git in a private,
    /// program-free copy of the repository (see the module comment).
    fn dirty(&self, plan_dir: &Path, commit: &str) -> Option<bool> {
        let shadow = Shadow::new(self, commit)?;
        let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
        let output = Command::new("git")
            .args(["-c", "core.fsmonitor=false", "-c"])
            .arg(format!("core.hooksPath={null}"))
            .args(["-c", "safe.directory=*", "--no-optional-locks"])
            .args([
                "status",
                "--porcelain",
                "--ignore-submodules=all",
                "--",
                ".",
            ])
            .current_dir(plan_dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GIT_DIR", &shadow.dir)
            .env("GIT_WORK_TREE", &self.work_tree)
            .env("GIT_OBJECT_DIRECTORY", self.common_dir.join("objects"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", null)
            .env("GIT_ATTR_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        output.status.success().then_some(!output.stdout.is_empty())
    }
}

/// A temporary git directory holding only data: HEAD (detached at the commit), an empty refs
/// folder, a config we wrote, copies of the index and info/exclude. Removed when dropped.
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
        std::fs::copy(repo.git_dir.join("index"), shadow.dir.join("index")).ok()?;
        let _ = std::fs::copy(
            repo.common_dir.join("info/exclude"),
            shadow.dir.join("info/exclude"),
        );
        Some(shadow)
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

fn read_trimmed(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 4096 {
        return None;
    }
    Some(std::fs::read_to_string(path).ok()?.trim().to_string())
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// A repository with a plan folder, and config, attributes and hooks that would each write a
    /// marker file if git ran them.
    fn hostile_repo(name: &str) -> (PathBuf, PathBuf) {
        let base =
            std::env::temp_dir().join(format!("yjplan-gitstate-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let repo = base.join("repo");
        std::fs::create_dir_all(repo.join("content")).unwrap();
        std::fs::write(repo.join("content/plan.yaml"), "service: S\n").unwrap();
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "plan"]);
        let marker = base.join("ran");
        let script = base.join("evil.sh");
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho \"$0 $*\" >> {}\n", marker.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let s = script.display();
        let mut config = std::fs::read_to_string(repo.join(".git/config")).unwrap();
        config += &format!("[core]\n\tfsmonitor = {s}\n[filter \"evil\"]\n\tclean = {s}\n\tsmudge = {s}\n\trequired = true\n[diff \"evil\"]\n\ttextconv = {s}\n");
        std::fs::write(repo.join(".git/config"), config).unwrap();
        std::fs::create_dir_all(repo.join(".git/info")).unwrap();
        std::fs::write(
            repo.join(".git/info/attributes"),
            "* filter=evil diff=evil\n",
        )
        .unwrap();
        for hook in [
            "post-index-change",
            "pre-commit",
            "post-checkout",
            "reference-transaction",
        ] {
            std::fs::copy(&script, repo.join(".git/hooks").join(hook)).unwrap();
        }
        (base, marker)
    }

    #[test]
    fn reads_commit_and_dirt_without_running_hooks_fsmonitor_or_filters() {
        let (base, marker) = hostile_repo("hooks");
        let repo = base.join("repo");
        let head = git(&repo, &["rev-parse", "HEAD"]);
        std::fs::write(repo.join("content/plan.yaml"), "service: Changed\n").unwrap();
        // The control: plain `git status` does run the repository's programs…
        git(&repo.join("content"), &["status", "--porcelain"]);
        assert!(
            marker.exists(),
            "the hostile repository should have run something"
        );
        std::fs::remove_file(&marker).unwrap();
        // …and reading the state does not.
        let state = checkout(&repo.join("content")).unwrap();
        assert_eq!(
            state,
            Checkout {
                commit: head.clone(),
                dirty: true
            }
        );
        assert!(
            !marker.exists(),
            "ran: {}",
            std::fs::read_to_string(&marker).unwrap()
        );
        std::fs::write(repo.join("content/plan.yaml"), "service: S\n").unwrap();
        let state = checkout(&repo.join("content")).unwrap();
        assert_eq!(
            state,
            Checkout {
                commit: head,
                dirty: false
            }
        );
        assert!(!marker.exists());
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn untracked_files_make_it_dirty_and_packed_refs_resolve() {
        let (base, marker) = hostile_repo("packed");
        let repo = base.join("repo");
        let head = git(&repo, &["rev-parse", "HEAD"]);
        git(
            &repo,
            &["-c", "core.hooksPath=/nonexistent", "pack-refs", "--all"],
        );
        assert!(!repo.join(".git/refs/heads/main").exists());
        assert_eq!(checkout(&repo.join("content")).unwrap().commit, head);
        std::fs::write(repo.join("content/new.md"), "# New\n").unwrap();
        assert!(checkout(&repo.join("content")).unwrap().dirty);
        assert!(!marker.exists());
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn outside_a_repository_there_is_no_state() {
        let dir = std::env::temp_dir().join(format!("yjplan-gitstate-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // The temp folder is not inside a repository on any sane machine; if it is, skip.
        if Repo::find(&dir.canonicalize().unwrap()).is_none() {
            assert_eq!(checkout(&dir), None);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
