//! A multi-producer, multi-consumer broadcast channel: lossless by default, lagging as an
//! option.
//!
//! [`channel`] makes a [`Sender`] and a [`Receiver`], both cloneable, around a buffer of
//! exactly `capacity` messages. Every receiver gets every message sent after it came to
//! exist, in send order. Nothing is ever dropped for a slow receiver: a sender waits while
//! any live receiver is `capacity` messages behind, and goes on as soon as the slowest one
//! reads (or is dropped). [`lagging`] makes the same handles around a buffer that
//! overwrites its oldest message instead (see [below](#lossless-or-lagging)).
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, rx) = postage::broadcast::channel(16);
//! let listeners: Vec<_> = (0..3)
//!     .map(|_| {
//!         let mut rx = rx.clone();
//!         std::thread::spawn(move || std::iter::from_fn(|| rx.blocking_recv()).sum::<u32>())
//!     })
//!     .collect();
//! drop(rx);
//! for n in 1..=100 {
//!     tx.send(n).await.unwrap();
//! }
//! drop(tx);
//! for listener in listeners {
//!     assert_eq!(listener.join().unwrap(), 5050);
//! }
//! # });
//! ```
//!
//! # Receivers
//!
//! [`Receiver::clone`] makes a receiver at the same read position: it sees the messages the
//! original has not read yet, and everything after. [`Sender::subscribe`] makes a receiver
//! that sees only messages sent after the call. Both cost O(1), whatever the capacity.
//!
//! Each message is cloned at most once for each receiver that reads it, and the last
//! receiver to read the oldest buffered message takes it without cloning. For a `T` without
//! drop glue (`u64`, any `Copy` type), whose clone costs what a move would, two receivers
//! reading one message at the same moment may both clone it: the channel spends no
//! synchronisation on saving that copy. A panic in `T::clone` affects only the receiver
//! whose `recv` panicked: the message stays unread for it and the channel goes on.
//!
//! Receivers read messages that other receivers read too, so the handles are `Send` and
//! `Sync` only when `T` is `Send + Sync`.
//!
//! # An idle receiver holds back every sender
//!
//! Lossless has a price: a receiver that nobody reads keeps every message for itself, and
//! once it is `capacity` messages behind, every send waits for it — silently. The tokio
//! habit of keeping the first receiver only to hold the channel open,
//! `let (tx, _rx) = channel(16);` and then `tx.subscribe()` for the real listeners, hangs
//! on the 17th send here. Keep a channel open without reading it through an
//! [`InactiveReceiver`] ([`Receiver::deactivate`]): it holds no message and never makes a
//! sender wait, and [`InactiveReceiver::activate`] makes a reading receiver from it when one
//! is needed. [`Sender::new`] makes a channel with no receiver at all.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, rx) = postage::broadcast::channel(2);
//! let keep_open = rx.deactivate();
//! let mut listener = tx.subscribe();
//! for n in 0..2 {
//!     tx.send(n).await.unwrap();
//! }
//! assert_eq!(listener.recv().await, Some(0));
//! tx.send(2).await.unwrap(); // `keep_open` holds nothing back
//! drop(listener);
//! tx.send(3).await.unwrap(); // still open: the message goes to no one
//! let mut late = keep_open.activate();
//! tx.send(4).await.unwrap();
//! assert_eq!(late.recv().await, Some(4));
//! # });
//! ```
//!
//! # Lossless or lagging
//!
//! Choose the lossless [`channel`] when every receiver must see every message (events that
//! change state, commands, a log): its price is that the slowest receiver sets the pace of
//! every sender. Choose [`lagging`] when only recent messages matter and senders must never
//! wait (prices, telemetry, progress, UI updates): a full buffer overwrites its oldest
//! message, and a receiver that fell more than `capacity` messages behind skips what was
//! overwritten and learns how many from [`Receiver::lagged`]. This is the behaviour of
//! tokio's `broadcast`, except that a skip is not an error: `recv` goes straight on with
//! the oldest message still buffered.
//!
//! On a lagging channel `try_send` never fails with `Full`, `send` completes on its first
//! poll, and permits are granted at once and hold no capacity. Everything else is the same
//! on both: subscribing, cloning and deactivating receivers, weak senders, the counts,
//! closing, `recv_many` and `try_iter`. A lagging receiver never holds a sender back, so
//! the idle-receiver pitfall below does not arise there.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut slow) = postage::broadcast::lagging(4);
//! let mut fast = tx.subscribe();
//! for tick in 0..10 {
//!     tx.send(tick).await.unwrap(); // never waits
//!     assert_eq!(fast.recv().await, Some(tick));
//! }
//! assert_eq!(slow.recv().await, Some(6), "0 to 5 were overwritten");
//! assert_eq!(slow.lagged(), 6);
//! # });
//! ```
//!
//! # Closing
//!
//! When every sender is gone each receiver gets the messages it has not read, then `None`
//! for good. When every receiver is gone every send fails at once, handing the value back,
//! and the buffered messages are dropped right away; [`Sender::subscribe`] opens the channel
//! again. Dropping a receiver releases the messages only it still had to read, which may let
//! waiting senders go on. Closing a sender as a sink (`futures::SinkExt::close`) releases
//! that handle: it no longer counts as a sender and every later send through it fails.
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
//! let (tx, mut rx) = postage::broadcast::channel(2);
//! let mut permits = tx.reserve_many(2).await.unwrap();
//! let (first, second) = (permits.next().unwrap(), permits.next().unwrap());
//! second.send("b");
//! first.send("a");
//! assert_eq!((rx.recv().await, rx.recv().await), (Some("b"), Some("a")));
//! # });
//! ```
//!
//! # Cancel safety
//!
//! [`Receiver::recv`], [`Sender::closed`] and the `reserve*` futures are cancel safe:
//! dropping the future consumes nothing (a reservation's set-aside room goes to the next in
//! line). Dropping a pending [`Sender::send`] future drops its value, which was not and
//! will not be delivered, and hands any wake-up it received to the next waiting sender.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::closing::ClosedFuture;
use crate::core::permit::impl_permits;
use crate::core::waiters::WaitKey;
use crate::error::{SendError, TrySendError};
use crate::sink::{PollSend, Sink};
use crate::stream::{PollRecv, RecvFuture, Stream, TryRecvError};
use crate::sync::Arc;

