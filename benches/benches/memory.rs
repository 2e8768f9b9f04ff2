//! Memory per channel, per message and per waiter, for postage and its peers.
//!
//! A counting global allocator records every allocation of this (single-threaded) process.
//! For each kind and peer it measures:
//! - `create`: allocations and bytes live after creating a channel (capacity 64, `u64`);
//! - `per message`: extra live bytes per buffered message, from a channel of capacity 1
//!   holding one message to a channel of capacity 1024 holding 1024;
//! - `waiter cold` / `waiter warm`: allocations per pending operation while 1000 operations
//!   wait at once (the futures themselves are boxed beforehand and not counted); "cold" is
//!   the first round on a fresh channel, "warm" a second round after the first was dropped;
//! - `recv poll+drop` / `send poll+drop`: allocations per "poll a pending receive (on an
//!   empty channel) or send (on a full one) once and drop it", the `op/recv_empty` and
//!   `op/send_full` rows, after one warm-up round; and the live bytes each such poll+drop
//!   leaves behind (`kept`): registrations a dropped future did not take back, which pile
//!   up while nothing wakes them;
//! - `retained`: live bytes left after a burst of 1024 messages went through a channel of
//!   capacity 1024 and was drained, compared with the fresh channel; for the unbounded
//!   channels (kind `mpsc unbounded`), after a burst of 1 000 000 messages was sent and then
//!   received, and `bytes/message` is the peak of that burst per message.
//!
//! The table is printed and written as JSON to `<target>/postage-benches/memory.json`, which
//! the report generator reads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::sync::Arc;

use postage_benches::peers::{BroadcastPeer, MpmcPeer, QueuePeer};
use postage_benches::{
    each_lossless_broadcast_peer, each_mpmc_peer, each_mpsc_peer, each_unbounded_peer,
    CountingWaker,
};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract, passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and live-byte change while `f` runs.
fn measure<R>(f: impl FnOnce() -> R) -> (usize, isize, R) {
    let (allocs, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        LIVE_BYTES.load(Ordering::Relaxed),
    );
    let result = f();
    (
        ALLOCATIONS.load(Ordering::Relaxed) - allocs,
        LIVE_BYTES.load(Ordering::Relaxed) - bytes,
        result,
    )
}

const WAITERS: usize = 1000;
const BURST: usize = 1024;
/// The burst through an unbounded channel.
const UNBOUNDED_BURST: usize = 1_000_000;

/// One line of the table; `None` where the measure does not apply to the kind.
#[derive(Default)]
struct Row {
    kind: &'static str,
    peer: &'static str,
    create_allocs: usize,
    create_bytes: isize,
    bytes_per_message: Option<f64>,
    waiter_cold: Option<f64>,
    waiter_warm: Option<f64>,
    recv_poll_drop: Option<PollDrop>,
    send_poll_drop: Option<PollDrop>,
    retained: Option<isize>,
}

/// A boxed pending operation borrowing its channel handle.
type Waiting<'a, O> = Pin<Box<dyn Future<Output = O> + 'a>>;

fn boxed<'a, F: Future + 'a>(future: F) -> Waiting<'a, F::Output> {
    Box::pin(future)
}

/// Allocations per pending future while all of `futures` wait at once.
fn pending_allocs<F: Future + ?Sized>(futures: &mut [Pin<Box<F>>], waker: &CountingWaker) -> f64 {
    let (allocs, _, ()) = measure(|| {
        for future in futures.iter_mut() {
            assert!(waker.poll(future.as_mut()).is_pending());
        }
    });
    allocs as f64 / futures.len() as f64
}

/// What one "poll once, drop" of a pending operation costs in memory.
#[derive(Clone, Copy)]
struct PollDrop {
    /// Allocations per poll+drop.
    allocs: f64,
    /// Live bytes left behind per poll+drop, once the future is gone.
    kept: f64,
}

