//! A one-time signal: no data, fires when the sender sends or is dropped.
//!
//! [`channel`] makes a [`Sender`] (not cloneable) and a [`Receiver`] (cloneable; clones made
//! before or after firing see it fired). A receiver is a future resolving to `()` once the
//! barrier fired, and at once on every later call.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (shutdown, mut on_shutdown) = postage::barrier::channel();
//! let worker = std::thread::spawn({
//!     let mut on_shutdown = on_shutdown.clone();
//!     move || on_shutdown.blocking_recv()
//! });
//! shutdown.send();
//! on_shutdown.recv().await;
//! worker.join().unwrap();
//! # });
//! ```
//!
//! As a [`Stream`](crate::stream::Stream) a receiver yields `()` once, then ends.
//!
//! # Cancel safety
//!
//! [`Receiver::recv`] and [`Sender::closed`] are cancel safe.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use crate::core::closing::{ClosedFuture, Closing};
use crate::core::waiters::{WaitKey, WaiterList, WakeBatch};
use crate::error::SendError;
use crate::sink::PollSend;
use crate::stream::{PollRecv, TryRecvError};
use crate::sync::{Arc, AtomicUsize, Mutex, Ordering};

/// [`Inner::state`]: the barrier fired.
const FIRED: usize = 1;
/// [`Inner::state`]: some receiver is registered in `waiters`.
const WAITING: usize = 1 << 1;

/// A barrier's shared state.
///
/// Invariants:
/// - `state` holds `FIRED` (set once, never cleared) and `WAITING`, which equals
///   `!waiters.is_empty()` whenever `waiters` is unlocked (it changes only under that lock).
/// - Firing sets `FIRED` with one read-modify-write that also reads `WAITING`; a receiver
///   registers under the lock, then sets `WAITING` with one read-modify-write that also
///   reads `FIRED`. One of the two comes first on the same atomic: either the receiver sees
///   `FIRED`, or the sender sees `WAITING` and wakes every waiter under the lock. So no
///   wake-up is lost, and firing a barrier nobody waits on takes no lock.
/// - Once `FIRED` is set the waiter list is never needed again: a receiver that leaves
///   after it fired skips the lock, and whatever its node still holds is dropped with the
///   list.
/// - `receivers` counts the live receivers; the one that takes it to 0 closes `closing`.
///   It never grows from 0 (there is no `subscribe`), so it needs no lock.
struct Inner {
    state: AtomicUsize,
    receivers: AtomicUsize,
    waiters: Mutex<WaiterList>,
    closing: Closing,
}

impl Inner {
    fn fire(&self) {
        if self.state.fetch_or(FIRED, Ordering::AcqRel) & WAITING == 0 {
            return;
        }
        let mut batch = WakeBatch::new();
        {
            let mut waiters = self.waiters.lock();
            waiters.notify_all(&mut batch);
            self.state.fetch_and(!WAITING, Ordering::AcqRel);
        }
        batch.wake();
    }

    fn is_fired(&self) -> bool {
        self.state.load(Ordering::Acquire) & FIRED != 0
    }

    fn poll_fired(&self, key: &mut Option<WaitKey>, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_fired() {
            return Poll::Ready(());
        }
        // Wakers replaced or removed here are dropped after unlocking (a waker's drop is
        // user code).
        let (polled, replaced, removed) = {
            let mut waiters = self.waiters.lock();
            let replaced = waiters.register_returning(key, cx.waker());
            let state = if waiters.is_empty() {
                // A no-op waker registers nothing.
                self.state.load(Ordering::Acquire)
            } else {
                self.state.fetch_or(WAITING, Ordering::AcqRel)
            };
            if state & FIRED != 0 {
                (
                    Poll::Ready(()),
                    replaced,
                    self.forget_locked(&mut waiters, key),
                )
            } else {
                (Poll::Pending, replaced, None)
            }
        };
        drop((replaced, removed));
        polled
    }

    /// Drops the registration of a wait that was given up (or of a receiver that leaves);
    /// after firing there is nothing to drop.
    fn forget(&self, key: &mut Option<WaitKey>) {
        if key.is_some() && !self.is_fired() {
            let removed = {
                let mut waiters = self.waiters.lock();
                self.forget_locked(&mut waiters, key)
            };
            drop(removed);
        }
    }

