//! A multi-producer, single-consumer queue, bounded or [unbounded](#unbounded).
//!
//! [`channel`] makes a [`Sender`] (cloneable) and a [`Receiver`] (not cloneable) around a
//! buffer of exactly `capacity` messages. A full buffer suspends `send` until the receiver
//! takes a message; messages from one sender arrive in the order they were sent.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(16);
//! for id in 0..3 {
//!     let tx = tx.clone();
//!     std::thread::spawn(move || tx.blocking_send(id).unwrap());
//! }
//! drop(tx);
//! let mut seen = Vec::new();
//! while let Some(id) = rx.recv().await {
//!     seen.push(id);
//! }
//! seen.sort();
//! assert_eq!(seen, [0, 1, 2]);
//! # });
//! ```
//!
//! # Closing
//!
//! When every sender is gone the receiver gets each buffered message, then `None` for good.
//! When the receiver is gone (or calls [`Receiver::close`]) every send fails at once, handing
//! the value back; dropping the receiver drops the buffered messages right away.
//!
//! # Permits
//!
//! [`Sender::reserve`] (and [`try_reserve`](Sender::try_reserve),
//! [`reserve_owned`](Sender::reserve_owned)) reserves a slot before the message is ready;
//! [`Sender::reserve_many`] reserves several at once. A permit holds capacity, not a
//! position: messages arrive in the order their permits' `send` runs, and a permit dropped
//! unused frees its slot. Senders and reservations that wait are served in arrival order.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(2);
//! let mut permits = tx.reserve_many(2).await.unwrap();
//! let (first, second) = (permits.next().unwrap(), permits.next().unwrap());
//! second.send("b");
//! first.send("a");
//! assert_eq!((rx.recv().await, rx.recv().await), (Some("b"), Some("a")));
//! # });
//! ```
//!
//! # Unbounded
//!
//! [`unbounded`] makes the same handles over a buffer with no capacity limit: a send never
//! waits and never fails with `Full`. Use it when senders must never be held up (a
//! synchronous callback, an event source that cannot wait, a cycle of tasks sending to one
//! another that a full bounded channel could deadlock) and the receiving side is known to
//! keep up on average; otherwise prefer [`channel`], whose capacity makes a slow receiver
//! slow the senders down instead of letting memory grow without limit.
//!
//! The buffer is a list of segments of 32 messages each, pushed and popped without a lock.
//! Its memory follows the backlog: a segment is recycled once its messages were received,
//! one is kept for reuse (so a steady stream allocates nothing), and after a burst has been
//! received at most one segment beyond the one in use is retained.
//!
//! ```
//! let (tx, mut rx) = postage::mpsc::unbounded();
//! for i in 0..100 {
//!     tx.try_send(i).unwrap();
//! }
//! assert_eq!(rx.len(), 100);
//! assert_eq!(rx.try_iter().count(), 100);
//! ```
//!
//! # Cancel safety
//!
//! [`Receiver::recv`], [`Sender::closed`] and the `reserve*` futures are cancel safe:
//! dropping the future consumes nothing (a reservation's set-aside room goes to the next in
//! line). Dropping a pending [`Sender::send`] future drops its value, which was not and
//! will not be delivered, and hands any wake-up it received to the next waiting sender.
//!
//! A pending `recv` that is dropped unregisters the receiver: a message sent afterwards
//! wakes nobody (tokio's receiver instead stays registered and wakes the task once for
//! nothing). The task's waker stays with the receiver, so that the next wait of the same
//! task (the usual `select!` loop) clones no waker.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::closing::ClosedFuture;
use crate::core::permit::impl_permits;
use crate::core::queue::{impl_queue_handles, Queue};
use crate::core::waiters::WaitKey;
use crate::error::TrySendError;
use crate::stream::{RecvFuture, Stream, TryRecvError};
use crate::sync::Arc;

pub use crate::core::queue::SendFuture;

/// Creates a channel holding up to `capacity` messages.
///
/// # Panics
///
/// Panics with "capacity must be at least 1" when `capacity` is 0.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = postage::mpsc::channel(2);
/// tx.try_send("a").unwrap();
/// tx.try_send("b").unwrap();
/// assert!(tx.try_send("c").is_err());
/// assert_eq!(rx.try_recv(), Ok("a"));
/// ```
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    handles(|| Queue::new(capacity, true))
}