/// Allocations and bytes kept per "poll once, drop" of the futures `make` builds, after a
/// warm-up round. Each future is boxed before counting starts; freeing a box is not an
/// allocation, and its bytes are added back, so `kept` counts only what the channel holds.
fn poll_drop_cost<S, O>(
    state: &mut S,
    make: impl for<'a> Fn(&'a mut S) -> Waiting<'a, O>,
) -> PollDrop {
    let waker = &CountingWaker::new();
    let mut round = || {
        (0..WAITERS)
            .map(|_| {
                let mut future = make(state);
                // The box is freed by the `drop` below, inside the measurement.
                let boxed_bytes = std::mem::size_of_val(&*future) as isize;
                let (allocs, bytes, ()) = measure(move || {
                    assert!(waker.poll(future.as_mut()).is_pending());
                    drop(future);
                });
                (allocs, bytes + boxed_bytes)
            })
            .fold((0, 0), |(a, b), (allocs, bytes)| (a + allocs, b + bytes))
    };
    round();
    let (allocs, kept) = round();
    PollDrop {
        allocs: allocs as f64 / WAITERS as f64,
        kept: kept as f64 / WAITERS as f64,
    }
}

fn queue_row<P: QueuePeer<u64>>(kind: &'static str) -> Row {
    let (create_allocs, create_bytes, channel) = measure(|| P::channel(64));
    drop(channel);

    let full = |capacity: usize| {
        measure(|| {
            let (mut tx, rx) = P::channel(capacity);
            for i in 0..capacity {
                assert!(P::try_send(&mut tx, i as u64));
            }
            (tx, rx)
        })
        .1
    };
    let bytes_per_message = (full(BURST) - full(1)) as f64 / (BURST - 1) as f64;

    let waker = CountingWaker::new();
    let (mut tx, _rx) = P::channel(1);
    assert!(P::try_send(&mut tx, 0));
    let mut senders: Vec<_> = (0..WAITERS).map(|_| P::clone_tx(&tx)).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut sends: Vec<_> = senders
            .iter_mut()
            .map(|tx| Box::pin(P::send(tx, 1)))
            .collect();
        rounds.push(pending_allocs(&mut sends, &waker));
    }
    let send_poll_drop = poll_drop_cost(&mut tx, |tx| boxed(P::send(tx, 1)));
    drop(senders);
    let (_tx, mut rx) = P::channel(64);
    let recv_poll_drop = poll_drop_cost(&mut rx, |rx| boxed(P::recv(rx)));

    let (mut tx, mut rx) = P::channel(BURST);
    let (_, retained, ()) = measure(|| {
        for i in 0..BURST {
            assert!(P::try_send(&mut tx, i as u64));
        }
        while P::try_recv(&mut rx).is_some() {}
    });

    Row {
        kind,
        peer: P::NAME,
        create_allocs,
        create_bytes,
        bytes_per_message: Some(bytes_per_message),
        waiter_cold: Some(rounds[0]),
        waiter_warm: Some(rounds[1]),
        recv_poll_drop: Some(recv_poll_drop),
        send_poll_drop: Some(send_poll_drop),
        retained: Some(retained),
    }
}

/// An unbounded queue: creation, the peak of a burst of `UNBOUNDED_BURST` messages per
/// message, and what stays allocated once the burst has been received.
fn unbounded_row<P: QueuePeer<u64>>() -> Row {
    let (create_allocs, create_bytes, channel) = measure(|| P::channel(0));
    drop(channel);
    let (mut tx, mut rx) = P::channel(0);
    let (_, peak, ()) = measure(|| {
        for i in 0..UNBOUNDED_BURST {
            assert!(P::try_send(&mut tx, i as u64));
        }
    });
    let (_, drained, ()) = measure(|| {
        let mut received = 0;
        while P::try_recv(&mut rx).is_some() {
            received += 1;
        }
        assert_eq!(received, UNBOUNDED_BURST);
    });
    Row {
        kind: "mpsc unbounded",
        peer: P::NAME,
        create_allocs,
        create_bytes,
        bytes_per_message: Some(peak as f64 / UNBOUNDED_BURST as f64),
        retained: Some(peak + drained),
        ..Row::default()
    }
}

