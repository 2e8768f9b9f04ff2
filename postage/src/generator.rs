//! The runtime side of the channel generator: the [`Channel`] trait every generated channel
//! implements, and the `channel!` macro that forwards this crate's path to the generator.

/// Declares named, typed channels: a marker type with `channel()`, and a distinct sender
/// and receiver type per declaration.
///
/// ```text
/// channel!( Item* )
/// Item     := Decl ; | Bundle ;?
/// Decl     := Attr* Vis? Name Generics? : Kind ( < Type ( , Size )? ( , lagging )? > )? ( = InitExpr )?
/// Size     := Capacity | unbounded
/// Bundle   := Attr* Vis? bundle Name { ( Attr* field : Kind ( < .. > )? ( = InitExpr )? ),* }
/// Kind     := mpsc | broadcast | dispatch | watch | oneshot | barrier
/// Capacity := integer literal | const path | { const expression }
/// ```
///
/// `unbounded` (mpsc and dispatch, in place of the capacity: `mpsc<Job, unbounded>`) makes a
/// channel whose sends never wait, made by the runtime's `unbounded()`; it has no capacity,
/// so no `Name::CAPACITY` and no `Name::with_capacity`: `Name::channel()` is its only
/// constructor. `lagging` (broadcast, after the capacity: `broadcast<Tick, 16, lagging>`)
/// makes a broadcast that overwrites its oldest message when full instead of making senders
/// wait, made by `broadcast::lagging(capacity)`; it keeps `CAPACITY`, and
/// `Name::with_capacity(n)` makes a lagging channel too. The bare words are keywords there,
/// never const paths. A broadcast cannot be unbounded (one slow receiver would make it grow
/// without limit), only a broadcast can lag, and an unbounded channel takes no capacity:
/// each is one compile error that says why.
///
/// Each declaration `Name` generates, with the declaration's visibility, docs, `cfg` and
/// lint attributes:
/// - `Name`: a zero-sized marker with `Name::channel() -> (NameSender, NameReceiver)`,
///   `Name::CAPACITY` and `Name::with_capacity(n)` (a capacity known only at run time;
///   panics on 0) for the bounded kinds (mpsc, broadcast, dispatch),
///   `Name::channel_with(initial)` for watch, and an impl of [`Channel`];
/// - `NameSender` and `NameReceiver`: newtypes around the runtime halves of that kind with
///   the same inherent methods, `Clone` exactly where the kind allows it, `Debug`,
///   [`Sink`](crate::sink::Sink) / [`Stream`](crate::stream::Stream) and the `futures`
///   traits (`FusedStream` on every receiver; `Future` and `FusedFuture` on oneshot and
///   barrier receivers, so `futures::select!` takes them directly), and `into_inner()` to
///   the runtime half. Two declarations never mix, even with the same kind and payload;
/// - for mpsc, dispatch and broadcast: `recv_many`, `try_iter`, `sender_count` and
///   `receiver_count` on the receiver, and `downgrade`, `sender_count`, `receiver_count` and
///   `same_channel` on the sender, with `NameWeakSender` (`upgrade` gives a `NameSender`);
///   the permits `reserve`, `try_reserve`, `reserve_many(n)` and `reserve_owned` (a
///   `FusedFuture` of a `NameOwnedPermit`, whose `send` and `release` give the `NameSender`
///   back) on the sender; on broadcast also `lagged()` and `deactivate` (a
///   `NameInactiveReceiver`, whose `activate` gives a `NameReceiver`) on the receiver.
///
/// Mistakes are compile errors pointing at the offending token: an unknown kind (with a
/// suggestion), a missing or superfluous capacity, a capacity of 0, a payload on a
/// barrier, an initial value on anything but a watch, a broadcast payload that is not
/// `Clone`, a watch payload that is not `Clone` (or not `Default` without an initial
/// value), and a name declared twice. A generated watch needs a `Clone` payload (its
/// receivers hand out copies); for one that cannot be cloned, use the runtime
/// [`watch`](crate::watch) channel, whose `borrow()` needs no `Clone`. Cloning the
/// receiver of an `mpsc` channel fails with "one receiver per `mpsc` channel": use
/// `dispatch` or `broadcast` for several receivers.
///
/// ```
/// # futures::executor::block_on(async {
/// #[derive(Debug, PartialEq)]
/// pub struct Job(u32);
///
/// #[derive(Clone, Default)]
/// pub struct Settings {
///     verbose: bool,
/// }
///
/// const WORKERS: usize = 4;
///
/// postage::channel! {
///     /// Work for the pool.
///     pub(crate) Jobs: mpsc<Job, 64>;
///     pub Events: broadcast<u32, 16>;
///     Work: dispatch<Job, { WORKERS * 2 }>;
///     Config: watch<Settings> = Settings { verbose: true };
///     Reply: oneshot<u64>;
///     pub Shutdown: barrier;
/// }
///
/// let (jobs, mut queue) = Jobs::channel();
/// jobs.send(Job(1)).await.unwrap();
/// assert_eq!(queue.recv().await, Some(Job(1)));
/// assert_eq!(Jobs::CAPACITY, 64);
/// assert_eq!(Work::CAPACITY, 8);
///
/// let (more_jobs, _queue) = Jobs::with_capacity(WORKERS);
/// assert_eq!(more_jobs.capacity(), WORKERS);
///
/// let (config, settings) = Config::channel();
/// assert!(settings.borrow().verbose);
/// # drop(config);
///
/// let (reply, answer) = Reply::channel();
/// reply.send(42).unwrap();
/// assert_eq!(answer.await, Some(42));
///
/// let (shutdown, mut stopped) = Shutdown::channel();
/// drop(shutdown);
/// stopped.recv().await;
/// # let _ = Events::channel();
/// # });
/// ```
///
/// Unbounded and lagging channels:
///
/// ```
/// # futures::executor::block_on(async {
/// postage::channel! {
///     /// Log lines: a writer never waits for the logger.
///     pub Lines: mpsc<String, unbounded>;
///     /// Prices: a slow reader skips old ones rather than holding up the feed.
///     pub Prices: broadcast<u64, 2, lagging>;
/// }
///
/// let (lines, mut logger) = Lines::channel();
/// for n in 0..1000 {
///     lines.try_send(format!("line {n}")).unwrap(); // never `Full`
/// }
/// assert_eq!(lines.capacity(), usize::MAX);
/// assert_eq!(logger.recv().await.as_deref(), Some("line 0"));
///
/// let (feed, mut reader) = Prices::channel();
/// for price in [10, 11, 12, 13] {
///     feed.try_send(price).unwrap(); // a full buffer overwrites its oldest price
/// }
/// assert_eq!(reader.recv().await, Some(12));
/// assert_eq!(reader.lagged(), 2, "10 and 11 were overwritten");
/// assert_eq!(Prices::CAPACITY, 2);
/// # });
/// ```
///
/// # Bundles
///
/// `bundle App { field: Kind<..>, .. }` declares every channel of a program together.
/// Each field `jobs: mpsc<Job, 64>` is generated as if declared `AppJobs: mpsc<Job, 64>`
/// (`AppJobs`, `AppJobsSender`, `AppJobsReceiver`, with everything above), and
/// `App::channel()` creates them all at once as `(AppSenders, AppReceivers)`: two structs
/// with one `pub` field per channel, `Debug`, and `Clone` exactly when every field's half
/// is `Clone` (a bundle with a watch or barrier has no `Clone` senders, one with an mpsc
/// or oneshot no `Clone` receivers). Hand each task its part by moving the fields out.
/// Fields are `,`-separated (a trailing comma is fine), take docs and attributes and every
/// form of a declaration (`unbounded`, `lagging`, `= init`), and a
/// `;` after the closing brace is accepted but not required. A duplicate field, an empty
/// bundle and every mistake of a single declaration are compile errors on the field.
///
/// ```
/// # futures::executor::block_on(async {
/// #[derive(Clone, Debug, PartialEq)]
/// pub enum Event {
///     Done(u32),
/// }
///
/// #[derive(Clone, Default)]
/// pub struct Settings {
///     workers: usize,
/// }
///
/// postage::channel! {
///     /// Every channel of the app.
///     pub bundle App {
///         events: broadcast<Event, 16>,
///         /// Work for the worker.
///         jobs: mpsc<u32, 64>,
///         config: watch<Settings> = Settings { workers: 2 },
///         shutdown: barrier,
///     }
///     Standalone: oneshot<u8>;
/// }
///
/// let (tx, rx): (AppSenders, AppReceivers) = App::channel();
/// let AppSenders { events: publish, jobs: submit, shutdown: stop, .. } = tx;
/// let AppReceivers { mut events, mut jobs, config, mut shutdown } = rx;
///
/// let worker = async move {
///     assert_eq!(config.borrow().workers, 2);
///     while let Some(job) = jobs.recv().await {
///         publish.send(Event::Done(job)).await.unwrap();
///     }
///     stop.send();
/// };
/// let client = async move {
///     for job in 1..=3 {
///         submit.send(job).await.unwrap();
///     }
///     drop(submit);
///     let mut done = Vec::new();
///     while let Some(Event::Done(job)) = events.recv().await {
///         done.push(job);
///     }
///     shutdown.recv().await;
///     assert_eq!(done, [1, 2, 3]);
/// };
/// futures::join!(worker, client);
/// # let _ = Standalone::channel();
/// # });
/// ```
#[cfg(feature = "macros")]
#[macro_export]
macro_rules! channel {
    ($($declarations:tt)*) => {
        $crate::__private::channel_impl! { $crate; $($declarations)* }
    };
}

