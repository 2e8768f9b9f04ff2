//! [`Map`]: transforms each item of a stream.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// A stream that passes each item of another stream through a closure.
///
/// Returned by [`Stream::map`]. It ends when the inner stream ends, and then for good.
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Map;
///
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel(4);
/// tx.send(2).await.unwrap();
/// drop(tx);
/// let mut doubled: Map<_, _> = rx.map(|x| x * 2);
/// assert_eq!(doubled.recv().await, Some(4));
/// assert_eq!(doubled.recv().await, None);
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Map<S, F> {
    stream: Fuse<S>,
    f: F,
}

impl<S, F> Map<S, F> {
    pub(super) fn new(stream: S, f: F) -> Self {
        Map {
            stream: Fuse::new(stream),
            f,
        }
    }
}

// The closure is only ever called through `&mut`; it is never pinned.
impl<S: Unpin, F> Unpin for Map<S, F> {}

impl<S, F, U> Stream for Map<S, F>
where
    S: Stream + Unpin,
    F: FnMut(S::Item) -> U,
{
    type Item = U;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<U> {
        let this = self.get_mut();
        match this.stream.poll_recv(cx) {
            PollRecv::Ready(value) => PollRecv::Ready((this.f)(value)),
            PollRecv::Pending => PollRecv::Pending,
            PollRecv::Closed => PollRecv::Closed,
        }
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        self.get_mut().stream.cancel_recv();
    }
}

impl<S, F, U> futures_core::Stream for Map<S, F>
where
    S: Stream + Unpin,
    F: FnMut(S::Item) -> U,
{
    type Item = U;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<U>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<S, F, U> futures_core::FusedStream for Map<S, F>
where
    S: Stream + Unpin,
    F: FnMut(S::Item) -> U,
{
    fn is_terminated(&self) -> bool {
        self.stream.is_ended()
    }
}

impl<S: fmt::Debug, F> fmt::Debug for Map<S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Map")
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}
