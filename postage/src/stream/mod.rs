//! The [`Stream`] trait: something values can be received from, its combinators and
//! adapters.
//!
//! Every channel receiver implements [`Stream`] (and [`futures_core::Stream`]). The provided
//! methods give every stream the same `recv` / `try_recv` / `blocking_recv` calls.
//!
//! ```
//! use postage::stream::Stream;
//!
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(2);
//! tx.send(1).await.unwrap();
//! drop(tx);
//! assert_eq!(Stream::recv(&mut rx).await, Some(1));
//! assert_eq!(Stream::recv(&mut rx).await, None);
//! # });
//! ```
//!
//! # Combinators
//!
//! A combinator takes a stream by value and returns a new stream; they nest freely, and each
//! result is a nameable type of this module:
//!
//! | method | yields | ends |
//! |---|---|---|
//! | [`map(f)`](Stream::map) → [`Map`] | `f(item)` for each item | with the stream |
//! | [`filter(p)`](Stream::filter) → [`Filter`] | the items for which `p` is true | with the stream |
//! | [`find(p)`](Stream::find) → [`Find`] | the first item for which `p` is true | after that item |
//! | [`chain(next)`](Stream::chain) → [`Chain`] | every item of `self`, then of `next` | when `next` ends |
//! | [`merge(other)`](Stream::merge) → [`Merge`] | items of both, alternating fairly | when **both** ended |
//! | `log(level)` → `Log` (feature `logging`) | every item, logged with `Debug` | with the stream |
//!
//! ```
//! use postage::prelude::*;
//!
//! # futures::executor::block_on(async {
//! let (tx, rx) = postage::mpsc::channel(8);
//! for n in 1..=5 {
//!     tx.send(n).await.unwrap();
//! }
//! drop(tx);
//!
//! let mut squares_of_odds = rx.filter(|n| n % 2 == 1).map(|n| n * n);
//! let mut seen = Vec::new();
//! while let Some(square) = squares_of_odds.recv().await {
//!     seen.push(square);
//! }
//! assert_eq!(seen, [1, 9, 25]);
//! # });
//! ```
//!
//! Sources that are not channels: [`once`](fn@once), [`repeat`](fn@repeat), and
//! [`from_stream`](fn@from_stream), which adapts any [`futures_core::Stream`] — a timer's
//! tick stream, `futures::stream::iter`, … — so it can be merged with a channel receiver.
//!
//! Every combinator:
//! - passes `Pending` and the end of its inner streams through unchanged, and once it
//!   returned [`PollRecv::Closed`] it returns `Closed` for good without polling its inner
//!   streams again;
//! - passes [`Stream::cancel_recv`] on to the inner streams whose last poll was pending, so
//!   `recv` on a combinator is exactly as cancel safe as `recv` on the streams inside it;
//! - implements [`futures_core::Stream`] and [`futures_core::FusedStream`] as well, and
//!   `Debug` when its streams do (closures are not shown);
//! - is `Unpin` when its inner streams are, and needs them `Unpin` to be a stream.
//!
//! Combinator methods share names with `futures::StreamExt`; when both traits are in scope,
//! name the one you mean: `postage::stream::Stream::map(rx, f)` or
//! `futures::StreamExt::map(rx, f)` (see [`prelude`](crate::prelude)).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

pub use crate::error::{RecvTimeoutError, TryRecvError};

mod chain;
mod filter;
mod find;
mod from_stream;
mod fuse;
#[cfg(feature = "logging")]
mod log;
mod map;
mod merge;
mod once;
mod repeat;
#[cfg(test)]
mod scripted;
#[cfg(test)]
mod tests;

#[cfg(feature = "logging")]
pub use self::log::Log;
pub use chain::Chain;
pub use filter::Filter;
pub use find::Find;
pub use from_stream::{from_stream, FromStream};
pub use map::Map;
pub use merge::Merge;
pub use once::{once, Once};
pub use repeat::{repeat, Repeat};

/// The outcome of [`Stream::poll_recv`].
///
/// ```
/// use std::pin::Pin;
/// use std::task::{Context, Waker};
/// use postage::stream::{PollRecv, Stream};
///
/// let (tx, mut rx) = postage::mpsc::channel(1);
/// let mut cx = Context::from_waker(Waker::noop());
/// assert_eq!(Pin::new(&mut rx).poll_recv(&mut cx), PollRecv::Pending);
/// tx.try_send(1).unwrap();
/// assert_eq!(Pin::new(&mut rx).poll_recv(&mut cx), PollRecv::Ready(1));
/// drop(tx);
/// assert_eq!(Pin::new(&mut rx).poll_recv(&mut cx), PollRecv::Closed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollRecv<T> {
    /// A value was received.
    Ready(T),
    /// No value now; the task will be woken when one may be available.
    Pending,
    /// The stream has ended: closed and drained. It stays ended.
    Closed,
}

