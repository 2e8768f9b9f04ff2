//! The `futures_sink::Sink` side of the sink combinators.
//!
//! `futures_sink::Sink` asks for room (`poll_ready`) before it hands over a value
//! (`start_send`), but a combinator only knows where a value goes — which sink of a chain
//! still accepts, whether the filter drops it — once it has the value. So each combinator
//! keeps room for one value: `poll_ready` is ready when that room is free, `start_send`
//! parks the value there, and `poll_ready` / `poll_flush` / `poll_close` push it through
//! the combinator's own [`Sink::poll_send`](super::Sink::poll_send) logic. A parked value
//! that ends up rejected is returned as the `SendError` of that call.
//!
//! A postage `poll_send` delivers a parked value first, so values keep their order when
//! both interfaces are used. If the parked value is rejected there, it is dropped: the
//! postage call has no way to hand back a second value.
//!
//! Invariant: `start_send` never refuses a value after `poll_ready` returned `Ready(Ok)`,
//! since the room is then free; a `start_send` without that promise is refused when the
//! room is taken.

use std::task::{Context, Poll};

use super::{PollSend, SendError};

/// A sink combinator: its sending logic and its room for one parked value.
pub(super) trait Buffered: Unpin {
    type Item;

    /// The room for the value parked by `start_send`.
    fn parked(&mut self) -> &mut Option<Self::Item>;

    /// The combinator's logic: routes, filters or logs `value` and sends it on.
    fn poll_send_now(&mut self, cx: &mut Context<'_>, value: Self::Item) -> PollSend<Self::Item>;
}

/// Postage's `poll_send`: the parked value first, then `value`.
pub(super) fn poll_send<B: Buffered>(
    sink: &mut B,
    cx: &mut Context<'_>,
    value: B::Item,
) -> PollSend<B::Item> {
    match poll_flush(sink, cx) {
        Poll::Pending => PollSend::Pending(value),
        Poll::Ready(_) => sink.poll_send_now(cx, value),
    }
}

/// `futures_sink::Sink::poll_ready`, `poll_flush` and `poll_close`: sends the parked value.
pub(super) fn poll_flush<B: Buffered>(
    sink: &mut B,
    cx: &mut Context<'_>,
) -> Poll<Result<(), SendError<B::Item>>> {
    let Some(value) = sink.parked().take() else {
        return Poll::Ready(Ok(()));
    };
    match sink.poll_send_now(cx, value) {
        PollSend::Ready => Poll::Ready(Ok(())),
        PollSend::Pending(value) => {
            *sink.parked() = Some(value);
            Poll::Pending
        }
        PollSend::Rejected(value) => Poll::Ready(Err(SendError(value))),
    }
}

/// `futures_sink::Sink::start_send`: parks `value`.
pub(super) fn start_send<B: Buffered>(
    sink: &mut B,
    value: B::Item,
) -> Result<(), SendError<B::Item>> {
    let parked = sink.parked();
    if parked.is_some() {
        return Err(SendError(value));
    }
    *parked = Some(value);
    Ok(())
}

/// Implements `futures_sink::Sink` for a [`Buffered`] combinator.
macro_rules! impl_futures_sink {
    (impl<$($param:ident),*> Sink<$item:ty> for $ty:ty where $($bounds:tt)*) => {
        impl<$($param),*> futures_sink::Sink<$item> for $ty
        where
            $($bounds)*
        {
            type Error = $crate::sink::SendError<$item>;

            fn poll_ready(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Result<(), Self::Error>> {
                super::buffer::poll_flush(self.get_mut(), cx)
            }

            fn start_send(
                self: std::pin::Pin<&mut Self>,
                item: $item,
            ) -> Result<(), Self::Error> {
                super::buffer::start_send(self.get_mut(), item)
            }

            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Result<(), Self::Error>> {
                super::buffer::poll_flush(self.get_mut(), cx)
            }

            fn poll_close(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Result<(), Self::Error>> {
                super::buffer::poll_flush(self.get_mut(), cx)
            }
        }
    };
}

pub(super) use impl_futures_sink;
