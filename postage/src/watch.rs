//! A single-producer, multi-consumer channel for state: the latest value wins.
//!
//! [`channel`] (or [`channel_with`]) makes a [`Sender`] and a [`Receiver`] around one stored
//! value. A receiver gets the current value at once, then each newer value; values that
//! change faster than a receiver reads are skipped, so a watch never fills and
//! [`Sender::send`] never waits.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::watch::channel_with("starting");
//! assert_eq!(rx.recv().await, Some("starting"));
//! tx.send("running").unwrap();
//! tx.send("stopping").unwrap();
//! assert_eq!(rx.recv().await, Some("stopping"));
//! drop(tx);
//! assert_eq!(rx.recv().await, None);
//! # });
//! ```
//!
//! Besides [`Receiver::recv`] (and the [`Stream`] impls) there is the borrowing style:
//! [`Receiver::changed`] waits for a value the receiver has not seen, and
//! [`Receiver::borrow_and_update`] reads it without cloning.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::watch::channel::<u32>();
//! std::thread::spawn(move || tx.send_modify(|n| *n += 1));
//! while rx.changed().await.is_ok() {
//!     if *rx.borrow_and_update() == 1 {
//!         break;
//!     }
//! }
//! # });
//! ```
//!
//! [`Receiver::has_changed`] asks without waiting, [`Receiver::wait_for`] waits for a value
//! that satisfies a predicate, and [`Sender::send_if_modified`] notifies the receivers only
//! when its closure reports a change.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::watch::channel_with(0u32);
//! std::thread::spawn(move || {
//!     for _ in 0..3 {
//!         tx.send_modify(|n| *n += 1);
//!     }
//! });
//! assert_eq!(*rx.wait_for(|n| *n == 3).await.unwrap(), 3);
//! # });
//! ```
//!
//! Every receiver (also a clone or a [`Sender::subscribe`]d one) starts out having seen
//! nothing: its first `recv` (or `changed`) completes at once with the current value. When
//! the sender is gone, a receiver gets the latest value it has not seen once, then `None`
//! for good.
//!
//! Receivers read the value shared with the sender, so the handles are `Send` and `Sync`
//! only when `T` is `Send + Sync`.
//!
//! # Cancel safety
//!
//! [`Receiver::recv`], [`Receiver::changed`] and [`Sender::closed`] are cancel safe:
//! dropping the future consumes nothing, and the value stays unseen.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::core::closing::ClosedFuture;
use crate::core::versioned::{Change, Versioned, UNSEEN};
use crate::core::waiters::WaitKey;
use crate::error::SendError;
use crate::sink::{PollSend, Sink};
use crate::stream::{PollRecv, RecvFuture, Stream, TryRecvError};
use crate::sync::{Arc, RwLockReadGuard};

/// Creates a channel holding `T::default()`.
///
/// # Examples
///
/// ```
/// let (tx, rx) = postage::watch::channel::<Vec<u8>>();
/// assert!(rx.borrow().is_empty());
/// tx.send(vec![1]).unwrap();
/// assert_eq!(*rx.borrow(), [1]);
/// ```
pub fn channel<T: Default>() -> (Sender<T>, Receiver<T>) {
    channel_with(T::default())
}

/// Creates a channel holding `initial`.
///
/// # Examples
///
/// ```
/// let (tx, mut rx) = postage::watch::channel_with(10);
/// assert_eq!(rx.try_recv(), Ok(10));
/// tx.send(11).unwrap();
/// assert_eq!(rx.try_recv(), Ok(11));
/// ```
pub fn channel_with<T>(initial: T) -> (Sender<T>, Receiver<T>) {
    let shared = crate::sync::arc_with(|| Versioned::new(initial));
    let receiver = Receiver {
        shared: shared.clone(),
        seen: UNSEEN,
        key: None,
    };
    (
        Sender {
            shared,
            released: false,
        },
        receiver,
    )
}

