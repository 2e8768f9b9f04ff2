//! Messages flowing between tasks: the `spsc`, `mpsc`, `mpmc`, `broadcast`,
//! `broadcast_lagging` and `unbounded` rows.
//!
//! Each iteration creates a channel, spawns the producer and consumer tasks, and waits
//! until every message arrived; the runtime is built once, outside the timed section.
//! Parameter ids read `<runtime>/p<producers>c<consumers>/cap<capacity>`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode,
};
use postage_benches::peers::{BroadcastPeer, MpmcPeer, PostageLagging, QueuePeer, TokioBroadcast};
use postage_benches::runtime::{Join, Runtime};
use postage_benches::{
    each_lossless_broadcast_peer, each_mpmc_peer, each_mpsc_peer, each_unbounded_peer,
};

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// Messages per iteration in the queue rows, split evenly among the producers.
const MESSAGES: u64 = 2_000;
/// Messages per iteration in the broadcast rows (each receiver gets all of them).
const BROADCAST_MESSAGES: u64 = 1_000;

/// Messages a peer failed to deliver, as JSON lines for the report.
static LOST: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Checks one benchmark's delivery count. A postage loss fails the run; a peer's loss (a
/// bug of that peer) is recorded for the report and the run goes on.
struct Delivery {
    group: &'static str,
    expected: u64,
    runs: u64,
    lost: u64,
}

impl Delivery {
    fn new(group: &'static str, expected: u64) -> Self {
        Delivery {
            group,
            expected,
            runs: 0,
            lost: 0,
        }
    }

    fn check(&mut self, peer: &str, received: u64) {
        assert!(
            peer != "postage" || received == self.expected,
            "postage delivered {received} of {} messages",
            self.expected
        );
        self.runs += 1;
        self.lost += self.expected - received;
    }

    fn record(self, peer: &str, id: &str) {
        if self.lost == 0 {
            return;
        }
        let mut lost = LOST.lock().expect("lost-message list");
        lost.push(format!(
            "{{\"group\": \"{}\", \"peer\": \"{peer}\", \"id\": \"{id}\", \"runs\": {}, \"expected_per_run\": {}, \"lost\": {}}}",
            self.group, self.runs, self.expected, self.lost
        ));
        let path = postage_benches::side_output_dir().join("lost_messages.json");
        std::fs::write(&path, format!("[\n{}\n]\n", lost.join(",\n")))
            .expect("write the lost-message counts");
    }
}

fn task_group<'a>(c: &'a mut Criterion, name: &str) -> Group<'a> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat).sample_size(20);
    g
}

fn spawn_producers<P: QueuePeer<u64>>(rt: &Runtime, tx: P::Tx, producers: u64) -> Vec<Join> {
    let per_producer = MESSAGES / producers;
    (0..producers)
        .map(|_| {
            let mut tx = P::clone_tx(&tx);
            rt.spawn(async move {
                for i in 0..per_producer {
                    assert!(P::send(&mut tx, i).await, "channel closed early");
                }
            })
        })
        .collect()
}

fn spawn_consumer<P: QueuePeer<u64>>(rt: &Runtime, mut rx: P::Rx, seen: &Arc<AtomicU64>) -> Join {
    let seen = seen.clone();
    rt.spawn(async move {
        let mut count = 0;
        while P::recv(&mut rx).await.is_some() {
            count += 1;
        }
        seen.fetch_add(count, Ordering::Relaxed);
    })
}

async fn join_all(tasks: Vec<Join>) {
    for task in tasks {
        task.await;
    }
}

/// `producers` tasks send `MESSAGES` in total to one consumer task.
fn single_consumer<P: QueuePeer<u64>>(
    g: &mut Group<'_>,
    group: &'static str,
    rt: &Runtime,
    producers: u64,
    capacity: usize,
) {
    let id = format!("{}/p{producers}c1/cap{capacity}", rt.name());
    let mut delivery = Delivery::new(group, MESSAGES);
    g.bench_function(BenchmarkId::new(P::NAME, &id), |b| {
        b.iter(|| {
            let seen = Arc::new(AtomicU64::new(0));
            let (tx, rx) = P::channel(capacity);
            let mut tasks = spawn_producers::<P>(rt, tx, producers);
            tasks.push(spawn_consumer::<P>(rt, rx, &seen));
            rt.block_on(join_all(tasks));
            delivery.check(P::NAME, seen.load(Ordering::Relaxed));
        })
    });
    delivery.record(P::NAME, &id);
}

