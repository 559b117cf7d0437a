//! The memory budget of template filling: the program's allocator counts the bytes
//! it holds, and while a [`Region`] is open (a template being filled) an allocation
//! that would take the total past the budget ([`Limits::max_memory_bytes`],
//! `--max-memory-mb`) never happens: the process says why, removes the files it
//! created in the region, and exits with 1.
//!
//! Why an allocator and not an error value: a template is a program (`set_global`,
//! `~`, `replace`) and the template engine has no memory limit of its own; an
//! allocation it cannot get ends the process with an abort (134) the moment it
//! happens, before any code of ours could return an error. Counting in the
//! allocator sees every byte whatever the engine does, costs one relaxed atomic
//! add per allocation, and works the same on every platform (an address-space
//! rlimit in a child process, the other design, exists only on Unix and cannot name
//! the template that broke it).
//!
//! Why `unsafe` here, the only place in the workspace: a `GlobalAlloc` is an
//! `unsafe` trait. Every function of [`Counting`] only forwards to its inner
//! allocator with the caller's own arguments, so it is exactly as sound as that
//! one; the inner allocator ([`Split`] on Linux) hands each block to jemalloc or
//! to the system by its size, and back to the same one.
//!
//! The path that stops the process must not allocate past the budget: the message
//! is worded when the region opens, and once stopping has begun every allocation is
//! let through (the budget is well below [`vanban::limits::MEMORY_BOUND_MB`], so
//! the few bytes of stopping fit).
//!
//! [`Limits::max_memory_bytes`]: vanban::limits::Limits::max_memory_bytes
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// The allocator of the `vanban` binary: [`Inner`]'s, counted.
pub struct Counting;

/// The allocator that does the work, under the counting. On Linux, [`Split`]:
/// glibc's malloc keeps what a long merge frees (a merge of 2,000 forms peaked at
/// 80 MB resident for a heap that never held more than 13 MB; the same run on
/// jemalloc, 26 MB). Elsewhere the system's (docs/performance.md).
#[cfg(target_os = "linux")]
type Inner = Split;
#[cfg(target_os = "linux")]
const INNER: Inner = Split;
#[cfg(not(target_os = "linux"))]
type Inner = std::alloc::System;
#[cfg(not(target_os = "linux"))]
const INNER: Inner = std::alloc::System;

/// Blocks under [`LARGE`] from jemalloc, larger ones from the system (a mapping of
/// their own, returned whole when freed). jemalloc alone, like mimalloc, keeps
/// address space around large blocks, and a template filling memory then met the
/// address-space bound (`vanban::limits::MEMORY_BOUND_MB`, the hostile tests'
/// `prlimit --as`) before the budget stopped it. A block's size is given again to
/// `dealloc` and `realloc`, so each block goes back to the allocator it came from.
#[cfg(target_os = "linux")]
pub struct Split;

/// From this size on, a block is the system's.
#[cfg(target_os = "linux")]
const LARGE: usize = 1 << 20;

#[cfg(target_os = "linux")]
impl Split {
    fn small() -> tikv_jemallocator::Jemalloc {
        tikv_jemallocator::Jemalloc
    }
}

