//! [`repeat`]: an endless stream of clones of one value.

use std::pin::Pin;
use std::task::{Context, Poll};

use super::{PollRecv, Stream};

/// Creates a stream that yields a clone of `value` every time it is polled, forever.
///
/// Useful as a source of ticks or default values; combine it with [`Stream::chain`] or
/// bound it with [`Stream::find`].
///
/// ```
/// use postage::prelude::*;
///
/// # futures::executor::block_on(async {
/// let mut stream = postage::stream::repeat('z');
/// assert_eq!(stream.recv().await, Some('z'));
/// assert_eq!(stream.recv().await, Some('z'));
/// # });
/// ```
pub fn repeat<T: Clone>(value: T) -> Repeat<T> {
    Repeat { value }
}

/// A stream that yields clones of one value forever. Created by [`repeat`].
///
/// ```
/// use postage::prelude::*;
/// use postage::stream::Repeat;
///
/// let mut stream: Repeat<u8> = postage::stream::repeat(0);
/// assert_eq!(stream.try_recv(), Ok(0));
/// ```
#[must_use = "streams do nothing unless polled"]
#[derive(Debug, Clone)]
pub struct Repeat<T> {
    value: T,
}

// The value is only ever read through `&`; it is never pinned.
impl<T> Unpin for Repeat<T> {}

impl<T: Clone> Stream for Repeat<T> {
    type Item = T;

    fn poll_recv(self: Pin<&mut Self>, _: &mut Context<'_>) -> PollRecv<T> {
        PollRecv::Ready(self.value.clone())
    }
}

impl<T: Clone> futures_core::Stream for Repeat<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(Some(self.value.clone()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

impl<T: Clone> futures_core::FusedStream for Repeat<T> {
    fn is_terminated(&self) -> bool {
        false
    }
}
