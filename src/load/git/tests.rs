//! Tests of the git state: hostile repositories whose config, hooks and bookkeeping must not
//! run anything, hide a change, or stall the read.

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
    let base = std::env::temp_dir().join(format!("yjplan-gitstate-{name}-{}", std::process::id()));
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
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
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

#[test]
fn changes_hidden_by_the_repositorys_bookkeeping_still_count() {
    let (base, marker) = hostile_repo("hidden");
    let repo = base.join("repo");
    let content = repo.join("content");
    // This test's own git commands must not run the repository's programs either.
    std::fs::remove_file(repo.join(".git/info/attributes")).unwrap();
    let git = |dir: &Path, args: &[&str]| {
        let quiet = [
            "-c",
            "core.hooksPath=/nonexistent",
            "-c",
            "core.fsmonitor=false",
        ];
        git(dir, &[&quiet[..], args].concat())
    };
    std::fs::write(content.join("01-intro.md"), "# Intro\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "intro"]);
    assert!(!checkout(&content).unwrap().dirty);
    // An edit git is told not to look at (skip-worktree, assume-unchanged)…
    for (flag, file) in [
        ("skip-worktree", "content/plan.yaml"),
        ("assume-unchanged", "content/01-intro.md"),
    ] {
        git(&repo, &["update-index", &format!("--{flag}"), file]);
        std::fs::write(repo.join(file), "edited\n").unwrap();
        assert!(checkout(&content).unwrap().dirty, "{flag}");
        git(&repo, &["update-index", &format!("--no-{flag}"), file]);
        git(&repo, &["checkout", "-q", "--", file]);
        assert!(!checkout(&content).unwrap().dirty);
    }
    // …and a new section excluded locally or by a committed .gitignore.
    std::fs::write(repo.join(".git/info/exclude"), "*.md\n").unwrap();
    std::fs::write(content.join("02-new.md"), "# New\n").unwrap();
    assert!(checkout(&content).unwrap().dirty, "info/exclude");
    std::fs::write(repo.join(".git/info/exclude"), "").unwrap();
    std::fs::write(content.join(".gitignore"), "02-*.md\nThumbs.db\nout/\n").unwrap();
    git(&repo, &["add", "content/.gitignore"]);
    git(&repo, &["commit", "-q", "-m", "ignore"]);
    assert!(checkout(&content).unwrap().dirty, "a committed .gitignore");
    // Ignored files yjplan never reads, and yjplan's own output, are not changes to the plan.
    std::fs::remove_file(content.join("02-new.md")).unwrap();
    std::fs::write(content.join("Thumbs.db"), "x").unwrap();
    std::fs::create_dir_all(content.join("out/html")).unwrap();
    std::fs::write(content.join("out").join(OUTPUT_MARKER), "").unwrap();
    std::fs::write(content.join("out/html/index.html"), "<p>").unwrap();
    assert!(!checkout(&content).unwrap().dirty);
    assert!(!marker.exists());
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn the_output_marker_is_the_one_output_writes() {
    assert_eq!(OUTPUT_MARKER, crate::output::publish::MARKER);
}

/// `checkout` on `dir`, failing the test if it takes more than a few seconds.
fn checkout_within_seconds(dir: &Path) -> Option<Checkout> {
    let (send, receive) = std::sync::mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || send.send(checkout(&dir)));
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading the git state stalled")
}

#[test]
fn fifos_and_devices_in_the_repository_are_not_read() {
    let (base, _) = hostile_repo("fifo");
    let repo = base.join("repo");
    let content = repo.join("content");
    let head = git(&repo, &["rev-parse", "HEAD"]);
    git(
        &repo,
        &["-c", "core.hooksPath=/nonexistent", "pack-refs", "--all"],
    );
    let fifo = |path: &Path| {
        let _ = std::fs::remove_file(path);
        let made = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success());
    };
    // A packed-refs FIFO: the ref cannot be resolved, so there is no state, promptly.
    let packed = repo.join(".git/packed-refs");
    let saved = std::fs::read(&packed).unwrap();
    fifo(&packed);
    assert_eq!(checkout_within_seconds(&content), None);
    std::fs::remove_file(&packed).unwrap();
    std::fs::write(&packed, saved).unwrap();
    // An index that is a FIFO or /dev/zero: the commit is known, the state is dirty.
    let index = repo.join(".git/index");
    std::fs::rename(&index, base.join("index")).unwrap();
    fifo(&index);
    let state = checkout_within_seconds(&content).unwrap();
    assert_eq!((state.commit.as_str(), state.dirty), (head.as_str(), true));
    std::fs::remove_file(&index).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &index).unwrap();
    assert!(checkout_within_seconds(&content).unwrap().dirty);
    std::fs::remove_file(&index).unwrap();
    // A `.git` file that is a FIFO or /dev/zero (a work tree's link to its repository).
    std::fs::rename(repo.join(".git"), base.join("git")).unwrap();
    fifo(&repo.join(".git"));
    assert_eq!(checkout_within_seconds(&content), None);
    std::fs::remove_file(repo.join(".git")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", repo.join(".git")).unwrap();
    assert_eq!(checkout_within_seconds(&content), None);
    std::fs::remove_dir_all(base).unwrap();
}
