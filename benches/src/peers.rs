//! One adapter per channel crate, so a benchmark is written once and run on every peer.
//!
//! Each adapter calls the crate's own API directly (no boxing, no extra locking); the async
//! methods return the crate's future or a thin `async` wrapper around it, the same for every
//! peer. Where a crate offers a boxed and an unboxed future (async-broadcast), the unboxed one
//! is used.

use std::future::Future;

/// A bounded queue (each message received once), as the `op/*`, `spsc`, `mpsc` and `mpmc`
/// rows use it.
pub trait QueuePeer<T: Send + 'static>: 'static {
    /// The name the report prints.
    const NAME: &'static str;
    /// The sending half.
    type Tx: Send + 'static;
    /// The receiving half.
    type Rx: Send + 'static;

    /// A channel holding `capacity` messages.
    fn channel(capacity: usize) -> (Self::Tx, Self::Rx);
    /// Another sender of the same channel.
    fn clone_tx(tx: &Self::Tx) -> Self::Tx;
    /// Sends without waiting; `false` when full or closed.
    fn try_send(tx: &mut Self::Tx, value: T) -> bool;
    /// Receives without waiting.
    fn try_recv(rx: &mut Self::Rx) -> Option<T>;
    /// Sends, waiting for room; `false` when closed.
    fn send(tx: &mut Self::Tx, value: T) -> impl Future<Output = bool> + Send + '_;
    /// Receives, waiting for a message; `None` when closed and drained.
    fn recv(rx: &mut Self::Rx) -> impl Future<Output = Option<T>> + Send + '_;
}

/// A queue whose receivers can be cloned: each message still goes to one receiver.
pub trait MpmcPeer<T: Send + 'static>: QueuePeer<T> {
    /// Another receiver of the same channel.
    fn clone_rx(rx: &Self::Rx) -> Self::Rx;
}

/// `postage::mpsc`.
pub struct Postage;
/// `postage::dispatch`.
pub struct PostageDispatch;
/// `postage::mpsc` of the published 0.5.
pub struct PostageV05;
/// `postage::dispatch` of the published 0.5.
pub struct PostageV05Dispatch;
/// `tokio::sync::mpsc` (bounded).
pub struct Tokio;
/// `flume::bounded`, async API.
pub struct Flume;
/// `kanal::bounded_async`.
pub struct Kanal;
/// `async_channel::bounded`.
pub struct AsyncChannel;
/// `crossfire::mpsc::bounded_async` (lock-free array, single consumer).
pub struct Crossfire;
/// `crossfire::mpmc::bounded_async` (lock-free array, many consumers).
pub struct CrossfireMpmc;
/// `tachyonix::channel` (lock-free, single consumer).
pub struct Tachyonix;
/// `thingbuf::mpsc::channel` (lock-free slots; needs `T: Default + Clone`).
pub struct Thingbuf;

/// The adapter of a postage channel module (`mpsc` or `dispatch`, this version or 0.5):
/// the same API under different paths, with the calls each version offers.
macro_rules! postage_queue_peer {
    ($peer:ident, $name:literal, $($module:ident)::+, |$tx:ident, $rx:ident, $value:ident| {
        try_send: $try_send:expr,
        try_recv: $try_recv:expr,
        send: $send:expr,
        recv: $recv:expr $(,)?
    }) => {
        impl<T: Send + 'static> QueuePeer<T> for $peer {
            const NAME: &'static str = $name;
            type Tx = $($module)::+::Sender<T>;
            type Rx = $($module)::+::Receiver<T>;

            fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
                $($module)::+::channel(capacity)
            }
            fn clone_tx(tx: &Self::Tx) -> Self::Tx {
                tx.clone()
            }
            fn try_send($tx: &mut Self::Tx, $value: T) -> bool {
                $try_send.is_ok()
            }
            fn try_recv($rx: &mut Self::Rx) -> Option<T> {
                $try_recv.ok()
            }
            async fn send($tx: &mut Self::Tx, $value: T) -> bool {
                $send.await.is_ok()
            }
            async fn recv($rx: &mut Self::Rx) -> Option<T> {
                $recv.await
            }
        }
    };
}

