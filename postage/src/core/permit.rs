//! Permits, written once for every bounded channel: the reservation future and the
//! [`impl_permits!`] macro that gives a channel module its public `Permit`, `OwnedPermit`,
//! `PermitIterator`, their futures and the `reserve*` methods of its `Sender`.
//!
//! A permit holds capacity, not a position: the channel counts it among its reservations
//! (the queue's array, the ring's occupancy), and the message takes its place only when
//! `send` runs. So messages arrive in the order of `send`, an unused permit holds up nothing
//! behind it, and dropping it gives the room back to the channel, which serves the senders
//! waiting in line (see `core/queue.rs`, "Permits: who gets freed room").
//!
//! Invariant: every slot a permit stands for is reserved in the channel exactly once, and
//! given back exactly once: by its `send` (which uses it), or by the drop or `release` of
//! the permit (or of the iterator holding it).

use std::task::{Context, Poll, Waker};

use crate::core::queue::Queue;
use crate::core::ring::SlotRing;
use crate::core::waiters::WaitKey;
use crate::error::{SendError, TrySendError};

/// A channel that hands out permits.
pub(crate) trait Reservations {
    type Item;

    fn capacity(&self) -> usize;

    /// Reserves `n` (1 to the capacity) slots now, or fails without waiting.
    fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>>;

    /// Polls a reservation of `n` (1 to the capacity) slots waiting in line under `key`:
    /// `Ready(true)` when the caller holds them, `Ready(false)` when the channel is closed.
    fn poll_reserve_slots(&self, key: &mut Option<WaitKey>, n: usize, waker: &Waker) -> Poll<bool>;

    /// Abandons a pending reservation: the room set aside for it goes to the next in line.
    fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>);

    /// Sends `value` in a reserved slot; drops it if every receiver is gone.
    fn send_reserved_slot(&self, value: Self::Item);

    /// Gives back `n` reserved slots unused.
    fn release_slots(&self, n: usize);
}

impl<T> Reservations for Queue<T> {
    type Item = T;

    fn capacity(&self) -> usize {
        Queue::capacity(self)
    }

    fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>> {
        Queue::try_reserve_slots(self, n)
    }

    fn poll_reserve_slots(&self, key: &mut Option<WaitKey>, n: usize, waker: &Waker) -> Poll<bool> {
        Queue::poll_reserve_slots(self, key, n, waker)
    }

    fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>) {
        Queue::cancel_reserve_slots(self, key);
    }

    fn send_reserved_slot(&self, value: T) {
        Queue::send_reserved_slot(self, value);
    }

    fn release_slots(&self, n: usize) {
        Queue::release_slots(self, n);
    }
}

impl<T> Reservations for SlotRing<T> {
    type Item = T;

    fn capacity(&self) -> usize {
        SlotRing::capacity(self)
    }

    fn try_reserve_slots(&self, n: usize) -> Result<(), TrySendError<()>> {
        SlotRing::try_reserve_slots(self, n)
    }

    fn poll_reserve_slots(&self, key: &mut Option<WaitKey>, n: usize, waker: &Waker) -> Poll<bool> {
        SlotRing::poll_reserve_slots(self, key, n, waker)
    }

    fn cancel_reserve_slots(&self, key: &mut Option<WaitKey>) {
        SlotRing::cancel_reserve_slots(self, key);
    }

    fn send_reserved_slot(&self, value: T) {
        SlotRing::send_reserved_slot(self, value);
    }

    fn release_slots(&self, n: usize) {
        SlotRing::release_slots(self, n);
    }
}

/// The state of one `reserve`/`reserve_owned`/`reserve_many` future: how many slots it
/// asks for, its place in line, and whether it resolved.
#[derive(Debug)]
pub(crate) struct Reserving {
    n: usize,
    key: Option<WaitKey>,
    done: bool,
}

impl Reserving {
    pub(crate) fn new(n: usize) -> Self {
        Reserving {
            n,
            key: None,
            done: false,
        }
    }