/// The sending half of a [`watch`](self) channel. Not `Clone`: a watch has one writer.
///
/// ```
/// let (tx, rx) = postage::watch::channel_with(0);
/// tx.send(1).unwrap();
/// assert_eq!(*rx.borrow(), 1);
/// ```
pub struct Sender<T> {
    shared: Arc<Versioned<T>>,
    /// Set by `futures_sink::Sink::poll_close`: the sender has closed the channel, and
    /// every later send through this handle hands its value back.
    released: bool,
}

impl<T> Sender<T> {
    /// Stores `value` and notifies every receiver; never waits.
    ///
    /// Fails with the value, storing nothing, when no receiver exists.
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel();
    /// assert!(tx.send(1).is_ok());
    /// drop(rx);
    /// assert_eq!(tx.send(2).unwrap_err().0, 2);
    /// ```
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        if self.released || self.shared.receivers() == 0 {
            return Err(SendError(value));
        }
        drop(self.shared.replace(value));
        Ok(())
    }

    /// Stores `value` even when no receiver exists, notifies the receivers, and returns the
    /// value it replaced.
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel_with(1);
    /// drop(rx);
    /// assert_eq!(tx.send_replace(2), 1);
    /// assert_eq!(*tx.borrow(), 2);
    /// ```
    ///
    /// After `futures_sink::Sink::poll_close` the sender has closed the channel: the value
    /// is handed back unstored.
    pub fn send_replace(&self, value: T) -> T {
        if self.released {
            return value;
        }
        self.shared.replace(value)
    }

    /// Changes the value in place and notifies every receiver, whether or not `modify`
    /// changed anything.
    ///
    /// `modify` runs under the write lock: it must not call back into this channel. If it
    /// panics, the value stays as `modify` left it and no receiver is notified.
    ///
    /// ```
    /// let (tx, mut rx) = postage::watch::channel_with(vec![1]);
    /// tx.send_modify(|v| v.push(2));
    /// assert_eq!(rx.try_recv(), Ok(vec![1, 2]));
    /// ```
    ///
    /// After `futures_sink::Sink::poll_close` it does nothing.
    pub fn send_modify<F: FnOnce(&mut T)>(&self, modify: F) {
        if self.released {
            return;
        }
        self.shared.modify_if(|value| {
            modify(value);
            true
        });
    }

    /// Changes the value in place and notifies the receivers only if `modify` returns
    /// `true`; returns what `modify` returned.
    ///
    /// When `modify` returns `false`, no receiver sees a change — so `modify` should then
    /// leave the value as it found it. Like [`send_modify`](Self::send_modify) it stores even
    /// when no receiver exists, runs under the write lock (it must not call back into this
    /// channel), and notifies no one if it panics.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::watch::channel_with(5);
    /// assert_eq!(rx.try_recv(), Ok(5));
    /// let raise_to = |n: i32| move |stored: &mut i32| {
    ///     if n > *stored {
    ///         *stored = n;
    ///         true
    ///     } else {
    ///         false
    ///     }
    /// };
    /// assert!(!tx.send_if_modified(raise_to(3)));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// assert!(tx.send_if_modified(raise_to(8)));
    /// assert_eq!(rx.try_recv(), Ok(8));
    /// ```
    ///
    /// After `futures_sink::Sink::poll_close` it returns `false` without calling `modify`.
    pub fn send_if_modified<F: FnOnce(&mut T) -> bool>(&self, modify: F) -> bool {
        if self.released {
            return false;
        }
        self.shared.modify_if(modify)
    }

    /// How many receivers exist now.
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel::<u8>();
    /// let copy = rx.clone();
    /// assert_eq!(tx.receiver_count(), 2);
    /// drop((rx, copy));
    /// assert_eq!(tx.receiver_count(), 0);
    /// ```
    pub fn receiver_count(&self) -> usize {
        self.shared.receivers()
    }

    /// Borrows the current value.
    ///
    /// The guard holds a read lock: keep it short and never across an `.await`, or the
    /// sender blocks.
    ///
    /// ```
    /// let (tx, _rx) = postage::watch::channel_with(String::from("hi"));
    /// assert_eq!(tx.borrow().len(), 2);
    /// ```
    pub fn borrow(&self) -> Ref<'_, T> {
        Ref(self.shared.read())
    }

    /// Creates a receiver; like every new receiver, it first gets the current value.
    /// Reopens the channel if every receiver had gone.
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel_with(3);
    /// drop(rx);
    /// let mut rx = tx.subscribe();
    /// assert_eq!(rx.try_recv(), Ok(3));
    /// ```
    pub fn subscribe(&self) -> Receiver<T> {
        self.shared.add_receiver();
        Receiver {
            shared: self.shared.clone(),
            seen: UNSEEN,
            key: None,
        }
    }

    /// Whether every receiver is gone: [`send`](Self::send) now fails (until
    /// [`subscribe`](Self::subscribe)).
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel::<u8>();
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.shared.closing.is_closed()
    }

    /// Resolves once every receiver is gone. Cancel safe.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, rx) = postage::watch::channel::<u8>();
    /// std::thread::spawn(move || drop(rx));
    /// tx.closed().await;
    /// # });
    /// ```
    pub fn closed(&self) -> ClosedFuture<'_> {
        ClosedFuture::new(&self.shared.closing)
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        if !self.released {
            self.shared.close_sender();
        }
    }
}

