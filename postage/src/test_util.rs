//! Helpers for the unit tests: a waker that counts its wake-ups, and manual polling.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A waker that counts how often it was woken.
#[derive(Clone, Default)]
pub(crate) struct CountingWaker(Arc<Counter>);

#[derive(Default)]
pub(crate) struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl CountingWaker {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn waker(&self) -> Waker {
        Waker::from(self.0.clone())
    }

    pub(crate) fn count(&self) -> usize {
        self.0 .0.load(Ordering::SeqCst)
    }

    /// How many clones of this waker are alive outside this counter.
    pub(crate) fn clones(&self) -> usize {
        Arc::strong_count(&self.0) - 1
    }

    /// Polls `future` once with this waker.
    pub(crate) fn poll<F: Future + Unpin>(&self, future: &mut F) -> Poll<F::Output> {
        let waker = self.waker();
        Pin::new(future).poll(&mut Context::from_waker(&waker))
    }
}

/// Counts how many [`Tracked`] values made from it are alive and how many were dropped.
#[derive(Clone, Default)]
pub(crate) struct DropCounter(Arc<(AtomicUsize, AtomicUsize)>);

impl DropCounter {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A new tracked value carrying `id`.
    pub(crate) fn track(&self, id: usize) -> Tracked {
        self.0 .0.fetch_add(1, Ordering::SeqCst);
        Tracked {
            id,
            counter: self.clone(),
        }
    }

    pub(crate) fn created(&self) -> usize {
        self.0 .0.load(Ordering::SeqCst)
    }

    pub(crate) fn dropped(&self) -> usize {
        self.0 .1.load(Ordering::SeqCst)
    }

    pub(crate) fn alive(&self) -> usize {
        self.created() - self.dropped()
    }
}

/// A payload whose drop is counted by its [`DropCounter`].
pub(crate) struct Tracked {
    pub(crate) id: usize,
    counter: DropCounter,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        self.counter.track(self.id)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.counter.0 .1.fetch_add(1, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for Tracked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tracked({})", self.id)
    }
}