/// `producers` tasks send `MESSAGES` in total, shared by `consumers` tasks.
fn many_consumers<P: MpmcPeer<u64>>(
    g: &mut Group<'_>,
    rt: &Runtime,
    producers: u64,
    consumers: usize,
    capacity: usize,
) {
    let id = format!("{}/p{producers}c{consumers}/cap{capacity}", rt.name());
    let mut delivery = Delivery::new("mpmc", MESSAGES);
    g.bench_function(BenchmarkId::new(P::NAME, &id), |b| {
        b.iter(|| {
            let seen = Arc::new(AtomicU64::new(0));
            let (tx, rx) = P::channel(capacity);
            let mut tasks = spawn_producers::<P>(rt, tx, producers);
            for _ in 1..consumers {
                tasks.push(spawn_consumer::<P>(rt, P::clone_rx(&rx), &seen));
            }
            tasks.push(spawn_consumer::<P>(rt, rx, &seen));
            rt.block_on(join_all(tasks));
            delivery.check(P::NAME, seen.load(Ordering::Relaxed));
        })
    });
    delivery.record(P::NAME, &id);
}

fn spsc(c: &mut Criterion) {
    let mut g = task_group(c, "spsc");
    for rt in Runtime::all() {
        for capacity in [1, 64] {
            each_mpsc_peer!(P => single_consumer::<P>(&mut g, "spsc", &rt, 1, capacity));
        }
    }
    g.finish();
}

fn mpsc(c: &mut Criterion) {
    let mut g = task_group(c, "mpsc");
    for rt in Runtime::all() {
        for producers in [4, 16] {
            each_mpsc_peer!(P => single_consumer::<P>(&mut g, "mpsc", &rt, producers, 64));
        }
    }
    g.finish();
}

fn mpmc(c: &mut Criterion) {
    let mut g = task_group(c, "mpmc");
    for rt in Runtime::all() {
        for producers in [4, 16] {
            each_mpmc_peer!(P => many_consumers::<P>(&mut g, &rt, producers, 2, 64));
        }
    }
    g.finish();
}

/// An unbounded mpsc: `try_send` then `try_recv` on one thread (`try_pair/u64`), and
/// `producers` tasks sending `MESSAGES` in total to one consumer task
/// (`<runtime>/p<producers>c1`). Every peer's send never waits.
fn unbounded_row<P: QueuePeer<u64>>(g: &mut Group<'_>, rt: Option<&Runtime>, producers: u64) {
    let Some(rt) = rt else {
        let (mut tx, mut rx) = P::channel(0);
        g.bench_function(BenchmarkId::new(P::NAME, "try_pair/u64"), |b| {
            b.iter(|| {
                assert!(P::try_send(&mut tx, black_box(7)));
                black_box(P::try_recv(&mut rx))
            })
        });
        return;
    };
    let id = format!("{}/p{producers}c1", rt.name());
    let mut delivery = Delivery::new("unbounded", MESSAGES);
    g.bench_function(BenchmarkId::new(P::NAME, &id), |b| {
        b.iter(|| {
            let seen = Arc::new(AtomicU64::new(0));
            let (tx, rx) = P::channel(0);
            let mut tasks = spawn_producers::<P>(rt, tx, producers);
            tasks.push(spawn_consumer::<P>(rt, rx, &seen));
            rt.block_on(join_all(tasks));
            delivery.check(P::NAME, seen.load(Ordering::Relaxed));
        })
    });
    delivery.record(P::NAME, &id);
}

fn unbounded(c: &mut Criterion) {
    let mut g = task_group(c, "unbounded");
    each_unbounded_peer!(P => unbounded_row::<P>(&mut g, None, 1));
    for rt in [Runtime::tokio_current(), Runtime::tokio_multi()] {
        for producers in [1, 4, 16] {
            each_unbounded_peer!(P => unbounded_row::<P>(&mut g, Some(&rt), producers));
        }
    }
    g.finish();
}

