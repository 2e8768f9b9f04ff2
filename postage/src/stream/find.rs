//! [`Find`]: the first item of a stream that matches a predicate.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// A stream that yields the first item of another stream for which a predicate is true,
/// then ends.
///
/// Returned by [`Stream::find`]. After the match the inner stream is never polled again;
/// if the inner stream ends first, so does `Find`, without yielding anything.
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Find;
///
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel(4);
/// for word in ["apple", "banana", "blueberry"] {
///     tx.send(word).await.unwrap();
/// }
/// let mut first_b: Find<_, _> = rx.find(|w| w.starts_with('b'));
/// assert_eq!(first_b.recv().await, Some("banana"));
/// assert_eq!(first_b.recv().await, None);
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Find<S, P> {
    stream: Fuse<S>,
    predicate: P,
}

impl<S, P> Find<S, P> {
    pub(super) fn new(stream: S, predicate: P) -> Self {
        Find {
            stream: Fuse::new(stream),
            predicate,
        }
    }
}

// The predicate is only ever called through `&mut`; it is never pinned.
impl<S: Unpin, P> Unpin for Find<S, P> {}

impl<S, P> Stream for Find<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<S::Item> {
        let this = self.get_mut();
        let polled = this.stream.poll_recv_matching(cx, &mut this.predicate);
        if let PollRecv::Ready(_) = polled {
            this.stream.end();
        }
        polled
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        self.get_mut().stream.cancel_recv();
    }
}

impl<S, P> futures_core::Stream for Find<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<S, P> futures_core::FusedStream for Find<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    fn is_terminated(&self) -> bool {
        self.stream.is_ended()
    }
}

impl<S: fmt::Debug, P> fmt::Debug for Find<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Find")
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}
