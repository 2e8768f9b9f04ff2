//! [`Log`]: logs each value a sink accepts through the `log` crate.

use std::borrow::Cow;
use std::fmt;
use std::pin::Pin;
use std::task::Context;

use ::log::Level;

use super::buffer::{self, impl_futures_sink, Buffered};
use super::{PollSend, Sink};

/// The `log` target of every record a sink [`Log`] writes.
const TARGET: &str = "postage::sink";

/// A sink that logs each value the inner sink accepts.
///
/// Returned by [`Sink::log`] and [`Sink::log_as`]. Records go to the `log` crate with
/// target `postage::sink` at the chosen level: `"{label} sent {value:?}"` for each value
/// the inner sink accepted. Values that wait or are rejected are not logged. The default
/// label is `sink`. The value is formatted only when the level is enabled.
///
/// ```
/// use log::Level;
/// use postage::prelude::*;
/// use postage::sink::Log;
///
/// # futures::executor::block_on(async {
/// let (tx, mut rx) = postage::mpsc::channel(4);
/// let mut results: Log<_> = tx.log_as("results", Level::Info);
/// // Logs "results sent 42" when a logger is installed.
/// results.send(42).await.unwrap();
/// assert_eq!(rx.recv().await, Some(42));
/// # });
/// ```
#[must_use = "sinks do nothing unless used"]
pub struct Log<S: Sink> {
    sink: S,
    label: Cow<'static, str>,
    level: Level,
    pending: bool,
    parked: Option<S::Item>,
}

impl<S: Sink> Log<S> {
    pub(super) fn new(sink: S, label: Cow<'static, str>, level: Level) -> Self {
        Log {
            sink,
            label,
            level,
            pending: false,
            parked: None,
        }
    }
}

// Values are moved through by value; they are never pinned.
impl<S: Sink + Unpin> Unpin for Log<S> {}

impl<S> Buffered for Log<S>
where
    S: Sink + Unpin,
    S::Item: fmt::Debug,
{
    type Item = S::Item;

    fn parked(&mut self) -> &mut Option<S::Item> {
        &mut self.parked
    }

    fn poll_send_now(&mut self, cx: &mut Context<'_>, value: S::Item) -> PollSend<S::Item> {
        // The value is gone once accepted, so it is formatted before sending.
        let text = ::log::log_enabled!(target: TARGET, self.level).then(|| format!("{value:?}"));
        let poll = Pin::new(&mut self.sink).poll_send(cx, value);
        self.pending = matches!(poll, PollSend::Pending(_));
        if let (PollSend::Ready, Some(text)) = (&poll, text) {
            ::log::log!(target: TARGET, self.level, "{} sent {}", self.label, text);
        }
        poll
    }
}

impl<S> Sink for Log<S>
where
    S: Sink + Unpin,
    S::Item: fmt::Debug,
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

impl_futures_sink!(impl<S> Sink<S::Item> for Log<S>
where
    S: Sink + Unpin,
    S::Item: fmt::Debug,
);

impl<S: Sink + fmt::Debug> fmt::Debug for Log<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Log")
            .field("sink", &self.sink)
            .field("label", &self.label)
            .field("level", &self.level)
            .field("parked", &self.parked.is_some())
            .finish()
    }
}