use buffer::Buffer;

/// Makes a handle `Send`/`Sync` only when `T: Send + Sync` (as `Arc<T>` is): several
/// receivers, possibly on several threads, read each message. A sender counts too, since it
/// can subscribe new receivers.
type SharedRead<T> = PhantomData<Arc<T>>;

/// Creates a channel buffering up to `capacity` messages for its slowest receiver.
///
/// # Panics
///
/// Panics with "capacity must be at least 1" when `capacity` is 0.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = postage::broadcast::channel(2);
/// let mut rx2 = rx.clone();
/// tx.try_send("a").unwrap();
/// tx.try_send("b").unwrap();
/// assert!(tx.try_send("c").is_err());
/// assert_eq!(rx.try_recv(), Ok("a"));
/// assert_eq!(rx2.try_recv(), Ok("a"));
/// tx.try_send("c").unwrap();
/// ```
pub fn channel<T: Clone>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let ring = crate::sync::arc_with(|| Buffer::lossless(capacity, 1));
    let sender = Sender::from_ring(ring.clone());
    let receiver = Receiver::at(ring, 0);
    (sender, receiver)
}

/// Creates a lagging channel: it keeps the last `capacity` messages, and a full buffer
/// overwrites its oldest message instead of making senders wait.
///
/// The handles are the same as [`channel`]'s. [`Sender::try_send`] never fails with
/// [`Full`](TrySendError::Full) and [`Sender::send`] completes on its first poll; permits
/// ([`Sender::reserve`], [`Sender::try_reserve`], [`Sender::reserve_owned`]) are granted at
/// once and hold no capacity. Sends still fail, handing the value back, while no receiver
/// exists. A receiver that fell more than `capacity` messages behind skips what was
/// overwritten and goes on from the oldest message still buffered; [`Receiver::lagged`]
/// tells it how many it skipped. See [choosing lossless or
/// lagging](self#lossless-or-lagging).
///
/// # Panics
///
/// Panics with "capacity must be at least 1" when `capacity` is 0.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = postage::broadcast::lagging(2);
/// for n in 1..=5 {
///     tx.try_send(n).unwrap(); // never full
/// }
/// assert_eq!(rx.try_recv(), Ok(4)); // 1, 2 and 3 were overwritten
/// assert_eq!(rx.lagged(), 3);
/// assert_eq!(rx.try_recv(), Ok(5));
/// assert_eq!(rx.lagged(), 0);
/// ```
pub fn lagging<T: Clone>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let ring = crate::sync::arc_with(|| Buffer::lagging(capacity, 1));
    let sender = Sender::from_ring(ring.clone());
    let receiver = Receiver::at(ring, 0);
    (sender, receiver)
}

