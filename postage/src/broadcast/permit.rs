//! Permits of the broadcast channel: a unit of capacity reserved ahead of the message.
//!
//! A permit holds capacity, not a position: the message takes its place in the series when
//! [`Permit::send`] runs, so an unused permit never holds up the messages behind it, and
//! dropping it unused frees the slot and wakes one waiting sender.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Sender;
use crate::core::waiters::WaitKey;
use crate::error::SendError;

/// One reserved slot of a [`broadcast`](super) channel, from [`Sender::reserve`] or
/// [`Sender::try_reserve`]. [`send`](Self::send) never waits and never fails; dropping the
/// permit unused frees the slot.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::broadcast::channel(1);
/// let permit = tx.reserve().await.unwrap();
/// assert!(tx.try_send(0).is_err(), "the permit holds the only slot");
/// permit.send(1);
/// assert_eq!(rx.recv().await, Some(1));
/// # });
/// ```
pub struct Permit<'a, T> {
    sender: &'a Sender<T>,
}

impl<'a, T> Permit<'a, T> {
    pub(super) fn new(sender: &'a Sender<T>) -> Self {
        Permit { sender }
    }

    /// Sends `value` in the reserved slot, to every receiver. If every receiver is gone by
    /// now, the value is dropped.
    ///
    /// ```
    /// let (tx, mut rx) = postage::broadcast::channel(2);
    /// let first = tx.try_reserve().unwrap();
    /// let second = tx.try_reserve().unwrap();
    /// second.send("b"); // messages go in the order of `send`, not of reservation
    /// first.send("a");
    /// assert_eq!((rx.try_recv(), rx.try_recv()), (Ok("b"), Ok("a")));
    /// ```
    pub fn send(self, value: T) {
        let sender = self.sender;
        std::mem::forget(self);
        sender.ring.publish(value);
    }
}

impl<T> Drop for Permit<'_, T> {
    fn drop(&mut self) {
        self.sender.ring.free_slot();
    }
}

impl<T> fmt::Debug for Permit<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::Permit").finish_non_exhaustive()
    }
}

/// One reserved slot that owns its [`Sender`], from [`Sender::reserve_owned`]: it can be
/// moved into a task and gives the sender back when used or released.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::broadcast::channel(1);
/// let permit = tx.reserve_owned().await.unwrap();
/// let tx = permit.send(7);
/// assert_eq!(rx.recv().await, Some(7));
/// let tx = tx.reserve_owned().await.unwrap().release();
/// assert!(tx.try_send(8).is_ok(), "the released slot is free again");
/// # });
/// ```
pub struct OwnedPermit<T> {
    sender: Option<Sender<T>>,
}

impl<T> OwnedPermit<T> {
    /// Sends `value` in the reserved slot and gives the sender back. If every receiver is
    /// gone by now, the value is dropped.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::broadcast::channel(1);
    /// let tx = tx.reserve_owned().await.unwrap().send('x');
    /// assert_eq!(rx.try_recv(), Ok('x'));
    /// # drop(tx);
    /// # });
    /// ```
    pub fn send(mut self, value: T) -> Sender<T> {
        let sender = self.sender.take().expect("a permit holds its sender");
        sender.ring.publish(value);
        sender
    }

    /// Frees the reserved slot unused (waking one waiting sender) and gives the sender back.
    ///
    /// ```
    /// # futures::executor::block_on(async {
    /// let (tx, _rx) = postage::broadcast::channel::<u8>(1);
    /// let tx = tx.reserve_owned().await.unwrap().release();
    /// assert!(tx.try_send(1).is_ok());
    /// # });
    /// ```
    pub fn release(mut self) -> Sender<T> {
        let sender = self.sender.take().expect("a permit holds its sender");
        sender.ring.free_slot();
        sender
    }
}

impl<T> Drop for OwnedPermit<T> {
    fn drop(&mut self) {
        if let Some(sender) = &self.sender {
            sender.ring.free_slot();
        }
    }
}

impl<T> fmt::Debug for OwnedPermit<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::OwnedPermit")
            .finish_non_exhaustive()
    }
}

/// The future of [`Sender::reserve`]: waits for a free slot and holds it as a [`Permit`].
///
/// Cancel safe: dropping it before it completes reserves nothing and passes a wake-up it
/// received to the next waiting sender.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, _rx) = postage::broadcast::channel::<u8>(1);
/// let reserving: postage::broadcast::ReserveFuture<'_, u8> = tx.reserve();
/// reserving.await.unwrap().send(1);
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct ReserveFuture<'a, T> {
    sender: &'a Sender<T>,
    key: Option<WaitKey>,
}

impl<'a, T> ReserveFuture<'a, T> {
    pub(super) fn new(sender: &'a Sender<T>) -> Self {
        ReserveFuture { sender, key: None }
    }
}

impl<'a, T> Future for ReserveFuture<'a, T> {
    type Output = Result<Permit<'a, T>, SendError<()>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if this.sender.released {
            return Poll::Ready(Err(SendError(())));
        }
        this.sender
            .ring
            .poll_occupy(&mut this.key, cx.waker())
            .map(|taken| {
                if taken {
                    Ok(Permit::new(this.sender))
                } else {
                    Err(SendError(()))
                }
            })
    }
}

impl<T> Drop for ReserveFuture<'_, T> {
    fn drop(&mut self) {
        self.sender.ring.cancel_send(&mut self.key);
    }
}

impl<T> fmt::Debug for ReserveFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::ReserveFuture")
            .finish_non_exhaustive()
    }
}

/// The future of [`Sender::reserve_owned`]: waits for a free slot and holds it, with the
/// sender, as an [`OwnedPermit`].
///
/// Cancel safe: dropping it before it completes reserves nothing, drops the sender and
/// passes a wake-up it received to the next waiting sender.
///
/// ```
/// # futures::executor::block_on(async {
/// let (tx, _rx) = postage::broadcast::channel::<u8>(1);
/// let reserving: postage::broadcast::OwnedReserveFuture<u8> = tx.reserve_owned();
/// let tx = reserving.await.unwrap().send(1);
/// # drop(tx);
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct OwnedReserveFuture<T> {
    sender: Option<Sender<T>>,
    key: Option<WaitKey>,
}

impl<T> OwnedReserveFuture<T> {
    pub(super) fn new(sender: Sender<T>) -> Self {
        OwnedReserveFuture {
            sender: Some(sender),
            key: None,
        }
    }
}

impl<T> Unpin for OwnedReserveFuture<T> {}

impl<T> Future for OwnedReserveFuture<T> {
    type Output = Result<OwnedPermit<T>, SendError<()>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let sender = this
            .sender
            .as_ref()
            .expect("reserve_owned future polled after completion");
        let taken = if sender.released {
            false
        } else {
            match sender.ring.poll_occupy(&mut this.key, cx.waker()) {
                Poll::Ready(taken) => taken,
                Poll::Pending => return Poll::Pending,
            }
        };
        let sender = this.sender.take();
        Poll::Ready(if taken {
            Ok(OwnedPermit { sender })
        } else {
            Err(SendError(()))
        })
    }
}

impl<T> Drop for OwnedReserveFuture<T> {
    fn drop(&mut self) {
        if let Some(sender) = &self.sender {
            sender.ring.cancel_send(&mut self.key);
        }
    }
}

impl<T> fmt::Debug for OwnedReserveFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::OwnedReserveFuture")
            .field("done", &self.sender.is_none())
            .finish_non_exhaustive()
    }
}
