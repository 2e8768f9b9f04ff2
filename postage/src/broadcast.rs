//! A lossless multi-producer, multi-consumer broadcast channel.
//!
//! [`channel`] makes a [`Sender`] and a [`Receiver`], both cloneable, around a buffer of
//! exactly `capacity` messages. Every receiver gets every message sent after it came to
//! exist, in send order. Nothing is ever dropped for a slow receiver: a sender waits while
//! any live receiver is `capacity` messages behind, and goes on as soon as the slowest one
//! reads (or is dropped).
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
//! Each message is cloned once for each receiver that reads it, except that the last
//! receiver to read it takes it without cloning. A panic in `T::clone` affects only the
//! receiver whose `recv` panicked: the message stays unread for it and the channel goes on.
//!
//! Receivers read messages that other receivers read too, so the handles are `Send` and
//! `Sync` only when `T` is `Send + Sync`.
//!
//! # Closing
//!
//! When every sender is gone each receiver gets the messages it has not read, then `None`
//! for good. When every receiver is gone every send fails at once, handing the value back,
//! and the buffered messages are dropped right away; [`Sender::subscribe`] opens the channel
//! again. Dropping a receiver releases the messages only it still had to read, which may let
//! waiting senders go on.
//!
//! # Cancel safety
//!
//! [`Receiver::recv`] and [`Sender::closed`] are cancel safe: dropping the future consumes
//! nothing. Dropping a pending [`Sender::send`] future drops its value, which was not and
//! will not be delivered, and hands any wake-up it received to the next waiting sender.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::closing::ClosedFuture;
use crate::error::{SendError, TrySendError};
use crate::ring::SlotRing;
use crate::sink::{PollSend, Sink};
use crate::stream::{PollRecv, RecvFuture, Stream, TryRecvError};
use crate::sync::Arc;
use crate::waiters::WaitKey;

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
    let ring = Arc::new(SlotRing::new(capacity));
    let sender = Sender {
        ring: ring.clone(),
        key: None,
        permit: false,
        _shared: PhantomData,
    };
    let receiver = Receiver {
        ring,
        pos: 0,
        key: None,
        _shared: PhantomData,
    };
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
    ring: Arc<SlotRing<T>>,
    key: Option<WaitKey>,
    permit: bool,
    _shared: SharedRead<T>,
}

impl<T> Sender<T> {
    /// Sends `value` to every receiver, waiting while the slowest receiver is `capacity`
    /// messages behind.
    ///
    /// Fails with the value when every receiver is gone. Cancel safety: dropping the future
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
        }
    }

    /// Sends `value` if there is room now; never waits and registers no waker.
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
        self.ring.try_send(value)
    }

    /// Sends `value`, parking the current thread while the channel is full.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(5).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(5));
    /// ```
    #[cfg(feature = "blocking")]
    pub fn blocking_send(&self, value: T) -> Result<(), SendError<T>> {
        crate::blocking::block_on(self.send(value))
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
        ClosedFuture::new(&self.ring.closing)
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
        Receiver {
            ring: self.ring.clone(),
            pos,
            key: None,
            _shared: PhantomData,
        }
    }

    /// The number of buffered messages: sent and not yet read by every receiver.
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

    /// The most messages a receiver may lag behind before senders wait.
    ///
    /// ```
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(4);
    /// assert_eq!(tx.capacity(), 4);
    /// ```
    pub fn capacity(&self) -> usize {
        self.ring.capacity()
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.ring.add_sender();
        Sender {
            ring: self.ring.clone(),
            key: None,
            permit: false,
            _shared: PhantomData,
        }
    }
}

impl<T> Sink for Sender<T> {
    type Item = T;

    fn poll_send(mut self: Pin<&mut Self>, cx: &mut Context<'_>, value: T) -> PollSend<T> {
        let this = &mut *self;
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
        this.ring
            .poll_reserve(&mut this.key, &mut this.permit, cx)
            .map(Ok)
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), Self::Error> {
        let this = &mut *self;
        this.ring.send_reserved(&mut this.permit, item)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.ring.drop_sender(&mut self.key, &mut self.permit);
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("broadcast::Sender");
        self.ring.debug_fields(&mut s);
        s.finish()
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
    ring: &'a SlotRing<T>,
    value: Option<T>,
    key: Option<WaitKey>,
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
    ring: Arc<SlotRing<T>>,
    pos: u64,
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
        self.ring.try_recv(&mut self.pos)
    }