impl<T> Sink for Sender<T> {
    type Item = T;

    /// Never pending: stores the value, or rejects it when no receiver exists.
    fn poll_send(self: Pin<&mut Self>, _: &mut Context<'_>, value: T) -> PollSend<T> {
        match Sender::send(&self, value) {
            Ok(()) => PollSend::Ready,
            Err(SendError(value)) => PollSend::Rejected(value),
        }
    }
}

impl<T> futures_sink::Sink<T> for Sender<T> {
    type Error = SendError<T>;

    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        Sender::send(&self, item)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    /// Closes the channel as dropping the sender would: receivers get the latest unseen
    /// value, then the end. Every later send through this handle fails and hands its value
    /// back (`send_modify` and `send_if_modified` do nothing).
    fn poll_close(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        if !self.released {
            self.released = true;
            self.shared.close_sender();
        }
        Poll::Ready(Ok(()))
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("watch::Sender")
            .field("version", &self.shared.version())
            .field("receivers", &self.shared.receivers())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// A receiving half of a [`watch`](self) channel, remembering the last version it saw.
///
/// ```
/// let (tx, mut rx) = postage::watch::channel_with(0);
/// assert_eq!(rx.try_recv(), Ok(0));
/// tx.send(1).unwrap();
/// assert_eq!(rx.try_recv(), Ok(1));
/// ```
pub struct Receiver<T> {
    shared: Arc<Versioned<T>>,
    seen: u64,
    key: Option<WaitKey>,
}

impl<T> Receiver<T> {
    /// Waits for a value this receiver has not seen and marks it seen; read it with
    /// [`borrow`](Self::borrow). Fails once the sender is gone and every value was seen.
    ///
    /// A new receiver has seen nothing, so its first call completes at once. Cancel safe:
    /// dropping the future marks nothing seen.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::watch::channel_with(0);
    /// assert!(rx.changed().await.is_ok());
    /// tx.send(1).unwrap();
    /// assert!(rx.changed().await.is_ok());
    /// assert_eq!(*rx.borrow(), 1);
    /// drop(tx);
    /// assert!(rx.changed().await.is_err());
    /// # });
    /// ```
    pub fn changed(&mut self) -> ChangedFuture<'_, T> {
        ChangedFuture {
            receiver: self,
            done: false,
        }
    }

    /// Borrows the current value without marking it seen.
    ///
    /// The guard holds a read lock: keep it short and never across an `.await`, or the
    /// sender blocks.
    ///
    /// ```
    /// let (tx, rx) = postage::watch::channel_with(1);
    /// tx.send(2).unwrap();
    /// assert_eq!(*rx.borrow(), 2);
    /// ```
    pub fn borrow(&self) -> Ref<'_, T> {
        Ref(self.shared.read())
    }

