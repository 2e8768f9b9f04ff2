//! Channels declared with `channel!` and `#[derive(Channel)]`, on every executor: every
//! message counted, every scenario under the harness watchdog.

use futures::{SinkExt, StreamExt};
use postage::sink::Sink;
use postage::stream::Stream;
use postage::{Channel, ChannelKind};
use postage_tests::on_every_executor;

const SENDERS: u32 = 4;
const PER_SENDER: u32 = 250;
const WORKERS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Job {
    sender: u32,
    seq: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Channel)]
#[channel(broadcast, capacity = 8)]
struct Tick(u32);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Settings {
    generation: u32,
}

postage::channel! {
    Jobs: mpsc<Job, 16>;
    Work: dispatch<u32, { WORKERS * 2 }>;
    Config: watch<Settings>;
    Seeded: watch<Settings> = Settings { generation: 100 };
    Reply: oneshot<u64>;
    Shutdown: barrier;
    Numbers: mpsc<u32, 4>;
}

#[test]
fn generated_mpsc_delivers_every_message_in_order_per_sender() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Jobs::channel();
        let mut tasks = Vec::new();
        for sender in 0..SENDERS {
            let tx = tx.clone();
            tasks.push(executor.spawn(async move {
                for seq in 0..PER_SENDER {
                    tx.send(Job { sender, seq }).await.unwrap();
                }
            }));
        }
        drop(tx);
        let mut next = vec![0; SENDERS as usize];
        let mut received = 0;
        while let Some(job) = rx.recv().await {
            assert_eq!(job.seq, next[job.sender as usize], "FIFO per sender");
            next[job.sender as usize] += 1;
            received += 1;
        }
        assert_eq!(received, SENDERS * PER_SENDER);
        for task in tasks {
            task.await;
        }
    });
}

#[test]
fn generated_dispatch_hands_each_message_to_exactly_one_worker() {
    on_every_executor(|executor| async move {
        let (tx, rx) = Work::channel();
        assert_eq!(tx.capacity(), WORKERS * 2);
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while let Some(n) = rx.recv().await {
                        got.push(n);
                    }
                    got
                })
            })
            .collect();
        drop(rx);
        let total = SENDERS * PER_SENDER;
        for n in 0..total {
            tx.send(n).await.unwrap();
        }
        drop(tx);
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.await);
        }
        all.sort_unstable();
        assert_eq!(all, (0..total).collect::<Vec<_>>());
    });
}

#[test]
fn generated_broadcast_gives_every_receiver_every_message() {
    on_every_executor(|executor| async move {
        let (tx, rx) = Tick::channel();
        let listeners: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut got = Vec::new();
                    while let Some(Tick(n)) = rx.recv().await {
                        got.push(n);
                    }
                    got
                })
            })
            .collect();
        drop(rx);
        for n in 0..PER_SENDER {
            tx.send(Tick(n)).await.unwrap();
        }
        drop(tx);
        for listener in listeners {
            assert_eq!(listener.await, (0..PER_SENDER).collect::<Vec<_>>());
        }
    });
}

#[test]
fn generated_watch_ends_on_the_latest_value() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Config::channel();
        assert_eq!(rx.recv().await, Some(Settings::default()));
        let writer = executor.spawn(async move {
            for generation in 1..=PER_SENDER {
                tx.send_replace(Settings { generation });
            }
        });
        let mut last = 0;
        while let Some(settings) = rx.recv().await {
            assert!(settings.generation > last, "values only move forward");
            last = settings.generation;
        }
        assert_eq!(last, PER_SENDER);
        writer.await;

        let (_tx, mut seeded) = Seeded::channel();
        assert_eq!(seeded.borrow_and_update().generation, 100);
    });
}

#[test]
fn generated_oneshot_and_barrier_cross_tasks() {
    on_every_executor(|executor| async move {
        for i in 0..50u64 {
            let (reply, answer) = Reply::channel();
            let (shutdown, stopped) = Shutdown::channel();
            let waiters: Vec<_> = (0..3)
                .map(|_| {
                    let stopped = stopped.clone();
                    executor.spawn(stopped)
                })
                .collect();
            let task = executor.spawn(async move {
                reply.send(i * 2).unwrap();
                shutdown.send();
            });
            assert_eq!(answer.await, Some(i * 2));
            for waiter in waiters {
                waiter.await;
            }
            assert!(stopped.is_fired());
            task.await;
        }
    });
}

