//! Soak tests: many producers, sync and async endpoints mixed, on tokio (multi-thread),
//! async-std and smol. Every message is accounted for (nothing lost, nothing duplicated,
//! FIFO per producer), each run is under a watchdog, and the heap must not grow with the
//! number of messages (a counting global allocator measures it).
//!
//! Counts: 8 producers (4 async tasks, 4 plain threads using `blocking_send`) × 100 000
//! messages each in release builds, × 10 000 in debug builds, so that the README's
//! `cargo test --workspace` stays within seconds. The `select!` loop runs 100 000 iterations
//! in both.

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use futures::FutureExt;
use postage::{broadcast, dispatch, mpsc};
use postage_tests::{with_watchdog, Executor};

/// Heap bytes currently allocated by this test binary.
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

struct CountingAllocator;

// SAFETY: every call is forwarded unchanged to the system allocator, under the same
// contract; the counter only observes sizes.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`/`realloc`).
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract, which `System` shares.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn live_bytes() -> usize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// The heap may move by this much between two checkpoints of one run (executor queues,
/// thread-local caches); a per-message leak of even a few bytes exceeds it many times over.
const HEAP_SLACK: usize = 256 * 1024;

const PRODUCERS: u64 = 8;
const PER_PRODUCER: u64 = if cfg!(debug_assertions) {
    10_000
} else {
    100_000
};
const TOTAL: u64 = PRODUCERS * PER_PRODUCER;
const LIMIT: Duration = Duration::from_secs(120);
const SOAK_EXECUTORS: [Executor; 3] = [
    Executor::TokioMultiThread,
    Executor::AsyncStd,
    Executor::Smol,
];

/// The soak tests share the heap counter, so they run one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn message(producer: u64, seq: u64) -> u64 {
    producer << 32 | seq
}

/// Checks one consumer's view: FIFO per producer; returns which messages it saw.
#[derive(Default)]
struct Ledger {
    next: Vec<u64>,
    seen: Vec<Vec<bool>>,
    count: u64,
}

impl Ledger {
    fn new() -> Self {
        Ledger {
            next: vec![0; PRODUCERS as usize],
            seen: vec![vec![false; PER_PRODUCER as usize]; PRODUCERS as usize],
            count: 0,
        }
    }

    /// Records `message`; `gapless` when this consumer must see every message of a producer.
    fn record(&mut self, message: u64, gapless: bool) {
        let (producer, seq) = ((message >> 32) as usize, message & 0xffff_ffff);
        if gapless {
            assert_eq!(
                seq, self.next[producer],
                "producer {producer}: FIFO, no gap"
            );
        } else {
            assert!(seq >= self.next[producer], "producer {producer}: FIFO");
        }
        assert!(
            !self.seen[producer][seq as usize],
            "message {message:#x} duplicated"
        );
        self.seen[producer][seq as usize] = true;
        self.next[producer] = seq + 1;
        self.count += 1;
    }

    fn merge(&mut self, other: Ledger) {
        for (mine, theirs) in self.seen.iter_mut().zip(other.seen) {
            for (seen, other_saw) in mine.iter_mut().zip(theirs) {
                assert!(!(*seen && other_saw), "a message reached two consumers");
                *seen |= other_saw;
            }
        }
        self.count += other.count;
    }

    fn assert_complete(&self) {
        assert_eq!(self.count, TOTAL, "every message arrived exactly once");
        assert!(self.seen.iter().flatten().all(|&seen| seen));
    }
}

/// Watches the heap while a consumer reads: records it at 10% and 90% of `TOTAL` messages.
struct HeapWatch {
    at_tenth: Option<usize>,
    at_nine_tenths: Option<usize>,
}

impl HeapWatch {
    fn new() -> Self {
        HeapWatch {
            at_tenth: None,
            at_nine_tenths: None,
        }
    }

    fn observe(&mut self, received: u64) {
        if received == TOTAL / 10 {
            self.at_tenth = Some(live_bytes());
        } else if received == TOTAL * 9 / 10 {
            self.at_nine_tenths = Some(live_bytes());
        }
    }