    /// Polls the reservation on `channel`. `refused` (a released handle), a closed channel
    /// and `n` above the capacity resolve `Err` at once; `n == 0` resolves `Ok` at once.
    /// On `Ok` the caller holds `n` slots.
    pub(crate) fn poll<C: Reservations>(
        &mut self,
        channel: &C,
        refused: bool,
        cx: &mut Context<'_>,
    ) -> Poll<Result<usize, SendError<()>>> {
        assert!(!self.done, "reserve future polled after completion");
        let outcome = if refused || self.n > channel.capacity() {
            false
        } else if self.n == 0 {
            true
        } else {
            match channel.poll_reserve_slots(&mut self.key, self.n, cx.waker()) {
                Poll::Ready(reserved) => reserved,
                Poll::Pending => return Poll::Pending,
            }
        };
        self.done = true;
        Poll::Ready(if outcome {
            Ok(self.n)
        } else {
            Err(SendError(()))
        })
    }

    /// Called on drop: a pending reservation leaves the line, giving on what was set aside.
    pub(crate) fn cancel<C: Reservations>(&mut self, channel: &C) {
        channel.cancel_reserve_slots(&mut self.key);
    }

    pub(crate) fn is_terminated(&self) -> bool {
        self.done
    }
}

/// Generates the permit types of a channel module and the `reserve*` methods of its
/// `Sender<T>`, whose field `$chan` is an `Arc` of a [`Reservations`] channel and whose
/// `released` field marks a handle closed as a sink.
macro_rules! impl_permits {
    ($kind:literal, $chan:ident) => {
        impl<T> Sender<T> {
            /// Waits for a free slot and reserves it as a [`Permit`], whose
            /// [`send`](Permit::send) never waits and never fails. Fails when the channel
            /// is closed.
            ///
            /// A permit holds capacity, not a position: messages arrive in the order
            /// [`Permit::send`] is called, and an unused permit holds up no message behind
            /// it. Dropping a permit unused frees its slot and wakes one waiting sender.
            ///
            /// Waiting senders and reservations are served in arrival order. Cancel safe:
            /// dropping the future before it completes reserves nothing and passes on a
            /// wake-up it received.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(4);")]
            /// let permit = tx.reserve().await.unwrap();
            /// tx.send(1).await.unwrap();
            /// permit.send(2);
            /// assert_eq!((rx.recv().await, rx.recv().await), (Some(1), Some(2)));
            /// # });
            /// ```
            pub fn reserve(&self) -> ReserveFuture<'_, T> {
                ReserveFuture {
                    sender: self,
                    reserving: $crate::core::permit::Reserving::new(1),
                }
            }

            /// Reserves a free slot now, or fails with `Full(())` or `Closed(())`; never
            /// waits and registers no waker.
            ///
            /// ```
            /// use postage::sink::TrySendError;
            ///
            #[doc = concat!("let (tx, rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// let permit = tx.try_reserve().unwrap();
            /// assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
            /// drop(permit);
            /// drop(rx);
            /// assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
            /// ```
            pub fn try_reserve(
                &self,
            ) -> Result<Permit<'_, T>, $crate::error::TrySendError<()>> {
                if self.released {
                    return Err($crate::error::TrySendError::Closed(()));
                }
                $crate::core::permit::Reservations::try_reserve_slots(&*self.$chan, 1)?;
                Ok(Permit { sender: self })
            }

            /// [`reserve`](Self::reserve) that takes the sender along, for a permit that can
            /// move into another task; [`OwnedPermit::send`] and [`OwnedPermit::release`]
            /// give the sender back.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(1);")]
            /// let permit = tx.clone().reserve_owned().await.unwrap();
            /// std::thread::spawn(move || drop(permit.send(5))).join().unwrap();
            /// assert_eq!(rx.recv().await, Some(5));
            /// # });
            /// ```
            pub fn reserve_owned(self) -> OwnedReserveFuture<T> {
                OwnedReserveFuture {
                    sender: Some(self),
                    reserving: $crate::core::permit::Reserving::new(1),
                }
            }

            /// Waits until `n` slots are free and reserves them all at once, as a
            /// [`PermitIterator`] yielding exactly `n` [`Permit`]s.
            ///
            /// Fails at once when `n` is above [`capacity`](Self::capacity) (it could never
            /// be granted) or the channel is closed; `n == 0` resolves at once with an empty
            /// iterator. Waiting senders and reservations are served in arrival order:
            /// while this reservation is the first in line, every slot freed is set aside
            /// for it until it holds `n`, so later sends do not overtake it. Cancel safe:
            /// dropping the future before it completes gives the slots set aside for it to
            /// the next in line.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            /// use postage::SendError;
            ///
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(4);")]
            /// for (n, permit) in tx.reserve_many(3).await.unwrap().enumerate() {
            ///     permit.send(n);
            /// }
            /// assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1, 2]);
            /// assert_eq!(tx.reserve_many(5).await.unwrap_err(), SendError(()));
            /// assert_eq!(tx.reserve_many(0).await.unwrap().len(), 0);
            /// # });
            /// ```
            pub fn reserve_many(&self, n: usize) -> ReserveManyFuture<'_, T> {
                ReserveManyFuture {
                    sender: self,
                    reserving: $crate::core::permit::Reserving::new(n),
                }
            }
        }

        /// One reserved slot, from [`Sender::reserve`], [`Sender::try_reserve`] or a
        /// [`PermitIterator`]. [`send`](Self::send) never waits and never fails; dropping
        /// the permit unused frees the slot and wakes one waiting sender.
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(1);")]
        /// let permit = tx.reserve().await.unwrap();
        /// assert!(tx.try_send(0).is_err(), "the permit holds the only slot");
        /// permit.send(1);
        /// assert_eq!(rx.recv().await, Some(1));
        /// # });
        /// ```
        pub struct Permit<'a, T> {
            sender: &'a Sender<T>,
        }

        impl<T> Permit<'_, T> {
            /// Sends `value` in the reserved slot. If every receiver is gone by now, the
            /// value is dropped.
            ///
            /// ```
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(2);")]
            /// let first = tx.try_reserve().unwrap();
            /// let second = tx.try_reserve().unwrap();
            /// second.send("b"); // messages go in the order of `send`, not of reservation
            /// first.send("a");
            /// assert_eq!((rx.try_recv(), rx.try_recv()), (Ok("b"), Ok("a")));
            /// ```
            pub fn send(self, value: T) {
                let channel = &*self.sender.$chan;
                std::mem::forget(self);
                $crate::core::permit::Reservations::send_reserved_slot(channel, value);
            }
        }

        impl<T> Drop for Permit<'_, T> {
            fn drop(&mut self) {
                $crate::core::permit::Reservations::release_slots(&*self.sender.$chan, 1);
            }
        }

        impl<T> fmt::Debug for Permit<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::Permit"))
                    .finish_non_exhaustive()
            }
        }

        /// One reserved slot that owns its [`Sender`], from [`Sender::reserve_owned`]: it
        /// can move into a task and gives the sender back when used or released. Dropping
        /// it unused frees the slot (and drops the sender).
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(1);")]
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
            /// Sends `value` in the reserved slot and gives the sender back. If every
            /// receiver is gone by now, the value is dropped.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(1);")]
            /// let tx = tx.reserve_owned().await.unwrap().send('x');
            /// assert_eq!(rx.try_recv(), Ok('x'));
            /// # drop(tx);
            /// # });
            /// ```
            pub fn send(mut self, value: T) -> Sender<T> {
                let sender = self.sender.take().expect("a permit holds its sender");
                $crate::core::permit::Reservations::send_reserved_slot(&*sender.$chan, value);
                sender
            }

            /// Frees the reserved slot unused (waking one waiting sender) and gives the
            /// sender back.
            ///
            /// ```
            /// # futures::executor::block_on(async {
            #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
            /// let tx = tx.reserve_owned().await.unwrap().release();
            /// assert!(tx.try_send(1).is_ok());
            /// # });
            /// ```
            pub fn release(mut self) -> Sender<T> {
                let sender = self.sender.take().expect("a permit holds its sender");
                $crate::core::permit::Reservations::release_slots(&*sender.$chan, 1);
                sender
            }
        }

        impl<T> Drop for OwnedPermit<T> {
            fn drop(&mut self) {
                if let Some(sender) = &self.sender {
                    $crate::core::permit::Reservations::release_slots(&*sender.$chan, 1);
                }
            }
        }

        impl<T> fmt::Debug for OwnedPermit<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::OwnedPermit"))
                    .finish_non_exhaustive()
            }
        }

        /// The permits of [`Sender::reserve_many`]: yields exactly as many [`Permit`]s as
        /// were reserved. Dropping it frees the slots of the permits it has not yielded.
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, mut rx) = postage::", $kind, "::channel(3);")]
        /// let mut permits = tx.reserve_many(3).await.unwrap();
        /// assert_eq!(permits.len(), 3);
        /// permits.next().unwrap().send(1);
        /// drop(permits); // the two slots not yielded are free again
        /// assert_eq!(tx.len(), 1);
        /// assert!(tx.try_send(2).is_ok() && tx.try_send(3).is_ok());
        /// # });
        /// ```
        pub struct PermitIterator<'a, T> {
            sender: &'a Sender<T>,
            left: usize,
        }

        impl<'a, T> Iterator for PermitIterator<'a, T> {
            type Item = Permit<'a, T>;

            fn next(&mut self) -> Option<Permit<'a, T>> {
                if self.left == 0 {
                    return None;
                }
                self.left -= 1;
                Some(Permit {
                    sender: self.sender,
                })
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.left, Some(self.left))
            }
        }

        impl<T> ExactSizeIterator for PermitIterator<'_, T> {}

        impl<T> std::iter::FusedIterator for PermitIterator<'_, T> {}

        impl<T> Drop for PermitIterator<'_, T> {
            fn drop(&mut self) {
                if self.left > 0 {
                    $crate::core::permit::Reservations::release_slots(
                        &*self.sender.$chan,
                        self.left,
                    );
                }
            }
        }

        impl<T> fmt::Debug for PermitIterator<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::PermitIterator"))
                    .field("left", &self.left)
                    .finish_non_exhaustive()
            }
        }

        /// The future of [`Sender::reserve`]: waits for a free slot and holds it as a
        /// [`Permit`].
        ///
        /// Cancel safe: dropping it before it completes reserves nothing and passes a
        /// wake-up it received to the next waiting sender.
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
        #[doc = concat!("let reserving: postage::", $kind, "::ReserveFuture<'_, u8> = tx.reserve();")]
        /// reserving.await.unwrap().send(1);
        /// # });
        /// ```
        #[must_use = "futures do nothing unless polled"]
        pub struct ReserveFuture<'a, T> {
            sender: &'a Sender<T>,
            reserving: $crate::core::permit::Reserving,
        }

        impl<'a, T> std::future::Future for ReserveFuture<'a, T> {
            type Output = Result<Permit<'a, T>, $crate::error::SendError<()>>;

            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
                let this = &mut *self;
                let sender = this.sender;
                this.reserving
                    .poll(&*sender.$chan, sender.released, cx)
                    .map(|reserved| reserved.map(|_| Permit { sender }))
            }
        }

        impl<T> futures_core::FusedFuture for ReserveFuture<'_, T> {
            fn is_terminated(&self) -> bool {
                self.reserving.is_terminated()
            }
        }

        impl<T> Drop for ReserveFuture<'_, T> {
            fn drop(&mut self) {
                self.reserving.cancel(&*self.sender.$chan);
            }
        }

        impl<T> fmt::Debug for ReserveFuture<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::ReserveFuture"))
                    .field("done", &self.reserving.is_terminated())
                    .finish_non_exhaustive()
            }
        }

        /// The future of [`Sender::reserve_owned`]: waits for a free slot and holds it,
        /// with the sender, as an [`OwnedPermit`].
        ///
        /// Cancel safe: dropping it before it completes reserves nothing, drops the sender
        /// and passes a wake-up it received to the next waiting sender.
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(1);")]
        #[doc = concat!("let reserving: postage::", $kind, "::OwnedReserveFuture<u8> = tx.reserve_owned();")]
        /// let tx = reserving.await.unwrap().send(1);
        /// # drop(tx);
        /// # });
        /// ```
        #[must_use = "futures do nothing unless polled"]
        pub struct OwnedReserveFuture<T> {
            sender: Option<Sender<T>>,
            reserving: $crate::core::permit::Reserving,
        }

        impl<T> std::future::Future for OwnedReserveFuture<T> {
            type Output = Result<OwnedPermit<T>, $crate::error::SendError<()>>;

            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
                let this = &mut *self;
                let sender = this
                    .sender
                    .as_ref()
                    .expect("reserve_owned future polled after completion");
                match this.reserving.poll(&*sender.$chan, sender.released, cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Ok(_)) => Poll::Ready(Ok(OwnedPermit {
                        sender: this.sender.take(),
                    })),
                    Poll::Ready(Err(error)) => {
                        this.sender = None;
                        Poll::Ready(Err(error))
                    }
                }
            }
        }

        impl<T> futures_core::FusedFuture for OwnedReserveFuture<T> {
            fn is_terminated(&self) -> bool {
                self.reserving.is_terminated()
            }
        }

        impl<T> Drop for OwnedReserveFuture<T> {
            fn drop(&mut self) {
                if let Some(sender) = &self.sender {
                    self.reserving.cancel(&*sender.$chan);
                }
            }
        }

        impl<T> fmt::Debug for OwnedReserveFuture<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::OwnedReserveFuture"))
                    .field("done", &self.reserving.is_terminated())
                    .finish_non_exhaustive()
            }
        }

        /// The future of [`Sender::reserve_many`]: waits until the slots are free and
        /// holds them as a [`PermitIterator`].
        ///
        /// Cancel safe: dropping it before it completes gives the slots set aside for it
        /// to the next in line.
        ///
        /// ```
        /// # futures::executor::block_on(async {
        #[doc = concat!("let (tx, _rx) = postage::", $kind, "::channel::<u8>(2);")]
        #[doc = concat!("let reserving: postage::", $kind, "::ReserveManyFuture<'_, u8> = tx.reserve_many(2);")]
        /// assert_eq!(reserving.await.unwrap().len(), 2);
        /// # });
        /// ```
        #[must_use = "futures do nothing unless polled"]
        pub struct ReserveManyFuture<'a, T> {
            sender: &'a Sender<T>,
            reserving: $crate::core::permit::Reserving,
        }

        impl<'a, T> std::future::Future for ReserveManyFuture<'a, T> {
            type Output = Result<PermitIterator<'a, T>, $crate::error::SendError<()>>;

            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
                let this = &mut *self;
                let sender = this.sender;
                this.reserving
                    .poll(&*sender.$chan, sender.released, cx)
                    .map(|reserved| reserved.map(|left| PermitIterator { sender, left }))
            }
        }

        impl<T> futures_core::FusedFuture for ReserveManyFuture<'_, T> {
            fn is_terminated(&self) -> bool {
                self.reserving.is_terminated()
            }
        }

        impl<T> Drop for ReserveManyFuture<'_, T> {
            fn drop(&mut self) {
                self.reserving.cancel(&*self.sender.$chan);
            }
        }

        impl<T> fmt::Debug for ReserveManyFuture<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(concat!($kind, "::ReserveManyFuture"))
                    .field("done", &self.reserving.is_terminated())
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use impl_permits;

#[cfg(test)]
mod tests;
