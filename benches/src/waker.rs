//! A real (not no-op) waker for polling futures by hand.
//!
//! postage treats `Waker::noop()` as "register nothing" (that is how `try_*` work), so a
//! benchmark that wants the registration path must poll with a waker of its own. This one
//! counts its wake-ups, which lets a benchmark check that a wake really happened.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A waker that counts how often it was woken. Cloning it allocates nothing.
#[derive(Debug, Clone)]
pub struct CountingWaker {
    count: Arc<Counter>,
    waker: Waker,
}

#[derive(Debug, Default)]
struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Default for CountingWaker {
    fn default() -> Self {
        Self::new()
    }
}

impl CountingWaker {
    /// A fresh waker, woken zero times.
    pub fn new() -> Self {
        let count = Arc::new(Counter::default());
        let waker = Waker::from(count.clone());
        CountingWaker { count, waker }
    }

    /// The waker to poll with.
    pub fn waker(&self) -> &Waker {
        &self.waker
    }

    /// How many times it was woken.
    pub fn count(&self) -> usize {
        self.count.0.load(Ordering::Relaxed)
    }

    /// Polls `future` once with this waker.
    pub fn poll<F: Future + ?Sized>(&self, future: Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(&self.waker))
    }
}