    fn assert_bounded(&self) {
        let (early, late) = (
            self.at_tenth.expect("checkpoint at 10%"),
            self.at_nine_tenths.expect("checkpoint at 90%"),
        );
        assert!(
            late <= early + HEAP_SLACK,
            "the heap grew from {early} to {late} bytes while messages flowed"
        );
    }
}

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A sender of a soaked channel; the producers use its own (inherent) `send` and
/// `blocking_send`.
trait SoakSender: Clone + Send + 'static {
    /// Sends every message of `producer`, in order, awaiting room.
    fn send_all(self, producer: u64) -> Task;
    /// Sends every message of `producer`, in order, blocking the thread for room.
    fn blocking_send_all(self, producer: u64);
}

/// A receiver of a soaked channel; the consumers use its own (inherent) `recv` and
/// `blocking_recv`.
trait SoakReceiver: Send + 'static {
    fn next_message(&mut self) -> impl Future<Output = Option<u64>> + Send + '_;
    fn blocking_next_message(&mut self) -> Option<u64>;
}

macro_rules! soak_handles {
    ($($channel:ident),*) => {$(
        impl SoakSender for $channel::Sender<u64> {
            fn send_all(self, producer: u64) -> Task {
                Box::pin(async move {
                    for seq in 0..PER_PRODUCER {
                        self.send(message(producer, seq)).await.unwrap();
                    }
                })
            }

            fn blocking_send_all(self, producer: u64) {
                for seq in 0..PER_PRODUCER {
                    self.blocking_send(message(producer, seq)).unwrap();
                }
            }
        }

        impl SoakReceiver for $channel::Receiver<u64> {
            fn next_message(&mut self) -> impl Future<Output = Option<u64>> + Send + '_ {
                self.recv()
            }

            fn blocking_next_message(&mut self) -> Option<u64> {
                self.blocking_recv()
            }
        }
    )*};
}

soak_handles!(mpsc, dispatch, broadcast);

