//! Everything generated code names, so that users of `channel!` and `#[derive(Channel)]`
//! depend on `postage` alone and a renamed dependency still works. Not public API.

pub use core::clone::Clone;
pub use core::fmt::{self, Debug};
pub use core::future::Future;
pub use core::iter::{from_fn, Iterator};
pub use core::marker::{Copy, PhantomData};
pub use core::ops::{FnMut, FnOnce};
pub use core::option::Option;
pub use core::pin::Pin;
pub use core::result::Result;
pub use core::task::{Context, Poll};
pub use core::time::Duration;
pub use std::vec::Vec;

pub use futures_core::{self, FusedFuture};
pub use futures_sink;

#[cfg(feature = "macros")]
pub use postage_macros::channel_impl;

pub use crate::core::closing::ClosedFuture;
pub use crate::error::{
    RecvTimeoutError, RequestError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
pub use crate::generator::{Channel, ChannelKind};
pub use crate::sink::{PollSend, Sink};
pub use crate::stream::{PollRecv, RecvFuture, Stream};
pub use crate::{barrier, broadcast, dispatch, mpsc, oneshot, watch};

pub use crate::__postage_if_blocking as if_blocking;

/// Keeps the items only when `postage` has its `blocking` feature: generated code cannot
/// test `postage`'s features itself.
#[cfg(feature = "blocking")]
#[doc(hidden)]
#[macro_export]
macro_rules! __postage_if_blocking {
    ($($item:tt)*) => { $($item)* };
}

/// Keeps the items only when `postage` has its `blocking` feature: generated code cannot
/// test `postage`'s features itself.
#[cfg(not(feature = "blocking"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __postage_if_blocking {
    ($($item:tt)*) => {};
}

// The helper traits below carry the operations that need more of the payload than the
// runtime halves do (`Clone`, `Default`). Generated code calls them as
// `<Payload as Helper>::op(..)` with the call spanned on the user's payload type, so a
// payload that lacks the trait gives one error, with the message below, on that type (the
// identical errors of every generated body are merged by rustc), and no generated
// signature or where-clause fails on its own.

/// A `broadcast` payload: every receiver gets its own clone of each message.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `broadcast` channel must implement `Clone`",
    label = "not `Clone`, but every broadcast receiver gets its own copy",
    note = "derive or implement `Clone` for `{Self}`, or use an `mpsc` or `dispatch` channel"
)]
pub trait BroadcastPayload: Sized {
    /// `broadcast::channel`.
    fn channel(capacity: usize) -> (broadcast::Sender<Self>, broadcast::Receiver<Self>);
    /// `broadcast::lagging`.
    fn lagging(capacity: usize) -> (broadcast::Sender<Self>, broadcast::Receiver<Self>);
    /// `Stream::poll_recv` of the runtime receiver.
    fn poll_recv(
        receiver: Pin<&mut broadcast::Receiver<Self>>,
        cx: &mut Context<'_>,
    ) -> PollRecv<Self>;
    /// `Stream::cancel_recv` of the runtime receiver.
    fn cancel_recv(receiver: Pin<&mut broadcast::Receiver<Self>>);
    /// `FusedStream::is_terminated` of the runtime receiver.
    fn is_terminated(receiver: &broadcast::Receiver<Self>) -> bool;
    /// `recv_many` of the runtime receiver. Its future is a named type, so a generated
    /// signature naming it needs nothing of the payload.
    fn recv_many<'a>(
        receiver: &'a mut broadcast::Receiver<Self>,
        buffer: &'a mut Vec<Self>,
        limit: usize,
    ) -> broadcast::RecvManyFuture<'a, Self>;
}

impl<T: Clone> BroadcastPayload for T {
    fn channel(capacity: usize) -> (broadcast::Sender<T>, broadcast::Receiver<T>) {
        broadcast::channel(capacity)
    }

    fn lagging(capacity: usize) -> (broadcast::Sender<T>, broadcast::Receiver<T>) {
        broadcast::lagging(capacity)
    }

