use std::task::Poll;

use super::*;
use crate::test_util::{CountingWaker, DropCounter};

#[test]
fn the_value_arrives_once_then_the_receiver_is_closed() {
    let (tx, mut rx) = channel();
    tx.send(5).unwrap();
    assert_eq!(futures::executor::block_on(rx.recv()), Some(5));
    assert!(rx.is_closed());
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(futures::executor::block_on(rx.recv()), None);
}

#[test]
fn a_dropped_sender_gives_none() {
    let (tx, rx) = channel::<u8>();
    drop(tx);
    assert_eq!(futures::executor::block_on(rx), None);
}

#[test]
fn send_wakes_the_pending_receiver_exactly_once() {
    let (tx, mut rx) = channel();
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx), Poll::Pending);
    assert_eq!(waker.poll(&mut rx), Poll::Pending);
    tx.send(1).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut rx), Poll::Ready(Some(1)));
}

#[test]
fn a_new_waker_replaces_the_old_one() {
    let (tx, mut rx) = channel();
    let (old, new) = (CountingWaker::new(), CountingWaker::new());
    assert_eq!(old.poll(&mut rx), Poll::Pending);
    assert_eq!(new.poll(&mut rx), Poll::Pending);
    tx.send(1).unwrap();
    assert_eq!((old.count(), new.count()), (0, 1));
}

#[test]
fn try_recv_registers_no_waker() {
    let (tx, mut rx) = channel::<u8>();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert!(!rx.slot.has_registered_waker());
    drop(tx);
}

#[test]
fn send_after_receiver_drop_hands_the_value_back() {
    let (tx, rx) = channel();
    drop(rx);
    assert!(tx.is_closed());
    assert_eq!(tx.send(3), Err(3));
}

#[test]
fn receiver_drop_wakes_closed_and_drops_an_unreceived_value() {
    let counter = DropCounter::new();
    let (tx, rx) = channel();
    let waker = CountingWaker::new();
    let mut closed = tx.closed();
    assert!(waker.poll(&mut closed).is_pending());
    drop(closed);
    let mut closed = tx.closed();
    assert!(waker.poll(&mut closed).is_pending());
    drop(rx);
    assert_eq!(waker.count(), 1);
    assert!(waker.poll(&mut closed).is_ready());
    drop(closed);
    assert!(tx.send(counter.track(1)).is_err());
    assert_eq!(counter.alive(), 0);

    let (tx, rx) = channel();
    tx.send(counter.track(2)).unwrap();
    assert_eq!(counter.alive(), 1);
    drop(rx);
    assert_eq!(counter.alive(), 0);
}

#[test]
fn a_cancelled_recv_consumes_nothing() {
    let (tx, mut rx) = channel();
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert!(waker.poll(&mut recv).is_pending());
    drop(recv);
    tx.send(9).unwrap();
    assert_eq!(rx.try_recv(), Ok(9));
}

#[test]
fn sink_trait_accepts_one_value_then_rejects() {
    use crate::sink::{PollSend, Sink};
    let (mut tx, mut rx) = channel();
    let mut cx = Context::from_waker(Waker::noop());
    assert_eq!(Pin::new(&mut tx).poll_send(&mut cx, 1), PollSend::Ready);
    assert_eq!(
        Pin::new(&mut tx).poll_send(&mut cx, 2),
        PollSend::Rejected(2)
    );
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
#[cfg(feature = "blocking")]
fn blocking_recv_waits_for_another_thread() {
    let (tx, mut rx) = channel();
    let sender = std::thread::spawn(move || tx.send(String::from("hi")).unwrap());
    assert_eq!(rx.blocking_recv().as_deref(), Some("hi"));
    sender.join().unwrap();
}