/// The running producers: async tasks to await and threads to join.
struct Producers {
    tasks: Vec<Task>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Producers {
    /// Starts the 8 producers: 4 async tasks on `executor`, 4 threads using the blocking
    /// calls.
    fn start(executor: Executor, sender: &impl SoakSender) -> Self {
        let mut producers = Producers {
            tasks: Vec::new(),
            threads: Vec::new(),
        };
        for producer in 0..PRODUCERS {
            let sender = sender.clone();
            if producer % 2 == 0 {
                producers
                    .tasks
                    .push(executor.spawn(sender.send_all(producer)));
            } else {
                producers.threads.push(std::thread::spawn(move || {
                    sender.blocking_send_all(producer)
                }));
            }
        }
        producers
    }

    /// Waits for every producer; call once the channel reported closed (every sender gone),
    /// so the threads have finished or are about to.
    async fn finish(self) {
        for task in self.tasks {
            task.await;
        }
        for thread in self.threads {
            thread.join().expect("producer thread panicked");
        }
    }
}

/// Reads `rx` until it reports closed, recording every message (`gapless` as in
/// [`Ledger::record`]) and showing the count to `heap` when given.
async fn consume(
    rx: &mut impl SoakReceiver,
    gapless: bool,
    mut heap: Option<&mut HeapWatch>,
) -> Ledger {
    let mut ledger = Ledger::new();
    while let Some(message) = rx.next_message().await {
        ledger.record(message, gapless);
        if let Some(heap) = heap.as_deref_mut() {
            heap.observe(ledger.count);
        }
    }
    ledger
}

/// Reads `rx` with `blocking_recv` on a thread of its own, as [`consume`] does.
fn spawn_blocking_consumer(
    mut rx: impl SoakReceiver,
    gapless: bool,
) -> std::thread::JoinHandle<Ledger> {
    std::thread::spawn(move || {
        let mut ledger = Ledger::new();
        while let Some(message) = rx.blocking_next_message() {
            ledger.record(message, gapless);
        }
        ledger
    })
}

/// Starts the producers on `tx` (the last sender), reads `rx` until every producer is
/// done, and checks that it saw every message of every producer, in order, with the heap
/// bounded meanwhile.
async fn read_every_message_with_bounded_heap(
    executor: Executor,
    tx: impl SoakSender,
    rx: &mut impl SoakReceiver,
) {
    let producers = Producers::start(executor, &tx);
    drop(tx);
    let mut heap = HeapWatch::new();
    let ledger = consume(rx, true, Some(&mut heap)).await;
    producers.finish().await;
    ledger.assert_complete();
    heap.assert_bounded();
}

/// Runs the soak `run` of channel `kind` on `executor`, alone and under the watchdog.
fn soak(kind: &str, executor: Executor, run: impl Future<Output = ()> + Send + 'static) {
    let _serial = serial();
    with_watchdog(&format!("{kind} soak on {executor:?}"), LIMIT, move || {
        executor.block_on(run)
    });
}

fn soak_mpsc(executor: Executor) {
    soak("mpsc", executor, async move {
        let (tx, mut rx) = mpsc::channel::<u64>(64);
        read_every_message_with_bounded_heap(executor, tx, &mut rx).await;
    });
}

fn soak_dispatch(executor: Executor) {
    soak("dispatch", executor, async move {
        let (tx, rx) = dispatch::channel::<u64>(64);
        let producers = Producers::start(executor, &tx);
        drop(tx);
        let blocking_consumer = spawn_blocking_consumer(rx.clone(), false);
        let mut async_rx = rx.clone();
        let async_consumer =
            executor.spawn(async move { consume(&mut async_rx, false, None).await });
        let mut rx = rx;
        let mut ledger = consume(&mut rx, false, None).await;
        producers.finish().await;
        ledger.merge(async_consumer.await);
        ledger.merge(blocking_consumer.join().expect("consumer thread panicked"));
        ledger.assert_complete();
    });
}

fn soak_broadcast(executor: Executor) {
    soak("broadcast", executor, async move {
        let (tx, mut rx) = broadcast::channel::<u64>(64);
        let blocking_consumer = spawn_blocking_consumer(rx.clone(), true);
        read_every_message_with_bounded_heap(executor, tx, &mut rx).await;
        blocking_consumer
            .join()
            .expect("consumer thread panicked")
            .assert_complete();
    });
}

#[test]
fn mpsc_soak_loses_nothing_keeps_fifo_and_bounded_heap() {
    for executor in SOAK_EXECUTORS {
        soak_mpsc(executor);
    }
}

#[test]
fn dispatch_soak_delivers_every_message_to_exactly_one_consumer() {
    for executor in SOAK_EXECUTORS {
        soak_dispatch(executor);
    }
}

#[test]
fn broadcast_soak_delivers_every_message_to_every_receiver_with_bounded_heap() {
    for executor in SOAK_EXECUTORS {
        soak_broadcast(executor);
    }
}

#[test]
fn select_loop_racing_recv_against_a_ready_branch_loses_nothing_and_keeps_the_heap() {
    const ITERATIONS: u64 = 100_000;
    const MESSAGES: u64 = 50_000;
    let _serial = serial();
    with_watchdog("select loop", LIMIT, || {
        let (tx, mut rx) = mpsc::channel::<u64>(16);
        let producer = std::thread::spawn(move || {
            for n in 0..MESSAGES {
                tx.blocking_send(n).unwrap();
            }
        });
        let mut received = Vec::with_capacity(MESSAGES as usize);
        let (mut ready_won, mut early_heap) = (0u64, 0);
        futures::executor::block_on(async {
            for iteration in 0..ITERATIONS {
                if iteration == ITERATIONS / 10 {
                    early_heap = live_bytes();
                }
                futures::select_biased! {
                    message = rx.recv().fuse() => {
                        if let Some(message) = message {
                            received.push(message);
                        }
                    }
                    () = futures::future::ready(()) => ready_won += 1,
                }
            }
        });
        let late_heap = live_bytes();
        while let Some(message) = rx.blocking_recv() {
            received.push(message);
        }
        producer.join().expect("producer thread panicked");
        assert!(ready_won > 0, "the ready branch won some races");
        assert_eq!(received, (0..MESSAGES).collect::<Vec<_>>());
        assert!(
            late_heap <= early_heap + HEAP_SLACK,
            "the heap grew from {early_heap} to {late_heap} bytes over the loop"
        );
    });
}
