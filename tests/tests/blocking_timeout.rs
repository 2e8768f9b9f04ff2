//! `blocking_send_timeout` and `blocking_recv_timeout` on plain threads: nothing is lost or
//! duplicated when sends and receives time out, a timed-out send hands its value back and
//! never delivers it later, and a zero timeout polls once.

use std::thread;
use std::time::{Duration, Instant};

use postage::sink::SendTimeoutError;
use postage::stream::RecvTimeoutError;
use postage::{barrier, broadcast, dispatch, mpsc, oneshot, watch};
use postage_tests::{with_watchdog, WATCHDOG};

const MESSAGES: u32 = 5_000;
/// Short enough that sends and receives time out often while the peer thread works.
const SHORT: Duration = Duration::from_micros(50);
/// Long enough never to pass in these scenarios; a hang is caught by the watchdog.
const LONG: Duration = Duration::from_secs(30);

/// Sends `0..MESSAGES` with short timeouts, retrying each value it gets back.
fn send_all_retrying(mut send: impl FnMut(u32) -> Result<(), SendTimeoutError<u32>>) -> usize {
    let mut timeouts = 0;
    for value in 0..MESSAGES {
        let mut pending = value;
        loop {
            match send(pending) {
                Ok(()) => break,
                Err(SendTimeoutError::Timeout(back)) => {
                    assert_eq!(back, value, "a timed-out send must hand its own value back");
                    pending = back;
                    timeouts += 1;
                }
                Err(SendTimeoutError::Closed(_)) => panic!("closed while sending {value}"),
            }
        }
    }
    timeouts
}

/// Receives with short timeouts until the channel is closed.
fn recv_all_retrying(mut recv: impl FnMut() -> Result<u32, RecvTimeoutError>) -> Vec<u32> {
    let mut seen = Vec::new();
    loop {
        match recv() {
            Ok(value) => seen.push(value),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Closed) => return seen,
        }
    }
}

fn assert_in_order_once(seen: &[u32]) {
    assert_eq!(seen.len(), MESSAGES as usize, "messages lost or duplicated");
    assert!(
        seen.iter().copied().eq(0..MESSAGES),
        "messages out of order"
    );
}

#[test]
fn mpsc_timeouts_on_both_sides_lose_and_duplicate_nothing() {
    with_watchdog("mpsc timeouts", WATCHDOG, || {
        let (tx, mut rx) = mpsc::channel(1);
        let producer =
            thread::spawn(move || send_all_retrying(|v| tx.blocking_send_timeout(v, SHORT)));
        let seen = recv_all_retrying(|| rx.blocking_recv_timeout(SHORT));
        producer.join().unwrap();
        assert_in_order_once(&seen);
    });
}

#[test]
fn dispatch_timeouts_with_two_receivers_lose_and_duplicate_nothing() {
    with_watchdog("dispatch timeouts", WATCHDOG, || {
        let (tx, rx) = dispatch::channel(2);
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let mut rx = rx.clone();
                thread::spawn(move || recv_all_retrying(|| rx.blocking_recv_timeout(SHORT)))
            })
            .collect();
        drop(rx);
        send_all_retrying(|v| tx.blocking_send_timeout(v, SHORT));
        drop(tx);
        let mut seen: Vec<u32> = consumers
            .into_iter()
            .flat_map(|consumer| consumer.join().unwrap())
            .collect();
        seen.sort_unstable();
        assert_in_order_once(&seen);
    });
}

#[test]
fn broadcast_timeouts_deliver_every_message_to_every_receiver_once() {
    with_watchdog("broadcast timeouts", WATCHDOG, || {
        let (tx, rx) = broadcast::channel(2);
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                thread::spawn(move || recv_all_retrying(|| rx.blocking_recv_timeout(SHORT)))
            })
            .collect();
        drop(rx);
        send_all_retrying(|v| tx.blocking_send_timeout(v, SHORT));
        drop(tx);
        for consumer in consumers {
            assert_in_order_once(&consumer.join().unwrap());
        }
    });
}

#[test]
fn a_timed_out_send_is_never_delivered_later() {
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(1).unwrap();
    assert_eq!(
        tx.blocking_send_timeout(2, Duration::from_millis(5)),
        Err(SendTimeoutError::Timeout(2))
    );
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(postage::TryRecvError::Empty));
    drop(tx);
    assert_eq!(rx.try_recv(), Err(postage::TryRecvError::Closed));
}

#[test]
fn a_timed_out_send_does_not_hold_up_a_waiting_sender() {
    with_watchdog("send place", WATCHDOG, || {
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(0).unwrap();
        let waiting = {
            let tx = tx.clone();
            thread::spawn(move || tx.blocking_send_timeout(2, LONG))
        };
        assert_eq!(
            tx.blocking_send_timeout(1, Duration::from_millis(5)),
            Err(SendTimeoutError::Timeout(1))
        );
        assert_eq!(rx.blocking_recv_timeout(LONG), Ok(0));
        assert_eq!(waiting.join().unwrap(), Ok(()));
        assert_eq!(rx.blocking_recv_timeout(LONG), Ok(2));
        drop(tx);
        assert_eq!(
            rx.blocking_recv_timeout(LONG),
            Err(RecvTimeoutError::Closed)
        );
    });
}

