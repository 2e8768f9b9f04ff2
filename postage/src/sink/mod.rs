//! The [`Sink`] trait: something values can be sent into, its results, errors and
//! combinators.
//!
//! Every channel sender implements [`Sink`] (and [`futures_sink::Sink`]). The provided
//! methods give every sink the same `send` / `try_send` / `blocking_send` calls.
//!
//! ```
//! use postage::sink::Sink;
//!
//! # futures::executor::block_on(async {
//! let (mut tx, mut rx) = postage::mpsc::channel(2);
//! Sink::send(&mut tx, 1).await.unwrap();
//! assert_eq!(rx.recv().await, Some(1));
//! # });
//! ```
//!
//! # Combinators
//!
//! A combinator takes a sink by value and returns a new sink; each result is a nameable
//! type of this module:
//!
//! | method | a sent value … |
//! |---|---|
//! | [`chain(next)`](Sink::chain) → [`Chain`] | goes to `self` until `self` rejects one, from then on to `next` |
//! | [`filter(p)`](Sink::filter) → [`Filter`] | goes on if `p` is true; otherwise it is accepted and dropped |
//! | `log(level)` → `Log` (feature `logging`) | goes on, and is logged with `Debug` once accepted |
//!
//! ```
//! use postage::prelude::*;
//!
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(8);
//! let mut positive = tx.filter(|n: &i32| *n > 0);
//! for n in [3, -1, 4] {
//!     positive.send(n).await.unwrap();
//! }
//! drop(positive);
//! assert_eq!(rx.recv().await, Some(3));
//! assert_eq!(rx.recv().await, Some(4));
//! assert_eq!(rx.recv().await, None);
//! # });
//! ```
//!
//! Every combinator:
//! - passes the inner sinks' `Pending` and `Rejected` back unchanged, value included (a
//!   chain abandons its first sink after the first rejection, by design);
//! - passes [`Sink::cancel_send`] on to the inner sink whose last send was pending;
//! - implements [`futures_sink::Sink`] with `Error = SendError<Item>` as well: it has room
//!   for one value, so `poll_ready` is ready when that room is free, `start_send` puts the
//!   value there and `poll_flush` (or the next `poll_ready`) sends it, reporting a
//!   rejection as the error;
//! - is `Unpin` when its inner sinks are, and needs them `Unpin` to be a sink; it
//!   implements `Debug` when they do (closures are not shown).
//!
//! A combinator implements both crates' sink traits, so `send` on it is ambiguous when
//! `futures::SinkExt` is in scope too: name the one you mean, `postage::sink::Sink::send(&mut
//! sink, v)` or `futures::SinkExt::send(&mut sink, v)` (see [`prelude`](crate::prelude)).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

pub use crate::error::{SendError, SendTimeoutError, TrySendError};

mod buffer;
mod chain;
mod filter;
#[cfg(feature = "logging")]
mod log;
#[cfg(test)]
mod scripted;
#[cfg(test)]
mod tests;

#[cfg(feature = "logging")]
pub use self::log::Log;
pub use chain::Chain;
pub use filter::Filter;

/// The outcome of [`Sink::poll_send`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollSend<T> {
    /// The value was accepted.
    Ready,
    /// The sink cannot take the value now; it is handed back and the task will be woken when
    /// the sink may accept it.
    Pending(T),
    /// The sink is closed and will never accept the value; it is handed back.
    Rejected(T),
}

/// Something values can be sent into: a channel sender or a sink combinator.
///
/// Implementors write [`poll_send`](Sink::poll_send); everything else is provided.
///
/// # Examples
///
/// ```
/// use postage::sink::{Sink, TrySendError};
///
/// let (mut tx, _rx) = postage::mpsc::channel(1);
/// assert_eq!(Sink::try_send(&mut tx, 'a'), Ok(()));
/// assert_eq!(Sink::try_send(&mut tx, 'b'), Err(TrySendError::Full('b')));
/// ```
pub trait Sink {
    /// The type of value this sink accepts.
    type Item;

    /// Attempts to send `value`.
    ///
    /// Returns [`PollSend::Pending`] with the value, having arranged for the task of `cx` to
    /// be woken when sending may succeed; [`PollSend::Rejected`] when the sink is closed.
    fn poll_send(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        value: Self::Item,
    ) -> PollSend<Self::Item>;