/// One sender task, `receivers` receiver tasks; returns how many messages were received
/// in total (less than `receivers * BROADCAST_MESSAGES` only for a lossy peer).
fn broadcast_once<P: BroadcastPeer<u64>>(rt: &Runtime, receivers: usize, capacity: usize) -> u64 {
    let seen = Arc::new(AtomicU64::new(0));
    let (mut tx, rx) = P::channel(capacity);
    let mut tasks: Vec<Join> = (1..receivers)
        .map(|_| P::subscribe(&tx))
        .chain(std::iter::once(rx))
        .map(|mut rx| {
            let seen = seen.clone();
            rt.spawn(async move {
                let mut count = 0;
                while P::recv(&mut rx).await.is_some() {
                    count += 1;
                }
                seen.fetch_add(count, Ordering::Relaxed);
            })
        })
        .collect();
    tasks.push(rt.spawn(async move {
        for i in 0..BROADCAST_MESSAGES {
            assert!(P::send(&mut tx, i).await, "channel closed early");
        }
    }));
    rt.block_on(join_all(tasks));
    seen.load(Ordering::Relaxed)
}

fn broadcast_row<P: BroadcastPeer<u64>>(
    g: &mut Group<'_>,
    rt: &Runtime,
    receivers: usize,
    dropped: &mut Vec<String>,
) {
    let capacity = 64;
    let id = format!("{}/1to{receivers}/cap{capacity}", rt.name());
    let expected = receivers as u64 * BROADCAST_MESSAGES;
    let mut delivery = Delivery::new("broadcast", expected);
    g.bench_function(BenchmarkId::new(P::NAME, &id), |b| {
        b.iter(|| {
            let received = broadcast_once::<P>(rt, receivers, capacity);
            delivery.check(P::NAME, received);
        })
    });
    if P::LOSSLESS {
        delivery.record(P::NAME, &id);
    } else if delivery.runs > 0 {
        // A row that did not run (filtered out) has no count: writing 0 would claim that
        // the lossy peer dropped nothing.
        let mean = delivery.lost as f64 / delivery.runs as f64;
        dropped.push(format!(
            "{{\"id\": \"{id}\", \"expected\": {expected}, \"dropped_mean\": {mean:.1}}}"
        ));
    }
}

fn broadcast(c: &mut Criterion) {
    let mut g = task_group(c, "broadcast");
    let mut dropped = Vec::new();
    for rt in [Runtime::tokio_current(), Runtime::tokio_multi()] {
        for receivers in [1, 4, 16] {
            each_lossless_broadcast_peer!(P => broadcast_row::<P>(&mut g, &rt, receivers, &mut dropped));
            broadcast_row::<TokioBroadcast>(&mut g, &rt, receivers, &mut dropped);
        }
    }
    g.finish();
    // A run that measured none of the lossy rows keeps the counts of the last one that did.
    if dropped.is_empty() {
        return;
    }
    let path = postage_benches::side_output_dir().join("tokio_broadcast_dropped.json");
    std::fs::write(&path, format!("[\n{}\n]\n", dropped.join(",\n")))
        .expect("write the dropped-message counts");
}

/// One row of the lagging group, under the column `name`: both peers overwrite the oldest
/// message, so neither delivery is checked; the mean number delivered per iteration is
/// printed, since a receiver that skips more does less work.
fn lagging_row<P: BroadcastPeer<u64>>(g: &mut Group<'_>, rt: &Runtime, name: &str) {
    let (receivers, capacity) = (4, 64);
    let id = format!("{}/1to{receivers}/cap{capacity}", rt.name());
    let (mut runs, mut delivered) = (0u64, 0u64);
    g.bench_function(BenchmarkId::new(name, &id), |b| {
        b.iter(|| {
            delivered += broadcast_once::<P>(rt, receivers, capacity);
            runs += 1;
        })
    });
    if runs == 0 {
        // Filtered out on the command line.
        return;
    }
    let sent = receivers as u64 * BROADCAST_MESSAGES;
    eprintln!(
        "broadcast_lagging/{name}/{id}: {:.1} of {sent} messages delivered per iteration",
        delivered as f64 / runs as f64
    );
}

/// The lagging broadcast against tokio's, the like-for-like peer: a full buffer overwrites
/// the oldest message in both.
fn broadcast_lagging(c: &mut Criterion) {
    let mut g = task_group(c, "broadcast_lagging");
    for rt in [Runtime::tokio_current(), Runtime::tokio_multi()] {
        lagging_row::<PostageLagging>(&mut g, &rt, "postage");
        lagging_row::<TokioBroadcast>(&mut g, &rt, "tokio");
    }
    g.finish();
}

criterion_group! {
    name = flow;
    config = postage_benches::config().measurement_time(Duration::from_secs(2));
    targets = spsc, mpsc, mpmc, broadcast, broadcast_lagging, unbounded
}
criterion_main!(flow);
