//! Confined reading: takes a plan folder and a path named by the plan, and gives the file's
//! bytes only when the path resolves (after every symlink) to a regular file inside the folder
//! and within a size limit. Errors say which rule was broken and never carry the file's content,
//! so a plan cannot make yjplan read, quote or publish anything outside itself, and a FIFO,
//! `/dev/zero` or a huge file cannot make it hang or run out of memory.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// How large each kind of file a plan is made of may be. Documented in docs/format.md
/// ("Limits"); a file over its limit is refused before it is read to the end.
pub mod limits {
    /// plan.yaml, theme.yaml and edition files.
    pub const CONFIG: u64 = 256 * 1024;
    /// A section file (markdown with front matter).
    pub const SECTION: u64 = 2 * 1024 * 1024;
    /// A data file (CSV).
    pub const DATA: u64 = 8 * 1024 * 1024;
    /// An image or logo.
    pub const IMAGE: u64 = 16 * 1024 * 1024;
    /// A template override (HTML, CSS or Typst) or a template it includes.
    pub const TEMPLATE: u64 = 512 * 1024;
    /// A font file of a theme.
    pub const FONT: u64 = 32 * 1024 * 1024;
}

/// Why a plan's file was not read. None of these carry the file's content.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing is there (or a symlink points at nothing).
    NotFound,
    /// The path, after symlinks, leads outside the plan folder.
    Outside,
    /// The path is a directory, FIFO, device or socket, not a regular file.
    NotRegular(&'static str),
    /// The file is larger than `limit` bytes.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The system refused the read.
    Io(std::io::Error),
}

impl ReadError {
    /// The hint that goes with this error in a diagnostic.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::NotFound => "check the file name and that the file is in the plan folder",
            ReadError::Outside => "copy the file into the plan folder (e.g. data/ or assets/) and name it by its path there; files outside the plan, and symlinks leading out of it, are never read",
            ReadError::NotRegular(_) => "name an ordinary file; yjplan reads no directories, pipes or devices",
            ReadError::TooLarge { .. } => "split the file, or shrink it (images: export at the size they are shown); the limits are in docs/format.md",
            ReadError::Io(_) => "check the file's permissions",
        }
    }

    /// True when there is simply no file (callers often treat this as "not given").
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "there is no such file"),
            ReadError::Outside => write!(f, "it is outside the plan folder"),
            ReadError::NotRegular(kind) => write!(f, "it is a {kind}, not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "it is larger than the limit of {}", human_size(*limit))
            }
            ReadError::Io(e) => write!(f, "{}", io_reason(e)),
        }
    }
}

impl std::error::Error for ReadError {}

/// A size in KiB or MiB, for messages.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// An I/O error's reason without the " (os error N)" tail.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// A plan folder that files are read from.
#[derive(Debug, Clone)]
pub struct Confined {
    root: PathBuf,
    /// The plan folder as given, so paths made by joining onto it are understood too.
    given: PathBuf,
}

impl Confined {
    /// The plan folder at `root` (resolved once, so a symlinked plan folder is fine).
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Confined {
            root: root.canonicalize()?,
            given: root.to_path_buf(),
        })
    }

    /// The resolved plan folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `path` (relative to the plan folder, the plan folder as given joined with a path,
    /// or absolute) really is, when that is inside the plan folder. Absolute paths and `..` are
    /// allowed only if they end up inside.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let relative = match path.strip_prefix(&self.given) {
            Ok(rest) if !self.given.as_os_str().is_empty() => rest,
            _ => path,
        };
        let joined = self.root.join(relative);
        let real = match joined.canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A missing file whose name already leaves the folder is "outside", so the
                // message does not depend on what exists out there.
                return Err(if lexically_inside(&self.root, &joined) {
                    ReadError::NotFound
                } else {
                    ReadError::Outside
                });
            }
            Err(e) => return Err(ReadError::Io(e)),
        };
        if real.starts_with(&self.root) {
            Ok(real)
        } else {
            Err(ReadError::Outside)
        }
    }

    /// Opens a regular file inside the plan folder, of at most `limit` bytes; gives it and its
    /// size.
    pub fn open(&self, path: &Path, limit: u64) -> Result<(std::fs::File, u64), ReadError> {
        open_regular(&self.resolve(path)?, limit)
    }

    /// Reads a regular file inside the plan folder, of at most `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        read_regular(&self.resolve(path)?, limit)
    }

    /// Reads a text file: `Ok(Ok(text))` when it is UTF-8, `Ok(Err(bytes))` when it is not, so
    /// the caller can report the first bad byte.
    pub fn read_text(&self, path: &Path, limit: u64) -> Result<Result<String, Vec<u8>>, ReadError> {
        let bytes = self.read(path, limit)?;
        Ok(String::from_utf8(bytes).map_err(|e| e.into_bytes()))
    }
}

