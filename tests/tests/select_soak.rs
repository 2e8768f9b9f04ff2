//! Cancellation under real `select!` loops, for every channel kind.
//!
//! Tasks race `send`, `reserve`, `recv`, `changed` and `closed` against timers and against
//! each other inside `tokio::select!` and `futures::select!`, on tokio's multi-thread
//! runtime and on smol; each race drops its losing futures, pending or not. A won
//! reservation is used at once, used after a timer, or dropped unused. Then:
//!
//! - every message is counted exactly once: a send that completed is received (once by a
//!   queue, once by every receiver of a broadcast), a send that lost its race (or whose
//!   permit was dropped unused) is never received, and nothing is received twice or out
//!   of its producer's order;
//! - nothing hangs: every scenario runs under a watchdog;
//! - nothing leaks: the payloads count their drops, and once the handles are gone every
//!   payload made (clones included) has been dropped exactly once.
//!
//! Each queue scenario starts with races whose outcome is certain — a send (and a
//! reservation) on a full channel nobody reads yet, against a timer — so the cancelled-send
//! path is taken on every run; the rest depends on scheduling and timers, as in production.

mod accounting;

use std::future::Future;
use std::pin::{pin, Pin};
use std::time::Duration;

use accounting::{Drops, Tracked};
use futures::future::pending;
use futures::FutureExt;
use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch, SendError};
use postage_tests::{with_watchdog, Executor};

const LIMIT: Duration = Duration::from_secs(60);
const RUNTIMES: [Executor; 2] = [Executor::TokioMultiThread, Executor::Smol];
const PRODUCERS: u64 = 4;
const PER_PRODUCER: u64 = 300;
const CAPACITY: usize = 2;
/// The producer id of the messages sent by a scenario's opening race.
const OPENING: u64 = PRODUCERS;

#[derive(Debug, Clone, Copy)]
enum Select {
    Tokio,
    Futures,
}

enum Race<A, B, C> {
    First(A),
    Second(B),
    Third(C),
}

/// Runs `a`, `b` and `c` in one `select!` of the given flavour (random branch order in
/// both) and returns the first to finish; the other two are dropped, pending.
async fn race<A: Future, B: Future, C: Future>(
    select: Select,
    a: A,
    b: B,
    c: C,
) -> Race<A::Output, B::Output, C::Output> {
    match select {
        Select::Tokio => tokio::select! {
            x = a => Race::First(x),
            y = b => Race::Second(y),
            z = c => Race::Third(z),
        },
        Select::Futures => {
            let mut a = pin!(a.fuse());
            let mut b = pin!(b.fuse());
            let mut c = pin!(c.fuse());
            futures::select! {
                x = a => Race::First(x),
                y = b => Race::Second(y),
                z = c => Race::Third(z),
            }
        }
    }
}

async fn sleep(runtime: Executor, duration: Duration) {
    match runtime {
        Executor::Smol => {
            smol::Timer::after(duration).await;
        }
        _ => tokio::time::sleep(duration).await,
    }
}

/// A small deterministic generator (xorshift) for timer lengths and choices.
struct Jitter(u64);

