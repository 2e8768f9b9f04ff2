//! The one place where the crate names its synchronisation primitives.
//!
//! Every atomic, cell, `Arc` and lock used by a channel goes through this module, so that
//! building with `RUSTFLAGS="--cfg postage_loom"` swaps in [loom]'s model-checked versions and
//! the same channel code runs under loom models. A stray `std::sync` elsewhere would hide its
//! interleavings from loom; `tests/sync_facade.rs` in the integration tests rejects one.
//!
//! [loom]: https://docs.rs/loom

#[cfg(not(postage_loom))]
#[allow(unused_imports)]
pub(crate) use std::sync::{
    atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering},
    Arc,
};

#[cfg(postage_loom)]
#[allow(unused_imports)]
pub(crate) use loom::sync::{
    atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering},
    Arc,
};

#[cfg(not(postage_loom))]
use std::sync as imp;

#[cfg(postage_loom)]
use loom::sync as imp;

pub(crate) use imp::{MutexGuard, RwLockReadGuard, RwLockWriteGuard};

#[cfg(postage_loom)]
pub(crate) use loom::cell::UnsafeCell;

/// `std::cell::UnsafeCell` behind loom's closure API (`with`, `with_mut`), so that code using
/// it runs unchanged under loom, which then checks every access for races.
#[cfg(not(postage_loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(postage_loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    /// Runs `f` with a pointer to read the contents through.
    #[inline]
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Runs `f` with a pointer to write the contents through.
    #[inline]
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

/// A mutex that ignores poisoning.
///
/// Channel state is only mutated after user code (`Clone`, `Drop`) has run, so a panic while
/// the lock is held leaves the state consistent and later users may go on.
#[derive(Debug)]
pub(crate) struct Mutex<T>(imp::Mutex<T>);

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Mutex(imp::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A reader-writer lock that ignores poisoning (see [`Mutex`]).
#[derive(Debug)]
pub(crate) struct RwLock<T>(imp::RwLock<T>);

impl<T> RwLock<T> {
    pub(crate) fn new(value: T) -> Self {
        RwLock(imp::RwLock::new(value))
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, T> {
        self.0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, T> {
        self.0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A fence orders the atomics around it; the queue's wake-up protocol relies on
/// `fence(SeqCst)` on both sides of each hand-off (see `core/queue.rs`).
#[cfg(not(postage_loom))]
pub(crate) use std::sync::atomic::fence;

#[cfg(postage_loom)]
pub(crate) use loom::sync::atomic::fence;

/// The hint for a short bounded spin while a peer finishes a two-step operation; under loom
/// it yields, so the model lets the peer run.
#[cfg(not(postage_loom))]
pub(crate) use std::hint::spin_loop;

#[cfg(postage_loom)]
pub(crate) use loom::hint::spin_loop;

/// The longest pause of [`back_off`]: `2^BACK_OFF_LIMIT` spin hints.
const BACK_OFF_LIMIT: u32 = 6;

/// Pauses after a compare-and-swap of a contended word (a queue's head or tail) lost to
/// another thread: `2^lost` spin hints, then `lost` grows by one, up to `BACK_OFF_LIMIT`.
/// Threads contending for the word then stop taking its cache line from each other at
/// every step, as crossbeam's queues do. It waits for no condition: every lost
/// compare-and-swap is another thread's success, and the caller retries after the pause.
/// Under loom it does nothing: a spin hint is a yield there, and the pause checks nothing.
#[inline]
pub(crate) fn back_off(lost: &mut u32) {
    if cfg!(postage_loom) {
        return;
    }
    for _ in 0..1u32 << *lost {
        spin_loop();
    }
    if *lost < BACK_OFF_LIMIT {
        *lost += 1;
    }
}

/// The value behind `arc` when `arc` is its only handle (no other clone and no weak
/// reference): a channel's last handle then frees it without telling anybody.
///
/// The strong count is read first with a plain load, so that the common case (other handles
/// alive) costs no read-modify-write; `Arc::get_mut` then confirms with the ordering that
/// makes every other handle's last use happen before.
pub(crate) fn only_handle<T>(arc: &mut Arc<T>) -> Option<&mut T> {
    if Arc::strong_count(arc) != 1 {
        return None;
    }
    Arc::get_mut(arc)
}
