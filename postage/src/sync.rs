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

/// `Arc::new(make())`, with `make` run after the allocation instead of before it.
///
/// `Arc::new(value)` builds `value` on the stack and copies it into the new allocation;
/// for a channel's shared state (hundreds of bytes, built from narrow stores) that copy,
/// whose wide loads wait on the narrow stores just made, was a fifth of creating a
/// channel. Here the allocation exists first and the value is written into it, which lets
/// the compiler build it in place.
#[cfg(not(postage_loom))]
#[inline]
pub(crate) fn arc_with<T>(make: impl FnOnce() -> T) -> Arc<T> {
    let uninit = Arc::<T>::new_uninit();
    // SAFETY: `uninit` is the only handle of its new allocation, so nothing else reads or
    // writes it; `Arc::as_ptr` keeps the allocation's write permission (the standard
    // library documents it as the pointer `get_mut` writes through). After the write the
    // value is initialised.
    unsafe {
        Arc::as_ptr(&uninit)
            .cast_mut()
            .write(std::mem::MaybeUninit::new(make()));
        uninit.assume_init()
    }
}

/// Under loom, whose `Arc` has no uninitialised constructor: `Arc::new(make())`.
#[cfg(postage_loom)]
pub(crate) fn arc_with<T>(make: impl FnOnce() -> T) -> Arc<T> {
    Arc::new(make())
}

#[cfg(all(test, not(postage_loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    struct Counted<'a>(&'a AtomicUsize, [u64; 40]);

    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    #[test]
    fn arc_with_holds_what_make_built_and_drops_it_once() {
        let drops = AtomicUsize::new(0);
        let arc = arc_with(|| Counted(&drops, std::array::from_fn(|i| i as u64 * 3)));
        assert_eq!(arc.1[39], 117);
        let clone = Arc::clone(&arc);
        drop(arc);
        assert_eq!(drops.load(Ordering::Relaxed), 0);
        drop(clone);
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    }

    /// The allocation exists before `make` runs: a panic in `make` must free it without
    /// dropping a value that was never built (Miri's leak and validity checks see both).
    #[test]
    fn arc_with_frees_the_allocation_when_make_panics() {
        let caught = std::panic::catch_unwind(|| {
            arc_with(|| -> Counted<'static> { panic!("make failed") });
        });
        assert!(caught.is_err());
    }
}
