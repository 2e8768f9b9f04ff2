//! Single operations on one thread: the `op/*` rows of BENCH.md.
//!
//! Every benchmark id is `<peer>/<parameters>`, and the peers of one parameter set run one
//! after another in the same process, so their ratios come from the same conditions.

use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use postage_benches::peers::{BroadcastPeer, QueuePeer, TokioBroadcast};
use postage_benches::{
    each_lossless_broadcast_peer, each_mpmc_peer, each_mpsc_peer, CountingWaker,
};

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// `try_send` then `try_recv` on an empty channel.
fn try_pair<P: QueuePeer<T>, T: Copy + Send + 'static>(
    g: &mut Group<'_>,
    param: &str,
    capacity: usize,
    value: T,
) {
    let (mut tx, mut rx) = P::channel(capacity);
    g.bench_function(BenchmarkId::new(P::NAME, param), |b| {
        b.iter(|| {
            assert!(P::try_send(&mut tx, black_box(value)));
            black_box(P::try_recv(&mut rx))
        })
    });
}

fn op_try_pair(c: &mut Criterion) {
    let mut g = c.benchmark_group("op/try_pair");
    for capacity in [1, 64, 1024] {
        for kind in ["mpsc", "dispatch"] {
            let small = format!("{kind}/cap{capacity}/u64");
            let large = format!("{kind}/cap{capacity}/u64x8");
            if kind == "mpsc" {
                each_mpsc_peer!(P => try_pair::<P, _>(&mut g, &small, capacity, 7u64));
                each_mpsc_peer!(P => try_pair::<P, _>(&mut g, &large, capacity, [7u64; 8]));
            } else {
                each_mpmc_peer!(P => try_pair::<P, _>(&mut g, &small, capacity, 7u64));
                each_mpmc_peer!(P => try_pair::<P, _>(&mut g, &large, capacity, [7u64; 8]));
            }
        }
    }
    g.finish();
}

/// Benchmarks polling the future `$make` (built from `$state`, bound as `$s`) once,
/// expecting `Pending`, and dropping it.
macro_rules! poll_pending {
    ($g:expr, $id:expr, $state:expr, |$s:pat_param| $make:expr $(,)?) => {{
        let waker = CountingWaker::new();
        let mut state = $state;
        $g.bench_function($id, |b| {
            b.iter(|| {
                let $s = &mut state;
                let future = pin!($make);
                assert!(waker.poll(future).is_pending());
            })
        });
    }};
}

fn recv_empty_queue<P: QueuePeer<u64>>(g: &mut Group<'_>, kind: &str) {
    let (tx, rx) = P::channel(64);
    poll_pending!(g, BenchmarkId::new(P::NAME, kind), (tx, rx), |(_, rx)| {
        P::recv(rx)
    });
}

fn recv_empty_broadcast<P: BroadcastPeer<u64>>(g: &mut Group<'_>) {
    let (tx, rx) = P::channel(64);
    poll_pending!(g, BenchmarkId::new(P::NAME, "broadcast"), (tx, rx), |(
        _,
        rx,
    )| {
        P::recv(rx)
    });
}

fn op_recv_empty(c: &mut Criterion) {
    let mut g = c.benchmark_group("op/recv_empty");
    each_mpsc_peer!(P => recv_empty_queue::<P>(&mut g, "mpsc"));
    each_mpmc_peer!(P => recv_empty_queue::<P>(&mut g, "dispatch"));
    each_lossless_broadcast_peer!(P => recv_empty_broadcast::<P>(&mut g));
    recv_empty_broadcast::<TokioBroadcast>(&mut g);

    // Every receiver has seen the current value.
    let kind = "watch";
    let (tx, mut rx) = postage::watch::channel_with(0u64);
    rx.borrow_and_update();
    poll_pending!(g, BenchmarkId::new("postage", kind), (tx, rx), |(_, rx)| {
        rx.changed()
    });
    let (tx, mut rx) = postage_v05::watch::channel_with(0u64);
    postage_v05::stream::Stream::try_recv(&mut rx).unwrap();
    poll_pending!(g, BenchmarkId::new("postage-0.5", kind), (tx, rx), |(
        _,
        rx,
    )| {
        postage_v05::stream::Stream::recv(rx)
    });
    poll_pending!(
        g,
        BenchmarkId::new("tokio", kind),
        tokio::sync::watch::channel(0u64),
        |(_, rx)| rx.changed(),
    );

    let kind = "oneshot";
    poll_pending!(
        g,
        BenchmarkId::new("postage", kind),
        postage::oneshot::channel::<u64>(),
        |(_, rx)| rx.recv(),
    );
    poll_pending!(
        g,
        BenchmarkId::new("postage-0.5", kind),
        postage_v05::oneshot::channel::<u64>(),
        |(_, rx)| postage_v05::stream::Stream::recv(rx),
    );
    poll_pending!(
        g,
        BenchmarkId::new("tokio", kind),
        tokio::sync::oneshot::channel::<u64>(),
        |(_, rx)| rx,
    );
    poll_pending!(
        g,
        BenchmarkId::new("oneshot", kind),
        oneshot::async_channel::<u64>(),
        |(_, rx)| rx,
    );

    let kind = "barrier";
    poll_pending!(
        g,
        BenchmarkId::new("postage", kind),
        postage::barrier::channel(),
        |(_, rx)| rx.recv(),
    );
    poll_pending!(
        g,
        BenchmarkId::new("postage-0.5", kind),
        postage_v05::barrier::channel(),
        |(_, rx)| postage_v05::stream::Stream::recv(rx),
    );
    poll_pending!(
        g,
        BenchmarkId::new("tokio", kind),
        Arc::new(tokio::sync::SetOnce::<()>::new()),
        |set| set.wait(),
    );
    g.finish();
}

