//! broadcast on every executor: every receiver gets every message exactly once, in order,
//! while senders and receivers come and go.

use futures::{SinkExt, StreamExt};
use postage::broadcast;
use postage_tests::{on_every_executor, with_watchdog, yield_now, WATCHDOG};

const SENDERS: usize = 10;
const RECEIVERS: usize = 5;
const PER_SENDER: usize = 1_000;

#[test]
fn every_receiver_sees_every_message_once_in_per_sender_order() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(16);
        let receivers: Vec<_> = (0..RECEIVERS)
            .map(|_| {
                let mut rx = rx.clone();
                executor.spawn(async move {
                    let mut next = [0usize; SENDERS];
                    let mut total = 0;
                    while let Some((sender, seq)) = rx.recv().await {
                        assert_eq!(seq, next[sender], "sender {sender} out of order");
                        next[sender] += 1;
                        total += 1;
                    }
                    assert!(next.iter().all(|&n| n == PER_SENDER));
                    total
                })
            })
            .collect();
        drop(rx);
        let senders: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for seq in 0..PER_SENDER {
                        tx.send((sender, seq)).await.unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.await;
        }
        for receiver in receivers {
            assert_eq!(receiver.await, SENDERS * PER_SENDER);
        }
    });
}

#[test]
fn handles_come_and_go_while_messages_flow_without_gaps_or_hangs() {
    const MESSAGES: u32 = 5_000;
    on_every_executor(|executor| async move {
        let (tx, mut main) = broadcast::channel(8);
        let mut base = tx.subscribe();
        let churn_tx = tx.clone();
        let churn = executor.spawn(async move {
            let mut expected = 0;
            let mut lagger = None;
            let mut iterations = 0u64;
            while expected < MESSAGES {
                while let Ok(value) = base.try_recv() {
                    assert_eq!(value, expected, "the churning receiver skipped a message");
                    expected += 1;
                }
                let mut copy = base.clone();
                if let Ok(value) = copy.try_recv() {
                    assert_eq!(value, expected, "a clone did not start at its original");
                }
                // Replacing the lagger drops a receiver that may be holding senders back.
                lagger = Some(base.clone());
                drop(churn_tx.subscribe());
                drop(churn_tx.clone());
                iterations += 1;
                yield_now().await;
            }
            drop(lagger);
            iterations
        });
        let sender = executor.spawn(async move {
            for value in 0..MESSAGES {
                tx.send(value).await.unwrap();
            }
        });
        let mut expected = 0;
        while let Some(value) = main.recv().await {
            assert_eq!(value, expected, "the main receiver skipped a message");
            expected += 1;
        }
        assert_eq!(expected, MESSAGES);
        sender.await;
        assert!(churn.await > 0);
    });
}

#[test]
fn dropping_every_receiver_fails_a_waiting_sender() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(1);
        tx.send(0).await.unwrap();
        let sender = executor.spawn(async move { tx.send(1).await });
        yield_now().await;
        drop(rx);
        assert_eq!(sender.await.unwrap_err().0, 1);
    });
}

#[test]
fn the_futures_traits_carry_every_message() {
    on_every_executor(|executor| async move {
        let (mut tx, rx) = broadcast::channel(4);
        let readers: Vec<_> = (0..3)
            .map(|_| executor.spawn(rx.clone().collect::<Vec<u32>>()))
            .collect();
        drop(rx);
        for value in 0..200 {
            SinkExt::send(&mut tx, value).await.unwrap();
        }
        drop(tx);
        for reader in readers {
            assert_eq!(reader.await, (0..200).collect::<Vec<_>>());
        }
    });
}

#[test]
fn blocking_senders_and_receivers_on_threads_see_every_message() {
    with_watchdog("blocking broadcast", WATCHDOG, || {
        let (tx, rx) = broadcast::channel(4);
        let receivers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                std::thread::spawn(move || std::iter::from_fn(|| rx.blocking_recv()).sum::<u64>())
            })
            .collect();
        drop(rx);
        let senders: Vec<_> = (0..4u64)
            .map(|sender| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for value in 0..500 {
                        tx.blocking_send(sender * 1_000 + value).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.join().unwrap();
        }
        let expected: u64 = (0..4u64)
            .flat_map(|sender| (0..500).map(move |value| sender * 1_000 + value))
            .sum();
        for receiver in receivers {
            assert_eq!(receiver.join().unwrap(), expected);
        }
    });
}

#[test]
fn a_send_racing_a_waiting_receiver_is_never_missed() {
    with_watchdog("broadcast race", WATCHDOG, || {
        for round in 0..2_000u32 {
            let (tx, mut rx) = broadcast::channel(1);
            let receiver = std::thread::spawn(move || (rx.blocking_recv(), rx.blocking_recv()));
            tx.blocking_send(round).unwrap();
            drop(tx);
            assert_eq!(
                receiver.join().unwrap(),
                (Some(round), None),
                "round {round}"
            );
        }
    });
}

#[test]
fn a_slot_freed_by_a_racing_receiver_drop_is_never_missed() {
    with_watchdog("broadcast drop race", WATCHDOG, || {
        for round in 0..2_000u32 {
            let (tx, rx) = broadcast::channel(1);
            let mut kept = tx.subscribe();
            tx.try_send(round).unwrap();
            assert_eq!(kept.try_recv(), Ok(round));
            let dropper = std::thread::spawn(move || drop(rx));
            tx.blocking_send(round + 1).unwrap();
            dropper.join().unwrap();
            assert_eq!(kept.try_recv(), Ok(round + 1));
        }
    });
}