/// For multi-consumer queues the waiters are receivers: `WAITERS` receivers wait on an
/// empty channel.
fn mpmc_row<P: MpmcPeer<u64>>(kind: &'static str) -> Row {
    let mut row = queue_row::<P>(kind);
    let waker = CountingWaker::new();
    let (_tx, rx) = P::channel(64);
    let mut receivers: Vec<_> = (0..WAITERS).map(|_| P::clone_rx(&rx)).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut recvs: Vec<_> = receivers
            .iter_mut()
            .map(|rx| Box::pin(P::recv(rx)))
            .collect();
        rounds.push(pending_allocs(&mut recvs, &waker));
    }
    row.waiter_cold = Some(rounds[0]);
    row.waiter_warm = Some(rounds[1]);
    row
}

fn broadcast_row<P: BroadcastPeer<u64>>() -> Row {
    let (create_allocs, create_bytes, channel) = measure(|| P::channel(64));
    drop(channel);

    let full = |capacity: usize| {
        measure(|| {
            let (mut tx, rx) = P::channel(capacity);
            for i in 0..capacity {
                assert!(P::try_send(&mut tx, i as u64));
            }
            (tx, rx)
        })
        .1
    };
    let bytes_per_message = (full(BURST) - full(1)) as f64 / (BURST - 1) as f64;

    let waker = CountingWaker::new();
    let (tx, rx) = P::channel(64);
    let mut receivers: Vec<_> = (0..WAITERS).map(|_| P::subscribe(&tx)).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut recvs: Vec<_> = receivers
            .iter_mut()
            .map(|rx| Box::pin(P::recv(rx)))
            .collect();
        rounds.push(pending_allocs(&mut recvs, &waker));
    }
    drop(receivers);
    let mut rx = rx;
    let recv_poll_drop = poll_drop_cost(&mut rx, |rx| boxed(P::recv(rx)));
    // A lossy channel is never full: its sends never wait. postage 0.5 rounds capacities
    // up, so fill until a send is refused.
    let send_poll_drop = P::LOSSLESS.then(|| {
        let (mut tx, _rx) = P::channel(1);
        while P::try_send(&mut tx, 0) {}
        poll_drop_cost(&mut tx, |tx| boxed(P::send(tx, 1)))
    });

    let (mut tx, mut rx) = P::channel(BURST);
    let (_, retained, ()) = measure(|| {
        for i in 0..BURST {
            assert!(P::try_send(&mut tx, i as u64));
        }
        while P::try_recv(&mut rx).is_some() {}
    });

    Row {
        kind: "broadcast",
        peer: P::NAME,
        create_allocs,
        create_bytes,
        bytes_per_message: Some(bytes_per_message),
        waiter_cold: Some(rounds[0]),
        waiter_warm: Some(rounds[1]),
        recv_poll_drop: Some(recv_poll_drop),
        send_poll_drop,
        retained: Some(retained),
    }
}

/// A oneshot peer: creation, `WAITERS` channels each with a pending receive made by `wait`,
/// and poll+drop of one receive.
fn oneshot_row<C, O>(
    peer: &'static str,
    create: impl Fn() -> C,
    wait: impl for<'a> Fn(&'a mut C) -> Waiting<'a, O>,
) -> Row {
    let (create_allocs, create_bytes, channel) = measure(&create);
    drop(channel);
    let waker = CountingWaker::new();
    let mut channels: Vec<C> = Vec::with_capacity(WAITERS);
    let mut rounds = Vec::new();
    for _ in 0..2 {
        channels.clear();
        channels.extend((0..WAITERS).map(|_| create()));
        let mut futures: Vec<_> = channels.iter_mut().map(&wait).collect();
        rounds.push(pending_allocs(&mut futures, &waker));
    }
    let mut channel = create();
    Row {
        kind: "oneshot",
        peer,
        create_allocs,
        create_bytes,
        waiter_cold: Some(rounds[0]),
        waiter_warm: Some(rounds[1]),
        recv_poll_drop: Some(poll_drop_cost(&mut channel, &wait)),
        ..Row::default()
    }
}

