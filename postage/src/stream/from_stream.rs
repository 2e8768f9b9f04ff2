//! [`from_stream`]: any `futures_core::Stream` as a postage [`Stream`].

use std::pin::Pin;
use std::task::{Context, Poll};

use super::{PollRecv, Stream};

/// Wraps a [`futures_core::Stream`] so it can be used, and combined, as a postage
/// [`Stream`].
///
/// The wrapped stream must be `Unpin`; pin one that is not with `Box::pin` first. After it
/// returned `None` it is never polled again.
///
/// ```
/// use postage::prelude::*;
///
/// # futures::executor::block_on(async {
/// let (tx, rx) = postage::mpsc::channel(4);
/// tx.send(10).await.unwrap();
/// drop(tx);
///
/// let ticks = postage::stream::from_stream(futures::stream::iter([1, 2]));
/// let mut all = rx.merge(ticks);
/// let mut seen = Vec::new();
/// while let Some(value) = all.recv().await {
///     seen.push(value);
/// }
/// assert_eq!(seen, [10, 1, 2]);
/// # });
/// ```
pub fn from_stream<S: futures_core::Stream>(stream: S) -> FromStream<S> {
    FromStream {
        stream,
        ended: false,
    }
}

/// A `futures_core::Stream` adapted to postage's [`Stream`]. Created by [`from_stream`].
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::FromStream;
///
/// let mut stream: FromStream<_> = postage::stream::from_stream(futures::stream::iter(["a"]));
/// assert_eq!(stream.try_recv(), Ok("a"));
/// assert!(stream.try_recv().is_err());
/// ```
#[must_use = "streams do nothing unless polled"]
#[derive(Debug)]
pub struct FromStream<S> {
    stream: S,
    ended: bool,
}

impl<S: futures_core::Stream + Unpin> Stream for FromStream<S> {
    type Item = S::Item;

    fn poll_recv(self: Pin<&mut Self>, cx: &mut Context<'_>) -> PollRecv<S::Item> {
        let this = self.get_mut();
        if this.ended {
            return PollRecv::Closed;
        }
        match Pin::new(&mut this.stream).poll_next(cx) {
            Poll::Ready(Some(value)) => PollRecv::Ready(value),
            Poll::Ready(None) => {
                this.ended = true;
                PollRecv::Closed
            }
            Poll::Pending => PollRecv::Pending,
        }
    }
}

impl<S: futures_core::Stream + Unpin> futures_core::Stream for FromStream<S> {
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        Stream::poll_recv(self, cx).into_poll()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.ended {
            (0, Some(0))
        } else {
            self.stream.size_hint()
        }
    }
}

impl<S: futures_core::Stream + Unpin> futures_core::FusedStream for FromStream<S> {
    fn is_terminated(&self) -> bool {
        self.ended
    }
}
