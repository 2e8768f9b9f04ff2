//! The "no receiver is left" signal behind every sender's `is_closed` and `closed().await`.
//!
//! A channel core sets it (while holding its own lock, so the signal and the channel state
//! never disagree for long) when its last receiver goes or its receiver closes the channel;
//! `subscribe` on a multi-receiver channel may clear it again.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::sync::{AtomicBool, Mutex, Ordering};

#[derive(Debug)]
pub(crate) struct Closing {
    closed: AtomicBool,
    waiters: Mutex<WaiterList>,
}

/// A "no receiver is left" signal that a [`ClosedFuture`] waits on: [`Closing`] for the
/// channels with a waiter list, the oneshot's own state word for the oneshot.
pub(crate) trait CloseSignal: Sync {
    fn is_closed(&self) -> bool;

    /// Resolves once closed; otherwise registers `cx`'s waker under `key`.
    fn poll_closed(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> Poll<()>;

    /// Drops the registration of an abandoned `closed()` future.
    fn forget(&self, key: &mut Option<WaitKey>);
}

impl Closing {
    pub(crate) fn new() -> Self {
        Closing {
            closed: AtomicBool::new(false),
            waiters: Mutex::new(WaiterList::new()),
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Marks the channel closed and collects every `closed()` future's waker into `batch`,
    /// to be woken once the caller has released its own lock.
    pub(crate) fn close(&self, batch: &mut WakeBatch) {
        let mut waiters = self.waiters.lock();
        self.closed.store(true, Ordering::Release);
        waiters.notify_all(batch);
    }

    /// Marks the channel open again (a receiver subscribed after all had gone).
    pub(crate) fn reopen(&self) {
        let _waiters = self.waiters.lock();
        self.closed.store(false, Ordering::Release);
    }
}

impl CloseSignal for Closing {
    fn is_closed(&self) -> bool {
        Closing::is_closed(self)
    }

    fn poll_closed(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> Poll<()> {
        let mut waiters = self.waiters.lock();
        if self.closed.load(Ordering::Acquire) {
            waiters.remove(key);
            Poll::Ready(())
        } else {
            waiters.register(key, cx.waker());
            Poll::Pending
        }
    }

    fn forget(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            self.waiters.lock().remove(key);
        }
    }
}

/// The future of a sender's `closed()`: resolves once no receiver is left (or the receiver
/// closed the channel).
///
/// Cancel safe: dropping it consumes nothing.
///
/// # Examples
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel::<u8>(1);
/// drop(rx);
/// tx.closed().await;
/// assert!(tx.is_closed());
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct ClosedFuture<'a> {
    closing: &'a dyn CloseSignal,
    key: Option<WaitKey>,
    /// Whether it resolved (for `FusedFuture`).
    done: bool,
}

impl<'a> ClosedFuture<'a> {
    pub(crate) fn new(closing: &'a dyn CloseSignal) -> Self {
        ClosedFuture {
            closing,
            key: None,
            done: false,
        }
    }
}

impl Future for ClosedFuture<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let closed = this.closing.poll_closed(&mut this.key, cx);
        this.done = closed.is_ready();
        closed
    }
}

/// Terminated once it resolved.
impl futures_core::FusedFuture for ClosedFuture<'_> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl Drop for ClosedFuture<'_> {
    fn drop(&mut self) {
        self.closing.forget(&mut self.key);
    }
}

impl fmt::Debug for ClosedFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClosedFuture")
            .field("closed", &self.closing.is_closed())
            .finish()
    }
}