/// The sending half of a [`broadcast`](self) channel. Cheap to clone.
///
/// ```
/// let (tx, mut rx) = postage::broadcast::channel(4);
/// let tx2 = tx.clone();
/// tx.try_send(1).unwrap();
/// tx2.try_send(2).unwrap();
/// assert_eq!((rx.try_recv(), rx.try_recv()), (Ok(1), Ok(2)));
/// ```
pub struct Sender<T> {
    ring: Arc<Buffer<T>>,
    key: Option<WaitKey>,
    permit: bool,
    /// Closed as a sink (`futures_sink::Sink::poll_close`): no longer counted as a sender,
    /// every send through it fails.
    released: bool,
    _shared: SharedRead<T>,
}

impl<T: Clone> Sender<T> {
    /// Creates a channel with no receiver, buffering up to `capacity` messages for its
    /// slowest receiver once there are some. Until [`subscribe`](Self::subscribe) (or an
    /// [`InactiveReceiver`]) adds one, the channel is closed and every send fails with the
    /// value.
    ///
    /// # Panics
    ///
    /// Panics with "capacity must be at least 1" when `capacity` is 0.
    ///
    /// ```
    /// use postage::sink::TrySendError;
    ///
    /// let tx = postage::broadcast::Sender::new(4);
    /// assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    /// let mut rx = tx.subscribe();
    /// tx.try_send(2).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(2));
    /// ```
    pub fn new(capacity: usize) -> Sender<T> {
        Sender::from_ring(crate::sync::arc_with(|| Buffer::lossless(capacity, 0)))
    }
}

impl<T> Sender<T> {
    fn from_ring(ring: Arc<Buffer<T>>) -> Self {
        Sender {
            ring,
            key: None,
            permit: false,
            released: false,
            _shared: PhantomData,
        }
    }

    /// Sends `value` to every receiver, waiting while the slowest receiver is `capacity`
    /// messages behind (a [`lagging`] channel never waits: it overwrites its oldest message).
    ///
    /// Fails with the value when every receiver is gone (or this handle was closed as a
    /// sink, see `poll_close`). Cancel safety: dropping the future
    /// before it completes drops the value undelivered.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// tx.send(1).await.unwrap();
    /// assert_eq!(rx.recv().await, Some(1));
    /// # });
    /// ```
    pub fn send(&self, value: T) -> SendFuture<'_, T> {
        SendFuture {
            ring: &self.ring,
            value: Some(value),
            key: None,
            released: self.released,
        }
    }

    /// Sends `value` if there is room now; never waits and registers no waker. On a
    /// [`lagging`] channel there is always room: it fails only when closed.
    ///
    /// ```
    /// use postage::sink::TrySendError;
    ///
    /// let (tx, rx) = postage::broadcast::channel(1);
    /// assert_eq!(tx.try_send(1), Ok(()));
    /// assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    /// drop(rx);
    /// assert_eq!(tx.try_send(3), Err(TrySendError::Closed(3)));
    /// ```
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        if self.released {
            return Err(TrySendError::Closed(value));
        }
        self.ring.try_send(value)
    }

    /// Sends `value`, parking the current thread while the channel is full.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`send`](Self::send) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(5).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(5));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_send(&self, value: T) -> Result<(), SendError<T>> {
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
    /// let (tx, mut rx) = postage::broadcast::channel(1);
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

    /// Whether every receiver is gone: every send now fails (until [`subscribe`](Self::subscribe)).
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel::<u8>(1);
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.ring.is_closed()
    }

    /// Resolves once every receiver is gone. Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, rx) = postage::broadcast::channel::<u8>(1);
    /// let rx2 = rx.clone();
    /// drop((rx, rx2));
    /// tx.closed().await;
    /// # });
    /// ```
    pub fn closed(&self) -> ClosedFuture<'_> {
        ClosedFuture::new(self.ring.closing())
    }

    /// Creates a receiver that sees only the messages sent from now on. Reopens the channel
    /// if every receiver had gone.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(4);
    /// tx.try_send(1).unwrap();
    /// let mut late = tx.subscribe();
    /// tx.try_send(2).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert_eq!(late.try_recv(), Ok(2));
    /// ```
    pub fn subscribe(&self) -> Receiver<T> {
        let pos = self.ring.subscribe();
        Receiver::at(self.ring.clone(), pos)
    }

    /// The number of buffered messages: sent and not yet read by every receiver. On a
    /// [`lagging`] channel, which does not wait for readers: the messages it still keeps,
    /// at most the capacity.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(4);
    /// let _lagging = rx.clone();
    /// tx.try_send(()).unwrap();
    /// rx.try_recv().unwrap();
    /// assert_eq!(tx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.ring.len()
    }

    /// Whether every receiver has read every message.
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(4);
    /// assert!(tx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most messages a receiver may lag behind before senders wait (on a [`lagging`]
    /// channel: before the oldest is overwritten).
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(4);
    /// assert_eq!(tx.capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}

