//! Message accounting shared by the drop, model and soak tests: payloads that count their
//! constructions and drops (and can be told to panic in `clone` or `drop`), and a waker that
//! counts its wake-ups.

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

#[derive(Default)]
struct Counts {
    created: AtomicUsize,
    dropped: AtomicUsize,
    clones_to_fail: AtomicUsize,
}

/// Counts the [`Tracked`] values made from it (also by `clone`) and their drops.
#[derive(Clone, Default)]
pub struct Drops(Arc<Counts>);

impl Drops {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new message carrying `id`.
    pub fn track(&self, id: u64) -> Tracked {
        self.make(id, false)
    }

    /// A new message whose `drop` panics (after being counted).
    pub fn track_panicking_drop(&self, id: u64) -> Tracked {
        self.make(id, true)
    }

    /// Makes the next `n` calls of `Tracked::clone` panic before cloning.
    pub fn fail_next_clones(&self, n: usize) {
        self.0.clones_to_fail.store(n, Ordering::SeqCst);
    }

    fn make(&self, id: u64, panic_on_drop: bool) -> Tracked {
        self.0.created.fetch_add(1, Ordering::SeqCst);
        Tracked {
            id,
            drops: self.clone(),
            panic_on_drop,
        }
    }

    pub fn created(&self) -> usize {
        self.0.created.load(Ordering::SeqCst)
    }

    pub fn dropped(&self) -> usize {
        self.0.dropped.load(Ordering::SeqCst)
    }

    /// Messages made and not yet dropped.
    pub fn alive(&self) -> usize {
        self.created() - self.dropped()
    }
}

/// A message whose constructions and drops are counted by its [`Drops`].
pub struct Tracked {
    pub id: u64,
    drops: Drops,
    panic_on_drop: bool,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        let fail = self
            .drops
            .0
            .clones_to_fail
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        assert!(!fail, "Tracked({})::clone panics as asked", self.id);
        self.drops.make(self.id, self.panic_on_drop)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.0.dropped.fetch_add(1, Ordering::SeqCst);
        if self.panic_on_drop && !std::thread::panicking() {
            panic!("Tracked({})::drop panics as asked", self.id);
        }
    }
}

impl std::fmt::Debug for Tracked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tracked({})", self.id)
    }
}

impl PartialEq for Tracked {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// A waker that counts how often it was woken. Every [`CountingWaker::waker`] of one
/// counter is the same waker (`will_wake` holds between them).
#[derive(Clone, Default)]
pub struct CountingWaker(Arc<Counter>);

#[derive(Default)]
struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl CountingWaker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn waker(&self) -> Waker {
        Waker::from(self.0.clone())
    }

    pub fn count(&self) -> usize {
        self.0 .0.load(Ordering::SeqCst)
    }

    /// How many clones of this waker are alive outside this counter (registrations a
    /// channel still holds, for instance).
    pub fn clones(&self) -> usize {
        Arc::strong_count(&self.0) - 1
    }

    /// Polls `future` once with this waker.
    pub fn poll<F: Future + Unpin>(&self, future: &mut F) -> Poll<F::Output> {
        let waker = self.waker();
        Pin::new(future).poll(&mut Context::from_waker(&waker))
    }
}
