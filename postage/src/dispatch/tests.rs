use std::task::Poll;

use super::*;
use crate::test_util::{CountingWaker, DropCounter};

#[test]
fn each_message_goes_to_exactly_one_receiver() {
    let (tx, mut a) = channel(8);
    let mut b = a.clone();
    for i in 0..6 {
        tx.try_send(i).unwrap();
    }
    let mut seen = Vec::new();
    loop {
        let before = seen.len();
        seen.extend(a.try_recv().ok());
        seen.extend(b.try_recv().ok());
        if seen.len() == before {
            break;
        }
    }
    seen.sort();
    assert_eq!(seen, (0..6).collect::<Vec<_>>());
}

#[test]
fn one_message_wakes_one_waiting_receiver() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    let mut recv_a = a.recv();
    let mut recv_b = b.recv();
    assert!(wa.poll(&mut recv_a).is_pending());
    assert!(wb.poll(&mut recv_b).is_pending());
    tx.try_send(1).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 0));
    tx.try_send(2).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 1));
}

#[test]
fn a_woken_receiver_dropped_before_taking_passes_the_wakeup_on() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    let mut recv_a = a.recv();
    let mut recv_b = b.recv();
    assert!(wa.poll(&mut recv_a).is_pending());
    assert!(wb.poll(&mut recv_b).is_pending());
    tx.try_send(1).unwrap();
    assert_eq!(wa.count(), 1);
    drop(recv_a);
    assert_eq!(wb.count(), 1);
    assert_eq!(wb.poll(&mut recv_b), Poll::Ready(Some(1)));
}

#[test]
fn a_woken_receiver_handle_dropped_passes_the_wakeup_on() {
    use crate::stream::{PollRecv, Stream};
    use std::pin::Pin;
    use std::task::Context;

    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    let polled = Pin::new(&mut a).poll_recv(&mut Context::from_waker(&wa.waker()));
    assert_eq!(polled, PollRecv::Pending);
    let mut recv_b = b.recv();
    assert!(wb.poll(&mut recv_b).is_pending());
    tx.try_send(1).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 0));
    drop(a);
    assert_eq!(wb.count(), 1);
    assert_eq!(wb.poll(&mut recv_b), Poll::Ready(Some(1)));
}

#[test]
fn later_receivers_still_get_queued_messages() {
    let (tx, rx) = channel(4);
    tx.try_send(1).unwrap();
    let mut late = tx.subscribe();
    let mut cloned = rx.clone();
    drop(rx);
    assert_eq!(late.try_recv(), Ok(1));
    tx.try_send(2).unwrap();
    assert_eq!(cloned.try_recv(), Ok(2));
}

#[test]
fn last_receiver_drop_closes_and_drops_the_buffer_and_subscribe_reopens() {
    let counter = DropCounter::new();
    let (tx, rx) = channel(4);
    let rx2 = rx.clone();
    tx.try_send(counter.track(1)).unwrap();
    drop(rx);
    assert!(!tx.is_closed());
    assert_eq!(counter.alive(), 1);
    drop(rx2);
    assert!(tx.is_closed());
    assert_eq!(counter.alive(), 0);
    let value = tx.try_send(counter.track(2)).unwrap_err().into_inner();
    assert_eq!(value.id, 2);
    drop(value);
    let mut rx = tx.subscribe();
    assert!(!tx.is_closed());
    tx.try_send(counter.track(3)).unwrap();
    assert_eq!(rx.try_recv().unwrap().id, 3);
}

#[test]
fn receivers_drain_then_report_closed_for_good() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    tx.try_send(1).unwrap();
    drop(tx);
    assert_eq!(b.try_recv(), Ok(1));
    assert_eq!(a.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(b.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(futures::executor::block_on(a.recv()), None);
}

#[test]
fn closed_resolves_when_every_receiver_is_gone() {
    let (tx, rx) = channel::<u8>(1);
    let rx2 = rx.clone();
    let waker = CountingWaker::new();
    let mut closed = tx.closed();
    assert!(waker.poll(&mut closed).is_pending());
    drop(rx);
    assert_eq!(waker.count(), 0);
    drop(rx2);
    assert_eq!(waker.count(), 1);
    assert!(waker.poll(&mut closed).is_ready());
}

#[test]
fn debug_names_the_kind() {
    let (tx, rx) = channel::<u8>(3);
    assert!(format!("{tx:?}").starts_with("dispatch::Sender"));
    assert!(format!("{rx:?}").contains("receivers: 1"));
}

#[test]
fn recv_many_takes_the_ready_messages_in_order_up_to_the_limit() {
    let (tx, mut rx) = channel(8);
    for i in 0..6 {
        tx.try_send(i).unwrap();
    }
    let mut buffer = Vec::new();
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 4)), 4);
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 0)), 0);
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 9)), 2);
    assert_eq!(buffer, [0, 1, 2, 3, 4, 5]);
    drop(tx);
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 9)), 0);
}

#[test]
fn a_woken_recv_many_dropped_before_taking_passes_the_wakeup_on() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    let mut buffer = Vec::new();
    let mut recv_a = Box::pin(a.recv_many(&mut buffer, 4));
    let mut recv_b = b.recv();
    assert!(wa.poll(&mut recv_a).is_pending());
    assert!(wb.poll(&mut recv_b).is_pending());
    tx.try_send(1).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 0));
    drop(recv_a);
    assert_eq!(wb.count(), 1);
    assert_eq!(wb.poll(&mut recv_b), Poll::Ready(Some(1)));
}