    /// Receives the next message, parking the current thread while none is unread.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(8).unwrap());
    /// assert_eq!(rx.blocking_recv(), Some(8));
    /// ```
    #[cfg(feature = "blocking")]
    pub fn blocking_recv(&mut self) -> Option<T> {
        crate::blocking::block_on(self.recv())
    }
}

impl<T> Receiver<T> {
    /// The number of messages this receiver has not read yet.
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

    /// The most messages a receiver may lag behind before senders wait.
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
        Receiver {
            ring: self.ring.clone(),
            pos: self.pos,
            key: None,
            _shared: PhantomData,
        }
    }
}

impl<T: Clone> Stream for Receiver<T> {
    type Item = T;

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<T> {
        let this = &mut *self;
        this.ring.poll_recv(&mut this.pos, &mut this.key, cx)
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
        match this.ring.poll_recv(&mut this.pos, &mut this.key, cx) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::CountingWaker;
    use std::cell::Cell;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::task::Waker;

    /// Counts its clones and drops in shared counters.
    #[derive(Debug)]
    struct Tracked {
        id: u32,
        clones: std::sync::Arc<AtomicUsize>,
        drops: std::sync::Arc<AtomicUsize>,
        panic_on_clone: std::sync::Arc<AtomicBool>,
    }

    impl Clone for Tracked {
        fn clone(&self) -> Self {
            assert!(!self.panic_on_clone.load(Ordering::SeqCst), "clone refused");
            self.clones.fetch_add(1, Ordering::SeqCst);
            Tracked {
                id: self.id,
                clones: self.clones.clone(),
                drops: self.drops.clone(),
                panic_on_clone: self.panic_on_clone.clone(),
            }
        }
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[derive(Default)]
    struct Tracker {
        clones: std::sync::Arc<AtomicUsize>,
        drops: std::sync::Arc<AtomicUsize>,
        panic_on_clone: std::sync::Arc<AtomicBool>,
    }

    impl Tracker {
        fn make(&self, id: u32) -> Tracked {
            Tracked {
                id,
                clones: self.clones.clone(),
                drops: self.drops.clone(),
                panic_on_clone: self.panic_on_clone.clone(),
            }
        }

        fn clones(&self) -> usize {
            self.clones.load(Ordering::SeqCst)
        }

        fn drops(&self) -> usize {
            self.drops.load(Ordering::SeqCst)
        }
    }

    fn poll_recv<T: Clone>(rx: &mut Receiver<T>, waker: &CountingWaker) -> PollRecv<T> {
        Pin::new(rx).poll_recv(&mut Context::from_waker(&waker.waker()))
    }

    #[test]
    fn every_receiver_gets_every_message_in_send_order() {
        let (tx, mut a) = channel(4);
        let mut b = a.clone();
        for n in 0..3 {
            tx.try_send(n).unwrap();
        }
        for rx in [&mut a, &mut b] {
            assert_eq!(
                [rx.try_recv(), rx.try_recv(), rx.try_recv()],
                [Ok(0), Ok(1), Ok(2)]
            );
            assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
        }
    }

    #[test]
    fn a_clone_starts_at_the_read_position_of_the_original() {
        let (tx, mut rx) = channel(4);
        tx.try_send(1).unwrap();
        tx.try_send(2).unwrap();
        assert_eq!(rx.try_recv(), Ok(1));
        let mut copy = rx.clone();
        tx.try_send(3).unwrap();
        assert_eq!([copy.try_recv(), copy.try_recv()], [Ok(2), Ok(3)]);
        assert_eq!([rx.try_recv(), rx.try_recv()], [Ok(2), Ok(3)]);
    }

    #[test]
    fn a_subscriber_sees_only_later_messages() {
        let (tx, _rx) = channel(4);
        tx.try_send(1).unwrap();
        let mut late = tx.subscribe();
        assert_eq!(late.try_recv(), Err(TryRecvError::Empty));
        tx.try_send(2).unwrap();
        assert_eq!(late.try_recv(), Ok(2));
    }

    #[test]
    fn capacity_is_exact() {
        for capacity in [1, 3] {
            let (tx, _rx) = channel(capacity);
            for n in 0..capacity {
                tx.try_send(n).unwrap();
            }
            assert_eq!(tx.try_send(99), Err(TrySendError::Full(99)));
            assert_eq!(tx.len(), capacity);
        }
    }

    #[test]
    #[should_panic(expected = "capacity must be at least 1")]
    fn capacity_zero_panics() {
        let _ = channel::<u8>(0);
    }

    #[test]
    fn a_sender_waits_for_the_slowest_receiver() {
        let (tx, mut fast) = channel(1);
        let mut slow = fast.clone();
        tx.try_send(1).unwrap();
        assert_eq!(fast.try_recv(), Ok(1));
        let waker = CountingWaker::new();
        let mut send = tx.send(2);
        assert!(waker.poll(&mut send).is_pending());
        assert_eq!(fast.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(waker.count(), 0);
        assert_eq!(slow.try_recv(), Ok(1));
        assert_eq!(waker.count(), 1);
        assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
        assert_eq!((fast.try_recv(), slow.try_recv()), (Ok(2), Ok(2)));
    }

    #[test]
    fn dropping_the_slowest_receiver_releases_its_messages_and_wakes_a_sender() {
        let tracker = Tracker::default();
        let (tx, mut fast) = channel(2);
        let slow = fast.clone();
        tx.try_send(tracker.make(1)).unwrap();
        tx.try_send(tracker.make(2)).unwrap();
        assert_eq!(fast.try_recv().unwrap().id, 1);
        assert_eq!(fast.try_recv().unwrap().id, 2);
        assert_eq!(tracker.drops(), 2);
        let waker = CountingWaker::new();
        let mut send = tx.send(tracker.make(3));
        assert!(waker.poll(&mut send).is_pending());
        drop(slow);
        assert_eq!(tracker.drops(), 4);
        assert_eq!(waker.count(), 1);
        assert!(waker.poll(&mut send).is_ready());
        assert_eq!(tx.len(), 1);
    }

    #[test]
    fn a_freed_slot_wakes_one_sender() {
        let (tx, mut rx) = channel(1);
        tx.try_send(0).unwrap();
        let (first, second) = (CountingWaker::new(), CountingWaker::new());
        let (mut send1, mut send2) = (tx.send(1), tx.send(2));
        assert!(first.poll(&mut send1).is_pending());
        assert!(second.poll(&mut send2).is_pending());
        assert_eq!(rx.try_recv(), Ok(0));
        assert_eq!((first.count(), second.count()), (1, 0));
    }

    #[test]
    fn an_abandoned_notified_send_passes_its_wake_up_on() {
        let (tx, mut rx) = channel(1);
        tx.try_send(0).unwrap();
        let (first, second) = (CountingWaker::new(), CountingWaker::new());
        let (mut send1, mut send2) = (tx.send(1), tx.send(2));
        assert!(first.poll(&mut send1).is_pending());
        assert!(second.poll(&mut send2).is_pending());
        assert_eq!(rx.try_recv(), Ok(0));
        drop(send1);
        assert_eq!(second.count(), 1);
        assert_eq!(second.poll(&mut send2), Poll::Ready(Ok(())));
        assert_eq!(rx.try_recv(), Ok(2));
    }

    #[test]
    fn a_cancelled_send_never_delivers_its_value() {
        let (tx, mut rx) = channel(1);
        tx.try_send(0).unwrap();
        let waker = CountingWaker::new();
        let mut send = tx.send(1);
        assert!(waker.poll(&mut send).is_pending());
        drop(send);
        assert_eq!(rx.try_recv(), Ok(0));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(tx.len(), 0);
    }

    #[test]
    fn a_new_message_wakes_every_waiting_receiver_once() {
        let (tx, mut a) = channel(2);
        let mut b = a.clone();
        let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
        for _ in 0..3 {
            assert_eq!(poll_recv(&mut a, &wa), PollRecv::Pending);
            assert_eq!(poll_recv(&mut b, &wb), PollRecv::Pending);
        }
        tx.try_send(1).unwrap();
        assert_eq!((wa.count(), wb.count()), (1, 1));
        tx.try_send(2).unwrap();
        assert_eq!((wa.count(), wb.count()), (1, 1));
        assert_eq!(poll_recv(&mut a, &wa), PollRecv::Ready(1));
        assert_eq!(poll_recv(&mut b, &wb), PollRecv::Ready(1));
    }

    #[test]
    fn repolling_with_a_new_waker_replaces_the_old_one() {
        let (tx, mut rx) = channel(1);
        let (old, new) = (CountingWaker::new(), CountingWaker::new());
        assert_eq!(poll_recv(&mut rx, &old), PollRecv::Pending);
        assert_eq!(poll_recv(&mut rx, &new), PollRecv::Pending);
        tx.try_send(1).unwrap();
        assert_eq!((old.count(), new.count()), (0, 1));
    }

    #[test]
    fn a_cancelled_recv_consumes_nothing() {
        let (tx, mut rx) = channel(1);
        let waker = CountingWaker::new();
        let mut recv = rx.recv();
        assert!(waker.poll(&mut recv).is_pending());
        drop(recv);
        tx.try_send(1).unwrap();
        assert_eq!(waker.count(), 0);
        assert_eq!(rx.try_recv(), Ok(1));
    }

    #[test]
    fn a_receiver_drains_before_reporting_closed_and_stays_closed() {
        let (tx, mut rx) = channel(2);
        tx.try_send(1).unwrap();
        drop(tx);
        assert_eq!(rx.try_recv(), Ok(1));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
        assert!(futures_core::FusedStream::is_terminated(&rx));
    }

    #[test]
    fn the_last_sender_leaving_wakes_waiting_receivers() {
        let (tx, mut rx) = channel::<u8>(1);
        let waker = CountingWaker::new();
        assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Pending);
        drop(tx);
        assert_eq!(waker.count(), 1);
        assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Closed);
    }

    #[test]
    fn send_after_the_last_receiver_left_returns_the_value() {
        let (tx, rx) = channel(1);
        drop(rx);
        assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
        let waker = CountingWaker::new();
        assert_eq!(waker.poll(&mut tx.send(2)), Poll::Ready(Err(SendError(2))));
        assert!(tx.is_closed());
    }

    #[test]
    fn the_last_receiver_leaving_fails_pending_sends_and_fires_closed() {
        let (tx, rx) = channel(1);
        tx.try_send(0).unwrap();
        let (sender, closer) = (CountingWaker::new(), CountingWaker::new());
        let mut send = tx.send(1);
        let mut closed = tx.closed();
        assert!(sender.poll(&mut send).is_pending());
        assert!(closer.poll(&mut closed).is_pending());
        drop(rx);
        assert_eq!((sender.count(), closer.count()), (1, 1));
        assert_eq!(sender.poll(&mut send), Poll::Ready(Err(SendError(1))));
        assert!(closer.poll(&mut closed).is_ready());
    }

    #[test]
    fn buffered_values_are_dropped_when_the_last_receiver_goes() {
        let tracker = Tracker::default();
        let (tx, rx) = channel(4);
        let rx2 = rx.clone();
        for id in 0..3 {
            tx.try_send(tracker.make(id)).unwrap();
        }
        drop(rx);
        assert_eq!(tracker.drops(), 0);
        drop(rx2);
        assert_eq!(tracker.drops(), 3);
        assert!(tx.is_empty());
    }

    #[test]
    fn subscribe_reopens_a_closed_channel() {
        let (tx, rx) = channel(1);
        drop(rx);
        assert!(tx.is_closed());
        let mut rx = tx.subscribe();
        assert!(!tx.is_closed());
        tx.try_send(5).unwrap();
        assert_eq!(rx.try_recv(), Ok(5));
    }

    #[test]
    fn each_message_is_cloned_once_per_reader_and_the_last_reader_moves_it() {
        let tracker = Tracker::default();
        let (tx, mut a) = channel(2);
        let (mut b, mut c) = (a.clone(), a.clone());
        tx.try_send(tracker.make(1)).unwrap();
        for rx in [&mut a, &mut b, &mut c] {
            assert_eq!(rx.try_recv().unwrap().id, 1);
        }
        assert_eq!(tracker.clones(), 2);
        assert_eq!(tracker.drops(), 3);
    }

    #[test]
    fn a_panicking_clone_affects_only_that_receiver() {
        let tracker = Tracker::default();
        let (tx, mut a) = channel(1);
        let mut b = a.clone();
        tx.try_send(tracker.make(1)).unwrap();
        tracker.panic_on_clone.store(true, Ordering::SeqCst);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| a.try_recv()));
        assert!(panicked.is_err());
        tracker.panic_on_clone.store(false, Ordering::SeqCst);
        assert_eq!(b.try_recv().unwrap().id, 1);
        assert_eq!(a.try_recv().unwrap().id, 1);
        tx.try_send(tracker.make(2)).unwrap();
        assert_eq!(a.try_recv().unwrap().id, 2);
        assert_eq!(b.try_recv().unwrap().id, 2);
    }

    #[test]
    fn poll_ready_reserves_a_slot_that_start_send_fills() {
        use futures_sink::Sink as _;
        let (mut tx, mut rx) = channel(1);
        let mut cx = Context::from_waker(Waker::noop());
        assert!(matches!(
            Pin::new(&mut tx).poll_ready(&mut cx),
            Poll::Ready(Ok(()))
        ));
        assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
        assert_eq!(Pin::new(&mut tx).start_send(2), Ok(()));
        assert_eq!(rx.try_recv(), Ok(2));
    }

    #[test]
    fn poll_ready_on_a_closed_channel_lets_start_send_hand_the_item_back() {
        use futures_sink::Sink as _;
        let (mut tx, rx) = channel(1);
        drop(rx);
        let mut cx = Context::from_waker(Waker::noop());
        assert!(matches!(
            Pin::new(&mut tx).poll_ready(&mut cx),
            Poll::Ready(Ok(()))
        ));
        assert_eq!(Pin::new(&mut tx).start_send(3), Err(SendError(3)));
    }

    #[test]
    fn dropping_a_sender_with_a_reservation_releases_it() {
        use futures_sink::Sink as _;
        let (tx, _rx) = channel(1);
        let mut reserving = tx.clone();
        let mut cx = Context::from_waker(Waker::noop());
        assert!(Pin::new(&mut reserving).poll_ready(&mut cx).is_ready());
        assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
        drop(reserving);
        assert_eq!(tx.try_send(1), Ok(()));
    }

    #[test]
    fn the_postage_sink_and_stream_traits_deliver() {
        let (mut tx, mut rx) = channel(1);
        assert_eq!(Sink::try_send(&mut tx, 4), Ok(()));
        assert_eq!(Stream::try_recv(&mut rx), Ok(4));
    }

    #[test]
    fn receiver_len_counts_its_own_unread_messages() {
        let (tx, mut a) = channel(3);
        let b = a.clone();
        tx.try_send(1).unwrap();
        tx.try_send(2).unwrap();
        a.try_recv().unwrap();
        assert_eq!((a.len(), b.len(), tx.len()), (1, 2, 2));
    }

    #[test]
    fn debug_does_not_need_a_debug_payload() {
        struct Opaque;
        impl Clone for Opaque {
            fn clone(&self) -> Self {
                Opaque
            }
        }
        let (tx, rx) = channel::<Opaque>(2);
        let text = format!("{tx:?} {rx:?}");
        assert!(text.contains("broadcast::Sender") && text.contains("capacity: 2"));
        assert!(text.contains("broadcast::Receiver"));
    }

    trait AmbiguousIfSend<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSend<()> for T {}
    impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}

    #[test]
    fn handles_are_send_and_sync_only_for_send_and_sync_payloads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Sender<u32>>();
        send_sync::<Receiver<u32>>();
        // Each line compiles only if the type is not `Send` (the impls would be ambiguous).
        <Receiver<Cell<u32>> as AmbiguousIfSend<_>>::check();
        <Sender<Cell<u32>> as AmbiguousIfSend<_>>::check();
        <Receiver<std::rc::Rc<u32>> as AmbiguousIfSend<_>>::check();
    }
}