    /// Tells the sink that the send which last returned [`PollSend::Pending`] was abandoned.
    ///
    /// A sink that queues waiting senders gives a wake-up it received to the next waiting
    /// sender, so a cancelled send never strands a free slot. The default does nothing;
    /// combinators forward it. [`SendFuture`] calls it when dropped while pending.
    fn cancel_send(self: Pin<&mut Self>) {}

    /// Sends `value`, waiting while the sink is full.
    ///
    /// Fails with the value when the sink is closed. Cancel safety: dropping the future
    /// before it completes drops the value, which was not and will not be delivered.
    ///
    /// ```
    /// use postage::sink::Sink;
    ///
    /// # futures::executor::block_on(async {
    /// let (mut tx, rx) = postage::mpsc::channel(1);
    /// drop(rx);
    /// assert_eq!(Sink::send(&mut tx, 9).await.unwrap_err().0, 9);
    /// # });
    /// ```
    fn send(&mut self, value: Self::Item) -> SendFuture<'_, Self>
    where
        Self: Unpin,
    {
        SendFuture {
            sink: self,
            value: Some(value),
            pending: false,
        }
    }

    /// Sends `value` if the sink can take it now, without waiting or registering a waker.
    ///
    /// ```
    /// use postage::sink::Sink;
    /// use postage::stream::Stream;
    ///
    /// let (mut tx, mut rx) = postage::mpsc::channel(1);
    /// Sink::try_send(&mut tx, 1).unwrap();
    /// assert_eq!(Stream::try_recv(&mut rx), Ok(1));
    /// ```
    fn try_send(&mut self, value: Self::Item) -> Result<(), TrySendError<Self::Item>>
    where
        Self: Unpin,
    {
        let mut cx = Context::from_waker(Waker::noop());
        match Pin::new(self).poll_send(&mut cx, value) {
            PollSend::Ready => Ok(()),
            PollSend::Pending(value) => Err(TrySendError::Full(value)),
            PollSend::Rejected(value) => Err(TrySendError::Closed(value)),
        }
    }

    /// Sends `value`, parking the current thread while the sink is full.
    ///
    /// Needs no executor.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`send`](Self::send) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use postage::sink::Sink;
    ///
    /// let (mut tx, mut rx) = postage::mpsc::channel(1);
    /// let producer = std::thread::spawn(move || {
    ///     for i in 0..3 {
    ///         Sink::blocking_send(&mut tx, i).unwrap();
    ///     }
    /// });
    /// let received: Vec<_> = std::iter::from_fn(|| rx.blocking_recv()).collect();
    /// producer.join().unwrap();
    /// assert_eq!(received, [0, 1, 2]);
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    fn blocking_send(&mut self, value: Self::Item) -> Result<(), SendError<Self::Item>>
    where
        Self: Unpin,
    {
        crate::blocking::block_on(self.send(value), crate::blocking::Call::Send)
    }

    /// Sends `value`, parking the current thread while the sink is full, for at most
    /// `timeout`.
    ///
    /// On [`SendTimeoutError::Timeout`] (a zero timeout tries once) or
    /// [`SendTimeoutError::Closed`] the value is handed back: it was not and will not be
    /// delivered. Needs no executor and no timer thread.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`send`](Self::send) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::sink::{SendTimeoutError, Sink};
    ///
    /// let (mut tx, mut rx) = postage::mpsc::channel(1);
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(Sink::blocking_send_timeout(&mut tx, 1, wait), Ok(()));
    /// assert_eq!(
    ///     Sink::blocking_send_timeout(&mut tx, 2, wait),
    ///     Err(SendTimeoutError::Timeout(2))
    /// );
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    fn blocking_send_timeout(
        &mut self,
        value: Self::Item,
        timeout: std::time::Duration,
    ) -> Result<(), SendTimeoutError<Self::Item>>
    where
        Self: Unpin,
    {
        crate::blocking::send_timeout(self.send(value), timeout)
    }

    /// Sends into `self` until it rejects a value, then into `next`.
    ///
    /// The rejected value itself goes to `next`. Once `next` rejects too, every send fails.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (primary, primary_rx) = postage::mpsc::channel(1);
    /// let (fallback, mut fallback_rx) = postage::mpsc::channel(1);
    /// let mut tx = primary.chain(fallback);
    /// drop(primary_rx);
    /// tx.try_send(1).unwrap();
    /// assert_eq!(fallback_rx.try_recv(), Ok(1));
    /// ```
    fn chain<B>(self, next: B) -> Chain<Self, B>
    where
        Self: Sized,
        B: Sink<Item = Self::Item>,
    {
        Chain::new(self, next)
    }

