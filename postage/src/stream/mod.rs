//! The [`Stream`] trait: something values can be received from, with its results and errors.
//!
//! Every channel receiver implements [`Stream`] (and [`futures_core::Stream`]). The provided
//! methods give every stream the same `recv` / `try_recv` / `blocking_recv` calls.
//!
//! ```
//! use postage::prelude::*;
//!
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(2);
//! tx.send(1).await.unwrap();
//! drop(tx);
//! assert_eq!(Stream::recv(&mut rx).await, Some(1));
//! assert_eq!(Stream::recv(&mut rx).await, None);
//! # });
//! ```

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

pub use crate::error::TryRecvError;

/// The outcome of [`Stream::poll_recv`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollRecv<T> {
    /// A value was received.
    Ready(T),
    /// No value now; the task will be woken when one may be available.
    Pending,
    /// The stream has ended: closed and drained. It stays ended.
    Closed,
}

/// Something values can be received from: a channel receiver or a stream combinator.
///
/// Implementors write [`poll_recv`](Stream::poll_recv); everything else is provided.
///
/// # Examples
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::TryRecvError;
///
/// let (tx, mut rx) = postage::mpsc::channel(4);
/// tx.try_send(5).unwrap();
/// assert_eq!(Stream::try_recv(&mut rx), Ok(5));
/// assert_eq!(Stream::try_recv(&mut rx), Err(TryRecvError::Empty));
/// ```
pub trait Stream {
    /// The type of value this stream yields.
    type Item;

    /// Attempts to receive a value.
    ///
    /// Returns [`PollRecv::Pending`] having arranged for the task of `cx` to be woken when a
    /// value may be ready; [`PollRecv::Closed`] once the stream has ended for good.
    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<Self::Item>;

    /// Tells the stream that the receive which last returned [`PollRecv::Pending`] was
    /// abandoned.
    ///
    /// A stream that shares its values between several receivers (a `dispatch` channel)
    /// passes a wake-up it received on to another receiver, so a cancelled `recv` loses no
    /// message. The default does nothing; combinators forward it. [`RecvFuture`] calls it
    /// when dropped while pending.
    fn cancel_recv(self: Pin<&mut Self>) {}

    /// Receives the next value; `None` once the stream has ended.
    ///
    /// Cancel safety: dropping the future before it completes consumes nothing.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// # futures::executor::block_on(async {
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// drop(tx);
    /// assert_eq!(Stream::recv(&mut rx).await, None::<u8>);
    /// # });
    /// ```
    fn recv(&mut self) -> RecvFuture<'_, Self>
    where
        Self: Unpin,
    {
        RecvFuture {
            stream: self,
            pending: false,
        }
    }

    /// Receives a value if one is ready now, without waiting or registering a waker.
    ///
    /// ```
    /// use postage::prelude::*;
    /// use postage::stream::TryRecvError;
    ///
    /// let (_tx, mut rx) = postage::mpsc::channel::<u8>(1);
    /// assert_eq!(Stream::try_recv(&mut rx), Err(TryRecvError::Empty));
    /// ```
    fn try_recv(&mut self) -> Result<Self::Item, TryRecvError>
    where
        Self: Unpin,
    {
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(self).poll_recv(&mut cx) {
            PollRecv::Ready(value) => Ok(value),
            PollRecv::Pending => Err(TryRecvError::Empty),
            PollRecv::Closed => Err(TryRecvError::Closed),
        }
    }

    /// Receives the next value, parking the current thread while none is ready.
    ///
    /// Needs no executor. Do not call it from async code: it blocks the executor's thread.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(3).unwrap());
    /// assert_eq!(Stream::blocking_recv(&mut rx), Some(3));
    /// ```
    #[cfg(feature = "blocking")]
    fn blocking_recv(&mut self) -> Option<Self::Item>
    where
        Self: Unpin,
    {
        crate::blocking::block_on(self.recv())
    }
}

impl<S: Stream + Unpin + ?Sized> Stream for &mut S {
    type Item = S::Item;

    fn poll_recv(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<Self::Item> {
        Pin::new(&mut **self).poll_recv(cx)
    }

    fn cancel_recv(mut self: Pin<&mut Self>) {
        Pin::new(&mut **self).cancel_recv()
    }
}

/// The future of [`Stream::recv`].
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct RecvFuture<'a, S: Stream + Unpin + ?Sized> {
    stream: &'a mut S,
    pending: bool,
}

impl<S: Stream + Unpin + ?Sized> Future for RecvFuture<'_, S> {
    type Output = Option<S::Item>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        match Pin::new(&mut *this.stream).poll_recv(cx) {
            PollRecv::Ready(value) => {
                this.pending = false;
                Poll::Ready(Some(value))
            }
            PollRecv::Pending => {
                this.pending = true;
                Poll::Pending
            }
            PollRecv::Closed => {
                this.pending = false;
                Poll::Ready(None)
            }
        }
    }
}

impl<S: Stream + Unpin + ?Sized> Drop for RecvFuture<'_, S> {
    fn drop(&mut self) {
        if self.pending {
            Pin::new(&mut *self.stream).cancel_recv();
        }
    }
}