/// Generic over any generated channel of `u32` that queues: sends through `Sink`,
/// receives through `Stream`.
async fn round_trip<C>(count: u32) -> Vec<u32>
where
    C: Channel<Item = u32>,
    C::Sender: Sink<Item = u32> + Unpin + Send + 'static,
    C::Receiver: Stream<Item = u32> + Unpin,
{
    let (mut tx, mut rx) = C::channel();
    let mut got = Vec::new();
    for n in 0..count {
        Sink::send(&mut tx, n).await.unwrap();
        got.extend(Stream::recv(&mut rx).await);
    }
    drop(tx);
    assert_eq!(Stream::recv(&mut rx).await, None);
    got
}

#[test]
fn code_generic_over_channel_works_with_every_queueing_kind() {
    on_every_executor(|_| async move {
        assert_eq!(<Numbers as Channel>::KIND, ChannelKind::Mpsc);
        assert_eq!(<Work as Channel>::KIND, ChannelKind::Dispatch);
        let expected: Vec<u32> = (0..20).collect();
        assert_eq!(round_trip::<Numbers>(20).await, expected);
        assert_eq!(round_trip::<Work>(20).await, expected);
    });
}

#[test]
fn generated_halves_work_with_the_futures_traits() {
    on_every_executor(|executor| async move {
        let (mut tx, rx) = Numbers::channel();
        let producer = executor.spawn(async move {
            for n in 0..PER_SENDER {
                SinkExt::send(&mut tx, n).await.unwrap();
            }
        });
        let got: Vec<u32> = rx.collect().await;
        assert_eq!(got, (0..PER_SENDER).collect::<Vec<_>>());
        producer.await;

        let (tx, rx) = Tick::channel();
        let mut rx = StreamExt::map(rx, |Tick(n)| n);
        tx.send(Tick(5)).await.unwrap();
        drop(tx);
        assert_eq!(rx.next().await, Some(5));
        assert_eq!(rx.next().await, None);
    });
}

#[test]
fn generated_halves_block_on_plain_threads() {
    postage_tests::with_watchdog("blocking generated halves", postage_tests::WATCHDOG, || {
        let (tx, mut rx) = Jobs::channel();
        let producers: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..PER_SENDER {
                        tx.blocking_send(Job { sender, seq }).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut received = 0;
        while rx.blocking_recv().is_some() {
            received += 1;
        }
        assert_eq!(received, SENDERS * PER_SENDER);
        for producer in producers {
            producer.join().unwrap();
        }

        let (shutdown, mut stopped) = Shutdown::channel();
        let firing = std::thread::spawn(move || shutdown.send());
        stopped.blocking_recv();
        assert!(stopped.is_fired());
        firing.join().unwrap();
    });
}

#[test]
fn with_capacity_sets_the_capacity_at_run_time() {
    let configured = WORKERS + 1;
    let (jobs, mut queue) = Jobs::with_capacity(configured);
    assert_eq!(jobs.capacity(), configured);
    for seq in 0..configured as u32 {
        jobs.try_send(Job { sender: 0, seq }).unwrap();
    }
    assert!(
        jobs.try_send(Job { sender: 0, seq: 99 }).is_err(),
        "full at the run-time capacity"
    );
    assert_eq!(queue.try_recv().map(|job| job.seq), Ok(0));
    assert_eq!(
        Jobs::channel().0.capacity(),
        Jobs::CAPACITY,
        "channel() keeps the declared capacity"
    );

    let (work, _workers) = Work::with_capacity(1);
    work.try_send(1).unwrap();
    assert!(work.try_send(2).is_err());
    let (ticks, mut heard) = Tick::with_capacity(2);
    ticks.try_send(Tick(1)).unwrap();
    ticks.try_send(Tick(2)).unwrap();
    assert!(ticks.try_send(Tick(3)).is_err());
    assert_eq!(heard.try_recv(), Ok(Tick(1)));
}

#[test]
#[should_panic(expected = "capacity must be at least 1")]
fn with_capacity_zero_panics_like_the_runtime_channel() {
    let _ = Numbers::with_capacity(0);
}

#[test]
fn channel_with_starts_a_watch_from_a_run_time_value() {
    on_every_executor(|_| async {
        let (tx, mut rx) = Config::channel_with(Settings { generation: 7 });
        assert_eq!(rx.recv().await, Some(Settings { generation: 7 }));
        tx.send(Settings { generation: 8 }).unwrap();
        assert_eq!(rx.recv().await, Some(Settings { generation: 8 }));
        let (_tx, mut seeded) = Seeded::channel_with(Settings { generation: 1 });
        assert_eq!(
            seeded.recv().await,
            Some(Settings { generation: 1 }),
            "overrides the declared initial value"
        );
    });
}