impl Jitter {
    fn new(seed: u64) -> Self {
        Jitter(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A timer length between 0 and 400 µs: short enough to lose often to a message, long
    /// enough to beat a send waiting behind a paused receiver.
    fn delay(&mut self) -> Duration {
        Duration::from_micros(self.next() % 400)
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

fn message_id(producer: u64, seq: u64) -> u64 {
    producer << 32 | seq
}

fn producer_of(id: u64) -> u64 {
    id >> 32
}

/// Runs `scenario` on both runtimes with both `select!` flavours, each under the watchdog.
fn soak<S, F>(name: &str, scenario: S)
where
    S: Fn(Executor, Select) -> F + Send + Clone + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    for runtime in RUNTIMES {
        for select in [Select::Tokio, Select::Futures] {
            let scenario = scenario.clone();
            with_watchdog(
                &format!("{name} on {runtime:?}, {select:?} select!"),
                LIMIT,
                move || runtime.block_on(scenario(runtime, select)),
            );
        }
    }
}

/// What the producers saw: the ids whose `send` completed and those whose `send` lost its
/// race (and so must never be received).
#[derive(Default)]
struct Sent {
    delivered: Vec<u64>,
    cancelled: Vec<u64>,
}

impl Sent {
    fn merge(&mut self, other: Sent) {
        self.delivered.extend(other.delivered);
        self.cancelled.extend(other.cancelled);
    }
}

/// Asserts that `received` holds each delivered id once and no cancelled one.
fn assert_exactly_once(sent: &Sent, received: &[u64], who: &str) {
    let mut received = received.to_vec();
    received.sort_unstable();
    assert!(
        received.windows(2).all(|w| w[0] != w[1]),
        "{who}: a message was received twice"
    );
    for id in &sent.cancelled {
        assert!(
            received.binary_search(id).is_err(),
            "{who}: message {id:#x} was received although its send was cancelled"
        );
    }
    let mut delivered = sent.delivered.clone();
    delivered.sort_unstable();
    assert_eq!(
        received.len(),
        delivered.len(),
        "{who}: received {} of {} delivered messages",
        received.len(),
        delivered.len()
    );
    assert_eq!(
        received, delivered,
        "{who}: received exactly the delivered messages"
    );
}

/// Asserts that `received` keeps each producer's messages in the order they were sent.
fn assert_fifo_per_producer(received: &[u64], who: &str) {
    let mut last = std::collections::HashMap::new();
    for &id in received {
        if let Some(previous) = last.insert(producer_of(id), id) {
            assert!(previous < id, "{who}: {id:#x} arrived after {previous:#x}");
        }
    }
}

fn assert_no_payload_alive(drops: &Drops) {
    assert_eq!(
        drops.alive(),
        0,
        "payloads still alive after every handle is gone"
    );
    assert_eq!(
        drops.created(),
        drops.dropped(),
        "every payload dropped once"
    );
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The sending half of the bounded kinds, as a producer uses it.
trait BoundedSender: Clone + Send + Sync + 'static {
    fn send(&self, value: Tracked) -> BoxFuture<'_, Result<(), SendError<Tracked>>>;
    fn try_send(&self, value: Tracked) -> bool;
    fn closed(&self) -> BoxFuture<'_, ()>;
}

/// A reserved slot: calling it sends the message (never waits); dropping it unused frees
/// the slot.
type Permit<'a> = Box<dyn FnOnce(Tracked) + Send + 'a>;

/// The kinds whose senders reserve a slot ahead of the message.
trait ReservingSender: BoundedSender {
    fn reserve(&self) -> BoxFuture<'_, Result<Permit<'_>, SendError<()>>>;
}

macro_rules! bounded_sender {
    ($($kind:ident),*) => {$(
        impl BoundedSender for $kind::Sender<Tracked> {
            fn send(&self, value: Tracked) -> BoxFuture<'_, Result<(), SendError<Tracked>>> {
                Box::pin($kind::Sender::send(self, value))
            }
            fn try_send(&self, value: Tracked) -> bool {
                $kind::Sender::try_send(self, value).is_ok()
            }
            fn closed(&self) -> BoxFuture<'_, ()> {
                Box::pin($kind::Sender::closed(self))
            }
        }
    )*};
}
bounded_sender!(mpsc, dispatch, broadcast);

macro_rules! reserving_sender {
    ($($kind:ident),*) => {$(
        impl ReservingSender for $kind::Sender<Tracked> {
            fn reserve(&self) -> BoxFuture<'_, Result<Permit<'_>, SendError<()>>> {
                Box::pin(async move {
                    let permit = $kind::Sender::reserve(self).await?;
                    Ok(Box::new(move |value| permit.send(value)) as Permit<'_>)
                })
            }
        }
    )*};
}
reserving_sender!(mpsc, dispatch, broadcast);

/// A kind's [`ReservingSender::reserve`], for the producers of that kind.
type Reserve<S> = for<'a> fn(&'a S) -> BoxFuture<'a, Result<Permit<'a>, SendError<()>>>;

fn reserving<S: ReservingSender>() -> Reserve<S> {
    S::reserve
}

/// Fills the channel (nobody reads it yet), then races one more send, and a reservation,
/// against a timer: the timer must win, and the cancelled send's payload must be dropped
/// with its future.
async fn opening_race<S: BoundedSender>(
    runtime: Executor,
    select: Select,
    tx: &S,
    reserve: Reserve<S>,
    drops: &Drops,
) -> Sent {
    let mut sent = Sent::default();
    for seq in 0..CAPACITY as u64 {
        let id = message_id(OPENING, seq);
        assert!(tx.try_send(drops.track(id)), "room for {id:#x}");
        sent.delivered.push(id);
    }
    let id = message_id(OPENING, CAPACITY as u64);
    let outcome = race(
        select,
        tx.send(drops.track(id)),
        sleep(runtime, Duration::from_millis(1)),
        tx.closed(),
    )
    .await;
    assert!(
        matches!(outcome, Race::Second(())),
        "only the timer can finish first: the channel is full and its receivers live"
    );
    sent.cancelled.push(id);
    assert_eq!(
        drops.alive(),
        CAPACITY,
        "the cancelled send's payload is dropped with its future"
    );
    let outcome = race(
        select,
        reserve(tx),
        sleep(runtime, Duration::from_millis(1)),
        tx.closed(),
    )
    .await;
    assert!(
        matches!(outcome, Race::Second(())),
        "only the timer can finish first: a full channel has no slot to reserve"
    );
    sent
}

/// Sends `PER_PRODUCER` messages, each racing a timer and the sender's `closed()`. About
/// half of them reserve a slot first (racing the same way); a won permit
/// is used at once, used after a timer, or dropped unused (that message counts as
/// cancelled).
async fn produce<S: BoundedSender>(
    runtime: Executor,
    select: Select,
    tx: S,
    reserve: Reserve<S>,
    producer: u64,
    drops: Drops,
) -> Sent {
    let mut jitter = Jitter::new(producer + 1);
    let mut sent = Sent::default();
    for seq in 0..PER_PRODUCER {
        let id = message_id(producer, seq);
        let value = drops.track(id);
        let delivered = if jitter.one_in(2) {
            let outcome = race(
                select,
                reserve(&tx),
                sleep(runtime, jitter.delay()),
                tx.closed(),
            )
            .await;
            match outcome {
                Race::First(Ok(permit)) => match jitter.next() % 4 {
                    0 => {
                        drop(permit);
                        false
                    }
                    1 => {
                        sleep(runtime, jitter.delay()).await;
                        permit(value);
                        true
                    }
                    _ => {
                        permit(value);
                        true
                    }
                },
                Race::First(Err(SendError(()))) => {
                    panic!("reservation for {id:#x} refused while receivers live")
                }
                Race::Second(()) => false,
                Race::Third(()) => panic!("closed() resolved while receivers live"),
            }
        } else {
            let outcome = race(
                select,
                tx.send(value),
                sleep(runtime, jitter.delay()),
                tx.closed(),
            )
            .await;
            match outcome {
                Race::First(Ok(())) => true,
                Race::First(Err(SendError(value))) => {
                    panic!("send of {:#x} refused while receivers live", value.id)
                }
                Race::Second(()) => false,
                Race::Third(()) => panic!("closed() resolved while receivers live"),
            }
        };
        if delivered {
            sent.delivered.push(id);
        } else {
            sent.cancelled.push(id);
        }
    }
    sent
}

/// Spawns the producers on `senders` (round robin) and collects what they sent.
fn spawn_producers<S: BoundedSender>(
    runtime: Executor,
    select: Select,
    senders: &[S],
    reserve: Reserve<S>,
    drops: &Drops,
) -> Vec<postage_tests::BoxFuture<Sent>> {
    (0..PRODUCERS)
        .map(|producer| {
            let tx = senders[producer as usize % senders.len()].clone();
            runtime.spawn(produce(
                runtime,
                select,
                tx,
                reserve,
                producer,
                drops.clone(),
            ))
        })
        .collect()
}

async fn collect_sent(producers: Vec<postage_tests::BoxFuture<Sent>>, mut sent: Sent) -> Sent {
    for producer in producers {
        sent.merge(producer.await);
    }
    sent
}

/// Now and then a consumer stops for a millisecond, so that senders wait and their timers
/// win.
async fn maybe_pause(runtime: Executor, jitter: &mut Jitter) {
    if jitter.one_in(32) {
        sleep(runtime, Duration::from_millis(1)).await;
    }
}

/// Receives from a queue-like receiver until it ends, racing each `recv` against a timer.
macro_rules! consume_alone {
    ($runtime:expr, $select:expr, $rx:expr, $seed:expr) => {{
        let (runtime, select, mut rx) = ($runtime, $select, $rx);
        async move {
            let mut jitter = Jitter::new($seed);
            let mut received = Vec::new();
            loop {
                maybe_pause(runtime, &mut jitter).await;
                match race(
                    select,
                    rx.recv(),
                    sleep(runtime, jitter.delay()),
                    pending::<()>(),
                )
                .await
                {
                    Race::First(Some(value)) => received.push(value.id),
                    Race::First(None) => break,
                    Race::Second(()) | Race::Third(()) => {}
                }
            }
            received
        }
    }};
}

/// Receives from two receivers racing each other (and a timer) until both end. Returns
/// what each received.
macro_rules! consume_pair {
    ($runtime:expr, $select:expr, $a:expr, $b:expr, $seed:expr) => {{
        let (runtime, select, mut a, mut b) = ($runtime, $select, $a, $b);
        async move {
            let mut jitter = Jitter::new($seed);
            let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
            let (mut a_open, mut b_open) = (true, true);
            while a_open || b_open {
                maybe_pause(runtime, &mut jitter).await;
                let recv_a = async {
                    match a_open {
                        true => a.recv().await,
                        false => pending().await,
                    }
                };
                let recv_b = async {
                    match b_open {
                        true => b.recv().await,
                        false => pending().await,
                    }
                };
                match race(select, recv_a, recv_b, sleep(runtime, jitter.delay())).await {
                    Race::First(Some(value)) => got_a.push(value.id),
                    Race::First(None) => a_open = false,
                    Race::Second(Some(value)) => got_b.push(value.id),
                    Race::Second(None) => b_open = false,
                    Race::Third(()) => {}
                }
            }
            (got_a, got_b)
        }
    }};
}

async fn mpsc_scenario(runtime: Executor, select: Select) {
    let drops = Drops::new();
    let (tx_a, rx_a) = mpsc::channel(CAPACITY);
    let (tx_b, rx_b) = mpsc::channel(CAPACITY);
    let opening = opening_race(runtime, select, &tx_a, reserving(), &drops).await;
    let producers = spawn_producers(runtime, select, &[tx_a, tx_b], reserving(), &drops);
    let consumer = runtime.spawn(consume_pair!(runtime, select, rx_a, rx_b, 7));
    let sent = collect_sent(producers, opening).await;
    let (got_a, got_b) = consumer.await;
    assert_fifo_per_producer(&got_a, "receiver a");
    assert_fifo_per_producer(&got_b, "receiver b");
    let received: Vec<u64> = got_a.into_iter().chain(got_b).collect();
    assert_exactly_once(&sent, &received, "mpsc");
    assert_no_payload_alive(&drops);
}

async fn dispatch_scenario(runtime: Executor, select: Select) {
    let drops = Drops::new();
    let (tx, rx) = dispatch::channel(CAPACITY);
    let (rx_pair_a, rx_pair_b) = (rx.clone(), tx.subscribe());
    let rx_leaving = rx.clone();
    let opening = opening_race(runtime, select, &tx, reserving(), &drops).await;
    let alone = runtime.spawn(consume_alone!(runtime, select, rx, 11));
    let pair = runtime.spawn(consume_pair!(runtime, select, rx_pair_a, rx_pair_b, 13));
    // A receiver that leaves after a few messages: what it did not take goes to the others.
    let leaving = runtime.spawn(async move {
        let mut rx = rx_leaving;
        let mut received = Vec::new();
        while received.len() < 40 {
            match race(
                select,
                rx.recv(),
                sleep(runtime, Duration::from_micros(50)),
                pending::<()>(),
            )
            .await
            {
                Race::First(Some(value)) => received.push(value.id),
                Race::First(None) => break,
                Race::Second(()) | Race::Third(()) => {}
            }
        }
        received
    });
    let producers = spawn_producers(runtime, select, &[tx], reserving(), &drops);
    let sent = collect_sent(producers, opening).await;
    let mut received = Vec::new();
    for (who, got) in [("alone", alone.await), ("leaving", leaving.await)] {
        assert_fifo_per_producer(&got, who);
        received.extend(got);
    }
    let (got_a, got_b) = pair.await;
    assert_fifo_per_producer(&got_a, "pair a");
    assert_fifo_per_producer(&got_b, "pair b");
    received.extend(got_a);
    received.extend(got_b);
    assert_exactly_once(&sent, &received, "dispatch");
    assert_no_payload_alive(&drops);
}

async fn broadcast_scenario(runtime: Executor, select: Select) {
    let drops = Drops::new();
    let (tx, rx) = broadcast::channel(CAPACITY);
    let (rx_pair_a, rx_pair_b) = (rx.clone(), rx.clone());
    let opening = opening_race(runtime, select, &tx, reserving(), &drops).await;
    let alone = runtime.spawn(consume_alone!(runtime, select, rx, 17));
    let pair = runtime.spawn(consume_pair!(runtime, select, rx_pair_a, rx_pair_b, 19));
    let producers = spawn_producers(runtime, select, &[tx], reserving(), &drops);
    let sent = collect_sent(producers, opening).await;
    let (got_a, got_b) = pair.await;
    for (who, got) in [("alone", alone.await), ("pair a", got_a), ("pair b", got_b)] {
        assert_fifo_per_producer(&got, who);
        assert_exactly_once(&sent, &got, who);
    }
    assert_no_payload_alive(&drops);
}

const WATCH_LAST: u64 = 2_000;

/// Reads a watch with `changed()` raced against a timer until the sender is gone; returns
/// the values it saw.
async fn watch_changed(
    runtime: Executor,
    select: Select,
    mut rx: watch::Receiver<Tracked>,
    seed: u64,
) -> Vec<u64> {
    let mut jitter = Jitter::new(seed);
    let mut seen = Vec::new();
    loop {
        maybe_pause(runtime, &mut jitter).await;
        match race(
            select,
            rx.changed(),
            sleep(runtime, jitter.delay()),
            pending::<()>(),
        )
        .await
        {
            Race::First(Ok(())) => seen.push(rx.borrow_and_update().id),
            Race::First(Err(_)) => break,
            Race::Second(()) | Race::Third(()) => {}
        }
    }
    seen
}

async fn watch_scenario(runtime: Executor, select: Select) {
    let drops = Drops::new();
    let (tx, rx) = watch::channel_with(drops.track(0));
    let changed = runtime.spawn(watch_changed(runtime, select, rx.clone(), 23));
    let pair = runtime.spawn(consume_pair!(
        runtime,
        select,
        rx.clone(),
        tx.subscribe(),
        29
    ));
    let recv = runtime.spawn(consume_alone!(runtime, select, rx, 31));
    let sender = runtime.spawn(async move {
        let mut jitter = Jitter::new(37);
        for id in 1..=WATCH_LAST {
            tx.send(drops.track(id)).expect("receivers live");
            if jitter.one_in(8) {
                let outcome = race(
                    select,
                    tx.closed(),
                    sleep(runtime, jitter.delay()),
                    pending::<()>(),
                )
                .await;
                assert!(
                    matches!(outcome, Race::Second(())),
                    "closed() while receivers live"
                );
            }
        }
        drops
    });
    let drops = sender.await;
    let (got_a, got_b) = pair.await;
    for (who, seen) in [
        ("changed", changed.await),
        ("recv", recv.await),
        ("pair a", got_a),
        ("pair b", got_b),
    ] {
        assert!(
            seen.windows(2).all(|w| w[0] < w[1]),
            "{who}: a value went backwards or came twice"
        );
        assert_eq!(
            seen.last(),
            Some(&WATCH_LAST),
            "{who}: the last value is seen"
        );
    }
    assert_no_payload_alive(&drops);
}

const PAIRS: u64 = 200;

/// How one oneshot pair ended, seen from each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SenderEnd {
    Sent(u64),
    Refused(u64),
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReceiverEnd {
    Got(u64),
    Closed,
    GaveUp,
}

async fn oneshot_scenario(runtime: Executor, select: Select) {
    let drops = Drops::new();
    let mut pairs = Vec::new();
    for pair in 0..PAIRS {
        let (tx, mut rx) = oneshot::channel::<Tracked>();
        let drops = drops.clone();
        let sender = runtime.spawn(async move {
            let mut jitter = Jitter::new(pair * 2 + 1);
            // Wait a little, or until the receiver gave up.
            let outcome = race(
                select,
                tx.closed(),
                sleep(runtime, jitter.delay()),
                pending::<()>(),
            )
            .await;
            let receiver_gone = matches!(outcome, Race::First(()));
            if !receiver_gone && jitter.one_in(8) {
                drop(tx);
                return SenderEnd::Dropped;
            }
            match tx.send(drops.track(pair)) {
                Ok(()) => {
                    assert!(!receiver_gone, "a send to a receiver seen gone succeeded");
                    SenderEnd::Sent(pair)
                }
                Err(value) => SenderEnd::Refused(value.id),
            }
        });
        let receiver = runtime.spawn(async move {
            let mut jitter = Jitter::new(pair * 2 + 2);
            let patience = 1 + jitter.next() % 3;
            for _ in 0..patience {
                match race(
                    select,
                    rx.recv(),
                    sleep(runtime, jitter.delay()),
                    pending::<()>(),
                )
                .await
                {
                    Race::First(Some(value)) => return ReceiverEnd::Got(value.id),
                    Race::First(None) => return ReceiverEnd::Closed,
                    Race::Second(()) | Race::Third(()) => {}
                }
            }
            ReceiverEnd::GaveUp
        });
        pairs.push((pair, sender, receiver));
    }
    for (pair, sender, receiver) in pairs {
        let ends = (sender.await, receiver.await);
        let consistent = match ends {
            (SenderEnd::Sent(sent), ReceiverEnd::Got(got)) => sent == pair && got == pair,
            (SenderEnd::Refused(value), ReceiverEnd::GaveUp) => value == pair,
            (SenderEnd::Sent(sent), ReceiverEnd::GaveUp) => sent == pair,
            (SenderEnd::Dropped, ReceiverEnd::Closed | ReceiverEnd::GaveUp) => true,
            _ => false,
        };
        assert!(consistent, "oneshot pair {pair} ended as {ends:?}");
    }
    assert_no_payload_alive(&drops);
}

const BARRIERS: usize = 100;

async fn barrier_scenario(runtime: Executor, select: Select) {
    let mut senders = Vec::new();
    let mut receivers = Vec::new();
    for _ in 0..BARRIERS {
        let (tx, rx) = barrier::channel();
        senders.push(tx);
        receivers.push(rx.clone());
        receivers.push(rx);
    }
    // Two tasks wait on interleaved halves of the receivers, racing the first two unfired
    // ones against each other and a timer.
    let odd: Vec<_> = receivers.iter().skip(1).step_by(2).cloned().collect();
    let even: Vec<_> = receivers.into_iter().step_by(2).collect();
    let waiters: Vec<_> = [even, odd]
        .into_iter()
        .enumerate()
        .map(|(task, mut waiting)| {
            runtime.spawn(async move {
                let mut jitter = Jitter::new(41 + task as u64);
                let mut fired = 0;
                while !waiting.is_empty() {
                    let second = waiting.len().min(2) - 1;
                    let (first, rest) = waiting.split_at_mut(1);
                    let other = async {
                        match second {
                            0 => pending().await,
                            _ => (&mut rest[0]).await,
                        }
                    };
                    let outcome =
                        race(select, &mut first[0], other, sleep(runtime, jitter.delay())).await;
                    let done = match outcome {
                        Race::First(()) => 0,
                        Race::Second(()) => second,
                        Race::Third(()) => continue,
                    };
                    assert!(
                        waiting[done].is_fired(),
                        "a receiver resolved before firing"
                    );
                    waiting.remove(done);
                    fired += 1;
                }
                fired
            })
        })
        .collect();
    let firing = runtime.spawn(async move {
        let mut jitter = Jitter::new(43);
        for tx in senders {
            let outcome = race(
                select,
                tx.closed(),
                sleep(runtime, jitter.delay()),
                pending::<()>(),
            )
            .await;
            assert!(
                matches!(outcome, Race::Second(())),
                "closed() while receivers live"
            );
            if jitter.one_in(2) {
                tx.send();
            } else {
                drop(tx);
            }
        }
    });
    firing.await;
    let mut fired = 0;
    for waiter in waiters {
        fired += waiter.await;
    }
    assert_eq!(
        fired,
        2 * BARRIERS,
        "every receiver saw its barrier fire once"
    );
}

#[test]
fn mpsc_cancelled_sends_and_receives_lose_and_duplicate_nothing() {
    soak("mpsc", mpsc_scenario);
}

#[test]
fn dispatch_cancelled_sends_and_receives_lose_and_duplicate_nothing() {
    soak("dispatch", dispatch_scenario);
}

#[test]
fn broadcast_cancelled_sends_and_receives_lose_and_duplicate_nothing() {
    soak("broadcast", broadcast_scenario);
}

#[test]
fn watch_cancelled_changed_and_recv_still_end_with_the_last_value() {
    soak("watch", watch_scenario);
}

#[test]
fn oneshot_cancelled_recv_and_closed_keep_each_value_on_one_side() {
    soak("oneshot", oneshot_scenario);
}

#[test]
fn barrier_cancelled_waits_still_see_every_barrier_fire() {
    soak("barrier", barrier_scenario);
}