fn oneshot_rows(rows: &mut Vec<Row>) {
    rows.push(oneshot_row(
        "postage",
        postage::oneshot::channel::<u64>,
        |(_, rx)| boxed(rx.recv()),
    ));
    rows.push(oneshot_row(
        "postage-0.5",
        postage_v05::oneshot::channel::<u64>,
        |(_, rx)| boxed(postage_v05::stream::Stream::recv(rx)),
    ));
    rows.push(oneshot_row(
        "tokio",
        tokio::sync::oneshot::channel::<u64>,
        |(_, rx)| boxed(rx),
    ));
    rows.push(oneshot_row(
        "oneshot",
        oneshot::async_channel::<u64>,
        |(_, rx)| boxed(rx),
    ));
}

/// `WAITERS` receivers of one watch wait for a change (each has seen the current value).
fn watch_row<Tx, Rx, O>(
    peer: &'static str,
    create: impl Fn() -> (Tx, Rx),
    subscribe: impl Fn(&mut Tx) -> Rx,
    wait: impl for<'a> Fn(&'a mut Rx) -> Waiting<'a, O>,
) -> Row {
    let (create_allocs, create_bytes, channel) = measure(&create);
    drop(channel);
    let waker = CountingWaker::new();
    let (mut tx, mut rx) = create();
    let mut receivers: Vec<Rx> = (0..WAITERS).map(|_| subscribe(&mut tx)).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut futures: Vec<_> = receivers.iter_mut().map(&wait).collect();
        rounds.push(pending_allocs(&mut futures, &waker));
    }
    drop(receivers);
    Row {
        kind: "watch",
        peer,
        create_allocs,
        create_bytes,
        waiter_cold: Some(rounds[0]),
        waiter_warm: Some(rounds[1]),
        recv_poll_drop: Some(poll_drop_cost(&mut rx, &wait)),
        ..Row::default()
    }
}

fn watch_rows(rows: &mut Vec<Row>) {
    rows.push(watch_row(
        "postage",
        || {
            let (tx, mut rx) = postage::watch::channel_with(0u64);
            rx.borrow_and_update();
            (tx, rx)
        },
        |tx| {
            let mut rx = tx.subscribe();
            rx.borrow_and_update();
            rx
        },
        |rx| boxed(rx.changed()),
    ));
    rows.push(watch_row(
        "postage-0.5",
        || {
            let (tx, mut rx) = postage_v05::watch::channel_with(0u64);
            postage_v05::stream::Stream::try_recv(&mut rx).unwrap();
            (tx, rx)
        },
        |tx| {
            let mut rx = tx.subscribe();
            postage_v05::stream::Stream::try_recv(&mut rx).unwrap();
            rx
        },
        |rx| boxed(postage_v05::stream::Stream::recv(rx)),
    ));
    rows.push(watch_row(
        "tokio",
        || tokio::sync::watch::channel(0u64),
        |tx| tx.subscribe(),
        |rx| boxed(rx.changed()),
    ));
}

fn barrier_rows(rows: &mut Vec<Row>) {
    // One barrier, `WAITERS` receivers: the waiters of a barrier are clones.
    let waiting_clones =
        |rows: &mut Vec<Row>, peer, create_allocs, create_bytes, cold, warm, poll_drop| {
            rows.push(Row {
                kind: "barrier",
                peer,
                create_allocs,
                create_bytes,
                waiter_cold: Some(cold),
                waiter_warm: Some(warm),
                recv_poll_drop: Some(poll_drop),
                ..Row::default()
            })
        };
    let waker = CountingWaker::new();

    let (allocs, bytes, channel) = measure(postage::barrier::channel);
    let (_tx, rx) = channel;
    let mut receivers: Vec<_> = (0..WAITERS).map(|_| rx.clone()).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut futures: Vec<_> = receivers.iter_mut().map(|rx| Box::pin(rx.recv())).collect();
        rounds.push(pending_allocs(&mut futures, &waker));
        drop(futures);
        // A barrier receiver keeps its registration between polls; re-clone for round two.
        receivers = (0..WAITERS).map(|_| rx.clone()).collect();
    }
    let mut one = rx.clone();
    let poll_drop = poll_drop_cost(&mut one, |rx| boxed(rx.recv()));
    waiting_clones(
        rows, "postage", allocs, bytes, rounds[0], rounds[1], poll_drop,
    );

    let (allocs, bytes, channel) = measure(postage_v05::barrier::channel);
    let (_tx, rx) = channel;
    let mut receivers: Vec<_> = (0..WAITERS).map(|_| rx.clone()).collect();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut futures: Vec<_> = receivers
            .iter_mut()
            .map(|rx| Box::pin(postage_v05::stream::Stream::recv(rx)))
            .collect();
        rounds.push(pending_allocs(&mut futures, &waker));
        drop(futures);
        receivers = (0..WAITERS).map(|_| rx.clone()).collect();
    }
    let mut one = rx.clone();
    let poll_drop = poll_drop_cost(&mut one, |rx| boxed(postage_v05::stream::Stream::recv(rx)));
    waiting_clones(
        rows,
        "postage-0.5",
        allocs,
        bytes,
        rounds[0],
        rounds[1],
        poll_drop,
    );

    let (allocs, bytes, set) = measure(|| Arc::new(tokio::sync::SetOnce::<()>::new()));
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let mut futures: Vec<_> = (0..WAITERS).map(|_| Box::pin(set.wait())).collect();
        rounds.push(pending_allocs(&mut futures, &waker));
    }
    let mut one = set.clone();
    let poll_drop = poll_drop_cost(&mut one, |set| {
        boxed(async {
            set.wait().await;
        })
    });
    waiting_clones(
        rows, "tokio", allocs, bytes, rounds[0], rounds[1], poll_drop,
    );
}

