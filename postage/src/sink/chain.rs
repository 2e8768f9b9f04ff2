//! [`Chain`]: send into one sink until it rejects, then into another.

use std::fmt;
use std::pin::Pin;
use std::task::Context;

use super::buffer::{self, impl_futures_sink, Buffered};
use super::{PollSend, Sink};

/// A sink that sends into a first sink until it rejects a value, then into a second.
///
/// Returned by [`Sink::chain`]. The value the first sink rejected goes to the second sink
/// in the same call, and the first sink is never tried again. While the first sink is merely
/// full, sends wait for it. Once the second sink rejects too, the chain rejects.
///
/// ```
/// use postage::prelude::*;
/// use postage::sink::Chain;
///
/// # futures::executor::block_on(async {
/// let (primary, mut primary_rx) = postage::mpsc::channel(4);
/// let (fallback, mut fallback_rx) = postage::mpsc::channel(4);
/// let mut tx: Chain<_, _> = primary.chain(fallback);
///
/// tx.send("a").await.unwrap();
/// primary_rx.close();
/// tx.send("b").await.unwrap();
/// assert_eq!(primary_rx.recv().await, Some("a"));
/// assert_eq!(fallback_rx.recv().await, Some("b"));
/// # });
/// ```
#[must_use = "sinks do nothing unless used"]
pub struct Chain<A: Sink, B> {
    first: A,
    second: B,
    first_rejected: bool,
    pending: Option<Side>,
    parked: Option<A::Item>,
}

/// Which sink of a [`Chain`] returned pending last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    First,
    Second,
}

impl<A: Sink, B> Chain<A, B> {
    pub(super) fn new(first: A, second: B) -> Self {
        Chain {
            first,
            second,
            first_rejected: false,
            pending: None,
            parked: None,
        }
    }
}

// Values are moved through by value; they are never pinned.
impl<A: Sink + Unpin, B: Unpin> Unpin for Chain<A, B> {}

impl<A, B> Buffered for Chain<A, B>
where
    A: Sink + Unpin,
    B: Sink<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn parked(&mut self) -> &mut Option<A::Item> {
        &mut self.parked
    }

    fn poll_send_now(&mut self, cx: &mut Context<'_>, mut value: A::Item) -> PollSend<A::Item> {
        self.pending = None;
        if !self.first_rejected {
            match Pin::new(&mut self.first).poll_send(cx, value) {
                PollSend::Rejected(rejected) => {
                    self.first_rejected = true;
                    value = rejected;
                }
                PollSend::Pending(value) => {
                    self.pending = Some(Side::First);
                    return PollSend::Pending(value);
                }
                PollSend::Ready => return PollSend::Ready,
            }
        }
        let poll = Pin::new(&mut self.second).poll_send(cx, value);
        if let PollSend::Pending(_) = poll {
            self.pending = Some(Side::Second);
        }
        poll
    }
}

impl<A, B> Sink for Chain<A, B>
where
    A: Sink + Unpin,
    B: Sink<Item = A::Item> + Unpin,
{
    type Item = A::Item;

    fn poll_send(self: Pin<&mut Self>, cx: &mut Context<'_>, value: A::Item) -> PollSend<A::Item> {
        buffer::poll_send(self.get_mut(), cx, value)
    }

    fn cancel_send(self: Pin<&mut Self>) {
        let this = self.get_mut();
        match this.pending.take() {
            Some(Side::First) => Pin::new(&mut this.first).cancel_send(),
            Some(Side::Second) => Pin::new(&mut this.second).cancel_send(),
            None => {}
        }
    }
}

impl_futures_sink!(impl<A, B> Sink<A::Item> for Chain<A, B>
where
    A: Sink + Unpin,
    B: Sink<Item = A::Item> + Unpin,
);

impl<A: Sink + fmt::Debug, B: fmt::Debug> fmt::Debug for Chain<A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chain")
            .field("first", &self.first)
            .field("second", &self.second)
            .field("first_rejected", &self.first_rejected)
            .field("parked", &self.parked.is_some())
            .finish()
    }
}