impl<T> Sender<T> {
    /// A [`WeakSender`] of this channel: it does not keep the channel open, and
    /// [`upgrade`](WeakSender::upgrade) gives a sender back while a sender is left.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(2);
    /// let weak = tx.downgrade();
    /// weak.upgrade().unwrap().try_send(1).unwrap();
    /// drop(tx);
    /// assert!(weak.upgrade().is_none());
    /// assert_eq!((rx.try_recv(), rx.try_recv()), (Ok(1), Err(postage::TryRecvError::Closed)));
    /// ```
    pub fn downgrade(&self) -> WeakSender<T> {
        WeakSender {
            ring: self.ring.clone(),
            _shared: PhantomData,
        }
    }

    /// The number of senders; weak senders and senders closed as a sink do not count.
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(2);
    /// let _weak = tx.downgrade();
    /// let tx2 = tx.clone();
    /// assert_eq!(tx.sender_count(), 2);
    /// drop(tx2);
    /// assert_eq!(tx.sender_count(), 1);
    /// ```
    pub fn sender_count(&self) -> usize {
        self.ring.sender_count()
    }

    /// The number of receivers, [`InactiveReceiver`]s included (they keep the channel open).
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel::<u8>(2);
    /// let _late = tx.subscribe();
    /// let _idle = rx.deactivate();
    /// assert_eq!(tx.receiver_count(), 2);
    /// ```
    pub fn receiver_count(&self) -> usize {
        self.ring.receiver_count()
    }

    /// Whether both senders belong to the same channel.
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(2);
    /// let (other, _other_rx) = postage::broadcast::channel::<u8>(2);
    /// assert!(tx.same_channel(&tx.clone()));
    /// assert!(!tx.same_channel(&other));
    /// ```
    pub fn same_channel(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.ring, &other.ring)
    }
}

impl<T> Clone for Sender<T> {
    /// Another sender of the same channel. A clone of a sender closed as a sink is closed
    /// too: it does not count as a sender, so it cannot reopen a channel whose receivers
    /// were told it ended.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(2);
    /// let tx2 = tx.clone();
    /// drop(tx);
    /// tx2.try_send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    fn clone(&self) -> Self {
        if !self.released {
            self.ring.add_sender();
        }
        let mut clone = Sender::from_ring(self.ring.clone());
        clone.released = self.released;
        clone
    }
}

impl<T> Sink for Sender<T> {
    type Item = T;

    fn poll_send(mut self: Pin<&mut Self>, cx: &mut Context<'_>, value: T) -> PollSend<T> {
        let this = &mut *self;
        if this.released {
            return PollSend::Rejected(value);
        }
        this.ring.poll_send(&mut this.key, cx, value)
    }

    fn cancel_send(mut self: Pin<&mut Self>) {
        let this = &mut *self;
        this.ring.cancel_send(&mut this.key);
    }
}

impl<T> futures_sink::Sink<T> for Sender<T> {
    type Error = SendError<T>;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        let this = &mut *self;
        if this.released {
            // Like a closed channel: ready, and `start_send` hands the item back.
            return Poll::Ready(Ok(()));
        }
        this.ring
            .poll_reserve(&mut this.key, &mut this.permit, cx)
            .map(Ok)
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        let this = &mut *self;
        if this.released {
            return Err(SendError(item));
        }
        this.ring.send_reserved(&mut this.permit, item)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    /// Releases this handle: it no longer counts as a sender (the channel closes if it was
    /// the last one, and receivers end once they have read everything), its `poll_ready`
    /// reservation is returned, and every later send through it (`start_send`, `send`,
    /// `try_send`) fails and hands the item back.
    ///
    /// ```
    /// use futures::SinkExt;
    ///
    /// # futures::executor::block_on(async {
    /// let (mut tx, mut rx) = postage::broadcast::channel(2);
    /// tx.send(1).await.unwrap();
    /// tx.close().await.unwrap();
    /// assert_eq!(tx.send(2).await.unwrap_err().0, 2);
    /// assert_eq!(rx.recv().await, Some(1));
    /// assert_eq!(rx.recv().await, None);
    /// # });
    /// ```
    fn poll_close(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        let this = &mut *self;
        if !std::mem::replace(&mut this.released, true) {
            this.ring.drop_sender(&mut this.key, &mut this.permit);
        }
        Poll::Ready(Ok(()))
    }
}