#[test]
fn a_send_to_a_closed_channel_hands_the_value_back_as_closed() {
    let (tx, rx) = broadcast::channel::<u8>(1);
    drop(rx);
    assert_eq!(
        tx.blocking_send_timeout(7, LONG),
        Err(SendTimeoutError::Closed(7))
    );
    let (tx, rx) = dispatch::channel::<u8>(1);
    drop(rx);
    assert_eq!(
        tx.blocking_send_timeout(8, LONG).unwrap_err().into_inner(),
        8
    );
}

#[test]
fn a_zero_timeout_polls_once() {
    let (tx, mut rx) = mpsc::channel(1);
    assert_eq!(
        rx.blocking_recv_timeout(Duration::ZERO),
        Err(RecvTimeoutError::Timeout)
    );
    assert_eq!(tx.blocking_send_timeout(1, Duration::ZERO), Ok(()));
    assert_eq!(
        tx.blocking_send_timeout(2, Duration::ZERO),
        Err(SendTimeoutError::Timeout(2))
    );
    assert_eq!(rx.blocking_recv_timeout(Duration::ZERO), Ok(1));
}

#[test]
fn a_timeout_is_not_reported_before_it_passed() {
    let timeout = Duration::from_millis(20);
    let (_tx, mut rx) = mpsc::channel::<u8>(1);
    let start = Instant::now();
    assert_eq!(
        rx.blocking_recv_timeout(timeout),
        Err(RecvTimeoutError::Timeout)
    );
    assert!(start.elapsed() >= timeout);
}

#[test]
fn a_huge_timeout_waits_like_blocking_recv() {
    with_watchdog("huge timeout", WATCHDOG, || {
        let (tx, mut rx) = oneshot::channel();
        thread::spawn(move || tx.send(3).unwrap());
        assert_eq!(rx.blocking_recv_timeout(Duration::MAX), Ok(3));
    });
}

#[test]
fn watch_receivers_with_timeouts_end_with_the_last_value() {
    with_watchdog("watch timeouts", WATCHDOG, || {
        let (tx, rx) = watch::channel::<u32>();
        let receivers: Vec<_> = (0..3)
            .map(|_| {
                let mut rx = rx.clone();
                thread::spawn(move || recv_all_retrying(|| rx.blocking_recv_timeout(SHORT)))
            })
            .collect();
        drop(rx);
        for value in 1..MESSAGES {
            tx.send_replace(value);
        }
        drop(tx);
        for receiver in receivers {
            let seen = receiver.join().unwrap();
            assert!(
                seen.windows(2).all(|w| w[0] < w[1]),
                "values went backwards or repeated"
            );
            assert_eq!(seen.last(), Some(&(MESSAGES - 1)));
        }
    });
}

#[test]
fn oneshot_receives_once_then_reports_closed() {
    with_watchdog("oneshot timeouts", WATCHDOG, || {
        let (tx, mut rx) = oneshot::channel();
        assert_eq!(
            rx.blocking_recv_timeout(SHORT),
            Err(RecvTimeoutError::Timeout)
        );
        let sender = thread::spawn(move || tx.send(9).unwrap());
        assert_eq!(rx.blocking_recv_timeout(LONG), Ok(9));
        sender.join().unwrap();
        assert_eq!(
            rx.blocking_recv_timeout(SHORT),
            Err(RecvTimeoutError::Closed)
        );
        let (tx, mut rx) = oneshot::channel::<u8>();
        drop(tx);
        assert_eq!(
            rx.blocking_recv_timeout(LONG),
            Err(RecvTimeoutError::Closed)
        );
    });
}

#[test]
fn a_barrier_releases_every_thread_waiting_with_a_timeout() {
    with_watchdog("barrier timeouts", WATCHDOG, || {
        let (tx, rx) = barrier::channel();
        let mut early = rx.clone();
        assert_eq!(
            early.blocking_recv_timeout(SHORT),
            Err(RecvTimeoutError::Timeout)
        );
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let mut rx = rx.clone();
                thread::spawn(move || rx.blocking_recv_timeout(LONG))
            })
            .collect();
        tx.send();
        for waiter in waiters {
            assert_eq!(waiter.join().unwrap(), Ok(()));
        }
        assert_eq!(early.blocking_recv_timeout(Duration::ZERO), Ok(()));
    });
}

#[test]
fn the_timeout_errors_describe_themselves_and_compare() {
    fn is_error<E: std::error::Error + Clone + PartialEq + Eq>(_: &E) {}
    struct Opaque;
    assert_eq!(RecvTimeoutError::Timeout.to_string(), "timed out");
    assert_eq!(RecvTimeoutError::Closed.to_string(), "channel is closed");
    assert_eq!(SendTimeoutError::Timeout(1).to_string(), "timed out");
    assert_eq!(SendTimeoutError::Closed(1).to_string(), "channel is closed");
    assert_eq!(
        format!("{:?}", SendTimeoutError::Timeout(Opaque)),
        "Timeout(..)"
    );
    assert_eq!(
        postage::RequestError::Closed.to_string(),
        "channel is closed"
    );
    assert_eq!(
        postage::RequestError::NoReply.to_string(),
        "no reply was sent"
    );
    is_error(&RecvTimeoutError::Timeout);
    is_error(&SendTimeoutError::Closed(1u8));
    is_error(&postage::RequestError::NoReply);
    let _: postage::SendTimeoutError<u8> = SendTimeoutError::from(postage::SendError(3));
    let _: postage::RecvTimeoutError = RecvTimeoutError::Closed;
}
