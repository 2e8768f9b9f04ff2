use super::*;
use crate::test_util::CountingWaker;
use std::cell::Cell;
use std::task::Waker;

fn poll_recv<T: Clone>(rx: &mut Receiver<T>, waker: &CountingWaker) -> PollRecv<T> {
    Pin::new(rx).poll_recv(&mut Context::from_waker(&waker.waker()))
}

#[test]
fn a_new_receiver_gets_the_current_value_at_once() {
    let (tx, mut rx) = channel_with(1);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    let mut copy = rx.clone();
    let mut subscriber = tx.subscribe();
    assert_eq!(copy.try_recv(), Ok(1));
    assert_eq!(subscriber.try_recv(), Ok(1));
}

#[test]
fn the_default_channel_starts_from_default() {
    let (_tx, mut rx) = channel::<String>();
    assert_eq!(rx.try_recv(), Ok(String::new()));
}

#[test]
fn intermediate_values_may_be_skipped() {
    let (tx, mut rx) = channel_with(0);
    assert_eq!(rx.try_recv(), Ok(0));
    for n in 1..=3 {
        tx.send(n).unwrap();
    }
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn the_latest_unseen_value_is_delivered_once_after_the_sender_left() {
    let (tx, mut rx) = channel_with(0);
    assert_eq!(rx.try_recv(), Ok(0));
    tx.send(1).unwrap();
    drop(tx);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert!(futures_core::FusedStream::is_terminated(&rx));
}

#[test]
fn a_receiver_that_saw_nothing_gets_the_value_even_after_the_sender_left() {
    let (tx, mut rx) = channel_with(7);
    drop(tx);
    assert_eq!(rx.try_recv(), Ok(7));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn a_send_wakes_every_waiting_receiver_once() {
    let (tx, mut a) = channel_with(0);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    assert_eq!(poll_recv(&mut a, &wa), PollRecv::Ready(0));
    assert_eq!(poll_recv(&mut b, &wb), PollRecv::Ready(0));
    for _ in 0..3 {
        assert_eq!(poll_recv(&mut a, &wa), PollRecv::Pending);
        assert_eq!(poll_recv(&mut b, &wb), PollRecv::Pending);
    }
    tx.send(1).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 1));
    tx.send(2).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 1));
    assert_eq!(poll_recv(&mut a, &wa), PollRecv::Ready(2));
    assert_eq!(poll_recv(&mut b, &wb), PollRecv::Ready(2));
}

#[test]
fn repolling_with_a_new_waker_replaces_the_old_one() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let (old, new) = (CountingWaker::new(), CountingWaker::new());
    assert_eq!(poll_recv(&mut rx, &old), PollRecv::Pending);
    assert_eq!(poll_recv(&mut rx, &new), PollRecv::Pending);
    tx.send(1).unwrap();
    assert_eq!((old.count(), new.count()), (0, 1));
}

#[test]
fn try_recv_registers_no_waker() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(rx.shared.waiting_receivers(), 0, "the wait is unlinked");
    tx.send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn the_sender_leaving_wakes_waiting_receivers() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Pending);
    drop(tx);
    assert_eq!(waker.count(), 1);
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Closed);
}

#[test]
fn a_cancelled_recv_marks_nothing_seen() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert!(waker.poll(&mut recv).is_pending());
    drop(recv);
    assert_eq!(rx.shared.waiting_receivers(), 0, "the wait is unlinked");
    tx.send(1).unwrap();
    assert_eq!(waker.count(), 0);
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_cancelled_changed_marks_nothing_seen() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    let mut changed = rx.changed();
    assert!(waker.poll(&mut changed).is_pending());
    drop(changed);
    tx.send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn changed_marks_the_value_seen_and_fails_once_closed() {
    let (tx, mut rx) = channel_with(0);
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx.changed()), Poll::Ready(Ok(())));
    assert!(waker.poll(&mut rx.changed()).is_pending());
    tx.send_modify(|n| *n += 5);
    assert_eq!(waker.poll(&mut rx.changed()), Poll::Ready(Ok(())));
    assert_eq!(*rx.borrow(), 5);
    drop(tx);
    assert_eq!(waker.poll(&mut rx.changed()), Poll::Ready(Err(Closed)));
}

#[test]
fn send_modify_notifies_even_without_a_change() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    tx.send_modify(|_| {});
    assert_eq!(rx.try_recv(), Ok(0));
}

#[test]
fn send_without_receivers_returns_the_value_and_stores_nothing() {
    let (tx, rx) = channel_with(0);
    drop(rx);
    assert_eq!(tx.send(1), Err(SendError(1)));
    assert_eq!(*tx.borrow(), 0);
    assert_eq!(tx.send_replace(2), 0);
    assert_eq!(*tx.borrow(), 2);
}