/// Whether the handle owning `ring` is the last handle of any kind (sender, weak sender,
/// owned permit or receiver) and no message is kept: its drop then has nobody to tell and
/// nothing to release, and dropping the ring frees the rest (registrations and their wakers
/// included, outside any lock). Kept messages go the usual way.
fn is_last_and_empty<T>(ring: &mut Arc<Buffer<T>>) -> bool {
    crate::sync::only_handle(ring).is_some_and(|ring| ring.len() == 0)
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if !self.released && !is_last_and_empty(&mut self.ring) {
            self.ring.drop_sender(&mut self.key, &mut self.permit);
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("broadcast::Sender");
        self.ring.debug_fields(&mut s);
        s.field("sink_closed", &self.released).finish()
    }
}

/// The future of [`Sender::send`]: waits for room, then sends.
///
/// Cancel safety: dropping it before it completes drops the value, which was not and will
/// not be delivered; a wake-up it had received passes to the next waiting sender.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::broadcast::channel(1);
/// let sending: postage::broadcast::SendFuture<'_, u8> = tx.send(1);
/// sending.await.unwrap();
/// assert_eq!(rx.recv().await, Some(1));
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct SendFuture<'a, T> {
    ring: &'a Buffer<T>,
    value: Option<T>,
    key: Option<WaitKey>,
    /// Made by a sender closed as a sink: fails at once.
    released: bool,
}

impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = Result<(), SendError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let value = this
            .value
            .take()
            .expect("send future polled after completion");
        if this.released {
            return Poll::Ready(Err(SendError(value)));
        }
        match this.ring.poll_send(&mut this.key, cx, value) {
            PollSend::Ready => Poll::Ready(Ok(())),
            PollSend::Pending(value) => {
                this.value = Some(value);
                Poll::Pending
            }
            PollSend::Rejected(value) => Poll::Ready(Err(SendError(value))),
        }
    }
}

impl<T> Drop for SendFuture<'_, T> {
    fn drop(&mut self) {
        self.ring.cancel_send(&mut self.key);
    }
}

/// Terminated once it resolved: its value is then gone, sent or handed back.
impl<T> futures_core::FusedFuture for SendFuture<'_, T> {
    fn is_terminated(&self) -> bool {
        self.value.is_none()
    }
}

#[cfg(feature = "blocking")]
impl<T> crate::blocking::PendingSend for SendFuture<'_, T> {
    type Value = T;

    fn take_value(&mut self) -> Option<T> {
        self.value.take()
    }
}

impl<T> fmt::Debug for SendFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("done", &self.value.is_none())
            .finish_non_exhaustive()
    }
}

/// A receiving half of a [`broadcast`](self) channel, with its own read position.
///
/// ```
/// let (tx, mut a) = postage::broadcast::channel(4);
/// let mut b = tx.subscribe();
/// tx.try_send('m').unwrap();
/// assert_eq!((a.try_recv(), b.try_recv()), (Ok('m'), Ok('m')));
/// ```
pub struct Receiver<T> {
    ring: Arc<Buffer<T>>,
    pos: u64,
    /// Messages skipped since the last [`Receiver::lagged`] (a lagging channel only).
    lagged: u64,
    key: Option<WaitKey>,
    _shared: SharedRead<T>,
}

