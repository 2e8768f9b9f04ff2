//! [`Fuse`]: the inner-stream bookkeeping every stream combinator shares.
//!
//! Invariants:
//! - Once the inner stream returned [`PollRecv::Closed`] (or the combinator ended it with
//!   [`Fuse::end`]), `ended` is set and the inner stream is never polled again; every later
//!   poll returns `Closed` at once.
//! - `pending` is set exactly when the last poll of the inner stream returned
//!   [`PollRecv::Pending`], so [`Fuse::cancel_recv`] reaches only a stream that is waiting.

use std::fmt;
use std::pin::Pin;
use std::task::Context;

use super::{PollRecv, Stream};

pub(crate) struct Fuse<S> {
    stream: S,
    ended: bool,
    pending: bool,
}

impl<S> Fuse<S> {
    pub(crate) fn new(stream: S) -> Self {
        Fuse {
            stream,
            ended: false,
            pending: false,
        }
    }

    pub(crate) fn is_ended(&self) -> bool {
        self.ended
    }

    /// Ends the stream from the outside: it is never polled again.
    pub(crate) fn end(&mut self) {
        self.ended = true;
        self.pending = false;
    }
}

impl<S: Stream + Unpin> Fuse<S> {
    pub(crate) fn poll_recv(&mut self, cx: &mut Context<'_>) -> PollRecv<S::Item> {
        if self.ended {
            return PollRecv::Closed;
        }
        let poll = Pin::new(&mut self.stream).poll_recv(cx);
        self.pending = matches!(poll, PollRecv::Pending);
        self.ended = matches!(poll, PollRecv::Closed);
        poll
    }

    /// Polls until an item satisfies `predicate`, dropping the items that do not, or until
    /// the stream waits or ends; the loop [`Filter`](super::Filter) and
    /// [`Find`](super::Find) share.
    pub(crate) fn poll_recv_matching<P>(
        &mut self,
        cx: &mut Context<'_>,
        predicate: &mut P,
    ) -> PollRecv<S::Item>
    where
        P: FnMut(&S::Item) -> bool,
    {
        loop {
            match self.poll_recv(cx) {
                PollRecv::Ready(value) if !predicate(&value) => continue,
                polled => return polled,
            }
        }
    }

    pub(crate) fn cancel_recv(&mut self) {
        if std::mem::take(&mut self.pending) {
            Pin::new(&mut self.stream).cancel_recv();
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for Fuse<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ended {
            f.write_str("Ended")
        } else {
            self.stream.fmt(f)
        }
    }
}