    /// Borrows the current value and marks it seen.
    ///
    /// The guard holds a read lock: keep it short and never across an `.await`.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (_tx, mut rx) = postage::watch::channel_with(1);
    /// assert_eq!(*rx.borrow_and_update(), 1);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// ```
    pub fn borrow_and_update(&mut self) -> Ref<'_, T> {
        let (stored, version) = self.shared.read_versioned();
        self.seen = version;
        Ref(stored)
    }

    /// Whether a value this receiver has not seen is stored; marks nothing seen and never
    /// waits.
    ///
    /// `Ok(true)` while an unseen value exists, even after the sender is gone;
    /// `Err(Closed)` once the sender is gone and the latest value was seen.
    ///
    /// ```
    /// use postage::watch::Closed;
    ///
    /// let (tx, mut rx) = postage::watch::channel_with(0);
    /// assert_eq!(rx.has_changed(), Ok(true));
    /// rx.borrow_and_update();
    /// assert_eq!(rx.has_changed(), Ok(false));
    /// tx.send(1).unwrap();
    /// drop(tx);
    /// assert_eq!(rx.has_changed(), Ok(true));
    /// rx.borrow_and_update();
    /// assert_eq!(rx.has_changed(), Err(Closed));
    /// ```
    pub fn has_changed(&self) -> Result<bool, Closed> {
        match self.shared.check(self.seen) {
            Some(Change::New(_)) => Ok(true),
            Some(Change::Closed) => Err(Closed),
            None => Ok(false),
        }
    }

    /// Waits until the value satisfies `predicate` and borrows it, marking it seen.
    ///
    /// The current value is checked first, whether or not this receiver has seen it, then
    /// each newer value as it arrives (values that change faster than the receiver reads
    /// are skipped, as always). Every value checked is marked seen. Fails with [`Closed`]
    /// once the sender is gone and no unseen value is left to check.
    ///
    /// `predicate` runs while the value is borrowed, so it must not send on this channel.
    /// The returned [`Ref`] holds a read lock: keep it short and never across an `.await`.
    ///
    /// Cancel safe: dropping the future loses no value for later calls (the values it
    /// checked stay marked seen).
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::watch::channel_with(0u32);
    /// let counter = std::thread::spawn(move || {
    ///     for n in 1..=10 {
    ///         tx.send(n).unwrap();
    ///     }
    /// });
    /// let big = *rx.wait_for(|n| *n >= 10).await.unwrap();
    /// assert_eq!(big, 10);
    /// counter.join().unwrap();
    /// assert!(rx.wait_for(|n| *n > 10).await.is_err());
    /// # });
    /// ```
    pub fn wait_for<F: FnMut(&T) -> bool>(&mut self, predicate: F) -> WaitForFuture<'_, T, F> {
        let Receiver { shared, seen, key } = self;
        WaitForFuture {
            shared,
            seen,
            key,
            predicate,
            checked_current: false,
            done: false,
        }
    }

    fn poll_changed(&mut self, cx: &Context<'_>) -> Poll<Result<(), Closed>> {
        self.shared
            .poll_change(self.seen, &mut self.key, cx)
            .map(|change| match change {
                Change::New(version) => {
                    self.seen = version;
                    Ok(())
                }
                Change::Closed => Err(Closed),
            })
    }
}