    /// Removes the registration; returns its waker for the caller to drop after unlocking.
    #[must_use]
    fn forget_locked(&self, waiters: &mut WaiterList, key: &mut Option<WaitKey>) -> Option<Waker> {
        let (_, removed) = waiters.remove_returning(key);
        if waiters.is_empty() && self.state.load(Ordering::Acquire) & WAITING != 0 {
            self.state.fetch_and(!WAITING, Ordering::AcqRel);
        }
        removed
    }
}

/// Creates a barrier.
///
/// ```
/// let (tx, rx) = postage::barrier::channel();
/// assert!(!rx.is_fired());
/// drop(tx);
/// assert!(rx.is_fired());
/// ```
pub fn channel() -> (Sender, Receiver) {
    let inner = crate::sync::arc_with(|| Inner {
        state: AtomicUsize::new(0),
        receivers: AtomicUsize::new(1),
        waiters: Mutex::new(WaiterList::new()),
        closing: Closing::new(),
    });
    (
        Sender {
            inner: inner.clone(),
            fired: false,
        },
        Receiver {
            inner,
            key: None,
            resolved: false,
            yielded: false,
        },
    )
}

/// The sending half of a [`barrier`](self): fires it by [`send`](Sender::send) or by being
/// dropped.
///
/// ```
/// let (tx, rx) = postage::barrier::channel();
/// drop(tx);
/// assert!(rx.is_fired());
/// ```
pub struct Sender {
    inner: Arc<Inner>,
    fired: bool,
}

impl Sender {
    /// Fires the barrier, consuming the sender. Never waits.
    ///
    /// ```
    /// let (tx, mut rx) = postage::barrier::channel();
    /// tx.send();
    /// assert_eq!(rx.try_recv(), Ok(()));
    /// ```
    pub fn send(mut self) {
        self.fire();
    }

    /// Whether every receiver is gone.
    ///
    /// ```
    /// let (tx, rx) = postage::barrier::channel();
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.inner.closing.is_closed()
    }

    /// Resolves once every receiver is gone. Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, rx) = postage::barrier::channel();
    /// drop(rx);
    /// tx.closed().await;
    /// # });
    /// ```
    pub fn closed(&self) -> ClosedFuture<'_> {
        ClosedFuture::new(&self.inner.closing)
    }

    fn fire(&mut self) -> bool {
        if std::mem::replace(&mut self.fired, true) {
            return false;
        }
        self.inner.fire();
        true
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        // The last handle: no receiver is left to see the barrier fire.
        if crate::sync::only_handle(&mut self.inner).is_some() {
            return;
        }
        self.fire();
    }
}

impl fmt::Debug for Sender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("barrier::Sender")
            .field("fired", &self.inner.is_fired())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// Through the traits the first send fires the barrier; every later send is rejected.
impl crate::sink::Sink for Sender {
    type Item = ();

    fn poll_send(mut self: Pin<&mut Self>, _: &mut Context<'_>, value: ()) -> PollSend<()> {
        if self.fire() {
            PollSend::Ready
        } else {
            PollSend::Rejected(value)
        }
    }
}