impl<T: Clone> Receiver<T> {
    /// Receives the next message; `None` once every sender is gone and this receiver has
    /// read everything.
    ///
    /// Cancel safe: dropping the future consumes nothing.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::broadcast::channel(2);
    /// tx.send('x').await.unwrap();
    /// drop(tx);
    /// assert_eq!(rx.recv().await, Some('x'));
    /// assert_eq!(rx.recv().await, None);
    /// # });
    /// ```
    pub fn recv(&mut self) -> RecvFuture<'_, Self> {
        Stream::recv(self)
    }

    /// Receives a message if one is unread; never waits and registers no waker.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// tx.try_send(1).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.ring.try_recv(&mut self.pos, &mut self.lagged)
    }

    /// Waits until at least one message is unread, then appends to `buffer`, in order,
    /// every message unread at that moment, up to `limit`; returns how many. Returns 0 only
    /// when `limit` is 0 or every sender is gone and this receiver has read everything.
    ///
    /// Cancel safe: dropping the future before it completes consumes nothing.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::broadcast::channel(8);
    /// for n in 0..5 {
    ///     tx.send(n).await.unwrap();
    /// }
    /// let mut buffer = Vec::new();
    /// assert_eq!(rx.recv_many(&mut buffer, 3).await, 3);
    /// assert_eq!(rx.recv_many(&mut buffer, 3).await, 2);
    /// assert_eq!(buffer, [0, 1, 2, 3, 4]);
    /// drop(tx);
    /// assert_eq!(rx.recv_many(&mut buffer, 3).await, 0);
    /// # });
    /// ```
    pub fn recv_many<'a>(
        &'a mut self,
        buffer: &'a mut Vec<T>,
        limit: usize,
    ) -> RecvManyFuture<'a, T> {
        RecvManyFuture {
            receiver: self,
            buffer,
            limit,
            pending: false,
        }
    }

    /// The messages unread now, in order; ends at the first moment none is unread. Never
    /// waits and registers no waker.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(4);
    /// tx.try_send(1).unwrap();
    /// tx.try_send(2).unwrap();
    /// assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2]);
    /// assert_eq!(rx.try_iter().count(), 0);
    /// ```
    pub fn try_iter(&mut self) -> impl Iterator<Item = T> + '_ {
        std::iter::from_fn(move || self.try_recv().ok())
    }

    /// Receives the next message, parking the current thread while none is unread.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(8).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(8));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv(&mut self) -> Option<T> {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Receives the next message, parking the current thread while none is unread, for at most
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
    /// let (tx, mut rx) = postage::broadcast::channel(1);
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
}

impl<T> Receiver<T> {
    /// How many messages this receiver skipped since the last call, and resets the count.
    ///
    /// Only a [`lagging`] channel skips messages: a receiver that fell more than
    /// `capacity` messages behind skips what was overwritten when it next reads (so the
    /// count grows at a `recv`, `try_recv`, `recv_many` or `try_iter`, not at a send). A
    /// receiver of a lossless [`channel`] never skips, and this always returns 0 there. A
    /// clone of a receiver starts at 0, and so does a subscriber.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::lagging(1);
    /// tx.try_send('a').unwrap();
    /// tx.try_send('b').unwrap();
    /// assert_eq!(rx.lagged(), 0, "counted when the receiver reads");
    /// assert_eq!(rx.try_recv(), Ok('b'));
    /// assert_eq!(rx.lagged(), 1);
    /// assert_eq!(rx.lagged(), 0, "reset by the call");
    /// ```
    pub fn lagged(&mut self) -> u64 {
        std::mem::take(&mut self.lagged)
    }

    fn at(ring: Arc<Buffer<T>>, pos: u64) -> Self {
        Receiver {
            ring,
            pos,
            lagged: 0,
            key: None,
            _shared: PhantomData,
        }
    }

    /// Turns this receiver into an [`InactiveReceiver`]: it stops holding messages (those
    /// only it still had to read are released, which may let senders go on) but keeps the
    /// channel open.
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel(1);
    /// tx.try_send(1).unwrap();
    /// assert!(tx.try_send(2).is_err()); // `rx` has not read 1
    /// let inactive = rx.deactivate();
    /// tx.try_send(2).unwrap(); // nobody to read it, and nobody holds it back
    /// assert!(!tx.is_closed());
    /// # drop(inactive);
    /// ```
    pub fn deactivate(self) -> InactiveReceiver<T> {
        // Counted as inactive before this receiver goes, so the channel never closes between.
        InactiveReceiver::new(self.ring.clone())
    }

    /// The number of senders; weak senders and senders closed as a sink do not count.
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel::<u8>(2);
    /// assert_eq!(rx.sender_count(), 1);
    /// drop(tx);
    /// assert_eq!(rx.sender_count(), 0);
    /// ```
    pub fn sender_count(&self) -> usize {
        self.ring.sender_count()
    }