fn fmt_opt<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

fn fmt_f(value: Option<f64>) -> String {
    fmt_opt(value.map(|v| format!("{v:.3}")))
}

fn json_opt<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "null".to_owned(), |v| v.to_string())
}

fn main() {
    let mut rows = Vec::new();
    each_mpsc_peer!(P => rows.push(queue_row::<P>("mpsc")));
    each_mpmc_peer!(P => rows.push(mpmc_row::<P>("dispatch")));
    each_unbounded_peer!(P => rows.push(unbounded_row::<P>()));
    each_lossless_broadcast_peer!(P => rows.push(broadcast_row::<P>()));
    rows.push(broadcast_row::<postage_benches::peers::TokioBroadcast>());
    watch_rows(&mut rows);
    oneshot_rows(&mut rows);
    barrier_rows(&mut rows);

    println!("| kind | peer | create allocs | create bytes | bytes/message | waiter allocs (cold) | waiter allocs (warm) | recv poll+drop allocs | send poll+drop allocs | recv poll+drop bytes kept | send poll+drop bytes kept | retained bytes |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut json = Vec::new();
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.kind,
            r.peer,
            r.create_allocs,
            r.create_bytes,
            fmt_f(r.bytes_per_message),
            fmt_f(r.waiter_cold),
            fmt_f(r.waiter_warm),
            fmt_f(r.recv_poll_drop.map(|p| p.allocs)),
            fmt_f(r.send_poll_drop.map(|p| p.allocs)),
            fmt_f(r.recv_poll_drop.map(|p| p.kept)),
            fmt_f(r.send_poll_drop.map(|p| p.kept)),
            fmt_opt(r.retained),
        );
        json.push(format!(
            "{{\"kind\": \"{}\", \"peer\": \"{}\", \"create_allocs\": {}, \"create_bytes\": {}, \"bytes_per_message\": {}, \"waiter_cold\": {}, \"waiter_warm\": {}, \"recv_poll_drop\": {}, \"send_poll_drop\": {}, \"recv_kept\": {}, \"send_kept\": {}, \"retained\": {}}}",
            r.kind,
            r.peer,
            r.create_allocs,
            r.create_bytes,
            json_opt(r.bytes_per_message),
            json_opt(r.waiter_cold),
            json_opt(r.waiter_warm),
            json_opt(r.recv_poll_drop.map(|p| p.allocs)),
            json_opt(r.send_poll_drop.map(|p| p.allocs)),
            json_opt(r.recv_poll_drop.map(|p| p.kept)),
            json_opt(r.send_poll_drop.map(|p| p.kept)),
            json_opt(r.retained),
        ));
    }
    let path = postage_benches::side_output_dir().join("memory.json");
    std::fs::write(&path, format!("[\n{}\n]\n", json.join(",\n"))).expect("write memory.json");
    println!("\nwritten to {}", path.display());
}
