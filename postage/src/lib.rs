//! Portable async channels for any executor, and a generator of named, typed channels.
//!
//! | kind | shape | in one line |
//! |---|---|---|
//! | [`mpsc`] | many senders, one receiver | bounded queue; a full channel suspends the sender |
//! | [`oneshot`] | one sender, one receiver | a single value |
//! | [`barrier`] | one sender, many receivers | no data; fires when the sender sends or is dropped |
//! | [`dispatch`] | many senders, many receivers | bounded work queue; each message goes to one receiver |
//! | [`broadcast`] | many senders, many receivers | every receiver gets every message; a full buffer suspends senders (lossless) |
//! | [`watch`] | one sender, many receivers | state: receivers get the current value at once, then changes |
//!
//! Every channel works on any executor (tokio, async-std, smol, `futures::executor`) and on
//! plain threads through the `blocking_*` methods. Senders implement [`Sink`](sink::Sink),
//! receivers [`Stream`](stream::Stream), and both the `futures` traits.
//!
//! ```
//! # futures::executor::block_on(async {
//! let (tx, mut rx) = postage::mpsc::channel(8);
//! tx.send("hello").await.unwrap();
//! assert_eq!(rx.recv().await, Some("hello"));
//! # });
//! ```
//!
//! # Common rules
//!
//! - `recv` returns `None` only when the channel is closed *and drained*, and then for good.
//! - When the last receiver is gone, every send fails at once and hands the value back;
//!   buffered values are dropped then, not when the last sender goes.
//! - Capacities are exact: `channel(16)` holds 16 messages. A capacity of 0 panics.
//! - A pending operation registers one waker; re-polling with the same waker allocates
//!   nothing. `try_*` methods register no waker.
//!
//! # Named channels
//!
//! With the `macros` feature (on by default), `postage::channel!` declares named channels
//! — `channel!(pub Events: broadcast<u32, 16>)` — and `#[derive(Channel)]` with
//! `#[channel(mpsc, capacity = 64)]` makes a payload type its own channel. Each generates
//! a distinct sender and receiver type (`EventsSender`, `EventsReceiver`) with the methods
//! of that kind, a compile-time capacity, and compile errors for misuse; generic code
//! names them through the [`Channel`] trait.
//!
//! The attribute form is a derive (`#[derive(Channel)]` plus `#[channel(..)]`) rather than
//! a `#[postage::channel(..)]` attribute macro: a function-like macro and an attribute
//! macro share one namespace, so `postage::channel!` and `#[postage::channel]` cannot both
//! exist. The `#[channel(..)]` options read the same either way, and the item stays
//! unchanged.

#![deny(missing_docs)]
// Every unsafe operation sits in its own `unsafe` block with a `// SAFETY:` comment naming
// the invariant it relies on, also inside `unsafe fn`.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![warn(rust_2018_idioms, unreachable_pub)]

pub mod barrier;
pub mod broadcast;
pub mod dispatch;
pub mod error;
pub mod mpsc;
pub mod oneshot;
pub mod prelude;
pub mod sink;
pub mod stream;
pub mod watch;

#[doc(hidden)]
pub mod __private;

/// The README's examples, compiled and run as doctests.
#[cfg(all(doctest, feature = "macros"))]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
#[cfg(feature = "blocking")]
mod blocking;
mod core;
mod generator;
mod sync;

#[cfg(all(test, feature = "logging"))]
mod log_capture;
#[cfg(test)]
mod test_util;

pub use crate::core::closing::ClosedFuture;
pub use error::{SendError, TryRecvError, TrySendError};
pub use generator::{Channel, ChannelKind};
/// Makes a payload type its own channel: `#[derive(Channel)]` with
/// `#[channel(kind, options..)]` generates `<Type>Sender` and `<Type>Receiver` and gives
/// the type `channel()` (and `CAPACITY` for bounded kinds) and the [`Channel`] impl. The
/// type itself is left unchanged.
///
/// The kind comes first (mpsc, broadcast, dispatch, watch or oneshot; a barrier has no
/// payload), then, each at most once:
/// - `capacity = ..` — an integer literal, a const path or `{ const expression }`; required
///   for mpsc, broadcast and dispatch, refused for the others;
/// - `init = ..` — the initial value of a watch (else the type must be `Default`);
/// - `name = Ident` — the prefix of the generated names instead of the type's name;
/// - `crate = ::path` — where `postage` is, when the dependency is renamed.
///
/// ```
/// use postage::Channel;
///
/// #[derive(Debug, PartialEq, Channel)]
/// #[channel(mpsc, capacity = 64)]
/// pub enum Command {
///     Start,
///     Stop,
/// }
///
/// #[derive(Clone, Debug, Default, PartialEq, Channel)]
/// #[channel(watch, name = Mode)]
/// pub struct Settings {
///     verbose: bool,
/// }
///
/// # futures::executor::block_on(async {
/// let (tx, mut rx): (CommandSender, CommandReceiver) = Command::channel();
/// tx.send(Command::Start).await.unwrap();
/// assert_eq!(rx.recv().await, Some(Command::Start));
/// assert_eq!(Command::CAPACITY, 64);
///
/// let (settings, mut mode): (ModeSender, ModeReceiver) = Settings::channel();
/// settings.send_modify(|s| s.verbose = true);
/// assert!(mode.recv().await.unwrap().verbose);
/// # });
/// ```
#[cfg(feature = "macros")]
pub use postage_macros::Channel;