    /// The number of receivers, [`InactiveReceiver`]s included (they keep the channel open).
    ///
    /// ```
    /// let (_tx, rx) = postage::broadcast::channel::<u8>(2);
    /// let _copy = rx.clone();
    /// assert_eq!(rx.receiver_count(), 2);
    /// ```
    pub fn receiver_count(&self) -> usize {
        self.ring.receiver_count()
    }

    /// The number of messages this receiver has not read yet (on a [`lagging`] channel,
    /// not counting those overwritten already).
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(4);
    /// let other = rx.clone();
    /// tx.try_send(()).unwrap();
    /// rx.try_recv().unwrap();
    /// assert_eq!((rx.len(), other.len()), (0, 1));
    /// ```
    pub fn len(&self) -> usize {
        self.ring.unread(self.pos)
    }

    /// Whether this receiver has read every message.
    ///
    /// ```
    /// let (_tx, rx) = postage::broadcast::channel::<u8>(4);
    /// assert!(rx.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most messages a receiver may lag behind before senders wait (on a [`lagging`]
    /// channel: before the oldest is overwritten).
    ///
    /// ```
    /// let (_tx, rx) = postage::broadcast::channel::<u8>(4);
    /// assert_eq!(rx.capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}

impl<T> Clone for Receiver<T> {
    /// A receiver at the same read position: it sees the messages `self` has not read yet,
    /// then every later one.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(4);
    /// tx.try_send(1).unwrap();
    /// let mut copy = rx.clone();
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert_eq!(copy.try_recv(), Ok(1));
    /// ```
    fn clone(&self) -> Self {
        self.ring.clone_receiver(self.pos);
        Receiver::at(self.ring.clone(), self.pos)
    }
}

impl<T: Clone> Stream for Receiver<T> {
    type Item = T;

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<T> {
        let this = &mut *self;
        this.ring
            .poll_recv(&mut this.pos, &mut this.lagged, &mut this.key, cx)
    }

    fn cancel_recv(mut self: Pin<&mut Self>) {
        let this = &mut *self;
        this.ring.cancel_recv(&mut this.key);
    }
}

impl<T: Clone> futures_core::Stream for Receiver<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = &mut *self;
        match this
            .ring
            .poll_recv(&mut this.pos, &mut this.lagged, &mut this.key, cx)
        {
            PollRecv::Ready(value) => Poll::Ready(Some(value)),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        }
    }
}

impl<T: Clone> futures_core::FusedStream for Receiver<T> {
    fn is_terminated(&self) -> bool {
        self.ring.is_terminated(self.pos)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if is_last_and_empty(&mut self.ring) {
            return;
        }
        self.ring.drop_receiver(self.pos, &mut self.key);
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("broadcast::Receiver");
        s.field("unread", &self.len());
        self.ring.debug_fields(&mut s);
        s.finish()
    }
}

/// The future of [`Receiver::recv_many`]: waits for a message, then takes every message
/// unread at that moment up to the limit.
///
/// Cancel safe: dropping it before it completes consumes nothing.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::broadcast::channel(4);
/// tx.try_send('a').unwrap();
/// let mut buffer = Vec::new();
/// let batch: postage::broadcast::RecvManyFuture<'_, char> = rx.recv_many(&mut buffer, 8);
/// assert_eq!(batch.await, 1);
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct RecvManyFuture<'a, T> {
    receiver: &'a mut Receiver<T>,
    buffer: &'a mut Vec<T>,
    limit: usize,
    pending: bool,
}

impl<T: Clone> Future for RecvManyFuture<'_, T> {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let this = &mut *self;
        if this.limit == 0 {
            return Poll::Ready(0);
        }
        let receiver = &mut *this.receiver;
        match receiver.ring.poll_recv(
            &mut receiver.pos,
            &mut receiver.lagged,
            &mut receiver.key,
            cx,
        ) {
            PollRecv::Ready(first) => {
                this.pending = false;
                let before = this.buffer.len();
                this.buffer.push(first);
                let more = (1..this.limit).map_while(|_| receiver.try_recv().ok());
                this.buffer.extend(more);
                Poll::Ready(this.buffer.len() - before)
            }
            PollRecv::Pending => {
                this.pending = true;
                Poll::Pending
            }
            PollRecv::Closed => {
                this.pending = false;
                Poll::Ready(0)
            }
        }
    }
}

impl<T> Drop for RecvManyFuture<'_, T> {
    fn drop(&mut self) {
        if self.pending {
            self.receiver.ring.cancel_recv(&mut self.receiver.key);
        }
    }
}