#[test]
fn the_last_receiver_leaving_fires_closed_and_subscribe_reopens() {
    let (tx, rx) = channel_with(0);
    let rx2 = rx.clone();
    let waker = CountingWaker::new();
    let mut closed = tx.closed();
    assert!(waker.poll(&mut closed).is_pending());
    drop(rx);
    assert_eq!(waker.count(), 0);
    drop(rx2);
    assert_eq!(waker.count(), 1);
    assert!(waker.poll(&mut closed).is_ready());
    drop(closed);
    assert!(tx.is_closed());
    let mut rx = tx.subscribe();
    assert!(!tx.is_closed());
    tx.send(1).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_panicking_clone_leaves_the_value_unseen() {
    struct Fragile(Cell<bool>);
    impl Clone for Fragile {
        fn clone(&self) -> Self {
            assert!(!self.0.get(), "clone refused");
            Fragile(Cell::new(false))
        }
    }
    let (tx, mut rx) = channel_with(Fragile(Cell::new(true)));
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rx.try_recv()));
    assert!(panicked.is_err());
    let stored: &Fragile = &tx.borrow();
    stored.0.set(false);
    assert!(rx.try_recv().is_ok());
}

#[test]
fn the_sinks_never_wait_and_reject_without_receivers() {
    use futures_sink::Sink as _;
    let (mut tx, mut rx) = channel_with(0);
    assert_eq!(Sink::try_send(&mut tx, 1), Ok(()));
    let mut cx = Context::from_waker(Waker::noop());
    assert!(matches!(
        Pin::new(&mut tx).poll_ready(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert_eq!(Pin::new(&mut tx).start_send(2), Ok(()));
    assert_eq!(rx.try_recv(), Ok(2));
    drop(rx);
    assert_eq!(
        Sink::try_send(&mut tx, 3),
        Err(crate::error::TrySendError::Closed(3))
    );
    assert_eq!(Pin::new(&mut tx).start_send(4), Err(SendError(4)));
}

#[test]
fn the_stream_yields_the_current_value_then_changes() {
    let (tx, mut rx) = channel_with(1);
    let waker = CountingWaker::new().waker();
    let mut cx = Context::from_waker(&waker);
    let mut next = || futures_core::Stream::poll_next(Pin::new(&mut rx), &mut cx);
    assert_eq!(next(), Poll::Ready(Some(1)));
    assert_eq!(next(), Poll::Pending);
    tx.send(2).unwrap();
    assert_eq!(next(), Poll::Ready(Some(2)));
    drop(tx);
    assert_eq!(next(), Poll::Ready(None));
}

#[test]
fn debug_does_not_need_a_debug_payload() {
    struct Opaque;
    let (tx, rx) = channel_with(Opaque);
    let text = format!("{tx:?} {rx:?}");
    assert!(text.contains("watch::Sender") && text.contains("watch::Receiver"));
}

#[test]
fn the_closed_error_describes_itself() {
    assert_eq!(Closed.to_string(), "channel is closed");
    let _: &dyn Error = &Closed;
}

trait AmbiguousIfSend<A> {
    fn check() {}
}
impl<T: ?Sized> AmbiguousIfSend<()> for T {}
impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}

#[test]
fn handles_are_send_and_sync_only_for_send_and_sync_payloads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Sender<u32>>();
    send_sync::<Receiver<u32>>();
    // Each line compiles only if the type is not `Send` (the impls would be ambiguous).
    <Receiver<Cell<u32>> as AmbiguousIfSend<_>>::check();
    <Sender<Cell<u32>> as AmbiguousIfSend<_>>::check();
}

#[test]
fn send_if_modified_notifies_only_when_the_closure_says_so() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Pending);
    assert!(!tx.send_if_modified(|_| false));
    assert_eq!(waker.count(), 0);
    assert_eq!(rx.has_changed(), Ok(false));
    assert!(tx.send_if_modified(|n| {
        *n = 4;
        true
    }));
    assert_eq!(waker.count(), 1);
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Ready(4));
}

#[test]
fn send_if_modified_stores_without_receivers() {
    let (tx, rx) = channel_with(0);
    drop(rx);
    assert!(tx.send_if_modified(|n| {
        *n = 9;
        true
    }));
    assert_eq!(*tx.borrow(), 9);
}

#[test]
fn has_changed_reports_unseen_values_until_closed_and_seen() {
    let (tx, mut rx) = channel_with(0);
    assert_eq!(rx.has_changed(), Ok(true));
    assert_eq!(rx.has_changed(), Ok(true), "has_changed marks nothing seen");
    rx.borrow_and_update();
    assert_eq!(rx.has_changed(), Ok(false));
    tx.send(1).unwrap();
    assert_eq!(rx.has_changed(), Ok(true));
    drop(tx);
    assert_eq!(rx.has_changed(), Ok(true));
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.has_changed(), Err(Closed));
}

