//! [`Chain`]: one stream, then another.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// A stream that yields every item of a first stream, then, once it has ended, every item
/// of a second.
///
/// Returned by [`Stream::chain`]. The first stream is never polled again after it ended;
/// the chain ends when the second stream ends.
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::{self, Chain};
///
/// # futures::executor::block_on(async {
/// let mut greeting: Chain<_, _> = stream::once("hello").chain(stream::once("world"));
/// assert_eq!(greeting.recv().await, Some("hello"));
/// assert_eq!(greeting.recv().await, Some("world"));
/// assert_eq!(greeting.recv().await, None);
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Chain<A, B> {
    first: Fuse<A>,
    second: Fuse<B>,
}

impl<A, B> Chain<A, B> {
    pub(super) fn new(first: A, second: B) -> Self {
        Chain {
            first: Fuse::new(first),
            second: Fuse::new(second),
        }
    }
}

impl<A, B> Stream for Chain<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<A::Item> {
        let this = self.get_mut();
        match this.first.poll_recv(cx) {
            PollRecv::Closed => this.second.poll_recv(cx),
            poll => poll,
        }
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        let this = self.get_mut();
        this.first.cancel_recv();
        this.second.cancel_recv();
    }
}

impl<A, B> futures_core::Stream for Chain<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<A, B> futures_core::FusedStream for Chain<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    fn is_terminated(&self) -> bool {
        self.second.is_ended()
    }
}

impl<A: fmt::Debug, B: fmt::Debug> fmt::Debug for Chain<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chain")
            .field("first", &self.first)
            .field("second", &self.second)
            .finish()
    }
}