impl<T: Clone> Receiver<T> {
    /// Receives the current value if this receiver has not seen it, else waits for a newer
    /// one; `None` once the sender is gone and the last value was seen.
    ///
    /// Cancel safe: dropping the future marks nothing seen.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::watch::channel_with('a');
    /// assert_eq!(rx.recv().await, Some('a'));
    /// tx.send('b').unwrap();
    /// drop(tx);
    /// assert_eq!(rx.recv().await, Some('b'));
    /// assert_eq!(rx.recv().await, None);
    /// # });
    /// ```
    pub fn recv(&mut self) -> RecvFuture<'_, Self> {
        Stream::recv(self)
    }

    /// Receives the value if this receiver has not seen it; never waits and registers no
    /// waker.
    ///
    /// ```
    /// use postage::stream::TryRecvError;
    ///
    /// let (tx, mut rx) = postage::watch::channel_with(1);
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    /// drop(tx);
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        Stream::try_recv(self)
    }

    /// Receives the next unseen value, parking the current thread until there is one.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// let (tx, mut rx) = postage::watch::channel_with(0);
    /// assert_eq!(rx.blocking_recv(), Some(0));
    /// std::thread::spawn(move || tx.send(1).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(1));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    pub fn blocking_recv(&mut self) -> Option<T> {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Receives the next unseen value, parking the current thread until there is one, for
    /// at most `timeout`.
    ///
    /// [`RecvTimeoutError::Timeout`](crate::stream::RecvTimeoutError::Timeout) when the
    /// time passed first (a zero timeout checks once), [`Closed`](crate::stream::RecvTimeoutError::Closed)
    /// once the sender is gone and the last value was seen. A timed-out receive marks
    /// nothing seen.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::stream::RecvTimeoutError;
    ///
    /// let (tx, mut rx) = postage::watch::channel_with(0);
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(rx.blocking_recv_timeout(wait), Ok(0));
    /// assert_eq!(rx.blocking_recv_timeout(wait), Err(RecvTimeoutError::Timeout));
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

    fn poll_value(&mut self, cx: &Context<'_>) -> PollRecv<T> {
        match self.shared.poll_change(self.seen, &mut self.key, cx) {
            Poll::Ready(Change::New(_)) => {
                let (stored, version) = self.shared.read_versioned();
                // Clone before marking seen: a panicking clone leaves the value unseen.
                let value = stored.clone();
                drop(stored);
                self.seen = version;
                PollRecv::Ready(value)
            }
            Poll::Ready(Change::Closed) => PollRecv::Closed,
            Poll::Pending => PollRecv::Pending,
        }
    }
}

impl<T> Clone for Receiver<T> {
    /// A new receiver; like every new receiver, it first gets the current value.
    ///
    /// ```
    /// let (_tx, mut rx) = postage::watch::channel_with(5);
    /// assert_eq!(rx.try_recv(), Ok(5));
    /// let mut copy = rx.clone();
    /// assert_eq!(copy.try_recv(), Ok(5));
    /// ```
    fn clone(&self) -> Self {
        self.shared.add_receiver();
        Receiver {
            shared: self.shared.clone(),
            seen: UNSEEN,
            key: None,
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.drop_receiver(&mut self.key);
    }
}

impl<T: Clone> Stream for Receiver<T> {
    type Item = T;

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<T> {
        self.poll_value(cx)
    }

    fn cancel_recv(mut self: Pin<&mut Self>) {
        let this = &mut *self;
        this.shared.forget(&mut this.key);
    }
}

impl<T: Clone> futures_core::Stream for Receiver<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.poll_value(cx) {
            PollRecv::Ready(value) => Poll::Ready(Some(value)),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        }
    }
}

impl<T: Clone> futures_core::FusedStream for Receiver<T> {
    fn is_terminated(&self) -> bool {
        matches!(self.shared.check(self.seen), Some(Change::Closed))
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("watch::Receiver")
            .field("seen", &self.seen)
            .field("version", &self.shared.version())
            .field("closed", &self.shared.is_sender_gone())
            .finish()
    }
}

/// The future of [`Receiver::changed`].
///
/// Cancel safe: dropping it marks nothing seen.
///
/// ```
/// # futures::executor::block_on(async {
/// let (_tx, mut rx) = postage::watch::channel_with(0);
/// let changed: postage::watch::ChangedFuture<'_, i32> = rx.changed();
/// assert_eq!(changed.await, Ok(()));
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct ChangedFuture<'a, T> {
    receiver: &'a mut Receiver<T>,
    /// Whether it resolved (for `FusedFuture`).
    done: bool,
}

impl<T> Future for ChangedFuture<'_, T> {
    type Output = Result<(), Closed>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let changed = self.receiver.poll_changed(cx);
        self.done = changed.is_ready();
        changed
    }
}