#[test]
fn wait_for_checks_the_current_value_even_when_seen() {
    let (_tx, mut rx) = channel_with(6);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    let mut even = rx.wait_for(|n| n % 2 == 0);
    match waker.poll(&mut even) {
        Poll::Ready(Ok(found)) => assert_eq!(*found, 6),
        other => panic!(
            "expected the current value, got {:?}",
            other.map(|r| r.is_ok())
        ),
    };
}

#[test]
fn wait_for_skips_values_that_fail_and_marks_the_match_seen() {
    let (tx, mut rx) = channel_with(1);
    let waker = CountingWaker::new();
    let mut checked = Vec::new();
    {
        let mut big = rx.wait_for(|n| {
            checked.push(*n);
            *n >= 3
        });
        assert!(waker.poll(&mut big).is_pending());
        tx.send(2).unwrap();
        assert_eq!(waker.count(), 1);
        assert!(waker.poll(&mut big).is_pending());
        tx.send(3).unwrap();
        assert_eq!(waker.count(), 2);
        match waker.poll(&mut big) {
            Poll::Ready(Ok(found)) => assert_eq!(*found, 3),
            _ => panic!("expected 3"),
        }
    }
    assert_eq!(checked, [1, 2, 3]);
    assert_eq!(rx.has_changed(), Ok(false));
}

#[test]
fn wait_for_fails_once_the_sender_left_and_every_value_was_checked() {
    let (tx, mut rx) = channel_with(0);
    let waker = CountingWaker::new();
    let mut never = rx.wait_for(|_| false);
    assert!(waker.poll(&mut never).is_pending());
    tx.send(1).unwrap();
    drop(tx);
    assert!(matches!(waker.poll(&mut never), Poll::Ready(Err(Closed))));
}

#[test]
fn wait_for_checks_the_last_value_sent_before_the_sender_left() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    tx.send(5).unwrap();
    drop(tx);
    let waker = CountingWaker::new();
    match waker.poll(&mut rx.wait_for(|n| *n == 5)) {
        Poll::Ready(Ok(found)) => assert_eq!(*found, 5),
        _ => panic!("expected 5"),
    };
}

#[test]
fn a_cancelled_wait_for_leaves_no_registration() {
    let (tx, mut rx) = channel_with(0);
    let waker = CountingWaker::new();
    let mut never = rx.wait_for(|_| false);
    assert!(waker.poll(&mut never).is_pending());
    drop(never);
    assert_eq!(rx.shared.waiting_receivers(), 0, "the wait is unlinked");
    tx.send(1).unwrap();
    assert_eq!(waker.count(), 0);
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn receiver_count_follows_clones_subscribers_and_drops() {
    let (tx, rx) = channel_with(0);
    assert_eq!(tx.receiver_count(), 1);
    let copy = rx.clone();
    let subscriber = tx.subscribe();
    assert_eq!(tx.receiver_count(), 3);
    drop((rx, copy));
    assert_eq!(tx.receiver_count(), 1);
    drop(subscriber);
    assert_eq!(tx.receiver_count(), 0);
}

#[test]
fn changed_and_wait_for_futures_are_terminated_once_they_resolved() {
    use futures_core::FusedFuture;
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    let mut changed = rx.changed();
    assert!(waker.poll(&mut changed).is_pending());
    assert!(!changed.is_terminated());
    tx.send(1).unwrap();
    assert!(waker.poll(&mut changed).is_ready());
    assert!(changed.is_terminated());
    drop(changed);
    let mut two = rx.wait_for(|n| *n == 2);
    assert!(waker.poll(&mut two).is_pending());
    assert!(!two.is_terminated());
    tx.send(2).unwrap();
    assert!(waker.poll(&mut two).is_ready());
    assert!(two.is_terminated());
}

#[test]
fn a_receiver_keeps_its_waker_between_waits_and_releases_it_when_dropped() {
    let (tx, mut rx) = channel_with(0);
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    for _ in 0..3 {
        let mut recv = rx.recv();
        assert!(waker.poll(&mut recv).is_pending());
        drop(recv);
        assert_eq!(waker.clones(), 1, "one registration, parked with its waker");
        assert_eq!(rx.shared.waiting_receivers(), 0);
    }
    let mut recv = rx.recv();
    assert!(waker.poll(&mut recv).is_pending());
    drop(recv);
    tx.send(1).unwrap();
    assert_eq!(waker.count(), 0, "a parked wait is not woken");
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(1)));
    drop(recv);
    let mut recv = rx.recv();
    assert!(waker.poll(&mut recv).is_pending());
    drop(recv);
    tx.send(2).unwrap();
    assert_eq!(waker.count(), 0);
    drop(rx);
    assert_eq!(waker.clones(), 0, "the receiver's drop frees its node");
}