fn send_full_queue<P: QueuePeer<u64>>(g: &mut Group<'_>, kind: &str) {
    let (mut tx, rx) = P::channel(1);
    assert!(P::try_send(&mut tx, 0));
    poll_pending!(g, BenchmarkId::new(P::NAME, kind), (tx, rx), |(tx, _)| {
        P::send(tx, 1)
    });
}

/// postage 0.5 rounds capacities up: fill until a send is refused.
fn send_full_broadcast<P: BroadcastPeer<u64>>(g: &mut Group<'_>) {
    let (mut tx, rx) = P::channel(1);
    while P::try_send(&mut tx, 0) {}
    poll_pending!(g, BenchmarkId::new(P::NAME, "broadcast"), (tx, rx), |(
        tx,
        _,
    )| {
        P::send(tx, 1)
    });
}

fn op_send_full(c: &mut Criterion) {
    let mut g = c.benchmark_group("op/send_full");
    each_mpsc_peer!(P => send_full_queue::<P>(&mut g, "mpsc"));
    each_mpmc_peer!(P => send_full_queue::<P>(&mut g, "dispatch"));
    // tokio's broadcast is lossy: a send never waits, so it has no place here.
    each_lossless_broadcast_peer!(P => send_full_broadcast::<P>(&mut g));
    g.finish();
}

/// A receive polled once on an empty channel and abandoned (a `select!` branch that lost),
/// after which a message arrives and is taken: `try_send` then `try_recv`. What an abandoned
/// wait leaves behind (a registration, a waiting bit) is paid for here, by the next push
/// and pop; `op/recv_empty` alone would not show it.
fn abandoned_recv<P: QueuePeer<u64>>(g: &mut Group<'_>, kind: &str) {
    let waker = CountingWaker::new();
    let (mut tx, mut rx) = P::channel(64);
    g.bench_function(BenchmarkId::new(P::NAME, format!("recv/{kind}")), |b| {
        b.iter(|| {
            assert!(waker.poll(pin!(P::recv(&mut rx))).is_pending());
            assert!(P::try_send(&mut tx, black_box(1)));
            black_box(P::try_recv(&mut rx))
        })
    });
}

/// A send polled once on a full channel (capacity 1) and abandoned, after which a slot is
/// freed and filled again: `try_recv` then `try_send`.
fn abandoned_send<P: QueuePeer<u64>>(g: &mut Group<'_>, kind: &str) {
    let waker = CountingWaker::new();
    let (mut tx, mut rx) = P::channel(1);
    assert!(P::try_send(&mut tx, 0));
    g.bench_function(BenchmarkId::new(P::NAME, format!("send/{kind}")), |b| {
        b.iter(|| {
            assert!(waker.poll(pin!(P::send(&mut tx, 1))).is_pending());
            assert!(black_box(P::try_recv(&mut rx)).is_some());
            assert!(P::try_send(&mut tx, black_box(0)));
        })
    });
}

fn op_abandoned(c: &mut Criterion) {
    let mut g = c.benchmark_group("op/abandoned");
    each_mpsc_peer!(P => abandoned_recv::<P>(&mut g, "mpsc"));
    each_mpmc_peer!(P => abandoned_recv::<P>(&mut g, "dispatch"));
    each_mpsc_peer!(P => abandoned_send::<P>(&mut g, "mpsc"));
    each_mpmc_peer!(P => abandoned_send::<P>(&mut g, "dispatch"));
    g.finish();
}