impl<T> PollRecv<T> {
    /// The same outcome in the shape of [`futures_core::Stream::poll_next`].
    pub(crate) fn into_poll(self) -> Poll<Option<T>> {
        match self {
            PollRecv::Ready(value) => Poll::Ready(Some(value)),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        }
    }
}

/// Something values can be received from: a channel receiver or a stream combinator.
///
/// Implementors write [`poll_recv`](Stream::poll_recv); everything else is provided.
///
/// # Examples
///
/// ```
/// use postage::stream::{Stream, TryRecvError};
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
    /// use postage::stream::Stream;
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
            done: false,
        }
    }

    /// Receives a value if one is ready now, without waiting or registering a waker.
    ///
    /// ```
    /// use postage::stream::{Stream, TryRecvError};
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
    /// Needs no executor.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use postage::stream::Stream;
    ///
    /// let (tx, mut rx) = postage::mpsc::channel(1);
    /// std::thread::spawn(move || tx.blocking_send(3).unwrap());
    /// assert_eq!(Stream::blocking_recv(&mut rx), Some(3));
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    fn blocking_recv(&mut self) -> Option<Self::Item>
    where
        Self: Unpin,
    {
        crate::blocking::block_on(self.recv(), crate::blocking::Call::Recv)
    }

    /// Receives the next value, parking the current thread while none is ready, for at
    /// most `timeout`.
    ///
    /// [`RecvTimeoutError::Timeout`] when the time passed first (a zero timeout checks
    /// once), [`RecvTimeoutError::Closed`] once the stream has ended. A timed-out receive
    /// consumes nothing. Needs no executor and no timer thread.
    ///
    /// Blocks the thread: never call it from async code, where it stalls the executor (a
    /// single-threaded one for good); `.await` [`recv`](Self::recv) there instead. With the
    /// `tokio` feature it panics when called inside a tokio runtime.
    ///
    /// ```
    /// use std::time::Duration;
    /// use postage::stream::{RecvTimeoutError, Stream};
    ///
    /// let mut values = postage::stream::once(1);
    /// let wait = Duration::from_millis(10);
    /// assert_eq!(Stream::blocking_recv_timeout(&mut values, wait), Ok(1));
    /// assert_eq!(
    ///     Stream::blocking_recv_timeout(&mut values, wait),
    ///     Err(RecvTimeoutError::Closed)
    /// );
    /// ```
    #[cfg(feature = "blocking")]
    #[track_caller]
    fn blocking_recv_timeout(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<Self::Item, RecvTimeoutError>
    where
        Self: Unpin,
    {
        crate::blocking::recv_timeout(self.recv(), timeout)
    }

    /// Transforms each item with `f`.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let mut lengths = postage::stream::once("four").map(str::len);
    /// assert_eq!(lengths.try_recv(), Ok(4));
    /// ```
    fn map<U, F>(self, f: F) -> Map<Self, F>
    where
        Self: Sized,
        F: FnMut(Self::Item) -> U,
    {
        Map::new(self, f)
    }

    /// Keeps only the items for which `predicate` returns `true`; the others are dropped.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, rx) = postage::mpsc::channel(4);
    /// for i in 0..4 {
    ///     tx.try_send(i).unwrap();
    /// }
    /// let mut odd = rx.filter(|i| i % 2 == 1);
    /// assert_eq!(odd.try_recv(), Ok(1));
    /// assert_eq!(odd.try_recv(), Ok(3));
    /// ```
    fn filter<P>(self, predicate: P) -> Filter<Self, P>
    where
        Self: Sized,
        P: FnMut(&Self::Item) -> bool,
    {
        Filter::new(self, predicate)
    }

    /// Yields the first item for which `predicate` returns `true`, then ends.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// # futures::executor::block_on(async {
    /// let mut first_big = postage::stream::repeat(7).find(|n| *n > 5);
    /// assert_eq!(first_big.recv().await, Some(7));
    /// assert_eq!(first_big.recv().await, None);
    /// # });
    /// ```
    fn find<P>(self, predicate: P) -> Find<Self, P>
    where
        Self: Sized,
        P: FnMut(&Self::Item) -> bool,
    {
        Find::new(self, predicate)
    }

    /// Yields every item of `self`, then, once `self` has ended, every item of `next`.
    ///
    /// ```
    /// use postage::prelude::*;
    /// use postage::stream;
    ///
    /// # futures::executor::block_on(async {
    /// let (tx, rx) = postage::mpsc::channel(2);
    /// tx.send("data").await.unwrap();
    /// drop(tx);
    /// let mut framed = rx.chain(stream::once("end of data"));
    /// assert_eq!(framed.recv().await, Some("data"));
    /// assert_eq!(framed.recv().await, Some("end of data"));
    /// assert_eq!(framed.recv().await, None);
    /// # });
    /// ```
    fn chain<B>(self, next: B) -> Chain<Self, B>
    where
        Self: Sized,
        B: Stream<Item = Self::Item>,
    {
        Chain::new(self, next)
    }

    /// Yields the items of `self` and `other` as they arrive, alternating fairly while both
    /// have items; ends only when both have ended.
    ///
    /// ```
    /// use postage::prelude::*;
    /// use postage::stream;
    ///
    /// # futures::executor::block_on(async {
    /// let mut both = stream::once(1).merge(stream::once(2));
    /// assert_eq!(both.recv().await, Some(1));
    /// assert_eq!(both.recv().await, Some(2));
    /// assert_eq!(both.recv().await, None);
    /// # });
    /// ```
    fn merge<B>(self, other: B) -> Merge<Self, B>
    where
        Self: Sized,
        B: Stream<Item = Self::Item>,
    {
        Merge::new(self, other)
    }

    /// Logs each item (with `Debug`) and the end of the stream through the `log` crate, with
    /// the label `stream`. See [`Log`] for the records written.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let mut logged = postage::stream::once(3).log(log::Level::Info);
    /// assert_eq!(logged.try_recv(), Ok(3));
    /// ```
    #[cfg(feature = "logging")]
    fn log(self, level: ::log::Level) -> Log<Self>
    where
        Self: Sized,
        Self::Item: std::fmt::Debug,
    {
        Log::new(self, std::borrow::Cow::Borrowed("stream"), level)
    }

    /// Logs each item (with `Debug`) and the end of the stream through the `log` crate,
    /// under `label`. See [`Log`] for the records written.
    ///
    /// ```
    /// use postage::prelude::*;
    ///
    /// let (tx, rx) = postage::mpsc::channel(1);
    /// let mut logged = rx.log_as(format!("worker {}", 3), log::Level::Trace);
    /// tx.try_send("job").unwrap();
    /// assert_eq!(logged.try_recv(), Ok("job"));
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
///
/// Cancel safe: dropping it consumes nothing. It implements `FusedFuture` (terminated once
/// it resolved), so `futures::select!` takes `rx.recv()` as it is.
///
/// ```
/// use postage::stream::RecvFuture;
///
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::mpsc::channel(1);
/// tx.send(5).await.unwrap();
/// let receiving: RecvFuture<'_, _> = rx.recv();
/// assert_eq!(receiving.await, Some(5));
/// # });
/// ```
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct RecvFuture<'a, S: Stream + Unpin + ?Sized> {
    stream: &'a mut S,
    pending: bool,
    /// Whether it resolved (for `FusedFuture`).
    done: bool,
}

impl<S: Stream + Unpin + ?Sized> Future for RecvFuture<'_, S> {
    type Output = Option<S::Item>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let received = match Pin::new(&mut *this.stream).poll_recv(cx) {
            PollRecv::Ready(value) => Poll::Ready(Some(value)),
            PollRecv::Pending => Poll::Pending,
            PollRecv::Closed => Poll::Ready(None),
        };
        this.pending = received.is_pending();
        this.done = received.is_ready();
        received
    }
}

/// Terminated once it resolved, so `futures::select!` accepts `rx.recv()` directly; each
/// `recv()` call makes a fresh future.
impl<S: Stream + Unpin + ?Sized> futures_core::FusedFuture for RecvFuture<'_, S> {
    fn is_terminated(&self) -> bool {
        self.done
    }
}

impl<S: Stream + Unpin + ?Sized> Drop for RecvFuture<'_, S> {
    fn drop(&mut self) {
        if self.pending {
            Pin::new(&mut *self.stream).cancel_recv();
        }
    }
}
