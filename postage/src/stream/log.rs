//! [`Log`]: logs each item of a stream through the `log` crate.

use std::borrow::Cow;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::log::Level;

use super::fuse::Fuse;
use super::{PollRecv, Stream};

/// The `log` target of every record a stream [`Log`] writes.
const TARGET: &str = "postage::stream";

/// A stream that logs each item of another stream, and its end, then passes them on.
///
/// Returned by [`Stream::log`] and [`Stream::log_as`]. Records go to the `log` crate with
/// target `postage::stream` at the chosen level: `"{label} received {item:?}"` for each
/// item and `"{label} closed"` once when the stream ends. The default label is `stream`.
///
/// ```
/// use log::Level;
/// use postage::prelude::*;
/// use postage::stream::Log;
///
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel(4);
/// tx.send(7).await.unwrap();
/// let mut jobs: Log<_> = rx.log_as("jobs", Level::Debug);
/// // Logs "jobs received 7" when a logger is installed.
/// assert_eq!(jobs.recv().await, Some(7));
/// # });
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Log<S> {
    stream: Fuse<S>,
    label: Cow<'static, str>,
    level: Level,
}

impl<S> Log<S> {
    pub(super) fn new(stream: S, label: Cow<'static, str>, level: Level) -> Self {
        Log {
            stream: Fuse::new(stream),
            label,
            level,
        }
    }
}

impl<S> Stream for Log<S>
where
    S: Stream + Unpin,
    S::Item: fmt::Debug,
{
    type Item = S::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<S::Item> {
        let this = self.get_mut();
        let was_ended = this.stream.is_ended();
        let poll = this.stream.poll_recv(cx);
        match &poll {
            PollRecv::Ready(value) => {
                ::log::log!(target: TARGET, this.level, "{} received {:?}", this.label, value);
            }
            PollRecv::Closed if !was_ended => {
                ::log::log!(target: TARGET, this.level, "{} closed", this.label);
            }
            PollRecv::Pending | PollRecv::Closed => {}
        }
        poll
    }

    fn cancel_recv(self: Pin<&mut Self>) {
        self.get_mut().stream.cancel_recv();
    }
}

impl<S> futures_core::Stream for Log<S>
where
    S: Stream + Unpin,
    S::Item: fmt::Debug,
{
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }
}

impl<S> futures_core::FusedStream for Log<S>
where
    S: Stream + Unpin,
    S::Item: fmt::Debug,
{
    fn is_terminated(&self) -> bool {
        self.stream.is_ended()
    }
}

impl<S: fmt::Debug> fmt::Debug for Log<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Log")
            .field("stream", &self.stream)
            .field("label", &self.label)
            .field("level", &self.level)
            .finish()
    }
}