/// Terminated once it resolved.
impl<T> futures_core::FusedFuture for ChangedFuture<'_, T> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<T> Drop for ChangedFuture<'_, T> {
    fn drop(&mut self) {
        let receiver = &mut *self.receiver;
        receiver.shared.forget(&mut receiver.key);
    }
}

impl<T> fmt::Debug for ChangedFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangedFuture").finish_non_exhaustive()
    }
}

/// The future of [`Receiver::wait_for`].
///
/// Cancel safe: dropping it loses no value for later calls.
///
/// ```
/// # futures::executor::block_on(async {
/// let (_tx, mut rx) = postage::watch::channel_with(3);
/// let odd: postage::watch::WaitForFuture<'_, i32, _> = rx.wait_for(|n| n % 2 == 1);
/// assert_eq!(*odd.await.unwrap(), 3);
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct WaitForFuture<'a, T, F> {
    shared: &'a Versioned<T>,
    seen: &'a mut u64,
    key: &'a mut Option<WaitKey>,
    predicate: F,
    /// Whether the value stored when the wait began was checked.
    checked_current: bool,
    /// Whether it resolved (for `FusedFuture`).
    done: bool,
}

// Nothing is pinned: the predicate is only ever called through `&mut`.
impl<T, F> Unpin for WaitForFuture<'_, T, F> {}

impl<'a, T, F: FnMut(&T) -> bool> WaitForFuture<'a, T, F> {
    /// Checks the stored value against the predicate and marks it seen.
    fn check_stored(&mut self) -> Option<Ref<'a, T>> {
        let shared: &'a Versioned<T> = self.shared;
        let (stored, version) = shared.read_versioned();
        *self.seen = version;
        if (self.predicate)(&stored) {
            Some(Ref(stored))
        } else {
            None
        }
    }

    /// Checks the values as they come, until one matches or the sender is gone.
    fn poll_found(&mut self, cx: &Context<'_>) -> Poll<Result<Ref<'a, T>, Closed>> {
        if !self.checked_current {
            self.checked_current = true;
            if let Some(found) = self.check_stored() {
                return Poll::Ready(Ok(found));
            }
        }
        loop {
            match self.shared.poll_change(*self.seen, self.key, cx) {
                Poll::Ready(Change::New(_)) => {
                    if let Some(found) = self.check_stored() {
                        return Poll::Ready(Ok(found));
                    }
                }
                Poll::Ready(Change::Closed) => return Poll::Ready(Err(Closed)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<'a, T, F: FnMut(&T) -> bool> Future for WaitForFuture<'a, T, F> {
    type Output = Result<Ref<'a, T>, Closed>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let found = this.poll_found(cx);
        this.done = found.is_ready();
        found
    }
}

/// Terminated once it resolved.
impl<'a, T, F: FnMut(&T) -> bool> futures_core::FusedFuture for WaitForFuture<'a, T, F> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<T, F> Drop for WaitForFuture<'_, T, F> {
    fn drop(&mut self) {
        self.shared.forget(self.key);
    }
}

impl<T, F> fmt::Debug for WaitForFuture<'_, T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitForFuture")
            .field("seen", &*self.seen)
            .finish_non_exhaustive()
    }
}

/// A borrow of a watch channel's value, from [`Sender::borrow`], [`Receiver::borrow`] or
/// [`Receiver::borrow_and_update`].
///
/// It holds a read lock: the sender cannot store a new value while it lives. Keep it short
/// and never hold it across an `.await`.
///
/// ```
/// let (_tx, rx) = postage::watch::channel_with((1, 2));
/// let pair = rx.borrow();
/// assert_eq!(pair.0 + pair.1, 3);
/// ```
pub struct Ref<'a, T>(RwLockReadGuard<'a, T>);

impl<T> Deref for Ref<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Ref<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// The error of [`Receiver::changed`]: the sender is gone and the last value was seen.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::watch::channel::<u8>();
/// rx.borrow_and_update();
/// drop(tx);
/// let error = rx.changed().await.unwrap_err();
/// assert_eq!(error.to_string(), "channel is closed");
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("channel is closed")
    }
}

impl Error for Closed {}

#[cfg(test)]
mod tests;