/// Which of the six channels a [`Channel`] is.
///
/// ```
/// # #[cfg(feature = "macros")]
/// # fn main() {
/// use postage::{Channel, ChannelKind};
///
/// postage::channel!(Jobs: mpsc<u32, 8>);
/// assert_eq!(Jobs::KIND, ChannelKind::Mpsc);
/// # }
/// # #[cfg(not(feature = "macros"))]
/// # fn main() {}
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// [`mpsc`](crate::mpsc): many senders, one receiver.
    Mpsc,
    /// [`broadcast`](crate::broadcast): every receiver gets every message.
    Broadcast,
    /// [`dispatch`](crate::dispatch): each message goes to one of many receivers.
    Dispatch,
    /// [`watch`](crate::watch): the latest value, for many receivers.
    Watch,
    /// [`oneshot`](crate::oneshot): a single value.
    Oneshot,
    /// [`barrier`](crate::barrier): no data; fires once.
    Barrier,
}

/// A channel declared with [`channel!`](crate::channel!) or `#[derive(Channel)]`: code
/// generic over channels names their halves through this trait.
///
/// ```
/// # #[cfg(feature = "macros")]
/// # fn main() {
/// use postage::sink::Sink;
/// use postage::stream::Stream;
/// use postage::Channel;
///
/// postage::channel! {
///     Numbers: mpsc<u32, 4>;
///     Spread: broadcast<u32, 4>;
/// }
///
/// /// Sends 1, 2, 3 through any generated channel of `u32`.
/// fn one_two_three<C>() -> Vec<u32>
/// where
///     C: Channel<Item = u32>,
///     C::Sender: Sink<Item = u32> + Unpin,
///     C::Receiver: Stream<Item = u32> + Unpin,
/// {
///     let (mut tx, mut rx) = C::channel();
///     for n in 1..=3 {
///         tx.try_send(n).unwrap();
///     }
///     drop(tx);
///     std::iter::from_fn(|| rx.try_recv().ok()).collect()
/// }
///
/// assert_eq!(one_two_three::<Numbers>(), [1, 2, 3]);
/// assert_eq!(one_two_three::<Spread>(), [1, 2, 3]);
/// # }
/// # #[cfg(not(feature = "macros"))]
/// # fn main() {}
/// ```
pub trait Channel {
    /// The payload; `()` for a barrier.
    type Item;
    /// The generated sending half.
    type Sender;
    /// The generated receiving half.
    type Receiver;
    /// Which channel this is.
    const KIND: ChannelKind;

    /// Creates a new channel and returns its two halves.
    fn channel() -> (Self::Sender, Self::Receiver);
}