#[test]
fn try_iter_shares_the_queue_with_other_receivers() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    for i in 0..4 {
        tx.try_send(i).unwrap();
    }
    assert_eq!(b.try_recv(), Ok(0));
    assert_eq!(a.try_iter().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(b.try_iter().next(), None);
}

#[test]
fn receiver_count_follows_clones_subscriptions_and_drops() {
    let (tx, rx) = channel::<u8>(2);
    let clone = rx.clone();
    let subscribed = tx.subscribe();
    assert_eq!((tx.receiver_count(), rx.receiver_count()), (3, 3));
    drop((clone, subscribed));
    assert_eq!(tx.receiver_count(), 1);
    let weak = tx.downgrade();
    let tx2 = weak.upgrade().unwrap();
    assert!(tx2.same_channel(&tx));
    assert_eq!(rx.sender_count(), 2);
    drop((tx, tx2));
    assert!(weak.upgrade().is_none());
    assert_eq!(rx.sender_count(), 0);
}

#[test]
fn an_unbounded_channel_retains_at_most_one_segment_after_a_burst() {
    let burst = if cfg!(miri) { 200 } else { 100_000 };
    let (tx, mut rx) = unbounded();
    let mut other = rx.clone();
    for i in 0..burst {
        tx.try_send(i).unwrap();
    }
    for i in 0..burst {
        let got = if i % 2 == 0 {
            rx.try_recv()
        } else {
            other.try_recv()
        };
        assert_eq!(got, Ok(i));
    }
    assert!(rx.queue.retained_segments() <= 1);
}

#[test]
fn an_unbounded_channel_reopened_by_subscribe_accepts_sends_again() {
    let counter = DropCounter::new();
    let (tx, rx) = unbounded();
    tx.try_send(counter.track(0)).unwrap();
    drop(rx);
    assert_eq!(counter.alive(), 0, "the buffer went with the last receiver");
    assert!(tx.try_send(counter.track(1)).is_err());
    let mut rx = tx.subscribe();
    tx.try_send(counter.track(2)).unwrap();
    assert_eq!(rx.try_recv().map(|m| m.id), Ok(2));
}

#[test]
fn an_abandoned_receive_clears_its_bit_only_when_nobody_else_waits() {
    let (tx, mut a) = channel::<u8>(4);
    let mut b = a.clone();
    let (waker, other) = (CountingWaker::new(), CountingWaker::new());
    let mut recv_b = b.recv();
    assert!(other.poll(&mut recv_b).is_pending());
    assert!(waker.poll(&mut a.recv()).is_pending());
    assert_eq!(a.queue.waiting_receivers(), 1);
    assert_eq!(a.queue.waiting_bits(), (true, false), "`b` still waits");
    tx.try_send(1).unwrap();
    assert_eq!((waker.count(), other.count()), (0, 1));
    assert_eq!(other.poll(&mut recv_b), Poll::Ready(Some(1)));
    drop(recv_b);
    assert!(waker.poll(&mut a.recv()).is_pending());
    assert!(waker.poll(&mut a.recv()).is_pending());
    assert_eq!(waker.clones(), 1, "the parked node keeps its waker");
    assert_eq!(
        a.queue.waiting_bits(),
        (false, false),
        "abandoned by the last waiter"
    );
    tx.try_send(2).unwrap();
    assert_eq!(
        waker.count(),
        0,
        "the receive was abandoned, so nobody is woken"
    );
    assert_eq!(a.try_recv(), Ok(2));
}

#[test]
fn a_receive_after_an_abandoned_one_completes_without_the_lock_and_passes_nothing_on() {
    let (tx, mut a) = channel::<u8>(4);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    assert!(wa.poll(&mut a.recv()).is_pending());
    let mut recv_b = b.recv();
    assert!(wb.poll(&mut recv_b).is_pending());
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    assert_eq!((wa.count(), wb.count()), (0, 1));
    // `a`'s key is parked: its receive takes a message at once and, having been reached
    // by no notification, wakes nobody.
    assert_eq!(wa.poll(&mut a.recv()), Poll::Ready(Some(1)));
    assert_eq!((wa.count(), wb.count()), (0, 1));
    assert_eq!(wb.poll(&mut recv_b), Poll::Ready(Some(2)));
}

#[test]
fn an_abandoned_send_clears_its_bit_only_when_nobody_else_waits() {
    let (tx, mut rx) = channel::<u8>(1);
    tx.try_send(1).unwrap();
    let (waker, other) = (CountingWaker::new(), CountingWaker::new());
    let mut send = tx.send(3);
    assert!(other.poll(&mut send).is_pending());
    assert!(waker.poll(&mut tx.send(2)).is_pending());
    assert_eq!(tx.queue.waiting_senders(), 1);
    assert_eq!(
        tx.queue.waiting_bits(),
        (false, true),
        "the other send still waits"
    );
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!((waker.count(), other.count()), (0, 1));
    assert_eq!(other.poll(&mut send), Poll::Ready(Ok(())));
    drop(send);
    assert!(waker.poll(&mut tx.send(4)).is_pending());
    assert_eq!(
        tx.queue.waiting_bits(),
        (false, false),
        "abandoned by the last waiter"
    );
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(
        waker.count(),
        0,
        "the send was abandoned, so nobody is woken"
    );
}