impl futures_sink::Sink<()> for Sender {
    type Error = SendError<()>;

    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: ()) -> Result<(), Self::Error> {
        if self.fire() {
            Ok(())
        } else {
            Err(SendError(item))
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
}

/// The receiving half of a [`barrier`](self); also a future resolving once it fired.
///
/// It implements `FusedFuture`: terminated once it resolved as a future, so that in a
/// `futures::select!` loop its branch is taken once.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::barrier::channel();
/// let waiter = rx.clone();
/// tx.send();
/// waiter.await;
/// assert!(rx.is_fired());
/// # });
/// ```
pub struct Receiver {
    inner: Arc<Inner>,
    key: Option<WaitKey>,
    /// Whether the `Future` impl has resolved (for `FusedFuture`).
    resolved: bool,
    /// Whether the `Stream` impls have yielded their one `()`.
    yielded: bool,
}

impl Receiver {
    /// Waits until the barrier fired; at once on every call after that.
    ///
    /// Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::barrier::channel();
    /// drop(tx);
    /// rx.recv().await;
    /// rx.recv().await;
    /// # });
    /// ```
    pub fn recv(&mut self) -> &mut Self {
        self
    }

    /// `Ok(())` if the barrier fired, else `Err(TryRecvError::Empty)`. Registers no waker.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::barrier::channel();
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.send();
    /// assert_eq!(rx.try_recv(), Ok(()));
    /// ```
    pub fn try_recv(&mut self) -> Result<(), TryRecvError> {
        if self.is_fired() {
            Ok(())
        } else {
            Err(TryRecvError::Empty)
        }
    }

    /// Parks the current thread until the barrier fired.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::barrier::channel();
    /// std::thread::spawn(move || tx.send());
    /// rx.blocking_recv();
    /// assert!(rx.is_fired());
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv(&mut self) {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Parks the current thread until the barrier fired, for at most `timeout`.
    ///
    /// [`RecvTimeoutError::Timeout`](crate::stream::RecvTimeoutError::Timeout) when the
    /// time passed first (a zero timeout checks once). A barrier never reports closed: its
    /// sender fires it even when dropped.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::stream::RecvTimeoutError;
    ///
    /// let (tx, mut rx) = postage::barrier::channel();
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Timeout));
    /// drop(tx);
    /// assert_eq!(rx.blocking_recv_timeout(wait), Ok(()));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv_timeout(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<(), crate::stream::RecvTimeoutError> {
        match crate::blocking::block_on_timeout(self, timeout, crate::blocking::Call::RecvTimeout) {
            Some(()) => Ok(()),
            None => {
                self.inner.forget(&mut self.key);
                Err(crate::stream::RecvTimeoutError::Timeout)
            }
        }
    }

    /// Whether the barrier fired.
    ///
    /// ```
    /// let (tx, rx) = postage::barrier::channel();
    /// tx.send();
    /// assert!(rx.is_fired());
    /// ```
    pub fn is_fired(&self) -> bool {
        self.inner.is_fired()
    }
}

impl Clone for Receiver {
    fn clone(&self) -> Self {
        self.inner.receivers.fetch_add(1, Ordering::Relaxed);
        Receiver {
            inner: self.inner.clone(),
            key: None,
            resolved: false,
            yielded: false,
        }
    }
}

impl Future for Receiver {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let fired = this.inner.poll_fired(&mut this.key, cx);
        this.resolved |= fired.is_ready();
        fired
    }
}

/// Terminated once this receiver resolved as a future, so that `futures::select!` in a
/// loop takes the barrier's branch once. Polling it again still resolves at once.
impl futures_core::FusedFuture for Receiver {
    fn is_terminated(&self) -> bool {
        self.resolved
    }
}

impl crate::stream::Stream for Receiver {
    type Item = ();

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<()> {
        if self.yielded {
            return PollRecv::Closed;
        }
        let this = &mut *self;
        match this.inner.poll_fired(&mut this.key, cx) {
            Poll::Ready(()) => {
                this.yielded = true;
                PollRecv::Ready(())
            }
            Poll::Pending => PollRecv::Pending,
        }
    }
}

impl futures_core::Stream for Receiver {
    type Item = ();

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        match crate::stream::Stream::poll_recv(self, cx) {
            PollRecv::Ready(()) => Poll::Ready(Some(())),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        }
    }
}

impl futures_core::FusedStream for Receiver {
    fn is_terminated(&self) -> bool {
        self.yielded
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        // The last handle: no sender is left to be told that no receiver is; dropping
        // `inner` releases the registration's waker, outside any lock.
        if crate::sync::only_handle(&mut self.inner).is_some() {
            return;
        }
        self.inner.forget(&mut self.key);
        if self.inner.receivers.fetch_sub(1, Ordering::AcqRel) == 1 {
            let mut batch = WakeBatch::new();
            self.inner.closing.close(&mut batch);
            batch.wake();
        }
    }
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("barrier::Receiver")
            .field("fired", &self.is_fired())
            .finish()
    }
}

#[cfg(test)]
mod tests;
