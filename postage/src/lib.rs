//! Portable async channels for any executor, and a generator of named, typed channels.
//!
//! | kind | shape | in one line |
//! |---|---|---|
//! | [`mpsc`] | many senders, one receiver | bounded queue; a full channel suspends the sender |
//! | [`oneshot`] | one sender, one receiver | a single value |
//! | [`barrier`] | one sender, many receivers | no data; fires when the sender sends or is dropped |
//! | [`dispatch`] | many senders, many receivers | bounded work queue; each message goes to one receiver |
//! | [`broadcast`] | many senders, many receivers | every receiver gets every message; a full buffer suspends senders (lossless), or overwrites its oldest message ([`broadcast::lagging`]) |
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
//! - Every future of the crate (`recv()`, `send()`, `closed()`, `changed()`, the oneshot and
//!   barrier receivers, …) is `Unpin` and implements `futures::future::FusedFuture`, and every
//!   receiver and stream combinator `futures::stream::FusedStream`, so `futures::select!`
//!   takes them as they are. A future is terminated once it resolved; a barrier receiver
//!   still resolves at once when polled again.
//!
//! # Blocking calls
//!
//! With the `blocking` feature (on by default) every receiver has `blocking_recv` and
//! `blocking_recv_timeout`, and the mpsc, dispatch and broadcast senders `blocking_send` and
//! `blocking_send_timeout`: they park the calling thread, need no executor, and are meant
//! for plain threads. Never call them from async code: they stall the executor's thread, and
//! a single-threaded executor (tokio's current-thread runtime, `futures::executor::block_on`)
//! never wakes up again. The optional `tokio` feature turns that hang into a panic naming
//! the async method to use, whenever a `blocking_*` call runs inside a tokio runtime. The
//! runtime's `spawn_blocking` threads count as inside too (tokio offers no public way to
//! tell them apart); there, write `tokio::runtime::Handle::current().block_on(rx.recv())`.
//!
//! # Named channels
//!
//! With the `macros` feature (on by default), `postage::channel!` declares named channels
//! — `channel!(pub Events: broadcast<u32, 16>)` — and `#[derive(Channel)]` with
//! `#[channel(mpsc, capacity = 64)]` makes a payload type its own channel. Each generates
//! a distinct sender and receiver type (`EventsSender`, `EventsReceiver`) with the methods
//! of that kind, a compile-time capacity, and compile errors for misuse; generic code
//! names them through the [`Channel`] trait. A `bundle App { .. }` inside `channel!`
//! declares every channel of a program together (`App::channel()` returns all the
//! senders and all the receivers), and `#[reply]` fields on a derived enum generate the
//! actor's request methods (`kv.get(key).await`): see [`channel!`] and
//! [`derive@Channel`].
//!
//! The attribute form is a derive (`#[derive(Channel)]` plus `#[channel(..)]`) rather than
//! a `#[postage::channel(..)]` attribute macro: a function-like macro and an attribute
//! macro share one namespace, so `postage::channel!` and `#[postage::channel]` cannot both
//! exist. The `#[channel(..)]` options read the same either way, and the item stays
//! unchanged.
//!
//! # Guides
//!
//! [Choosing a channel](guide::choosing), [migrating from postage 0.5](guide::migrating_from_v05)
//! and [migrating from `tokio::sync`](guide::migrating_from_tokio).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Every unsafe operation sits in its own `unsafe` block with a `// SAFETY:` comment naming
// the invariant it relies on, also inside `unsafe fn`.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![warn(rust_2018_idioms, unreachable_pub)]