/// Creates a channel without a capacity limit: the same [`Sender`] and [`Receiver`] as
/// [`channel`], but a send never waits.
///
/// [`Sender::try_send`] never fails with `Full`, [`Sender::send`] completes on its first
/// poll, [`Sender::capacity`] is `usize::MAX`, and a `futures_sink::Sink::poll_ready`
/// reservation is granted at once and holds nothing. The buffer grows by segments of
/// 32 messages and shrinks as they are received (see the [module docs](self#unbounded)).
/// Closing is the same as on a bounded channel.
///
/// # Examples
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::mpsc::unbounded();
/// for i in 0..1000 {
///     tx.try_send(i).unwrap(); // never `Full`
/// }
/// tx.send(1000).await.unwrap(); // ready on its first poll
/// assert_eq!(rx.len(), 1001);
/// assert_eq!(rx.capacity(), usize::MAX);
/// drop(tx);
/// let mut expected = 0;
/// while let Some(i) = rx.recv().await {
///     assert_eq!(i, expected);
///     expected += 1;
/// }
/// assert_eq!(expected, 1001);
/// # });
/// ```
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    handles(|| Queue::unbounded(true))
}

/// The sending half of an [`mpsc`](self) channel. Cheap to clone.
pub struct Sender<T> {
    queue: Arc<Queue<T>>,
    key: Option<WaitKey>,
    permit: bool,
    /// Set by `futures_sink::Sink::poll_close`: the handle no longer counts as a sender
    /// and refuses every send.
    released: bool,
}

impl<T> Sender<T> {
    /// Sends `value`, waiting while the channel is full.
    ///
    /// Fails with the value when the receiver is gone or closed the channel. Cancel safety:
    /// dropping the future before it completes drops the value undelivered.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// tx.send(1).await.unwrap();
    /// assert_eq!(rx.recv().await, Some(1));
    /// # });
    /// ```
    pub fn send(&self, value: T) -> SendFuture<'_, T> {
        SendFuture::new(&self.queue, value, self.released)
    }

    /// Sends `value` if there is room now; never waits and registers no waker.
    ///
    /// ```
    /// use postage::sink::TrySendError;
    ///
    /// let (tx, rx) = postage::mpsc::channel(1);
    /// assert_eq!(tx.try_send(1), Ok(()));
    /// assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    /// drop(rx);
    /// assert_eq!(tx.try_send(3), Err(TrySendError::Closed(3)));
    /// ```
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        if self.released {
            return Err(TrySendError::Closed(value));
        }
        self.queue.try_send(value)
    }

    /// Sends `value`, parking the current thread while the channel is full.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`send`](Self::send) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(5).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(5));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_send(&self, value: T) -> Result<(), crate::error::SendError<T>> {
        crate::blocking::block_on(self.send(value), crate::blocking::Call::Send)
    }

    /// Sends `value`, parking the current thread while the channel is full, for at most
    /// `timeout`.
    ///
    /// On [`SendTimeoutError::Timeout`](crate::sink::SendTimeoutError::Timeout) (a zero
    /// timeout tries once) or [`Closed`](crate::sink::SendTimeoutError::Closed) the value is
    /// handed back: it was not and will not be delivered, and the waiting place is released.
    /// Needs no executor and no timer thread.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`send`](Self::send) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::sink::SendTimeoutError;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(tx.blocking_send_timeout(1, wait), Ok(()));
    /// assert_eq!(tx.blocking_send_timeout(2, wait), Err(SendTimeoutError::Timeout(2)));
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_send_timeout(
        &self,
        value: T,
        timeout: std::time::Duration,
    ) -> Result<(), crate::error::SendTimeoutError<T>> {
        crate::blocking::send_timeout(self.send(value), timeout)
    }

    /// Whether the receiver is gone or closed the channel: every send now fails.
    ///
    /// ```
    /// let (tx, rx) = postage::mpsc::channel::<u8>(1);
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.queue.is_closed()
    }

    /// Resolves once the receiver is gone or closed the channel. Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::mpsc::channel::<u8>(1);
    /// rx.close();
    /// tx.closed().await;
    /// # });
    /// ```
    pub fn closed(&self) -> ClosedFuture<'_> {
        ClosedFuture::new(&self.queue.closing)
    }

    /// The number of buffered messages.
    ///
    /// ```
    /// let (tx, _rx) = postage::mpsc::channel(4);
    /// tx.try_send(()).unwrap();
    /// assert_eq!(tx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no message is buffered.
    ///
    /// ```
    /// let (tx, _rx) = postage::mpsc::channel::<u8>(4);
    /// assert!(tx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most messages the channel buffers; `usize::MAX` for an [`unbounded`] channel.
    ///
    /// ```
    /// let (tx, _rx) = postage::mpsc::channel::<u8>(4);
    /// assert_eq!(tx.capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.queue.capacity()
    }
}

