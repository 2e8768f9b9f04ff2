//! [`once`]: a stream of exactly one value.

use std::pin::Pin;
use std::task::{Context, Poll};

use super::{PollRecv, Stream};

/// Creates a stream that yields `value`, then ends.
///
/// ```
/// use postage::prelude::*;
///
/// # futures::executor::block_on(async {
/// let mut stream = postage::stream::once(1);
/// assert_eq!(stream.recv().await, Some(1));
/// assert_eq!(stream.recv().await, None);
/// # });
/// ```
pub fn once<T>(value: T) -> Once<T> {
    Once { value: Some(value) }
}

/// A stream that yields one value, then ends. Created by [`once`].
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Once;
///
/// let mut stream: Once<&str> = postage::stream::once("only");
/// assert_eq!(stream.try_recv(), Ok("only"));
/// assert!(stream.try_recv().is_err());
/// ```
#[must_use = "streams do nothing unless polled"]
#[derive(Debug, Clone)]
pub struct Once<T> {
    value: Option<T>,
}

// The value is moved out by value; it is never pinned.
impl<T> Unpin for Once<T> {}

impl<T> Stream for Once<T> {
    type Item = T;

    fn poll_recv(self: Pin<&mut Self>, _: &mut Context<'_>) -> PollRecv<T> {
        match self.get_mut().value.take() {
            Some(value) => PollRecv::Ready(value),
            None => PollRecv::Closed,
        }
    }
}

impl<T> futures_core::Stream for Once<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        Stream::poll_recv(self, cx).into_poll()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = usize::from(self.value.is_some());
        (len, Some(len))
    }
}

impl<T> futures_core::FusedStream for Once<T> {
    fn is_terminated(&self) -> bool {
        self.value.is_none()
    }
}