/// This version: the handles' inherent methods.
macro_rules! postage_peer {
    ($peer:ident, $($module:ident)::+) => {
        postage_queue_peer!($peer, "postage", $($module)::+, |tx, rx, value| {
            try_send: tx.try_send(value),
            try_recv: rx.try_recv(),
            send: tx.send(value),
            recv: rx.recv(),
        });
    };
}

/// The published 0.5: only its `Sink`/`Stream` trait methods.
macro_rules! postage_v05_peer {
    ($peer:ident, $($module:ident)::+) => {
        postage_queue_peer!($peer, "postage-0.5", $($module)::+, |tx, rx, value| {
            try_send: postage_v05::sink::Sink::try_send(tx, value),
            try_recv: postage_v05::stream::Stream::try_recv(rx),
            send: postage_v05::sink::Sink::send(tx, value),
            recv: postage_v05::stream::Stream::recv(rx),
        });
    };
}

postage_peer!(Postage, postage::mpsc);
postage_peer!(PostageDispatch, postage::dispatch);
postage_v05_peer!(PostageV05, postage_v05::mpsc);
postage_v05_peer!(PostageV05Dispatch, postage_v05::dispatch);

impl<T: Send + 'static> MpmcPeer<T> for PostageDispatch {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + 'static> MpmcPeer<T> for PostageV05Dispatch {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + 'static> QueuePeer<T> for Tokio {
    const NAME: &'static str = "tokio";
    type Tx = tokio::sync::mpsc::Sender<T>;
    type Rx = tokio::sync::mpsc::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        tokio::sync::mpsc::channel(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}

impl<T: Send + 'static> QueuePeer<T> for Flume {
    const NAME: &'static str = "flume";
    type Tx = flume::Sender<T>;
    type Rx = flume::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        flume::bounded(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send_async(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv_async().await.ok()
    }
}

impl<T: Send + 'static> MpmcPeer<T> for Flume {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + 'static> QueuePeer<T> for Kanal {
    const NAME: &'static str = "kanal";
    type Tx = kanal::AsyncSender<T>;
    type Rx = kanal::AsyncReceiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        kanal::bounded_async(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).unwrap_or(false)
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok().flatten()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

impl<T: Send + 'static> MpmcPeer<T> for Kanal {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + 'static> QueuePeer<T> for AsyncChannel {
    const NAME: &'static str = "async-channel";
    type Tx = async_channel::Sender<T>;
    type Rx = async_channel::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        async_channel::bounded(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

impl<T: Send + 'static> MpmcPeer<T> for AsyncChannel {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + Unpin + 'static> QueuePeer<T> for Crossfire {
    const NAME: &'static str = "crossfire";
    type Tx = crossfire::MAsyncTx<crossfire::mpsc::Array<T>>;
    type Rx = crossfire::AsyncRx<crossfire::mpsc::Array<T>>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        crossfire::mpsc::bounded_async(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

impl<T: Send + Unpin + 'static> QueuePeer<T> for CrossfireMpmc {
    const NAME: &'static str = "crossfire";
    type Tx = crossfire::MAsyncTx<crossfire::mpmc::Array<T>>;
    type Rx = crossfire::MAsyncRx<crossfire::mpmc::Array<T>>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        crossfire::mpmc::bounded_async(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

impl<T: Send + Unpin + 'static> MpmcPeer<T> for CrossfireMpmc {
    fn clone_rx(rx: &Self::Rx) -> Self::Rx {
        rx.clone()
    }
}

impl<T: Send + Sync + 'static> QueuePeer<T> for Tachyonix {
    const NAME: &'static str = "tachyonix";
    type Tx = tachyonix::Sender<T>;
    type Rx = tachyonix::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        tachyonix::channel(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

impl<T: Send + Sync + Default + Clone + 'static> QueuePeer<T> for Thingbuf {
    const NAME: &'static str = "thingbuf";
    type Tx = thingbuf::mpsc::Sender<T>;
    type Rx = thingbuf::mpsc::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        thingbuf::mpsc::channel(capacity)
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}

/// `postage::mpsc::unbounded`; the capacity argument is ignored (as for every unbounded
/// peer below).
pub struct PostageUnbounded;
/// `tokio::sync::mpsc::unbounded_channel`.
pub struct TokioUnbounded;
/// `flume::unbounded`, async API.
pub struct FlumeUnbounded;
/// `crossfire::mpsc::unbounded_async` (lock-free list, single consumer; its sender never
/// waits, so it is the blocking-API sender).
pub struct CrossfireUnbounded;

impl<T: Send + 'static> QueuePeer<T> for PostageUnbounded {
    const NAME: &'static str = "postage";
    type Tx = postage::mpsc::Sender<T>;
    type Rx = postage::mpsc::Receiver<T>;

    fn channel(_: usize) -> (Self::Tx, Self::Rx) {
        postage::mpsc::unbounded()
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}

impl<T: Send + 'static> QueuePeer<T> for TokioUnbounded {
    const NAME: &'static str = "tokio";
    type Tx = tokio::sync::mpsc::UnboundedSender<T>;
    type Rx = tokio::sync::mpsc::UnboundedReceiver<T>;

    fn channel(_: usize) -> (Self::Tx, Self::Rx) {
        tokio::sync::mpsc::unbounded_channel()
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}

impl<T: Send + 'static> QueuePeer<T> for FlumeUnbounded {
    const NAME: &'static str = "flume";
    type Tx = flume::Sender<T>;
    type Rx = flume::Receiver<T>;

    fn channel(_: usize) -> (Self::Tx, Self::Rx) {
        flume::unbounded()
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send_async(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv_async().await.ok()
    }
}

impl<T: Send + Unpin + 'static> QueuePeer<T> for CrossfireUnbounded {
    const NAME: &'static str = "crossfire";
    type Tx = crossfire::MTx<crossfire::mpsc::List<T>>;
    type Rx = crossfire::AsyncRx<crossfire::mpsc::List<T>>;

    fn channel(_: usize) -> (Self::Tx, Self::Rx) {
        crossfire::mpsc::unbounded_async()
    }
    fn clone_tx(tx: &Self::Tx) -> Self::Tx {
        tx.clone()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await.ok()
    }
}

/// A broadcast channel (every receiver gets every message), as the `broadcast` rows use it.
pub trait BroadcastPeer<T: Clone + Send + Sync + 'static>: 'static {
    /// The name the report prints.
    const NAME: &'static str;
    /// Whether a full buffer makes senders wait (`true`) or overwrites the oldest message.
    const LOSSLESS: bool = true;
    /// The sending half.
    type Tx: Send + 'static;
    /// A receiving half.
    type Rx: Send + 'static;

    /// A channel buffering `capacity` messages.
    fn channel(capacity: usize) -> (Self::Tx, Self::Rx);
    /// A new receiver that sees the messages sent from now on.
    fn subscribe(tx: &Self::Tx) -> Self::Rx;
    /// Sends without waiting; `false` when full or closed.
    fn try_send(tx: &mut Self::Tx, value: T) -> bool;
    /// Receives without waiting.
    fn try_recv(rx: &mut Self::Rx) -> Option<T>;
    /// Sends, waiting for room (a lossy channel never waits); `false` when closed.
    fn send(tx: &mut Self::Tx, value: T) -> impl Future<Output = bool> + Send + '_;
    /// Receives the next message this receiver can still get; `None` when closed and
    /// drained. A lossy channel skips what it overwrote.
    fn recv(rx: &mut Self::Rx) -> impl Future<Output = Option<T>> + Send + '_;
}

/// `postage::broadcast`: lossless.
pub struct PostageBroadcast;
/// `postage::broadcast` of the published 0.5: lossless.
pub struct PostageV05Broadcast;
/// `async_broadcast` with overflow off (its default): lossless.
pub struct AsyncBroadcast;
/// `tokio::sync::broadcast`: lossy (a slow receiver loses the oldest messages).
pub struct TokioBroadcast;
/// `postage::broadcast::lagging`: lossy like tokio's (a full buffer overwrites the oldest
/// message, a slow receiver skips it).
pub struct PostageLagging;

impl<T: Clone + Send + Sync + 'static> BroadcastPeer<T> for PostageBroadcast {
    const NAME: &'static str = "postage";
    type Tx = postage::broadcast::Sender<T>;
    type Rx = postage::broadcast::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        postage::broadcast::channel(capacity)
    }
    fn subscribe(tx: &Self::Tx) -> Self::Rx {
        tx.subscribe()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}

impl<T: Clone + Send + Sync + 'static> BroadcastPeer<T> for PostageV05Broadcast {
    const NAME: &'static str = "postage-0.5";
    type Tx = postage_v05::broadcast::Sender<T>;
    type Rx = postage_v05::broadcast::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        postage_v05::broadcast::channel(capacity)
    }
    fn subscribe(tx: &Self::Tx) -> Self::Rx {
        tx.subscribe()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        postage_v05::sink::Sink::try_send(tx, value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        postage_v05::stream::Stream::try_recv(rx).ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        postage_v05::sink::Sink::send(tx, value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        postage_v05::stream::Stream::recv(rx).await
    }
}

impl<T: Clone + Send + Sync + 'static> BroadcastPeer<T> for AsyncBroadcast {
    const NAME: &'static str = "async-broadcast";
    type Tx = async_broadcast::Sender<T>;
    type Rx = async_broadcast::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        let (tx, rx) = async_broadcast::broadcast(capacity);
        assert!(!tx.overflow(), "async-broadcast must run lossless here");
        (tx, rx)
    }
    fn subscribe(tx: &Self::Tx) -> Self::Rx {
        tx.new_receiver()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_broadcast(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.broadcast_direct(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv_direct().await.ok()
    }
}

impl<T: Clone + Send + Sync + 'static> BroadcastPeer<T> for TokioBroadcast {
    const NAME: &'static str = "tokio (lossy)";
    const LOSSLESS: bool = false;
    type Tx = tokio::sync::broadcast::Sender<T>;
    type Rx = tokio::sync::broadcast::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        tokio::sync::broadcast::channel(capacity)
    }
    fn subscribe(tx: &Self::Tx) -> Self::Rx {
        tx.subscribe()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match rx.recv().await {
                Ok(value) => return Some(value),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

impl<T: Clone + Send + Sync + 'static> BroadcastPeer<T> for PostageLagging {
    const NAME: &'static str = "postage (lagging)";
    const LOSSLESS: bool = false;
    type Tx = postage::broadcast::Sender<T>;
    type Rx = postage::broadcast::Receiver<T>;

    fn channel(capacity: usize) -> (Self::Tx, Self::Rx) {
        postage::broadcast::lagging(capacity)
    }
    fn subscribe(tx: &Self::Tx) -> Self::Rx {
        tx.subscribe()
    }
    fn try_send(tx: &mut Self::Tx, value: T) -> bool {
        tx.try_send(value).is_ok()
    }
    fn try_recv(rx: &mut Self::Rx) -> Option<T> {
        rx.try_recv().ok()
    }
    async fn send(tx: &mut Self::Tx, value: T) -> bool {
        tx.send(value).await.is_ok()
    }
    async fn recv(rx: &mut Self::Rx) -> Option<T> {
        rx.recv().await
    }
}
