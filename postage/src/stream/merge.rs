//! [`Merge`]: two streams interleaved fairly.
//!
//! Each poll starts with the side that did not yield last time, so two busy streams
//! alternate item by item and neither starves the other. A side that ended is never polled
//! again; the merge ends only when both sides ended, so one pending side keeps it pending.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// A stream that yields the items of two streams as they arrive, alternating fairly while
/// both have items, and ends when both have ended.
///
/// Returned by [`Stream::merge`].
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Merge;
///
/// # futures::executor::block_on(async {
/// let (orders, order_rx) = postage::mpsc::channel(4);
/// let (refunds, refund_rx) = postage::mpsc::channel(4);
/// orders.send("order 1").await.unwrap();
/// orders.send("order 2").await.unwrap();
/// refunds.send("refund 1").await.unwrap();
/// drop((orders, refunds));
///
/// let mut events: Merge<_, _> = order_rx.merge(refund_rx);
/// assert_eq!(events.recv().await, Some("order 1"));
/// assert_eq!(events.recv().await, Some("refund 1"));
/// assert_eq!(events.recv().await, Some("order 2"));
/// assert_eq!(events.recv().await, None);
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Merge<A, B> {
    a: Fuse<A>,
    b: Fuse<B>,
    b_first: bool,
}

impl<A, B> Merge<A, B> {
    pub(super) fn new(a: A, b: B) -> Self {
        Merge {
            a: Fuse::new(a),
            b: Fuse::new(b),
            b_first: false,
        }
    }
}

/// Where the item of [`poll_in_order`] came from.
enum Yield<T> {
    First(T),
    Second(T),
    Pending,
    Closed,
}

/// Polls `first`, then (if it has no item) `second`.
///
/// When `second` yields while `first` just registered a waker, `first` is told its wait was
/// abandoned: a merge that returned an item must not hold on to a wake-up (on a shared
/// `dispatch` channel it would otherwise strand a message until this merge is polled again).
fn poll_in_order<X, Y>(
    first: &mut Fuse<X>,
    second: &mut Fuse<Y>,
    cx: &mut Context<'_>,
) -> Yield<X::Item>
where
    X: Stream + Unpin,
    Y: Stream<Item = X::Item> + Unpin,
{
    if let PollRecv::Ready(value) = first.poll_recv(cx) {
        return Yield::First(value);
    }
    match second.poll_recv(cx) {
        PollRecv::Ready(value) => {
            first.cancel_recv();
            Yield::Second(value)
        }
        PollRecv::Closed if first.is_ended() => Yield::Closed,
        PollRecv::Pending | PollRecv::Closed => Yield::Pending,
    }
}

impl<A, B> Stream for Merge<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<A::Item> {
        let this = self.get_mut();
        let (value, from_b) = if this.b_first {
            match poll_in_order(&mut this.b, &mut this.a, cx) {
                Yield::First(value) => (value, true),
                Yield::Second(value) => (value, false),
                Yield::Pending => return PollRecv::Pending,
                Yield::Closed => return PollRecv::Closed,
            }
        } else {
            match poll_in_order(&mut this.a, &mut this.b, cx) {
                Yield::First(value) => (value, false),
                Yield::Second(value) => (value, true),
                Yield::Pending => return PollRecv::Pending,
                Yield::Closed => return PollRecv::Closed,
            }
        };
        this.b_first = !from_b;
        PollRecv::Ready(value)
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        let this = self.get_mut();
        this.a.cancel_recv();
        this.b.cancel_recv();
    }
}

impl<A, B> futures_core::Stream for Merge<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<A, B> futures_core::FusedStream for Merge<A, B>
where
    A: Stream + Unpin,
    B: Stream<Item = A::Item> + Unpin,
{
    fn is_terminated(&self) -> bool {
        self.a.is_ended() && self.b.is_ended()
    }
}

impl<A: fmt::Debug, B: fmt::Debug> fmt::Debug for Merge<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Merge")
            .field("a", &self.a)
            .field("b", &self.b)
            .finish()
    }
}
