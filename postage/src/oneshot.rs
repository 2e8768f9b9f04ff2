//! A channel for a single value.
//!
//! [`channel`] makes a [`Sender`] and a [`Receiver`]; neither is cloneable.
//! [`Sender::send`] consumes the sender and never waits. The receiver is itself a future
//! resolving to `Some(value)`, or `None` when the sender was dropped without sending.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, rx) = postage::oneshot::channel();
//! std::thread::spawn(move || tx.send(42).unwrap());
//! assert_eq!(rx.await, Some(42));
//! # });
//! ```
//!
//! # Closing
//!
//! After the value has been received the receiver reports closed. When the receiver is
//! gone, [`Sender::send`] fails and hands the value back; [`Sender::closed`] resolves.
//!
//! # Cancel safety
//!
//! [`Receiver::recv`] and [`Sender::closed`] are cancel safe: dropping the future consumes
//! nothing.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use crate::core::closing::ClosedFuture;
use crate::error::SendError;
use crate::sink::PollSend;
use crate::stream::{PollRecv, RecvFuture, Stream, TryRecvError};

use crate::core::oneshot_slot::{self as slot, RxSlot, TxSlot};

/// Creates a sender and a receiver for one value.
///
/// ```
/// let (tx, mut rx) = postage::oneshot::channel();
/// tx.send("done").unwrap();
/// assert_eq!(rx.try_recv(), Ok("done"));
/// ```
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = slot::slots();
    (
        Sender {
            slot: tx,
            done: false,
        },
        Receiver { slot: rx },
    )
}

/// The sending half of a [`oneshot`](self) channel.
///
/// ```
/// let (tx, rx) = postage::oneshot::channel();
/// assert!(!tx.is_closed());
/// tx.send(1).unwrap();
/// # drop(rx);
/// ```
pub struct Sender<T> {
    slot: TxSlot<T>,
    /// Set once a value was sent (through the `Sink` traits the sender outlives its send).
    done: bool,
}

impl<T> Sender<T> {
    /// Sends `value`, consuming the sender; never waits.
    ///
    /// Fails with the value when the receiver is gone.
    ///
    /// ```
    /// let (tx, rx) = postage::oneshot::channel();
    /// drop(rx);
    /// assert_eq!(tx.send(1), Err(1));
    /// ```
    pub fn send(self, value: T) -> Result<(), T> {
        if self.done {
            return Err(value);
        }
        // The sender is consumed: skip `Drop`, the slot releases itself.
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is the `ManuallyDrop` made just above and is never used or dropped
        // again, so the slot is moved out exactly once and never dropped in place.
        let slot = unsafe { std::ptr::read(&this.slot) };
        slot.send_and_release(value)
    }

    /// Whether the receiver is gone: sending now fails.
    ///
    /// ```
    /// let (tx, rx) = postage::oneshot::channel::<u8>();
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.slot.is_closed()
    }

    /// Resolves once the receiver is gone. Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, rx) = postage::oneshot::channel::<u8>();
    /// std::thread::spawn(move || drop(rx));
    /// tx.closed().await;
    /// # });
    /// ```
    pub fn closed(&self) -> ClosedFuture<'_> {
        ClosedFuture::new(self.slot.signals())
    }

    /// Stores `value` and wakes the receiver; the sender is spent afterwards.
    fn deliver(&mut self, value: T) -> Result<(), T> {
        if std::mem::replace(&mut self.done, true) {
            return Err(value);
        }
        self.slot.send(value)
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if !self.done {
            self.slot.close();
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("oneshot::Sender")
            .field("sent", &self.done)
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// Through the traits a oneshot sender accepts one value; every later send is rejected.
impl<T> crate::sink::Sink for Sender<T> {
    type Item = T;

    fn poll_send(mut self: Pin<&mut Self>, _: &mut Context<'_>, value: T) -> PollSend<T> {
        match self.deliver(value) {
            Ok(()) => PollSend::Ready,
            Err(value) => PollSend::Rejected(value),
        }
    }
}

impl<T> futures_sink::Sink<T> for Sender<T> {
    type Error = SendError<T>;

    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        self.deliver(item).map_err(SendError)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
}

/// The receiving half of a [`oneshot`](self) channel; also a future of the value.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::oneshot::channel();
/// tx.send("reply").unwrap();
/// assert_eq!(rx.await, Some("reply"));
/// # });
/// ```
pub struct Receiver<T> {
    slot: RxSlot<T>,
}

impl<T> Receiver<T> {
    /// Receives the value; `None` when the sender was dropped without sending or the value
    /// was already received.
    ///
    /// Cancel safe: dropping the future consumes nothing.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::oneshot::channel::<u8>();
    /// drop(tx);
    /// assert_eq!(rx.recv().await, None);
    /// # });
    /// ```
    pub fn recv(&mut self) -> RecvFuture<'_, Self> {
        Stream::recv(self)
    }

    /// Receives the value if it has been sent; never waits and registers no waker.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::oneshot::channel();
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.send(3).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(3));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        match self.slot.poll_recv(&Context::from_waker(Waker::noop())) {
            PollRecv::Ready(value) => Ok(value),
            PollRecv::Pending => Err(TryRecvError::Empty),
            PollRecv::Closed => Err(TryRecvError::Closed),
        }
    }

    /// Receives the value, parking the current thread until it is sent or the sender is gone.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::oneshot::channel();
    /// std::thread::spawn(move || tx.send('k').unwrap());
    /// assert_eq!(rx.blocking_recv(), Some('k'));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv(&mut self) -> Option<T> {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Receives the value, parking the current thread until it is sent or the sender is
    /// gone, for at most `timeout`.
    ///
    /// [`RecvTimeoutError::Timeout`](crate::stream::RecvTimeoutError::Timeout) when the
    /// time passed first (a zero timeout checks once); [`Closed`](crate::stream::RecvTimeoutError::Closed)
    /// when the sender was dropped without sending or the value was already received.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::stream::RecvTimeoutError;
    ///
    /// let (tx, mut rx) = postage::oneshot::channel();
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Timeout));
    /// tx.send('k').unwrap();
    /// assert_eq!(rx.blocking_recv_timeout(wait), Ok('k'));
    /// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Closed));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv_timeout(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<T, crate::stream::RecvTimeoutError> {
        crate::blocking::recv_timeout(self.recv(), timeout)
    }

    /// Whether no value can arrive any more: it was received, or the sender is gone without
    /// sending.
    ///
    /// ```
    /// let (tx, mut rx) = postage::oneshot::channel();
    /// tx.send(1).unwrap();
    /// assert!(!rx.is_closed());
    /// rx.try_recv().unwrap();
    /// assert!(rx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.slot.is_closed()
    }
}

impl<T> Stream for Receiver<T> {
    type Item = T;

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<T> {
        self.slot.poll_recv(cx)
    }
}

impl<T> Future for Receiver<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.poll_recv(cx) {
            PollRecv::Ready(value) => Poll::Ready(Some(value)),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        }
    }
}

impl<T> futures_core::Stream for Receiver<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        Future::poll(self, cx)
    }
}

impl<T> futures_core::FusedStream for Receiver<T> {
    fn is_terminated(&self) -> bool {
        self.is_closed()
    }
}

impl<T> futures_core::FusedFuture for Receiver<T> {
    fn is_terminated(&self) -> bool {
        self.is_closed()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("oneshot::Receiver")
            .field("ready", &self.slot.is_ready())
            .field("closed", &self.is_closed())
            .finish()
    }
}

#[cfg(test)]
mod tests;
