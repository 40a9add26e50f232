//! The typesetting child: `yjplan __typeset MEMORY SECONDS` reads a [`Request`] on standard input,
//! typesets it with the in-process renderer under a memory cap and writes an [`Answer`] on
//! standard output. A plan's own Typst template is a program (loops, string repetition), so the
//! build runs it here, where [`super::sandbox`] can stop it after a time limit and the cap stops
//! it when it asks for too much memory, on every platform.
//!
//! The cap is kept by [`CappedAlloc`], the binary's global allocator: it counts bytes only once a
//! child has set a cap, so a normal build pays one relaxed atomic load per allocation.

use super::wire::{Answer, Request};
use super::{export, FontSet, PdfError, PlanWorld};
use crate::load::assets::Asset;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::sync::Arc;
use typst::foundations::{Bytes, Datetime};

/// The hidden subcommand that runs the child.
pub const SUBCOMMAND: &str = "__typeset";

/// What the child prints (after Rust's own "memory allocation of N bytes failed") when the cap
/// is reached, so the build can tell a memory stop from a crash.
pub const OUT_OF_MEMORY: &str = "memory allocation of";

/// Bytes the process may hold; 0 while no cap is set.
static CAP: AtomicIsize = AtomicIsize::new(0);
/// Bytes allocated since the cap was set, less those freed (may dip below zero for blocks
/// allocated before it).
static USED: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, refusing allocations past the cap a typesetting child sets (Rust then
/// stops the process with "memory allocation of N bytes failed").
pub struct CappedAlloc;

impl CappedAlloc {
    /// True when `grow` more bytes fit under the cap (and counts them); always true uncapped.
    fn admit(grow: usize) -> bool {
        let cap = CAP.load(Relaxed);
        if cap == 0 {
            return true;
        }
        let grow = isize::try_from(grow).unwrap_or(isize::MAX);
        let used = USED.fetch_add(grow, Relaxed).saturating_add(grow);
        if used > cap {
            USED.fetch_sub(grow, Relaxed);
            return false;
        }
        true
    }

    fn release(size: usize) {
        if CAP.load(Relaxed) != 0 {
            USED.fetch_sub(isize::try_from(size).unwrap_or(isize::MAX), Relaxed);
        }
    }
}

// SAFETY: every call is passed to the system allocator unchanged; refusing returns null, which
// the GlobalAlloc contract allows.
unsafe impl GlobalAlloc for CappedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Self::admit(layout.size()) {
            return std::ptr::null_mut();
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !Self::admit(layout.size()) {
            return std::ptr::null_mut();
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Self::release(layout.size());
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !Self::admit(new_size - old) {
            return std::ptr::null_mut();
        }
        let moved = System.realloc(ptr, layout, new_size);
        if moved.is_null() && new_size > old {
            Self::release(new_size - old);
        } else if !moved.is_null() && new_size < old {
            Self::release(old - new_size);
        }
        moved
    }
}

/// Sets the memory cap of this process (a typesetting child).
fn set_cap(bytes: u64) {
    USED.store(0, Relaxed);
    CAP.store(isize::try_from(bytes).unwrap_or(isize::MAX).max(1), Relaxed);
}

/// Runs the child: `args` are the arguments after the subcommand (the memory cap in bytes, and
/// the seconds after which the child stops itself, should its build have died).
/// Returns the process exit code: 0 when an answer was written, 2 when the request was unreadable.
pub fn main(args: &[String]) -> i32 {
    let request = match Request::read(&mut std::io::stdin().lock()) {
        Ok(request) => request,
        Err(e) => {
            eprintln!("yjplan {SUBCOMMAND}: cannot read the request: {e}");
            return 2;
        }
    };
    if let Some(cap) = args.first().and_then(|a| a.parse().ok()) {
        set_cap(cap);
    }
    if let Some(seconds) = args.get(1).and_then(|a| a.parse::<u64>().ok()) {
        // The build kills the child at its limit; this stops an orphan whose build was killed.
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(seconds + 5));
            std::process::exit(3);
        });
    }
    let answer = match typeset(request) {
        Ok((bytes, pages)) => Answer::Pdf(bytes, pages),
        Err(error) => Answer::Failed(match error {
            PdfError::Template(message) => message,
            too_slow => too_slow.to_string(),
        }),
    };
    match answer.write(&mut std::io::stdout().lock()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// Typesets a request with the in-process renderer.
fn typeset(request: Request) -> Result<(Vec<u8>, usize), PdfError> {
    let [y, mo, d, h, mi, s] = request.date;
    let date = Datetime::from_ymd_hms(y as i32, mo as u8, d as u8, h as u8, mi as u8, s as u8)
        .ok_or_else(|| PdfError::Template("the document date is not a date".into()))?;
    let fonts = FontSet::from_files(request.fonts.into_iter().map(Bytes::new));
    let mut world = PlanWorld::new(&request.template, Arc::new(fonts), date)
        .ok_or_else(|| PdfError::Template("bad virtual path".into()))?;
    let assets: Vec<Asset> = request
        .assets
        .into_iter()
        .map(|(path, bytes)| Asset { path, bytes })
        .collect();
    world.set_data(request.json, &assets);
    let doc = export(&world, date, request.ident)?;
    Ok((doc.bytes, doc.pages))
}