impl<T> fmt::Debug for RecvManyFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvManyFuture")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// A sender that does not keep its [`broadcast`](self) channel open: made by
/// [`Sender::downgrade`], turned back into a [`Sender`] by [`upgrade`](Self::upgrade) while
/// some sender is left.
///
/// ```
/// let (tx, _rx) = postage::broadcast::channel::<u8>(2);
/// let weak = tx.downgrade();
/// assert!(weak.clone().upgrade().is_some());
/// drop(tx);
/// assert!(weak.upgrade().is_none());
/// ```
pub struct WeakSender<T> {
    ring: Arc<Buffer<T>>,
    _shared: SharedRead<T>,
}

impl<T> WeakSender<T> {
    /// A sender of the channel, or `None` once no sender is left (the channel has then
    /// ended for its receivers, and stays so).
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(2);
    /// let weak = tx.downgrade();
    /// let again = weak.upgrade().unwrap();
    /// assert!(again.same_channel(&tx));
    /// ```
    pub fn upgrade(&self) -> Option<Sender<T>> {
        self.ring
            .revive_sender()
            .then(|| Sender::from_ring(self.ring.clone()))
    }
}

impl<T> Clone for WeakSender<T> {
    fn clone(&self) -> Self {
        WeakSender {
            ring: self.ring.clone(),
            _shared: PhantomData,
        }
    }
}

impl<T> fmt::Debug for WeakSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("broadcast::WeakSender");
        self.ring.debug_fields(&mut s);
        s.finish()
    }
}

/// A receiver that does not read: it keeps a [`broadcast`](self) channel open without
/// holding any message, so it never makes a sender wait. While only inactive receivers
/// exist, sends succeed and their messages go to no one.
///
/// Made by [`Receiver::deactivate`]; [`activate`](Self::activate) makes a reading receiver
/// from it. Cloning it is cheap.
///
/// ```
/// let (tx, rx) = postage::broadcast::channel(1);
/// let inactive = rx.deactivate();
/// tx.try_send(1).unwrap();
/// tx.try_send(2).unwrap(); // nothing is buffered for an inactive receiver
/// let mut rx = inactive.activate();
/// tx.try_send(3).unwrap();
/// assert_eq!(rx.try_recv(), Ok(3));
/// ```
pub struct InactiveReceiver<T> {
    ring: Arc<Buffer<T>>,
    _shared: SharedRead<T>,
}

impl<T> InactiveReceiver<T> {
    fn new(ring: Arc<Buffer<T>>) -> Self {
        ring.add_inactive();
        InactiveReceiver {
            ring,
            _shared: PhantomData,
        }
    }

    /// Makes a receiver that reads the messages sent from now on. This inactive receiver
    /// stays as it is.
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel(4);
    /// let inactive = rx.deactivate();
    /// tx.try_send("missed").unwrap();
    /// let mut rx = inactive.activate();
    /// tx.try_send("seen").unwrap();
    /// assert_eq!(rx.try_recv(), Ok("seen"));
    /// ```
    pub fn activate(&self) -> Receiver<T> {
        let pos = self.ring.subscribe();
        Receiver::at(self.ring.clone(), pos)
    }

    /// The most messages a receiver may lag behind before senders wait (on a [`lagging`]
    /// channel: before the oldest is overwritten).
    ///
    /// ```
    /// let (_tx, rx) = postage::broadcast::channel::<u8>(4);
    /// assert_eq!(rx.deactivate().capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}

impl<T> Clone for InactiveReceiver<T> {
    /// Another inactive receiver of the same channel.
    ///
    /// ```
    /// let (tx, rx) = postage::broadcast::channel::<u8>(1);
    /// let inactive = rx.deactivate();
    /// let copy = inactive.clone();
    /// drop(inactive);
    /// assert!(!tx.is_closed());
    /// drop(copy);
    /// assert!(tx.is_closed());
    /// ```
    fn clone(&self) -> Self {
        InactiveReceiver::new(self.ring.clone())
    }
}

impl<T> Drop for InactiveReceiver<T> {
    fn drop(&mut self) {
        self.ring.forget_receiver(&mut None);
    }
}

impl<T> fmt::Debug for InactiveReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("broadcast::InactiveReceiver");
        self.ring.debug_fields(&mut s);
        s.finish()
    }
}

mod buffer;

impl_permits!("broadcast", ring);

#[cfg(test)]
mod tests;
