//! The runtime methods that generated halves forward: watch's `send_if_modified`,
//! `receiver_count`, `has_changed` and `wait_for`, `blocking_recv_timeout` and
//! `blocking_send_timeout`, and the fused traits (`FusedStream`, and `FusedFuture` on the
//! barrier receiver) that `futures::select!` needs. Every message counted, every scenario
//! under the harness watchdog; no assertion depends on timing (a timeout is either zero on
//! an empty channel, which checks once, or far longer than the watchdog allows).

use std::time::Duration;

use futures::future::FusedFuture;
use futures::stream::FusedStream;
use futures::StreamExt;
use postage::sink::SendTimeoutError;
use postage::stream::RecvTimeoutError;
use postage::watch::Closed;
use postage::TryRecvError;
use postage_tests::{on_every_executor, with_watchdog, yield_now, WATCHDOG};

const MESSAGES: u32 = 300;
const SENDERS: u32 = 3;
/// Longer than the watchdog: a wait that would time out is a hang, reported as one.
const NEVER: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Settings {
    generation: u32,
}

postage::channel! {
    Config: watch<Settings>;
    Seeded: watch<Settings> = Settings { generation: 100 };
    Numbers: mpsc<u32, 4>;
    Work: dispatch<u32, 4>;
    Ticks: broadcast<u32, 4>;
    Reply: oneshot<u32>;
    Shutdown: barrier;
    /// A type parameter named like the closure parameter of `wait_for` and
    /// `send_if_modified`: the generated methods pick another name.
    Slot<F: Clone + Default>: watch<F>;
}

#[test]
fn send_if_modified_notifies_only_when_the_closure_says_so() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Config::channel();
        rx.borrow_and_update();
        assert!(!tx.send_if_modified(|_| false));
        assert_eq!(rx.has_changed(), Ok(false));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));

        // The writer raises the generation by one per call but reports a change only on
        // even generations: exactly those calls return `true`, and the last one (an even
        // generation) reaches the reader. (A reader woken by a reported change may read a
        // later, unreported generation: the value is modified in place.)
        let writer = executor.spawn(async move {
            let mut reported = 0;
            for _ in 0..MESSAGES {
                let changed = tx.send_if_modified(|settings| {
                    settings.generation += 1;
                    settings.generation % 2 == 0
                });
                reported += u32::from(changed);
                yield_now().await;
            }
            reported
        });
        let mut last = 0;
        while let Some(settings) = rx.recv().await {
            assert!(settings.generation > last, "values only move forward");
            last = settings.generation;
        }
        assert_eq!(writer.await, MESSAGES / 2);
        assert_eq!(last, MESSAGES, "the last reported value arrives");
    });
}

#[test]
fn receiver_count_follows_clones_subscriptions_and_drops() {
    let (tx, rx) = Config::channel();
    assert_eq!(tx.receiver_count(), 1);
    let copy = rx.clone();
    let subscribed = tx.subscribe();
    assert_eq!(tx.receiver_count(), 3);
    drop((rx, copy));
    assert_eq!(tx.receiver_count(), 1);
    drop(subscribed);
    assert_eq!(tx.receiver_count(), 0);
    assert!(tx.is_closed());
}

#[test]
fn has_changed_reports_unseen_values_then_closed() {
    let (tx, mut rx) = Seeded::channel();
    assert_eq!(rx.has_changed(), Ok(true), "the initial value is unseen");
    assert_eq!(rx.borrow_and_update().generation, 100);
    assert_eq!(rx.has_changed(), Ok(false));
    tx.send(Settings { generation: 101 }).unwrap();
    drop(tx);
    assert_eq!(
        rx.has_changed(),
        Ok(true),
        "unseen even after the sender is gone"
    );
    assert_eq!(rx.try_recv(), Ok(Settings { generation: 101 }));
    assert_eq!(rx.has_changed(), Err(Closed));
}

#[test]
fn wait_for_checks_the_current_value_then_waits_for_a_match() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Seeded::channel();
        rx.borrow_and_update();
        let found = rx.wait_for(|settings| settings.generation == 100).await;
        assert_eq!(
            found.map(|settings| settings.generation),
            Ok(100),
            "a seen current value still matches"
        );

        let writer = executor.spawn(async move {
            for generation in 1..=MESSAGES {
                tx.send(Settings { generation }).unwrap();
                yield_now().await;
            }
        });
        let mut checked = 0u32;
        let found = rx
            .wait_for(|settings| {
                checked += 1;
                settings.generation == MESSAGES
            })
            .await
            .map(|settings| settings.generation);
        assert_eq!(found, Ok(MESSAGES));
        assert!(
            (1..=MESSAGES + 1).contains(&checked),
            "each value checked at most once"
        );
        writer.await;
        assert!(
            rx.wait_for(|settings| settings.generation > MESSAGES)
                .await
                .is_err(),
            "no unseen value left once the sender is gone"
        );
    });
}

#[test]
fn a_type_parameter_named_f_does_not_clash_with_the_generated_methods() {
    on_every_executor(|_| async {
        let (tx, mut rx) = Slot::<u32>::channel();
        assert!(tx.send_if_modified(|value| {
            *value = 7;
            true
        }));
        tx.send_modify(|value| *value += 1);
        assert_eq!(rx.wait_for(|value| *value == 8).await.map(|v| *v), Ok(8));
    });
}