    fn poll_recv(receiver: Pin<&mut broadcast::Receiver<T>>, cx: &mut Context<'_>) -> PollRecv<T> {
        Stream::poll_recv(receiver, cx)
    }

    fn cancel_recv(receiver: Pin<&mut broadcast::Receiver<T>>) {
        Stream::cancel_recv(receiver)
    }

    fn is_terminated(receiver: &broadcast::Receiver<T>) -> bool {
        futures_core::FusedStream::is_terminated(receiver)
    }

    fn recv_many<'a>(
        receiver: &'a mut broadcast::Receiver<T>,
        buffer: &'a mut Vec<T>,
        limit: usize,
    ) -> broadcast::RecvManyFuture<'a, T> {
        receiver.recv_many(buffer, limit)
    }
}

/// A `watch` payload: receivers get clones of the current value.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `watch` channel must implement `Clone`",
    label = "not `Clone`, but watch receivers get copies of the current value",
    note = "derive or implement `Clone` for `{Self}`, or use the runtime `postage::watch::channel`, whose `borrow()` and `changed()` need no `Clone`"
)]
pub trait WatchPayload: Sized {
    /// `Stream::poll_recv` of the runtime receiver.
    fn poll_recv(receiver: Pin<&mut watch::Receiver<Self>>, cx: &mut Context<'_>)
        -> PollRecv<Self>;
    /// `Stream::cancel_recv` of the runtime receiver.
    fn cancel_recv(receiver: Pin<&mut watch::Receiver<Self>>);
    /// `FusedStream::is_terminated` of the runtime receiver.
    fn is_terminated(receiver: &watch::Receiver<Self>) -> bool;
}

impl<T: Clone> WatchPayload for T {
    fn poll_recv(receiver: Pin<&mut watch::Receiver<T>>, cx: &mut Context<'_>) -> PollRecv<T> {
        Stream::poll_recv(receiver, cx)
    }

    fn cancel_recv(receiver: Pin<&mut watch::Receiver<T>>) {
        Stream::cancel_recv(receiver)
    }

    fn is_terminated(receiver: &watch::Receiver<T>) -> bool {
        futures_core::FusedStream::is_terminated(receiver)
    }
}

/// A `watch` payload without an initial value starts from `Default::default()`.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `watch` channel without an initial value must implement `Default`",
    label = "not `Default`, and no initial value given",
    note = "derive or implement `Default` for `{Self}`, or give the channel an initial value (`Name: watch<{Self}> = value` or `init = value`)"
)]
pub trait WatchDefault: Sized {
    /// `watch::channel`.
    fn channel() -> (watch::Sender<Self>, watch::Receiver<Self>);
}

impl<T: Default> WatchDefault for T {
    fn channel() -> (watch::Sender<T>, watch::Receiver<T>) {
        watch::channel()
    }
}

/// The receiver of a generated `mpsc` channel is not `Clone`. Its `Clone` impl requires
/// this trait, which no type implements (it is sealed), so `rx.clone()` fails with the
/// message below instead of rustc's suggestion of a method with a similar name (`close`).
/// The impl's bound is higher-ranked (`for<'a> Receiver: OneMpscReceiver`) so that rustc
/// does not reject it as a bound that never holds.
#[diagnostic::on_unimplemented(
    message = "one receiver per `mpsc` channel: `{Self}` cannot be cloned",
    label = "an `mpsc` channel has exactly one receiver",
    note = "use a `dispatch` channel to share the messages between receivers (each message to one of them), or `broadcast` to give every receiver every message"
)]
pub trait OneMpscReceiver: Sized + sealed::Sealed {
    /// Never called: no type implements this trait.
    fn clone_receiver(&self) -> Self;
}

mod sealed {
    /// Keeps [`OneMpscReceiver`](super::OneMpscReceiver) unimplementable outside this crate.
    pub trait Sealed {}
}
