//! Tests of publishing: the whole set replaced, leftovers cleaned, foreign folders refused.

use super::*;
use crate::output::OutputFile;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yjplan-publish-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn replaces_the_whole_set_and_leaves_nothing_beside_it() {
    let base = temp("swap");
    let out = base.join("out");
    publish(
        &out,
        &[
            OutputFile::new("a.pdf", b"1".to_vec()),
            OutputFile::new("html/old.png", b"x".to_vec()),
        ],
    )
    .unwrap();
    let written = publish(&out, &[OutputFile::new("a.pdf", b"2".to_vec())]).unwrap();
    assert_eq!(written, vec![out.join("a.pdf")]);
    assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), b"2");
    assert!(
        !out.join("html").exists(),
        "files of the old build go with it"
    );
    assert_eq!(names(&base), ["out"]);
    std::fs::remove_dir_all(base).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_old_output_does_not_block_and_dead_leftovers_are_cleaned() {
    let base = temp("fifo");
    let out = base.join("out");
    publish(&out, &[OutputFile::new("a.pdf", b"1".to_vec())]).unwrap();
    let fifo = out.join("html");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        publish(&out, &[OutputFile::new("a.pdf", b"2".to_vec())]).unwrap();
        assert!(!fifo.exists());
    }
    // A build killed half way (pid 0x7fff_fff0 is not running) left these behind.
    for leftover in [
        ".out.yjplan-staging-2147483632-0",
        ".out.yjplan-old-2147483632-3",
    ] {
        std::fs::create_dir_all(base.join(leftover).join("html")).unwrap();
    }
    let running = format!(".out.yjplan-staging-{}-999", std::process::id());
    std::fs::create_dir_all(base.join(&running)).unwrap();
    publish(&out, &[OutputFile::new("a.pdf", b"3".to_vec())]).unwrap();
    assert_eq!(names(&base), [running, "out".to_string()]);
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn a_folder_with_other_files_is_never_replaced() {
    let base = temp("foreign");
    std::fs::create_dir_all(base.join("docs")).unwrap();
    std::fs::write(base.join("docs/thesis.docx"), b"mine").unwrap();
    let e = publish(
        &base.join("docs"),
        &[OutputFile::new("a.pdf", b"1".to_vec())],
    )
    .unwrap_err();
    assert!(e.to_string().contains("thesis.docx"), "{e}");
    assert!(e.to_string().contains("docs"), "{e}");
    assert_eq!(
        std::fs::read(base.join("docs/thesis.docx")).unwrap(),
        b"mine"
    );
    assert_eq!(names(&base), ["docs"]);
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn a_copy_is_the_file_it_copies_under_another_name() {
    let base = temp("copy");
    let out = base.join("out");
    let pdf = OutputFile::new("plan.pdf", b"%PDF-1.7".to_vec());
    let mut staging = Staging::begin(&out).unwrap();
    staging.add(&pdf).unwrap();
    let copy = staging.add_copy("html/plan.pdf", &pdf).unwrap();
    staging.finish().unwrap();
    assert_eq!(copy, out.join("html/plan.pdf"));
    assert_eq!(std::fs::read(&copy).unwrap(), b"%PDF-1.7");
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            inode(&copy),
            inode(&out.join("plan.pdf")),
            "linked, not written again"
        );
    }
    std::fs::remove_dir_all(base).unwrap();
}
