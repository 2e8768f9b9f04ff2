//! A few messages handed from one plain thread to another, for every kind, with the
//! non-blocking calls in a yield loop: no executor, no lock or park of the test's own, so
//! the only thing ordering the payload's write before its read is the channel's own
//! synchronisation. The payloads are heap strings, so a missing happens-before edge is a data
//! race on their bytes.
//!
//! Sized for Miri, whose data-race detector and weak-memory emulation check those orderings
//! (`scripts/miri.sh --deep` runs this file under many seeds); under `cargo test` each test
//! takes milliseconds. Every message is counted, and each test runs under the watchdog.

use std::thread;

use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch, TryRecvError, TrySendError};
use postage_tests::{with_watchdog, WATCHDOG};

const MESSAGES: usize = 4;

fn payload(i: usize) -> String {
    format!("message {i}")
}

/// Sends `value` with `try_send`, yielding while the channel is full.
fn send_spinning<T>(mut value: T, try_send: impl Fn(T) -> Result<(), TrySendError<T>>) {
    loop {
        match try_send(value) {
            Ok(()) => return,
            Err(TrySendError::Full(back)) => {
                value = back;
                thread::yield_now();
            }
            Err(TrySendError::Closed(_)) => panic!("the receiver is alive"),
        }
    }
}

/// Receives with `try_recv`, yielding while nothing is there; `None` once closed.
fn recv_spinning<T>(mut try_recv: impl FnMut() -> Result<T, TryRecvError>) -> Option<T> {
    loop {
        match try_recv() {
            Ok(value) => return Some(value),
            Err(TryRecvError::Empty) => thread::yield_now(),
            Err(TryRecvError::Closed) => return None,
        }
    }
}

#[test]
fn oneshot_value_written_on_one_thread_is_read_on_another() {
    with_watchdog("oneshot", WATCHDOG, || {
        let (tx, mut rx) = oneshot::channel();
        let sender = thread::spawn(move || tx.send(payload(1)).unwrap());
        assert_eq!(recv_spinning(|| rx.try_recv()), Some(payload(1)));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
        sender.join().unwrap();
    });
}

#[test]
fn oneshot_value_is_returned_when_the_receiver_left_on_another_thread() {
    with_watchdog("oneshot refused", WATCHDOG, || {
        let (tx, rx) = oneshot::channel();
        let receiver = thread::spawn(move || drop(rx));
        receiver.join().unwrap();
        assert_eq!(tx.send(payload(1)), Err(payload(1)));
    });
}

#[test]
fn mpsc_messages_cross_threads_in_order() {
    with_watchdog("mpsc", WATCHDOG, || {
        let (tx, mut rx) = mpsc::channel(1);
        let producer = thread::spawn(move || {
            for i in 0..MESSAGES {
                send_spinning(payload(i), |value| tx.try_send(value));
            }
        });
        let received: Vec<String> =
            std::iter::from_fn(|| recv_spinning(|| rx.try_recv())).collect();
        assert_eq!(received, (0..MESSAGES).map(payload).collect::<Vec<_>>());
        producer.join().unwrap();
    });
}

#[test]
fn dispatch_messages_reach_exactly_one_of_two_threads() {
    with_watchdog("dispatch", WATCHDOG, || {
        let (tx, rx) = dispatch::channel(1);
        let consumers: Vec<_> = [rx.clone(), rx]
            .into_iter()
            .map(|mut rx| {
                thread::spawn(move || {
                    std::iter::from_fn(|| recv_spinning(|| rx.try_recv())).collect::<Vec<_>>()
                })
            })
            .collect();
        for i in 0..MESSAGES {
            send_spinning(payload(i), |value| tx.try_send(value));
        }
        drop(tx);
        let mut received: Vec<String> = consumers
            .into_iter()
            .flat_map(|consumer| consumer.join().unwrap())
            .collect();
        received.sort();
        assert_eq!(received, (0..MESSAGES).map(payload).collect::<Vec<_>>());
    });
}

#[test]
fn broadcast_messages_reach_both_receiving_threads() {
    with_watchdog("broadcast", WATCHDOG, || {
        let (tx, rx) = broadcast::channel(1);
        let receivers: Vec<_> = [rx.clone(), rx]
            .into_iter()
            .map(|mut rx| {
                thread::spawn(move || {
                    std::iter::from_fn(|| recv_spinning(|| rx.try_recv())).collect::<Vec<_>>()
                })
            })
            .collect();
        for i in 0..MESSAGES {
            send_spinning(payload(i), |value| tx.try_send(value));
        }
        drop(tx);
        for receiver in receivers {
            assert_eq!(
                receiver.join().unwrap(),
                (0..MESSAGES).map(payload).collect::<Vec<_>>()
            );
        }
    });
}

#[test]
fn watch_values_cross_threads_and_end_with_the_last() {
    with_watchdog("watch", WATCHDOG, || {
        let (tx, mut rx) = watch::channel_with(payload(0));
        let sender = thread::spawn(move || {
            for i in 1..=MESSAGES {
                tx.send_replace(payload(i));
            }
        });
        let seen: Vec<String> = std::iter::from_fn(|| recv_spinning(|| rx.try_recv())).collect();
        sender.join().unwrap();
        let numbers: Vec<usize> = seen
            .iter()
            .map(|value| value["message ".len()..].parse().unwrap())
            .collect();
        assert!(
            numbers.windows(2).all(|w| w[0] < w[1]),
            "values went backwards or repeated: {numbers:?}"
        );
        assert_eq!(numbers.last(), Some(&MESSAGES));
    });
}

#[test]
fn barrier_fired_on_one_thread_is_seen_on_two_others() {
    with_watchdog("barrier", WATCHDOG, || {
        let (tx, rx) = barrier::channel();
        let waiting: Vec<_> = [rx.clone(), rx]
            .into_iter()
            .map(|mut rx| thread::spawn(move || recv_spinning(|| rx.try_recv())))
            .collect();
        thread::spawn(move || tx.send()).join().unwrap();
        for receiver in waiting {
            assert_eq!(receiver.join().unwrap(), Some(()));
        }
    });
}