/// Opens a regular file of at most `limit` bytes, wherever it is (the caller has decided it may
/// be read); gives it and its size. A FIFO, device or folder is refused without blocking.
pub fn open_regular(path: &Path, limit: u64) -> Result<(std::fs::File, u64), ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    check_kind(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    // The file may have been swapped since the check above: look again at what is open.
    check_kind(&file.metadata().map_err(ReadError::Io)?)?;
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `limit` bytes, wherever it is (see [`open_regular`]).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Refuses anything but a regular file.
fn check_kind(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(ReadError::NotRegular(if kind.is_dir() {
        "folder"
    } else {
        special_kind(&kind)
    }))
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "device"
    } else if kind.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "special file"
}

/// Opens for reading without blocking on a FIFO that was swapped in after the kind check.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether `path` stays inside `root` by its components alone (`..` counted, symlinks not).
fn lexically_inside(root: &Path, path: &Path) -> bool {
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other),
        }
    }
    parts.iter().collect::<PathBuf>().starts_with(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> (PathBuf, Confined) {
        let base = std::env::temp_dir().join(format!(
            "yjplan-confine-{}-{}",
            std::process::id(),
            std::thread::current()
                .name()
                .unwrap_or("t")
                .replace(':', "_")
        ));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("plan/data")).unwrap();
        std::fs::write(base.join("secret.csv"), "password,hunter2\n").unwrap();
        std::fs::write(base.join("plan/data/ok.csv"), "a,b\n").unwrap();
        let c = Confined::new(&base.join("plan")).unwrap();
        (base, c)
    }

    #[test]
    fn reads_a_file_inside() {
        let (base, c) = plan();
        assert_eq!(c.read(Path::new("data/ok.csv"), 100).unwrap(), b"a,b\n");
        assert_eq!(
            c.read(&c.root().join("data/../data/ok.csv"), 100).unwrap(),
            b"a,b\n"
        );
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn refuses_dotdot_absolute_and_missing_outside() {
        let (base, c) = plan();
        for p in [
            "../secret.csv",
            "data/../../secret.csv",
            "/etc/passwd",
            "../nothing.csv",
        ] {
            let e = c.read(Path::new(p), 1 << 20).unwrap_err();
            assert!(matches!(e, ReadError::Outside), "{p}: {e:?}");
            assert!(!format!("{e} {}", e.hint()).contains("hunter2"));
        }
        assert!(c
            .read(Path::new("data/none.csv"), 10)
            .unwrap_err()
            .is_not_found());
        std::fs::remove_dir_all(base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out_but_not_symlinks_within() {
        let (base, c) = plan();
        std::os::unix::fs::symlink(base.join("secret.csv"), base.join("plan/data/link.csv"))
            .unwrap();
        std::os::unix::fs::symlink(base.join("plan/data/ok.csv"), base.join("plan/in.csv"))
            .unwrap();
        std::os::unix::fs::symlink(&base, base.join("plan/up")).unwrap();
        let e = c.read(Path::new("data/link.csv"), 100).unwrap_err();
        assert!(matches!(e, ReadError::Outside));
        assert!(matches!(
            c.read(Path::new("up/secret.csv"), 100).unwrap_err(),
            ReadError::Outside
        ));
        assert_eq!(c.read(Path::new("in.csv"), 100).unwrap(), b"a,b\n");
        std::fs::remove_dir_all(base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn refuses_fifos_devices_and_folders_without_blocking() {
        let (base, c) = plan();
        let fifo = base.join("plan/data/pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = c.read(Path::new("data/pipe.csv"), 100).unwrap_err();
            assert!(
                matches!(e, ReadError::NotRegular("named pipe (FIFO)")),
                "{e:?}"
            );
        }
        std::os::unix::fs::symlink("/dev/zero", base.join("plan/zero.md")).unwrap();
        // /dev/zero is outside the plan, so it is refused before its kind is even looked at.
        assert!(matches!(
            c.read(Path::new("zero.md"), 100).unwrap_err(),
            ReadError::Outside
        ));
        assert!(matches!(
            c.read(Path::new("data"), 100).unwrap_err(),
            ReadError::NotRegular("folder")
        ));
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn paths_joined_onto_the_folder_as_given_are_understood() {
        let (base, _) = plan();
        let given = base.join("plan/data/..");
        let c = Confined::new(&given).unwrap();
        assert_eq!(c.read(&given.join("data/ok.csv"), 100).unwrap(), b"a,b\n");
        assert!(matches!(
            c.read(&given.join("../secret.csv"), 100),
            Err(ReadError::Outside)
        ));
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn refuses_files_over_the_limit() {
        let (base, c) = plan();
        std::fs::write(c.root().join("big.md"), vec![b'x'; 101]).unwrap();
        let e = c.read(Path::new("big.md"), 100).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { limit: 100 }));
        assert_eq!(c.read(Path::new("big.md"), 101).unwrap().len(), 101);
        assert_eq!(human_size(limits::SECTION), "2 MiB");
        std::fs::remove_dir_all(base).unwrap();
    }
}
