//! Shared pieces of the loom models: payloads whose drops are counted, a counting waker and
//! a single manual poll.
//!
//! The counters use `std` atomics on purpose: they are bookkeeping of the model, not state
//! whose interleavings loom should explore (loom runs every model thread on one OS thread).

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Counts the [`Tracked`] values made from it and how many of them were dropped.
#[derive(Clone, Default)]
pub struct Drops(Arc<(AtomicUsize, AtomicUsize)>);

impl Drops {
    pub fn new() -> Self {
        Self::default()
    }

    /// A new tracked message carrying `id`.
    pub fn track(&self, id: u32) -> Tracked {
        self.0 .0.fetch_add(1, Ordering::SeqCst);
        Tracked {
            id,
            drops: self.clone(),
        }
    }

    pub fn created(&self) -> usize {
        self.0 .0.load(Ordering::SeqCst)
    }

    pub fn dropped(&self) -> usize {
        self.0 .1.load(Ordering::SeqCst)
    }

    /// Messages made and not yet dropped.
    pub fn alive(&self) -> usize {
        self.created() - self.dropped()
    }

    /// Panics unless every tracked message was dropped exactly once.
    pub fn assert_all_dropped(&self) {
        assert_eq!(
            self.created(),
            self.dropped(),
            "every message is dropped exactly once"
        );
    }
}

/// A message whose construction (also by `clone`) and drop are counted.
pub struct Tracked {
    pub id: u32,
    drops: Drops,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        self.drops.track(self.id)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.0 .1.fetch_add(1, Ordering::SeqCst);
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

/// A waker that only counts its wake-ups; for a poll whose future is then dropped or
/// finished elsewhere.
#[derive(Default)]
pub struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` once with a counting waker.
pub fn poll_once<F: Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    let waker = Waker::from(Arc::new(CountingWaker::default()));
    Pin::new(future).poll(&mut Context::from_waker(&waker))
}

/// A context whose waker only counts, for polling through the `Stream`/`Sink` traits.
pub fn counting_waker() -> Waker {
    Waker::from(Arc::new(CountingWaker::default()))
}

/// Wakes a loom thread by unparking it.
struct Unparker(loom::thread::Thread);

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to completion on the current loom thread, parking while it is pending.
///
/// Unlike `loom::future::block_on`, every poll gets the same `std` waker, whose clones
/// `Waker::will_wake` recognises: so a channel sees one task waiting again with the waker
/// it already holds, the path it takes without cloning or rewriting its registration.
pub fn block_on_one_waker<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unparker(loom::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        loom::thread::park();
    }
}
