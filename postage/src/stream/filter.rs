//! [`Filter`]: keeps the items of a stream that match a predicate.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// A stream that yields only the items of another stream for which a predicate is true.
///
/// Returned by [`Stream::filter`]. Items failing the predicate are dropped; the stream ends
/// when the inner stream ends.
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Filter;
///
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel(4);
/// for i in 1..=4 {
///     tx.send(i).await.unwrap();
/// }
/// drop(tx);
/// let mut even: Filter<_, _> = rx.filter(|i| i % 2 == 0);
/// assert_eq!(even.recv().await, Some(2));
/// assert_eq!(even.recv().await, Some(4));
/// assert_eq!(even.recv().await, None);
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Filter<S, P> {
    stream: Fuse<S>,
    predicate: P,
}

impl<S, P> Filter<S, P> {
    pub(super) fn new(stream: S, predicate: P) -> Self {
        Filter {
            stream: Fuse::new(stream),
            predicate,
        }
    }
}

// The predicate is only ever called through `&mut`; it is never pinned.
impl<S: Unpin, P> Unpin for Filter<S, P> {}

impl<S, P> Stream for Filter<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<S::Item> {
        let this = self.get_mut();
        this.stream.poll_recv_matching(cx, &mut this.predicate)
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        self.get_mut().stream.cancel_recv();
    }
}

impl<S, P> futures_core::Stream for Filter<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<S, P> futures_core::FusedStream for Filter<S, P>
where
    S: Stream + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    fn is_terminated(&self) -> bool {
        self.stream.is_ended()
    }
}

impl<S: fmt::Debug, P> fmt::Debug for Filter<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Filter")
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}
