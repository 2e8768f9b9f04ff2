//! [`Filter`]: send only the values that match a predicate.

use std::fmt;
use std::pin::Pin;
use std::task::Context;

use super::buffer::{self, impl_futures_sink, Buffered};
use super::{PollSend, Sink};

/// A sink that sends on the values for which a predicate is true, and accepts and drops
/// the others.
///
/// Returned by [`Sink::filter`]. A value failing the predicate is accepted at once, even
/// when the inner sink is full or closed; a value passing it is sent on, with the inner
/// sink's `Pending` or `Rejected` passed back unchanged.
///
/// ```
/// use postage::prelude::*;
/// use postage::sink::Filter;
///
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::mpsc::channel(4);
/// let mut errors_only: Filter<_, _> = tx.filter(|line: &&str| line.starts_with("error"));
/// errors_only.send("info: started").await.unwrap();
/// errors_only.send("error: disk full").await.unwrap();
/// drop(errors_only);
/// assert_eq!(rx.recv().await, Some("error: disk full"));
/// assert_eq!(rx.recv().await, None);
/// # });
/// ```
#[must_use = "sinks do nothing unless used"]
pub struct Filter<S: Sink, P> {
    sink: S,
    predicate: P,
    pending: bool,
    parked: Option<S::Item>,
}

impl<S: Sink, P> Filter<S, P> {
    pub(super) fn new(sink: S, predicate: P) -> Self {
        Filter {
            sink,
            predicate,
            pending: false,
            parked: None,
        }
    }
}

// The predicate is only called through `&mut` and values are moved through by value;
// neither is pinned.
impl<S: Sink + Unpin, P> Unpin for Filter<S, P> {}

impl<S, P> Buffered for Filter<S, P>
where
    S: Sink + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn parked(&mut self) -> &mut Option<S::Item> {
        &mut self.parked
    }

    fn poll_send_now(&mut self, cx: &mut Context<'_>, value: S::Item) -> PollSend<S::Item> {
        if !(self.predicate)(&value) {
            self.pending = false;
            return PollSend::Ready;
        }
        let poll = Pin::new(&mut self.sink).poll_send(cx, value);
        self.pending = matches!(poll, PollSend::Pending(_));
        poll
    }
}

impl<S, P> Sink for Filter<S, P>
where
    S: Sink + Unpin,
    P: FnMut(&S::Item) -> bool,
{
    type Item = S::Item;

    fn poll_send(self: Pin<&mut Self>, cx: &mut Context<'_>, value: S::Item) -> PollSend<S::Item> {
        buffer::poll_send(self.get_mut(), cx, value)
    }

    fn cancel_send(self: Pin<&mut Self>) {
        let this = self.get_mut();
        if std::mem::take(&mut this.pending) {
            Pin::new(&mut this.sink).cancel_send();
        }
    }
}

impl_futures_sink!(impl<S, P> Sink<S::Item> for Filter<S, P>
where
    S: Sink + Unpin,
    P: FnMut(&S::Item) -> bool,
);

impl<S: Sink + fmt::Debug, P> fmt::Debug for Filter<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Filter")
            .field("sink", &self.sink)
            .field("parked", &self.parked.is_some())
            .finish_non_exhaustive()
    }
}