impl<T> Clone for Sender<T> {
    /// A clone of a handle released by `futures_sink::Sink::poll_close` is released too.
    fn clone(&self) -> Self {
        if !self.released {
            self.queue.add_sender();
        }
        Sender {
            queue: self.queue.clone(),
            key: None,
            permit: false,
            released: self.released,
        }
    }
}

/// The receiving half of an [`mpsc`](self) channel.
pub struct Receiver<T> {
    queue: Arc<Queue<T>>,
    key: Option<WaitKey>,
}

impl<T> Receiver<T> {
    /// Receives the next message; `None` once every sender is gone and the buffer is drained.
    ///
    /// Cancel safe: dropping the future consumes nothing (its task stays registered until
    /// the next message: see [Cancel safety](self#cancel-safety)).
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::mpsc::channel(2);
    /// tx.send('x').await.unwrap();
    /// drop(tx);
    /// assert_eq!(rx.recv().await, Some('x'));
    /// assert_eq!(rx.recv().await, None);
    /// # });
    /// ```
    pub fn recv(&mut self) -> RecvFuture<'_, Self> {
        Stream::recv(self)
    }

    /// Receives a message if one is buffered; never waits and registers no waker.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.try_send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.queue.try_recv()
    }

    /// Receives the next message, parking the current thread while none is buffered.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(8).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(8));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv(&mut self) -> Option<T> {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Receives the next message, parking the current thread while none is buffered, for at most
    /// `timeout`.
    ///
    /// [`RecvTimeoutError::Timeout`](crate::stream::RecvTimeoutError::Timeout) when the
    /// time passed first (a zero timeout checks once), [`Closed`](crate::stream::RecvTimeoutError::Closed)
    /// once the channel is closed and drained. A timed-out receive consumes nothing. Needs
    /// no executor and no timer thread.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::stream::RecvTimeoutError;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Timeout));
    /// tx.try_send(4).unwrap();
    /// assert_eq!(rx.blocking_recv_timeout(wait), Ok(4));
    /// drop(tx);
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

    /// Closes the channel: every later send fails, the buffered messages can still be
    /// received, then `recv` returns `None`.
    ///
    /// ```
    /// let (tx, mut rx) = postage::mpsc::channel(2);
    /// tx.try_send(1).unwrap();
    /// rx.close();
    /// assert!(tx.try_send(2).is_err());
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert!(rx.try_recv().is_err());
    /// ```
    pub fn close(&mut self) {
        self.queue.close();
    }

    /// The number of buffered messages.
    ///
    /// ```
    /// let (tx, rx) = postage::mpsc::channel(4);
    /// tx.try_send(()).unwrap();
    /// assert_eq!(rx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no message is buffered.
    ///
    /// ```
    /// let (_tx, rx) = postage::mpsc::channel::<u8>(4);
    /// assert!(rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most messages the channel buffers; `usize::MAX` for an [`unbounded`] channel.
    ///
    /// ```
    /// let (_tx, rx) = postage::mpsc::channel::<u8>(4);
    /// assert_eq!(rx.capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.queue.capacity()
    }
}

impl_queue_handles!("mpsc");
impl_permits!("mpsc", queue);

#[cfg(test)]
mod tests;