fn create<T>(g: &mut Group<'_>, peer: &str, kind: &str, make: impl Fn() -> T) {
    g.bench_function(BenchmarkId::new(peer, kind), |b| {
        b.iter(|| drop(black_box(make())))
    });
}

fn create_queue<P: QueuePeer<u64>>(g: &mut Group<'_>, kind: &str) {
    create(g, P::NAME, kind, || P::channel(64));
}

fn create_broadcast<P: BroadcastPeer<u64>>(g: &mut Group<'_>) {
    create(g, P::NAME, "broadcast", || P::channel(64));
}

fn op_create(c: &mut Criterion) {
    let mut g = c.benchmark_group("op/create");
    each_mpsc_peer!(P => create_queue::<P>(&mut g, "mpsc"));
    each_mpmc_peer!(P => create_queue::<P>(&mut g, "dispatch"));
    each_lossless_broadcast_peer!(P => create_broadcast::<P>(&mut g));
    create_broadcast::<TokioBroadcast>(&mut g);

    let kind = "watch";
    create(&mut g, "postage", kind, || {
        postage::watch::channel_with(0u64)
    });
    create(&mut g, "postage-0.5", kind, || {
        postage_v05::watch::channel_with(0u64)
    });
    create(&mut g, "tokio", kind, || tokio::sync::watch::channel(0u64));

    let kind = "oneshot";
    create(&mut g, "postage", kind, postage::oneshot::channel::<u64>);
    create(
        &mut g,
        "postage-0.5",
        kind,
        postage_v05::oneshot::channel::<u64>,
    );
    create(&mut g, "tokio", kind, tokio::sync::oneshot::channel::<u64>);
    create(&mut g, "oneshot", kind, oneshot::channel::<u64>);

    let kind = "barrier";
    create(&mut g, "postage", kind, postage::barrier::channel);
    create(&mut g, "postage-0.5", kind, postage_v05::barrier::channel);
    create(&mut g, "tokio", kind, || {
        Arc::new(tokio::sync::SetOnce::<()>::new())
    });
    g.finish();
}

/// Messages drained from a channel holding a batch of them, per message: one
/// `recv_many(&mut buffer, 64)` against 64 `recv`s, each polled once, on postage's and
/// tokio's mpsc (capacity 64). Every iteration first refills the channel with 64 `try_send`s,
/// the same for every row, so the rows differ only in how they receive.
fn op_recv_batch(c: &mut Criterion) {
    const BATCH: usize = 64;
    let mut g = c.benchmark_group("op/recv_batch");
    g.throughput(Throughput::Elements(BATCH as u64));
    let waker = CountingWaker::new();
    let mut buffer = Vec::with_capacity(BATCH);

    let (tx, mut rx) = postage::mpsc::channel::<u64>(BATCH);
    g.bench_function(BenchmarkId::new("postage", "mpsc/recv_many64"), |b| {
        b.iter(|| {
            for i in 0..BATCH as u64 {
                assert!(tx.try_send(i).is_ok());
            }
            buffer.clear();
            let polled = waker.poll(pin!(rx.recv_many(&mut buffer, BATCH)));
            assert_eq!(polled, Poll::Ready(BATCH));
            black_box(&buffer);
        })
    });
    g.bench_function(BenchmarkId::new("postage", "mpsc/recv64"), |b| {
        b.iter(|| {
            for i in 0..BATCH as u64 {
                assert!(tx.try_send(i).is_ok());
            }
            for _ in 0..BATCH {
                assert!(black_box(waker.poll(pin!(rx.recv()))).is_ready());
            }
        })
    });

    let (tx, mut rx) = tokio::sync::mpsc::channel::<u64>(BATCH);
    g.bench_function(BenchmarkId::new("tokio", "mpsc/recv_many64"), |b| {
        b.iter(|| {
            for i in 0..BATCH as u64 {
                assert!(tx.try_send(i).is_ok());
            }
            buffer.clear();
            let polled = waker.poll(pin!(rx.recv_many(&mut buffer, BATCH)));
            assert_eq!(polled, Poll::Ready(BATCH));
            black_box(&buffer);
        })
    });
    g.bench_function(BenchmarkId::new("tokio", "mpsc/recv64"), |b| {
        b.iter(|| {
            for i in 0..BATCH as u64 {
                assert!(tx.try_send(i).is_ok());
            }
            for _ in 0..BATCH {
                assert!(black_box(waker.poll(pin!(rx.recv()))).is_ready());
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = ops;
    config = postage_benches::config();
    targets = op_try_pair, op_recv_empty, op_send_full, op_abandoned, op_create, op_recv_batch
}
criterion_main!(ops);
