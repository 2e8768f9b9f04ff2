//! How often each peer's tasks wait in the contended queue rows, beside the time per
//! message: one view behind the `mpsc` and `mpmc` rows on tokio's multi-thread runtime.
//!
//! Runs the workload of `flow.rs` (`producers` tasks sending to `consumers` tasks through a
//! channel of capacity 64, on tokio with two workers), with every `send` and `recv` future
//! wrapped in a counter of the polls that returned `Pending`. A `Pending` is a wait: the
//! task parks, and a wake-up schedules it again later (and may unpark the other worker).
//! Prints, per peer, the time per message and the waits per message on either side, and
//! fails if a peer loses a message.
//!
//! ```sh
//! cargo run --release -p postage-benches --bin waits             # four shapes, 20 000 messages
//! cargo run --release -p postage-benches --bin waits -- 16 2     # 16 producers, 2 consumers
//! cargo run --release -p postage-benches --bin waits -- 4 1 2000 # as many messages as flow.rs
//! ```
//!
//! The counts vary from run to run (they depend on how the two workers interleave); each
//! figure is the median over one second of rounds (at least seven). The times are for
//! orientation only: the criterion rows of `BENCHMARKS.md` are the measurement.

use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use postage_benches::peers::{MpmcPeer, QueuePeer};
use postage_benches::{each_mpmc_peer, each_mpsc_peer};

/// Messages per round unless the command line says otherwise, split evenly among the
/// producers.
const MESSAGES: u64 = 20_000;
/// Rounds per peer, at least; more until [`MIN_TIME`] has passed. The median is printed.
const ROUNDS: usize = 7;
/// Time spent on one peer's rounds, at least.
const MIN_TIME: Duration = Duration::from_secs(1);
const CAPACITY: usize = 64;

/// Counts the polls of a future that returned `Pending`.
struct Counted<'a, F> {
    future: F,
    pending: &'a AtomicU64,
}

impl<F: Future + Unpin> Future for Counted<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polled = Pin::new(&mut self.future).poll(cx);
        if polled.is_pending() {
            self.pending.fetch_add(1, Ordering::Relaxed);
        }
        polled
    }
}

/// Waits of one round, and its time.
#[derive(Clone, Copy, Default)]
struct Round {
    nanos: u64,
    send_waits: u64,
    recv_waits: u64,
}

#[derive(Default)]
struct Counters {
    send_waits: AtomicU64,
    recv_waits: AtomicU64,
    received: AtomicU64,
}

/// One workload: how many tasks on either side, and how many messages in all.
#[derive(Clone, Copy)]
struct Shape {
    producers: u64,
    consumers: usize,
    messages: u64,
}

fn round<P: QueuePeer<u64>>(
    rt: &tokio::runtime::Runtime,
    shape: Shape,
    clone_rx: fn(&P::Rx) -> P::Rx,
) -> Round {
    let Shape {
        producers,
        consumers,
        messages,
    } = shape;
    let counters = Arc::new(Counters::default());
    let (tx, rx) = P::channel(CAPACITY);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..producers {
        let mut tx = P::clone_tx(&tx);
        let counters = counters.clone();
        tasks.push(rt.spawn(async move {
            for i in 0..messages / producers {
                let send = Counted {
                    future: pin!(P::send(&mut tx, i)),
                    pending: &counters.send_waits,
                };
                assert!(send.await, "channel closed early");
            }
        }));
    }
    drop(tx);
    let mut receivers: Vec<P::Rx> = (1..consumers).map(|_| clone_rx(&rx)).collect();
    receivers.push(rx);
    for mut rx in receivers {
        let counters = counters.clone();
        tasks.push(rt.spawn(async move {
            let mut received = 0;
            loop {
                let recv = Counted {
                    future: pin!(P::recv(&mut rx)),
                    pending: &counters.recv_waits,
                };
                if recv.await.is_none() {
                    break;
                }
                received += 1;
            }
            counters.received.fetch_add(received, Ordering::Relaxed);
        }));
    }
    rt.block_on(async {
        for task in tasks {
            task.await.expect("task panicked");
        }
    });
    let nanos = start.elapsed().as_nanos() as u64;
    let received = counters.received.load(Ordering::Relaxed);
    assert_eq!(
        received,
        messages - messages % producers,
        "{} lost messages",
        P::NAME
    );
    Round {
        nanos,
        send_waits: counters.send_waits.load(Ordering::Relaxed),
        recv_waits: counters.recv_waits.load(Ordering::Relaxed),
    }
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

fn report<P: QueuePeer<u64>>(
    rt: &tokio::runtime::Runtime,
    shape: Shape,
    clone_rx: fn(&P::Rx) -> P::Rx,
) {
    round::<P>(rt, shape, clone_rx);
    let start = Instant::now();
    let mut rounds = Vec::new();
    while rounds.len() < ROUNDS || start.elapsed() < MIN_TIME {
        rounds.push(round::<P>(rt, shape, clone_rx));
    }
    let per_message = |pick: fn(&Round) -> u64| {
        median(rounds.iter().map(pick).collect()) as f64 / shape.messages as f64
    };
    println!(
        "| {} | {:.0} | {:.3} | {:.3} |",
        P::NAME,
        per_message(|r| r.nanos),
        per_message(|r| r.send_waits),
        per_message(|r| r.recv_waits),
    );
}

fn no_clone<R>(_: &R) -> R {
    panic!("a single-consumer peer has one receiver")
}

fn clone_rx<P: MpmcPeer<u64>>(rx: &P::Rx) -> P::Rx {
    P::clone_rx(rx)
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|arg| {
            arg.parse()
                .expect("usage: waits [producers [consumers [messages]]]")
        })
        .collect();
    let shape = |producers, consumers, messages| Shape {
        producers,
        consumers,
        messages,
    };
    let shapes: Vec<Shape> = match args.as_slice() {
        [] => vec![
            shape(4, 1, MESSAGES),
            shape(16, 1, MESSAGES),
            shape(4, 2, MESSAGES),
            shape(16, 2, MESSAGES),
        ],
        [producers] => vec![shape(*producers, 1, MESSAGES)],
        [producers, consumers] => vec![shape(*producers, *consumers as usize, MESSAGES)],
        [producers, consumers, messages, ..] => {
            vec![shape(*producers, *consumers as usize, *messages)]
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("tokio multi-thread runtime");
    for shape in shapes {
        assert!(
            shape.producers >= 1 && shape.consumers >= 1 && shape.messages >= shape.producers,
            "at least one producer and one consumer, and a message per producer"
        );
        println!(
            "\ntokio-mt2, {} producers, {} consumers, capacity {CAPACITY}, {} messages, \
             median of at least {ROUNDS} rounds\n",
            shape.producers, shape.consumers, shape.messages
        );
        println!("| peer | ns per message | send waits per message | recv waits per message |");
        println!("|---|---:|---:|---:|");
        if shape.consumers == 1 {
            each_mpsc_peer!(P => report::<P>(&rt, shape, no_clone::<<P as QueuePeer<u64>>::Rx>));
        } else {
            each_mpmc_peer!(P => report::<P>(&rt, shape, clone_rx::<P>));
        }
    }
}
