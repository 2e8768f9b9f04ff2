//! The "no receiver is left" signal behind every sender's `is_closed` and `closed().await`.
//!
//! A channel core sets it (while holding its own lock, so the signal and the channel state
//! never disagree for long) when its last receiver goes or its receiver closes the channel;
//! `subscribe` on a multi-receiver channel may clear it again.
//!
//! Invariants:
//! - `state` holds `CLOSED` and `WAITING`. `WAITING` equals `!waiters.is_empty()` whenever
//!   `waiters` is unlocked: it is changed only under that lock.
//! - Closing sets `CLOSED` with one read-modify-write that also reads `WAITING`; a
//!   `closed()` future registers under the lock, then sets `WAITING` with one
//!   read-modify-write that also reads `CLOSED`. Both touch the same atomic, so one of them
//!   comes first: either the future sees `CLOSED` and resolves, or closing sees `WAITING`
//!   and wakes it under the lock. No wake-up is lost, and closing a channel whose sender
//!   never awaited `closed()` takes no lock.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::sync::{AtomicUsize, Mutex, Ordering};

/// [`Closing::state`]: no receiver is left.
const CLOSED: usize = 1;
/// [`Closing::state`]: some `closed()` future is registered in `waiters`.
const WAITING: usize = 1 << 1;

#[derive(Debug)]
pub(crate) struct Closing {
    state: AtomicUsize,
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
            state: AtomicUsize::new(0),
            waiters: Mutex::new(WaiterList::new()),
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.state.load(Ordering::Acquire) & CLOSED != 0
    }

    /// Marks the channel closed and collects every `closed()` future's waker into `batch`,
    /// to be woken once the caller has released its own lock.
    pub(crate) fn close(&self, batch: &mut WakeBatch) {
        if self.state.fetch_or(CLOSED, Ordering::AcqRel) & WAITING != 0 {
            let mut waiters = self.waiters.lock();
            waiters.notify_all(batch);
            self.sync_waiting_bit(&waiters);
        }
    }

    /// Marks the channel open again (a receiver subscribed after all had gone).
    pub(crate) fn reopen(&self) {
        self.state.fetch_and(!CLOSED, Ordering::AcqRel);
    }

    /// Keeps `WAITING` equal to `!waiters.is_empty()`; call with the lock held.
    fn sync_waiting_bit(&self, waiters: &WaiterList) {
        let waiting = self.state.load(Ordering::Acquire) & WAITING != 0;
        if waiting && waiters.is_empty() {
            self.state.fetch_and(!WAITING, Ordering::AcqRel);
        }
    }
}

impl CloseSignal for Closing {
    fn is_closed(&self) -> bool {
        Closing::is_closed(self)
    }

    fn poll_closed(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_closed() {
            self.forget(key);
            return Poll::Ready(());
        }
        // Wakers replaced or removed here are dropped after unlocking (a waker's drop is
        // user code and may use this channel).
        let (polled, replaced, removed) = {
            let mut waiters = self.waiters.lock();
            let replaced = waiters.register_returning(key, cx.waker());
            if waiters.is_empty() {
                // A no-op waker registers nothing.
                let polled = if self.is_closed() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                };
                (polled, replaced, None)
            } else if self.state.fetch_or(WAITING, Ordering::AcqRel) & CLOSED != 0 {
                let (_, removed) = waiters.remove_returning(key);
                self.sync_waiting_bit(&waiters);
                (Poll::Ready(()), replaced, removed)
            } else {
                (Poll::Pending, replaced, None)
            }
        };
        drop((replaced, removed));
        polled
    }

    fn forget(&self, key: &mut Option<WaitKey>) {
        if key.is_some() {
            let removed = {
                let mut waiters = self.waiters.lock();
                let (_, removed) = waiters.remove_returning(key);
                self.sync_waiting_bit(&waiters);
                removed
            };
            drop(removed);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;

    fn waiting_bit(closing: &Closing) -> bool {
        closing.state.load(Ordering::SeqCst) & WAITING != 0
    }

    #[test]
    fn closing_with_nobody_waiting_leaves_the_waiting_bit_clear() {
        let closing = Closing::new();
        let mut batch = WakeBatch::new();
        closing.close(&mut batch);
        assert!(closing.is_closed());
        assert!(!waiting_bit(&closing));
        closing.reopen();
        assert!(!closing.is_closed());
    }

    #[test]
    fn a_registered_future_sets_the_waiting_bit_and_is_woken_by_close() {
        let closing = Closing::new();
        let waker = CountingWaker::new();
        let task_waker = waker.waker();
        let mut cx = Context::from_waker(&task_waker);
        let mut key = None;
        assert!(closing.poll_closed(&mut key, &mut cx).is_pending());
        assert!(waiting_bit(&closing));
        let mut batch = WakeBatch::new();
        closing.close(&mut batch);
        batch.wake();
        assert_eq!(waker.count(), 1);
        assert!(!waiting_bit(&closing));
        assert!(closing.poll_closed(&mut key, &mut cx).is_ready());
        assert!(key.is_none());
    }

    #[test]
    fn forgetting_the_last_registration_clears_the_waiting_bit() {
        let closing = Closing::new();
        let waker = CountingWaker::new();
        let task_waker = waker.waker();
        let mut cx = Context::from_waker(&task_waker);
        let (mut first, mut second) = (None, None);
        assert!(closing.poll_closed(&mut first, &mut cx).is_pending());
        assert!(closing.poll_closed(&mut second, &mut cx).is_pending());
        closing.forget(&mut first);
        assert!(waiting_bit(&closing));
        closing.forget(&mut second);
        assert!(!waiting_bit(&closing));
    }

    #[test]
    fn a_noop_waker_registers_nothing() {
        let closing = Closing::new();
        let mut key = None;
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert!(closing.poll_closed(&mut key, &mut cx).is_pending());
        assert!(key.is_none());
        assert!(!waiting_bit(&closing));
    }
}
