//! Everything generated code names, so that users of `channel!` and `#[derive(Channel)]`
//! depend on `postage` alone and a renamed dependency still works. Not public API.

pub use core::assert;
pub use core::clone::Clone;
pub use core::fmt::{self, Debug};
pub use core::future::Future;
pub use core::marker::{Copy, PhantomData};
pub use core::ops::FnOnce;
pub use core::option::Option;
pub use core::pin::Pin;
pub use core::result::Result;
pub use core::task::{Context, Poll};

pub use futures_core::{self, FusedFuture};
pub use futures_sink;

#[cfg(feature = "macros")]
pub use postage_macros::channel_impl;

pub use crate::closing::ClosedFuture;
pub use crate::error::{SendError, TryRecvError, TrySendError};
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

/// A `broadcast` payload: every receiver gets its own clone of each message.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `broadcast` channel must implement `Clone`",
    label = "not `Clone`, but every broadcast receiver gets its own copy",
    note = "derive or implement `Clone` for `{Self}`, or use an `mpsc` or `dispatch` channel"
)]
pub trait BroadcastPayload: Clone {}

impl<T: Clone> BroadcastPayload for T {}

/// A `watch` payload: receivers read clones of the current value.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `watch` channel must implement `Clone`",
    label = "not `Clone`, but watch receivers get copies of the current value",
    note = "derive or implement `Clone` for `{Self}`"
)]
pub trait WatchPayload: Clone {}

impl<T: Clone> WatchPayload for T {}

/// A `watch` payload without an initial value starts from `Default::default()`.
#[diagnostic::on_unimplemented(
    message = "the payload `{Self}` of a `watch` channel without an initial value must implement `Default`",
    label = "not `Default`, and no initial value given",
    note = "derive or implement `Default` for `{Self}`, or give an initial value: `Name: watch<{Self}> = value`"
)]
pub trait WatchDefault: Default {}

impl<T: Default> WatchDefault for T {}