#[test]
fn blocking_recv_timeout_on_every_generated_receiver() {
    with_watchdog("blocking_recv_timeout", WATCHDOG, || {
        let (numbers, mut numbers_rx) = Numbers::channel();
        assert_eq!(
            numbers_rx.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        numbers.try_send(1).unwrap();
        assert_eq!(numbers_rx.blocking_recv_timeout(Duration::ZERO), Ok(1));
        drop(numbers);
        assert_eq!(
            numbers_rx.blocking_recv_timeout(NEVER),
            Err(RecvTimeoutError::Closed)
        );

        let (work, mut work_rx) = Work::channel();
        assert_eq!(
            work_rx.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        work.try_send(2).unwrap();
        assert_eq!(work_rx.blocking_recv_timeout(Duration::ZERO), Ok(2));
        drop(work);
        assert_eq!(
            work_rx.blocking_recv_timeout(NEVER),
            Err(RecvTimeoutError::Closed)
        );

        let (ticks, mut ticks_rx) = Ticks::channel();
        assert_eq!(
            ticks_rx.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        ticks.try_send(3).unwrap();
        assert_eq!(ticks_rx.blocking_recv_timeout(Duration::ZERO), Ok(3));
        drop(ticks);
        assert_eq!(
            ticks_rx.blocking_recv_timeout(NEVER),
            Err(RecvTimeoutError::Closed)
        );

        let (config, mut config_rx) = Config::channel();
        assert_eq!(
            config_rx.blocking_recv_timeout(Duration::ZERO),
            Ok(Settings::default()),
            "the initial value first"
        );
        assert_eq!(
            config_rx.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        config.send(Settings { generation: 4 }).unwrap();
        assert_eq!(
            config_rx.blocking_recv_timeout(Duration::ZERO),
            Ok(Settings { generation: 4 })
        );
        drop(config);
        assert_eq!(
            config_rx.blocking_recv_timeout(NEVER),
            Err(RecvTimeoutError::Closed)
        );

        let (reply, mut answer) = Reply::channel();
        assert_eq!(
            answer.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        reply.send(5).unwrap();
        assert_eq!(answer.blocking_recv_timeout(Duration::ZERO), Ok(5));
        assert_eq!(
            answer.blocking_recv_timeout(NEVER),
            Err(RecvTimeoutError::Closed)
        );

        let (shutdown, mut stopped) = Shutdown::channel();
        assert_eq!(
            stopped.blocking_recv_timeout(Duration::ZERO),
            Err(RecvTimeoutError::Timeout)
        );
        assert!(!stopped.is_fired(), "a timed-out wait does not fire it");
        shutdown.send();
        assert_eq!(stopped.blocking_recv_timeout(Duration::ZERO), Ok(()));
    });
}

#[test]
fn blocking_send_timeout_hands_the_value_back() {
    with_watchdog("blocking_send_timeout", WATCHDOG, || {
        let (numbers, numbers_rx) = Numbers::channel();
        for n in 0..Numbers::CAPACITY as u32 {
            numbers.try_send(n).unwrap();
        }
        assert_eq!(
            numbers.blocking_send_timeout(9, Duration::ZERO),
            Err(SendTimeoutError::Timeout(9))
        );
        drop(numbers_rx);
        assert_eq!(
            numbers.blocking_send_timeout(10, NEVER),
            Err(SendTimeoutError::Closed(10))
        );

        let (work, mut work_rx) = Work::channel();
        for n in 0..Work::CAPACITY as u32 {
            work.blocking_send_timeout(n, Duration::ZERO).unwrap();
        }
        assert_eq!(
            work.blocking_send_timeout(11, Duration::ZERO),
            Err(SendTimeoutError::Timeout(11))
        );
        assert_eq!(work_rx.try_recv(), Ok(0));
        assert_eq!(work.blocking_send_timeout(12, Duration::ZERO), Ok(()));
        drop(work_rx);
        assert_eq!(
            work.blocking_send_timeout(13, NEVER),
            Err(SendTimeoutError::Closed(13))
        );

        let (ticks, ticks_rx) = Ticks::channel();
        for n in 0..Ticks::CAPACITY as u32 {
            ticks.try_send(n).unwrap();
        }
        assert_eq!(
            ticks.blocking_send_timeout(14, Duration::ZERO),
            Err(SendTimeoutError::Timeout(14))
        );
        drop(ticks_rx);
        assert_eq!(
            ticks.blocking_send_timeout(15, NEVER),
            Err(SendTimeoutError::Closed(15))
        );
    });
}

#[test]
fn blocking_timeouts_deliver_every_message_across_threads() {
    with_watchdog("blocking timeouts across threads", WATCHDOG, || {
        let (tx, mut rx) = Numbers::channel();
        let producers: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for seq in 0..MESSAGES {
                        tx.blocking_send_timeout(sender * MESSAGES + seq, NEVER)
                            .unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        let mut received = Vec::new();
        loop {
            match rx.blocking_recv_timeout(NEVER) {
                Ok(n) => received.push(n),
                Err(error) => {
                    assert_eq!(error, RecvTimeoutError::Closed);
                    break;
                }
            }
        }
        for producer in producers {
            producer.join().unwrap();
        }
        received.sort_unstable();
        assert_eq!(received, (0..SENDERS * MESSAGES).collect::<Vec<_>>());
    });
}

#[test]
#[should_panic(expected = "`blocking_recv_timeout` called inside a tokio runtime")]
fn generated_blocking_recv_timeout_inside_tokio_panics() {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime")
        .block_on(async {
            let (tx, mut rx) = Numbers::channel();
            tx.try_send(1).unwrap();
            let _ = rx.blocking_recv_timeout(Duration::ZERO);
        });
}

#[test]
#[should_panic(expected = "`blocking_send_timeout` called inside a tokio runtime")]
fn generated_blocking_send_timeout_inside_tokio_panics() {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime")
        .block_on(async {
            let (tx, _rx) = Ticks::channel();
            let _ = tx.blocking_send_timeout(1, Duration::ZERO);
        });
}

#[test]
fn select_takes_generated_streams_and_the_barrier_receiver() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Work::channel();
        let (shutdown, mut stopped) = Shutdown::channel();
        assert!(!FusedFuture::is_terminated(&stopped));
        let producer = executor.spawn(async move {
            for n in 0..MESSAGES {
                tx.send(n).await.unwrap();
            }
            shutdown.send();
            tx
        });
        let mut received = Vec::new();
        loop {
            futures::select! {
                n = rx.select_next_some() => received.push(n),
                () = stopped => break,
            }
        }
        assert!(
            FusedFuture::is_terminated(&stopped),
            "terminated once resolved as a future"
        );
        // Everything sent before the barrier fired is buffered or received.
        while let Ok(n) = rx.try_recv() {
            received.push(n);
        }
        assert_eq!(
            received,
            (0..MESSAGES).collect::<Vec<_>>(),
            "in order, each once"
        );
        assert!(!FusedStream::is_terminated(&rx), "a sender is still alive");
        drop(producer.await);
        assert_eq!(rx.next().await, None);
        assert!(FusedStream::is_terminated(&rx));
    });
}

#[test]
fn every_generated_receiver_stream_is_fused() {
    on_every_executor(|_| async {
        let (numbers, mut numbers_rx) = Numbers::channel();
        let (ticks, mut ticks_rx) = Ticks::channel();
        let (config, mut config_rx) = Config::channel();
        let (reply, mut answer) = Reply::channel();
        let (shutdown, mut stopped) = Shutdown::channel();
        numbers.try_send(1).unwrap();
        ticks.try_send(2).unwrap();
        reply.send(3).unwrap();
        drop((numbers, ticks, config, shutdown));
        assert!(!FusedStream::is_terminated(&numbers_rx));
        assert!(!FusedStream::is_terminated(&ticks_rx));
        assert!(!FusedStream::is_terminated(&config_rx));
        assert!(!FusedStream::is_terminated(&answer));
        assert!(!FusedStream::is_terminated(&stopped));
        assert_eq!(numbers_rx.by_ref().collect::<Vec<_>>().await, [1]);
        assert_eq!(ticks_rx.by_ref().collect::<Vec<_>>().await, [2]);
        assert_eq!(
            config_rx.by_ref().collect::<Vec<_>>().await,
            [Settings::default()]
        );
        assert_eq!(answer.by_ref().collect::<Vec<_>>().await, [3]);
        assert_eq!(stopped.by_ref().collect::<Vec<_>>().await, [()]);
        assert!(FusedStream::is_terminated(&numbers_rx));
        assert!(FusedStream::is_terminated(&ticks_rx));
        assert!(FusedStream::is_terminated(&config_rx));
        assert!(FusedStream::is_terminated(&answer));
        assert!(FusedStream::is_terminated(&stopped));
    });
}

#[test]
fn select_takes_the_futures_of_generated_receivers() {
    on_every_executor(|_| async {
        let (ticks, mut ticks_rx) = Ticks::channel();
        let (config, mut config_rx) = Config::channel();
        let (reply, mut answer) = Reply::channel();
        config_rx.borrow_and_update();
        ticks.try_send(1).unwrap();
        config.send(Settings { generation: 2 }).unwrap();
        reply.send(3).unwrap();
        // Each ready arm is taken once: a fresh `recv()`/`changed()` stays pending once its
        // value was taken (the senders are alive), and the resolved oneshot receiver is
        // terminated, so `select!` skips it.
        let mut got = Vec::new();
        for _ in 0..3 {
            futures::select! {
                n = ticks_rx.recv() => got.push(n.unwrap()),
                changed = config_rx.changed() => {
                    changed.unwrap();
                    got.push(config_rx.borrow_and_update().generation);
                }
                n = answer => got.push(n.unwrap()),
            }
        }
        got.sort_unstable();
        assert_eq!(got, [1, 2, 3]);
        assert!(FusedFuture::is_terminated(&answer));
        drop((ticks, config));
    });
}