pub mod barrier;
pub mod broadcast;
pub mod dispatch;
pub mod error;
pub mod guide;
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
pub use error::{
    RecvTimeoutError, RequestError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
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
/// - `crate = ::path` — where `postage` is, when the dependency is renamed;
/// - `unbounded` — mpsc or dispatch only, in place of `capacity`: sends never wait (the
///   runtime's `unbounded()`). An unbounded channel has no capacity, so the type gets no
///   `CAPACITY` and no `with_capacity`; `channel()` is its only constructor;
/// - `lagging` — broadcast only, with `capacity`: a full buffer overwrites its oldest
///   message instead of making senders wait, and a receiver that fell behind skips what was
///   overwritten (`lagged()` counts it). `CAPACITY` stays, and `with_capacity(n)` makes a
///   lagging channel too.
///
/// `#[channel(broadcast, unbounded)]` is an error that says why (one slow receiver would
/// make it grow without limit; use `lagging` with a capacity), as are `lagging` on another
/// kind and `unbounded` with a capacity.
///
/// A misspelt option is reported once, with a suggestion, and then read as the
/// suggestion (`capcity = 4` is one error, not a second "needs a capacity").
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
///
/// The `unbounded` and `lagging` options:
///
/// ```
/// use postage::Channel;
///
/// #[derive(Debug, PartialEq, Channel)]
/// #[channel(dispatch, unbounded)]
/// pub struct Upload(u32);
///
/// #[derive(Clone, Debug, PartialEq, Channel)]
/// #[channel(broadcast, capacity = 2, lagging)]
/// pub struct Reading(u32);
///
/// # futures::executor::block_on(async {
/// let (uploads, mut worker) = Upload::channel();
/// for n in 0..100 {
///     uploads.try_send(Upload(n)).unwrap(); // never `Full`
/// }
/// assert_eq!(worker.recv().await, Some(Upload(0)));
///
/// let (sensor, mut display) = Reading::channel();
/// for n in 0..3 {
///     sensor.try_send(Reading(n)).unwrap(); // overwrites the oldest when full
/// }
/// assert_eq!(display.recv().await, Some(Reading(1)));
/// assert_eq!(display.lagged(), 1);
/// # });
/// ```
///
/// # Request/response methods: the actor pattern, generated
///
/// On an enum sent over `mpsc` or `dispatch`, a field marked `#[reply]` of type
/// `postage::oneshot::Sender<R>` makes its variant a request. Once an enum has such a field,
/// its generated sender gets one `async fn` per variant, named in snake_case
/// (`Get` → `get`), taking the variant's other fields in order (tuple fields as `arg0`,
/// `arg1`, …). A request creates the reply channel, sends the message, and returns the
/// answer as `Result<R, RequestError>`; a variant without a reply returns
/// `Result<(), RequestError>` once sent. [`RequestError::Closed`]: no receiver is left;
/// [`RequestError::NoReply`]: the responder dropped the reply sender without answering.
///
/// Mistakes are compile errors: a `#[reply]` on a broadcast, watch or oneshot payload
/// (one receiver must answer each message), two `#[reply]` fields in one variant, a
/// `#[reply]` field that is not a `oneshot::Sender`, and a variant whose method would clash
/// with a generated one (`Send` → `send`, `Len` → `len`, …).
///
/// ```
/// use std::collections::HashMap;
///
/// use postage::oneshot;
/// use postage::{Channel, RequestError};
///
/// #[derive(Debug, Channel)]
/// #[channel(mpsc, capacity = 32)]
/// pub enum Kv {
///     Get { key: String, #[reply] reply: oneshot::Sender<Option<u64>> },
///     Put { key: String, value: u64 },
///     Stop,
/// }
///
/// /// The actor: owns the map, answers requests until stopped.
/// async fn serve(mut requests: KvReceiver) {
///     let mut map = HashMap::new();
///     while let Some(request) = requests.recv().await {
///         match request {
///             Kv::Get { key, reply } => {
///                 let _ = reply.send(map.get(&key).copied());
///             }
///             Kv::Put { key, value } => {
///                 map.insert(key, value);
///             }
///             Kv::Stop => break,
///         }
///     }
/// }
///
/// # futures::executor::block_on(async {
/// let (kv, requests): (KvSender, KvReceiver) = Kv::channel();
/// let client = async move {
///     kv.put("answer".to_string(), 42).await?;
///     assert_eq!(kv.get("answer".to_string()).await?, Some(42));
///     assert_eq!(kv.get("question".to_string()).await?, None);
///     kv.stop().await?;
///     Ok::<_, RequestError>(())
/// };
/// let (_, answered) = futures::join!(serve(requests), client);
/// answered.unwrap();
/// # });
/// ```
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use postage_macros::Channel;