    /// Sends on only the values for which `predicate` returns `true`; the others are
    /// accepted and dropped, even when `self` is full or closed.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(2);
    /// let mut even = tx.filter(|n: &u32| n % 2 == 0);
    /// even.try_send(1).unwrap();
    /// even.try_send(2).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(2));
    /// assert!(rx.try_recv().is_err());
    /// ```
    fn filter<P>(self, predicate: P) -> Filter<Self, P>
    where
        Self: Sized,
        P: FnMut(&Self::Item) -> bool,
    {
        Filter::new(self, predicate)
    }

    /// Logs each accepted value (with `Debug`) through the `log` crate, with the label
    /// `sink`. See [`Log`] for the records written.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// let mut logged = tx.log(log::Level::Info);
    /// logged.try_send("hello").unwrap();
    /// assert_eq!(rx.try_recv(), Ok("hello"));
    /// ```
    #[cfg(feature = "logging")]
    fn log(self, level: ::log::Level) -> Log<Self>
    where
        Self: Sized,
        Self::Item: std::fmt::Debug,
    {
        Log::new(self, std::borrow::Cow::Borrowed("sink"), level)
    }

    /// Logs each accepted value (with `Debug`) through the `log` crate, under `label`. See
    /// [`Log`] for the records written.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// let mut logged = tx.log_as("to-worker", log::Level::Debug);
    /// logged.try_send(5).unwrap();
    /// assert_eq!(rx.try_recv(), Ok(5));
    /// ```
    #[cfg(feature = "logging")]
    fn log_as<L>(self, label: L, level: ::log::Level) -> Log<Self>
    where
        Self: Sized,
        Self::Item: std::fmt::Debug,
        L: Into<std::borrow::Cow<'static, str>>,
    {
        Log::new(self, label.into(), level)
    }
}

impl<S: Sink + Unpin + ?Sized> Sink for &mut S {
    type Item = S::Item;

    fn poll_send(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        value: Self::Item,
    ) -> PollSend<Self::Item> {
        Pin::new(&mut **self).poll_send(cx, value)
    }

    fn cancel_send(mut self: Pin<&mut Self>) {
        Pin::new(&mut **self).cancel_send()
    }
}

/// The future of [`Sink::send`].
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct SendFuture<'a, S: Sink + Unpin + ?Sized> {
    sink: &'a mut S,
    value: Option<S::Item>,
    pending: bool,
}

// The value is never pinned: it is moved in and out of `poll_send` by value.
impl<S: Sink + Unpin + ?Sized> Unpin for SendFuture<'_, S> {}

impl<S: Sink + Unpin + ?Sized> Future for SendFuture<'_, S> {
    type Output = Result<(), SendError<S::Item>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let Some(value) = this.value.take() else {
            panic!("SendFuture polled after completion");
        };
        match Pin::new(&mut *this.sink).poll_send(cx, value) {
            PollSend::Ready => {
                this.pending = false;
                Poll::Ready(Ok(()))
            }
            PollSend::Pending(value) => {
                this.value = Some(value);
                this.pending = true;
                Poll::Pending
            }
            PollSend::Rejected(value) => {
                this.pending = false;
                Poll::Ready(Err(SendError(value)))
            }
        }
    }
}

/// Terminated once it resolved: its value is then gone, sent or handed back.
impl<S: Sink + Unpin + ?Sized> futures_core::FusedFuture for SendFuture<'_, S> {
    fn is_terminated(&self) -> bool {
        self.value.is_none()
    }
}

#[cfg(feature = "blocking")]
impl<S: Sink + Unpin + ?Sized> crate::blocking::PendingSend for SendFuture<'_, S> {
    type Value = S::Item;

    fn take_value(&mut self) -> Option<S::Item> {
        self.value.take()
    }
}

impl<S: Sink + Unpin + ?Sized> Drop for SendFuture<'_, S> {
    fn drop(&mut self) {
        if self.pending {
            Pin::new(&mut *self.sink).cancel_send();
        }
    }
}