// SAFETY (for each function): each block is allocated, grown and freed by the one
// allocator its size selects, with the caller's own layout; a block that changes
// side in `realloc` is copied (the smaller of the two sizes) and freed by its own.
#[cfg(target_os = "linux")]
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            unsafe { std::alloc::System.alloc(layout) }
        } else {
            unsafe { Split::small().alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            unsafe { std::alloc::System.alloc_zeroed(layout) }
        } else {
            unsafe { Split::small().alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            unsafe { std::alloc::System.dealloc(ptr, layout) }
        } else {
            unsafe { Split::small().dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (was_large, is_large) = (layout.size() >= LARGE, new_size >= LARGE);
        match (was_large, is_large) {
            (true, true) => unsafe { std::alloc::System.realloc(ptr, layout, new_size) },
            (false, false) => unsafe { Split::small().realloc(ptr, layout, new_size) },
            _ => {
                // SAFETY: the caller guarantees `new_size`, with this alignment,
                // does not overflow `isize` (GlobalAlloc::realloc's contract).
                let new_layout =
                    unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
                let p = unsafe { self.alloc(new_layout) };
                if !p.is_null() {
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                p
            }
        }
    }
}

/// Bytes the program holds now (as asked for: the allocator's own overhead aside).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The most bytes the program may hold; `usize::MAX` outside a region.
static BUDGET: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Set once the budget is broken: the process is ending, everything is allowed.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// What to print when the budget is broken, worded when the region opened.
static MESSAGE: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Files created while a region is open (outputs and their temporary `.part`), to
/// remove when the budget is broken: such a run writes nothing.
static CREATED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Takes `size` more bytes from the budget, or ends the process.
#[inline]
fn take(size: usize) {
    let before = LIVE.fetch_add(size, Relaxed);
    if before.saturating_add(size) > BUDGET.load(Relaxed) && !STOPPING.load(Relaxed) {
        LIVE.fetch_sub(size, Relaxed);
        over_budget();
    }
}

// SAFETY (for each function): the arguments go to `INNER` unchanged, with the
// same contract the caller was given; the counting touches only atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        let p = unsafe { INNER.alloc(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        take(layout.size());
        let p = unsafe { INNER.alloc_zeroed(layout) };
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old {
            take(new_size - old);
        }
        let p = unsafe { INNER.realloc(ptr, layout, new_size) };
        match (p.is_null(), new_size > old) {
            // Failed: the old block stays, as it was counted.
            (true, true) => {
                LIVE.fetch_sub(new_size - old, Relaxed);
            }
            (true, false) => {}
            (false, true) => {}
            (false, false) => {
                LIVE.fetch_sub(old - new_size, Relaxed);
            }
        }
        p
    }
}

/// The budget is broken: say so, remove what the region created, exit 1.
#[cold]
fn over_budget() -> ! {
    if STOPPING.swap(true, Relaxed) {
        // Another thread is stopping the process already: wait for it.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
    // `try_lock`: this thread may hold a lock of ours (it cannot wait for itself).
    if let Ok(message) = MESSAGE.try_lock() {
        let _ = std::io::stderr().lock().write_all(&message);
    }
    if let Ok(created) = CREATED.try_lock() {
        for path in created.iter() {
            let _ = std::fs::remove_file(path);
        }
    }
    std::process::exit(1)
}

/// While it lives, the program may hold at most `budget` bytes; on drop the
/// budget is lifted. One region at a time (commands fill their templates one
/// after the other).
#[must_use = "the budget holds only while the region lives"]
pub struct Region {
    _private: (),
}

/// Opens a region of `budget` bytes. `message` (the whole text, worded in the
/// user's language) is printed if the budget is broken.
pub fn enter(budget: u64, message: String) -> Region {
    let mut text = message.into_bytes();
    text.push(b'\n');
    // The old text is dropped under the lock: a free never takes the budget.
    *MESSAGE.lock().unwrap_or_else(|e| e.into_inner()) = text;
    CREATED.lock().unwrap_or_else(|e| e.into_inner()).clear();
    BUDGET.store(usize::try_from(budget).unwrap_or(usize::MAX), Relaxed);
    Region { _private: () }
}

impl Drop for Region {
    fn drop(&mut self) {
        BUDGET.store(usize::MAX, Relaxed);
        CREATED.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// Notes a file this run is creating (an output, its temporary `.part`), to remove
/// if the budget is broken before the region ends. Nothing to do outside a region.
pub fn created(path: &Path) {
    if BUDGET.load(Relaxed) == usize::MAX {
        return;
    }
    // Allocated before the lock: under the lock, only the list may grow.
    let path = path.to_path_buf();
    CREATED.lock().unwrap_or_else(|e| e.into_inner()).push(path);
}

/// Forgets a file noted by [`created`] (a temporary file renamed into place).
pub fn forget(path: &Path) {
    if BUDGET.load(Relaxed) == usize::MAX {
        return;
    }
    CREATED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != path);
}

/// Bytes the program holds now.
#[cfg(test)]
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocations_are_counted_and_freed() {
        // Other tests allocate in parallel: only a big block stands out.
        let before = live();
        let block = vec![0u8; 64 * 1024 * 1024];
        assert!(live() >= before + 60 * 1024 * 1024, "{} {before}", live());
        drop(block);
        assert!(live() < before + 32 * 1024 * 1024);
    }
}
