//! broadcast's inactive receivers and receiver-less senders on every executor: an inactive
//! receiver keeps the channel open without holding a message or a sender back, and
//! `Sender::new` makes a channel that refuses sends until someone subscribes.

use postage::broadcast::{self, Sender};
use postage::{TryRecvError, TrySendError};
use postage_tests::{on_every_executor, with_watchdog, WATCHDOG};

const MESSAGES: u64 = 1_000;
const CAPACITY: usize = 4;

#[test]
fn the_tokio_habit_stalls_on_the_capacity_th_send_while_the_idle_receiver_holds_messages() {
    let (tx, _rx) = broadcast::channel(CAPACITY);
    let mut sub = tx.subscribe();
    for n in 0..CAPACITY as u64 {
        tx.try_send(n).unwrap();
        assert_eq!(sub.try_recv(), Ok(n));
    }
    // `_rx` never reads: it holds every message, so the next send would wait for it.
    assert_eq!(tx.try_send(99), Err(TrySendError::Full(99)));
    assert_eq!(tx.len(), CAPACITY);
}

#[test]
fn the_tokio_habit_with_a_deactivated_receiver_delivers_every_message() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(CAPACITY);
        let _keep_open = rx.deactivate();
        let mut sub = tx.subscribe();
        let reader = executor.spawn(async move {
            let mut expected = 0;
            while let Some(value) = sub.recv().await {
                assert_eq!(value, expected, "in order, nothing skipped");
                expected += 1;
            }
            expected
        });
        for value in 0..MESSAGES {
            tx.send(value).await.unwrap();
        }
        drop(tx);
        assert_eq!(reader.await, MESSAGES);
    });
}

#[test]
fn sends_succeed_while_only_inactive_receivers_exist_and_reach_no_one() {
    on_every_executor(|executor| async move {
        let (tx, rx) = broadcast::channel(CAPACITY);
        let inactive = rx.deactivate();
        for value in 0..MESSAGES {
            tx.send(value).await.unwrap();
        }
        assert!(tx.is_empty(), "an inactive receiver holds no message");
        assert!(!tx.is_closed());
        let mut rx = inactive.activate();
        let reader = executor.spawn(async move {
            let mut received = Vec::new();
            while let Some(value) = rx.recv().await {
                received.push(value);
            }
            received
        });
        for value in MESSAGES..2 * MESSAGES {
            tx.send(value).await.unwrap();
        }
        drop((tx, inactive));
        assert_eq!(reader.await, (MESSAGES..2 * MESSAGES).collect::<Vec<_>>());
    });
}

#[test]
fn a_sender_made_without_a_receiver_refuses_until_one_subscribes() {
    on_every_executor(|executor| async move {
        let tx = Sender::new(CAPACITY);
        assert!(tx.is_closed());
        assert_eq!(tx.try_send(0), Err(TrySendError::Closed(0)));
        assert_eq!(tx.send(1).await.unwrap_err().0, 1);
        let mut rx = tx.subscribe();
        assert!(!tx.is_closed());
        let reader = executor.spawn(async move {
            let mut count = 0;
            while let Some(value) = rx.recv().await {
                assert_eq!(value, 2 + count);
                count += 1;
            }
            count
        });
        for value in 2..2 + MESSAGES {
            tx.send(value).await.unwrap();
        }
        drop(tx);
        assert_eq!(reader.await, MESSAGES);
    });
}

#[test]
fn deactivating_the_slowest_receiver_lets_a_waiting_sender_go_on() {
    on_every_executor(|executor| async move {
        let (tx, slow) = broadcast::channel(CAPACITY);
        let mut fast = tx.subscribe();
        for value in 0..CAPACITY as u64 {
            tx.send(value).await.unwrap();
            assert_eq!(fast.recv().await, Some(value));
        }
        let sender = executor.spawn(async move {
            tx.send(99).await.unwrap();
            tx
        });
        postage_tests::yield_now().await;
        let inactive = slow.deactivate();
        let tx = sender.await;
        assert_eq!(fast.recv().await, Some(99));
        assert_eq!(tx.len(), 0);
        drop(inactive);
        assert!(!tx.is_closed(), "`fast` still reads");
        drop(fast);
        assert!(tx.is_closed());
    });
}

#[test]
fn the_last_inactive_receiver_leaving_closes_the_channel() {
    on_every_executor(|_| async move {
        let (tx, rx) = broadcast::channel::<u64>(CAPACITY);
        let inactive = rx.deactivate();
        let copy = inactive.clone();
        drop(inactive);
        assert!(!tx.is_closed());
        let closed = tx.closed();
        drop(copy);
        closed.await;
        assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    });
}

#[test]
fn blocking_threads_with_an_inactive_receiver_count_every_message() {
    with_watchdog("inactive broadcast threads", WATCHDOG, || {
        let (tx, rx) = broadcast::channel(CAPACITY);
        let inactive = rx.deactivate();
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = inactive.activate();
                std::thread::spawn(move || std::iter::from_fn(|| rx.blocking_recv()).count())
            })
            .collect();
        let senders: Vec<_> = (0..2)
            .map(|_| {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for value in 0..MESSAGES {
                        tx.blocking_send(value).unwrap();
                    }
                })
            })
            .collect();
        drop(tx);
        for sender in senders {
            sender.join().unwrap();
        }
        for reader in readers {
            assert_eq!(reader.join().unwrap(), 2 * MESSAGES as usize);
        }
        let mut late = inactive.activate();
        assert_eq!(late.try_recv(), Err(TryRecvError::Closed));
    });
}
