use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::error::SendError;
use crate::sink::Sink as _;
use crate::test_util::{CountingWaker, DropCounter};

fn poll_ready<S: futures_sink::Sink<T> + Unpin, T>(
    sink: &mut S,
    waker: &CountingWaker,
) -> Poll<Result<(), S::Error>> {
    Pin::new(sink).poll_ready(&mut Context::from_waker(&waker.waker()))
}

#[test]
fn capacity_is_exact() {
    let (tx, rx) = channel(3);
    for i in 0..3 {
        tx.try_send(i).unwrap();
    }
    assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
    assert_eq!((tx.len(), rx.len(), rx.capacity()), (3, 3, 3));
}

#[test]
#[should_panic(expected = "capacity must be at least 1")]
fn zero_capacity_panics() {
    let _ = channel::<u8>(0);
}

#[test]
fn messages_arrive_in_send_order() {
    let (tx, mut rx) = channel(8);
    for i in 0..8 {
        tx.try_send(i).unwrap();
    }
    let received: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
    assert_eq!(received, (0..8).collect::<Vec<_>>());
}

#[test]
fn a_message_wakes_the_pending_receiver_exactly_once() {
    let (tx, mut rx) = channel(4);
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(1)));
}

#[test]
fn repolling_with_the_same_waker_registers_once() {
    let (_tx, mut rx) = channel::<u8>(4);
    let queue = rx.queue.clone();
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    for _ in 0..50 {
        assert_eq!(waker.poll(&mut recv), Poll::Pending);
    }
    assert_eq!(waker.clones(), 1);
    assert_eq!(queue.waiting_receivers(), 1);
    drop(recv);
    // The abandoned receive takes its registration back (see `cancel_recv`).
    assert_eq!(queue.waiting_receivers(), 0);
}

#[test]
fn an_abandoned_receive_is_not_woken_and_the_next_wait_reuses_its_waker() {
    let (tx, mut rx) = channel::<u8>(4);
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx.recv()), Poll::Pending);
    assert_eq!(waker.poll(&mut rx.recv()), Poll::Pending);
    assert_eq!(
        waker.clones(),
        1,
        "the second wait reuses the first one's waker"
    );
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    assert_eq!(waker.count(), 0, "nobody waits, so nobody is woken");
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(1)));
}

#[test]
fn a_receive_waiting_again_after_an_abandoned_one_is_woken_once() {
    let (tx, mut rx) = channel::<u8>(4);
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut rx.recv()), Poll::Pending);
    tx.try_send(1).unwrap();
    assert_eq!(waker.count(), 0);
    assert_eq!(waker.poll(&mut rx.recv()), Poll::Ready(Some(1)));
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    tx.try_send(2).unwrap();
    tx.try_send(3).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(2)));
    drop(recv);
    assert_eq!(rx.queue.waiting_receivers(), 0);
    tx.try_send(4).unwrap();
    assert_eq!(waker.count(), 1, "nobody waits, so nobody is woken");
}

#[test]
fn a_new_waker_replaces_the_old_one() {
    let (tx, mut rx) = channel(4);
    let (old, new) = (CountingWaker::new(), CountingWaker::new());
    let mut recv = rx.recv();
    assert_eq!(old.poll(&mut recv), Poll::Pending);
    assert_eq!(new.poll(&mut recv), Poll::Pending);
    assert_eq!(rx_waiting(&tx), 1);
    tx.try_send(1).unwrap();
    assert_eq!((old.count(), new.count()), (0, 1));
}

fn rx_waiting<T>(tx: &Sender<T>) -> usize {
    tx.queue.waiting_receivers()
}

#[test]
fn try_methods_register_no_waker() {
    let (tx, mut rx) = channel(1);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(
        crate::stream::Stream::try_recv(&mut rx),
        Err(TryRecvError::Empty)
    );
    assert_eq!(tx.queue.waiting_receivers(), 0);
    let mut trait_tx = tx.clone();
    tx.try_send(1).unwrap();
    assert_eq!(tx.try_send(2), Err(TrySendError::Full(2)));
    assert_eq!(
        crate::sink::Sink::try_send(&mut trait_tx, 3),
        Err(TrySendError::Full(3))
    );
    assert_eq!(tx.queue.waiting_senders(), 0);
}

#[test]
fn receiver_drains_buffer_before_reporting_closed() {
    let (tx, mut rx) = channel(4);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    drop(tx);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(futures::executor::block_on(rx.recv()), None);
    assert_eq!(futures::executor::block_on(rx.recv()), None);
}

#[test]
fn dropping_the_last_sender_wakes_the_pending_receiver() {
    let (tx, mut rx) = channel::<u8>(4);
    let tx2 = tx.clone();
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    drop(tx);
    assert_eq!(waker.count(), 0);
    drop(tx2);
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut recv), Poll::Ready(None));
}

#[test]
fn send_after_receiver_drop_returns_the_value() {
    let (mut tx, rx) = channel(4);
    drop(rx);
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    assert_eq!(futures::executor::block_on(tx.send(2)), Err(SendError(2)));
    #[cfg(feature = "blocking")]
    assert_eq!(tx.blocking_send(3), Err(SendError(3)));
    assert_eq!(
        Pin::new(&mut tx).poll_send(&mut Context::from_waker(Waker::noop()), 4),
        crate::sink::PollSend::Rejected(4)
    );
    assert!(tx.is_closed());
}

#[test]
fn dropping_the_receiver_drops_buffered_values_at_once() {
    let counter = DropCounter::new();
    let (tx, rx) = channel(4);
    for id in 0..3 {
        tx.try_send(counter.track(id)).unwrap();
    }
    assert_eq!(counter.alive(), 3);
    drop(rx);
    assert_eq!(counter.alive(), 0);
    assert_eq!(counter.dropped(), 3);
    drop(tx);
    assert_eq!(counter.dropped(), 3);
}

#[test]
fn receiver_drop_wakes_pending_senders_and_closed_futures() {
    let (tx, rx) = channel(1);
    tx.try_send(0).unwrap();
    let waker = CountingWaker::new();
    let mut send = tx.send(1);
    let mut closed = tx.closed();
    assert_eq!(waker.poll(&mut send), Poll::Pending);
    assert_eq!(waker.poll(&mut closed), Poll::Pending);
    drop(rx);
    assert_eq!(waker.count(), 2);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Err(SendError(1))));
    assert_eq!(waker.poll(&mut closed), Poll::Ready(()));
}

#[test]
fn one_freed_slot_wakes_one_sender() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let (a, b) = (CountingWaker::new(), CountingWaker::new());
    let mut send_a = tx.send(1);
    let mut send_b = tx.send(2);
    assert_eq!(a.poll(&mut send_a), Poll::Pending);
    assert_eq!(b.poll(&mut send_b), Poll::Pending);
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!((a.count(), b.count()), (1, 0));
    assert_eq!(a.poll(&mut send_a), Poll::Ready(Ok(())));
}

#[test]
fn a_woken_send_that_loses_its_slot_waits_again_and_is_woken_again() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let waker = CountingWaker::new();
    let mut send = tx.send(1);
    assert_eq!(waker.poll(&mut send), Poll::Pending);
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!(waker.count(), 1);
    // Another sender takes the freed slot before the woken send runs.
    tx.try_send(2).unwrap();
    assert_eq!(waker.poll(&mut send), Poll::Pending);
    assert_eq!(tx.queue.waiting_senders(), 1, "registered again");
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(waker.count(), 2);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_dropped_pending_send_is_never_delivered_and_passes_its_wakeup_on() {
    let counter = DropCounter::new();
    let (tx, mut rx) = channel(1);
    tx.try_send(counter.track(0)).unwrap();
    let (a, b) = (CountingWaker::new(), CountingWaker::new());
    let mut send_a = tx.send(counter.track(1));
    let mut send_b = tx.send(counter.track(2));
    assert!(a.poll(&mut send_a).is_pending());
    assert!(b.poll(&mut send_b).is_pending());
    assert_eq!(rx.try_recv().unwrap().id, 0);
    assert_eq!(a.count(), 1);
    drop(send_a);
    assert_eq!(
        counter.dropped(),
        2,
        "the cancelled value is dropped, not queued"
    );
    assert_eq!(b.count(), 1, "the wake-up passed to the next sender");
    assert!(b.poll(&mut send_b).is_ready());
    assert_eq!(rx.try_recv().unwrap().id, 2);
    assert_eq!(rx.try_recv().map(|t| t.id), Err(TryRecvError::Empty));
}

#[test]
fn a_cancelled_recv_consumes_nothing() {
    let (tx, mut rx) = channel(2);
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    tx.try_send(7).unwrap();
    drop(recv);
    assert_eq!(rx.try_recv(), Ok(7));
}

#[test]
fn close_refuses_sends_and_lets_the_buffer_drain() {
    let (tx, mut rx) = channel(2);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    let waker = CountingWaker::new();
    let mut send = tx.send(3);
    assert!(waker.poll(&mut send).is_pending());
    rx.close();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Err(SendError(3))));
    assert_eq!(tx.try_send(4), Err(TrySendError::Closed(4)));
    assert!(tx.is_closed());
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn poll_ready_reserves_a_slot_for_start_send() {
    let (mut tx, mut rx) = channel(1);
    let other = tx.clone();
    let waker = CountingWaker::new();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    assert_eq!(other.try_send(9), Err(TrySendError::Full(9)));
    assert_eq!(futures_sink::Sink::start_send(Pin::new(&mut tx), 1), Ok(()));
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_reservation_is_released_when_its_sender_drops() {
    let (mut tx, _rx) = channel(1);
    let other = tx.clone();
    let waker = CountingWaker::new();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    let mut send = other.send(5);
    assert!(waker.poll(&mut send).is_pending());
    drop(tx);
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
}

#[test]
fn poll_ready_on_a_closed_channel_lets_start_send_hand_the_value_back() {
    let (mut tx, rx) = channel(1);
    drop(rx);
    let waker = CountingWaker::new();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    assert_eq!(
        futures_sink::Sink::start_send(Pin::new(&mut tx), 1),
        Err(SendError(1))
    );
}

#[test]
fn sink_trait_send_waits_then_delivers() {
    let (mut tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let waker = CountingWaker::new();
    let mut send = crate::sink::Sink::send(&mut tx, 1);
    assert!(waker.poll(&mut send).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_dropped_trait_send_passes_its_wakeup_on() {
    let (mut tx, mut rx) = channel(1);
    let other = tx.clone();
    tx.try_send(0).unwrap();
    let (a, b) = (CountingWaker::new(), CountingWaker::new());
    let mut send_a = crate::sink::Sink::send(&mut tx, 1);
    let mut send_b = other.send(2);
    assert!(a.poll(&mut send_a).is_pending());
    assert!(b.poll(&mut send_b).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!((a.count(), b.count()), (1, 0));
    drop(send_a);
    assert_eq!(b.count(), 1);
}

#[test]
fn futures_stream_ends_after_the_buffer() {
    use futures::StreamExt;
    let (tx, rx) = channel(3);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    drop(tx);
    let all: Vec<_> = futures::executor::block_on(rx.collect());
    assert_eq!(all, [1, 2]);
}

#[test]
fn fused_stream_reports_termination_only_after_draining() {
    use futures_core::FusedStream;
    let (tx, mut rx) = channel(1);
    tx.try_send(1).unwrap();
    drop(tx);
    assert!(!rx.is_terminated());
    assert_eq!(rx.try_recv(), Ok(1));
    assert!(rx.is_terminated());
}

#[test]
fn debug_shows_kind_and_state_without_debug_payload() {
    struct Opaque;
    let (tx, rx) = channel(2);
    tx.try_send(Opaque).unwrap();
    let text = format!("{tx:?} {rx:?}");
    assert!(text.contains("mpsc::Sender"), "{text}");
    assert!(text.contains("mpsc::Receiver"), "{text}");
    assert!(text.contains("len: 1"), "{text}");
    assert!(text.contains("capacity: 2"), "{text}");
}

#[test]
#[cfg(feature = "blocking")]
fn blocking_calls_cross_threads() {
    let (tx, mut rx) = channel(1);
    let producer = std::thread::spawn(move || {
        for i in 0..100 {
            tx.blocking_send(i).unwrap();
        }
    });
    let received: Vec<_> = std::iter::from_fn(|| rx.blocking_recv()).collect();
    producer.join().unwrap();
    assert_eq!(received, (0..100).collect::<Vec<_>>());
}

#[test]
fn recv_many_with_a_zero_limit_returns_zero_at_once() {
    let (tx, mut rx) = channel::<u8>(2);
    let waker = CountingWaker::new();
    let mut buffer = Vec::new();
    let mut recv = Box::pin(rx.recv_many(&mut buffer, 0));
    assert_eq!(waker.poll(&mut recv), Poll::Ready(0));
    drop(recv);
    tx.try_send(1).unwrap();
    let mut recv = Box::pin(rx.recv_many(&mut buffer, 0));
    assert_eq!(waker.poll(&mut recv), Poll::Ready(0));
    drop(recv);
    assert!(buffer.is_empty());
    assert_eq!(rx.len(), 1, "nothing taken");
}

#[test]
fn recv_many_appends_the_ready_messages_in_order_up_to_the_limit() {
    let (tx, mut rx) = channel(8);
    for i in 0..6 {
        tx.try_send(i).unwrap();
    }
    let mut buffer = vec![-1];
    let taken = futures::executor::block_on(rx.recv_many(&mut buffer, 4));
    assert_eq!(taken, 4);
    assert_eq!(buffer, [-1, 0, 1, 2, 3]);
    let taken = futures::executor::block_on(rx.recv_many(&mut buffer, 100));
    assert_eq!(taken, 2);
    assert_eq!(buffer, [-1, 0, 1, 2, 3, 4, 5]);
    assert!(rx.is_empty());
}

#[test]
fn recv_many_waits_for_the_first_message_then_takes_the_batch() {
    let (tx, mut rx) = channel(4);
    let waker = CountingWaker::new();
    let mut buffer = Vec::new();
    let mut recv = Box::pin(rx.recv_many(&mut buffer, 10));
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut recv), Poll::Ready(2));
    drop(recv);
    assert_eq!(buffer, [1, 2]);
}

#[test]
fn recv_many_returns_zero_once_closed_and_drained() {
    let (tx, mut rx) = channel(4);
    tx.try_send(1).unwrap();
    drop(tx);
    let mut buffer = Vec::new();
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 4)), 1);
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 4)), 0);
    assert_eq!(buffer, [1]);
}

#[test]
fn recv_many_wakes_one_waiting_sender_per_freed_slot() {
    let (tx, mut rx) = channel(2);
    tx.try_send(0).unwrap();
    tx.try_send(1).unwrap();
    let (a, b, c) = (
        CountingWaker::new(),
        CountingWaker::new(),
        CountingWaker::new(),
    );
    let (mut send_a, mut send_b, mut send_c) = (tx.send(2), tx.send(3), tx.send(4));
    assert!(a.poll(&mut send_a).is_pending());
    assert!(b.poll(&mut send_b).is_pending());
    assert!(c.poll(&mut send_c).is_pending());
    let mut buffer = Vec::new();
    assert_eq!(futures::executor::block_on(rx.recv_many(&mut buffer, 8)), 2);
    assert_eq!((a.count(), b.count(), c.count()), (1, 1, 0));
    assert_eq!(a.poll(&mut send_a), Poll::Ready(Ok(())));
    assert_eq!(b.poll(&mut send_b), Poll::Ready(Ok(())));
    assert!(c.poll(&mut send_c).is_pending());
}

#[test]
fn a_cancelled_recv_many_consumes_nothing() {
    let (tx, mut rx) = channel(4);
    let waker = CountingWaker::new();
    let mut buffer = Vec::new();
    let mut recv = Box::pin(rx.recv_many(&mut buffer, 4));
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    tx.try_send(7).unwrap();
    drop(recv);
    assert!(buffer.is_empty());
    assert_eq!(rx.try_recv(), Ok(7));
}

#[test]
fn try_iter_yields_what_is_ready_then_ends() {
    let (tx, mut rx) = channel(4);
    for i in 0..3 {
        tx.try_send(i).unwrap();
    }
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(rx.try_iter().next(), None);
    tx.try_send(3).unwrap();
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [3]);
    drop(tx);
    assert_eq!(rx.try_iter().next(), None);
    assert_eq!(
        rx.queue.waiting_receivers(),
        0,
        "try_iter registers no waker"
    );
}

#[test]
fn a_weak_sender_does_not_keep_the_channel_open() {
    let (tx, mut rx) = channel::<u8>(2);
    let weak = tx.downgrade();
    let weak2 = weak.clone();
    assert_eq!((tx.sender_count(), rx.sender_count()), (1, 1));
    tx.try_send(1).unwrap();
    drop(tx);
    assert_eq!(rx.sender_count(), 0);
    assert!(weak.upgrade().is_none(), "no strong sender is left");
    assert!(weak2.upgrade().is_none());
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert!(format!("{weak:?}").starts_with("mpsc::WeakSender"));
}

#[test]
fn an_upgraded_sender_counts_and_sends_on_the_same_channel() {
    let (tx, mut rx) = channel(2);
    let upgraded = tx.downgrade().upgrade().unwrap();
    assert_eq!(tx.sender_count(), 2);
    assert!(upgraded.same_channel(&tx));
    let (other, _other_rx) = channel::<u8>(1);
    assert!(!other.same_channel(&channel::<u8>(1).0));
    drop(tx);
    upgraded.try_send(5).unwrap();
    assert_eq!(rx.try_recv(), Ok(5));
    assert_eq!((upgraded.receiver_count(), rx.receiver_count()), (1, 1));
    drop(rx);
    assert_eq!(upgraded.receiver_count(), 0);
}

fn poll_close<S: futures_sink::Sink<T> + Unpin, T>(sink: &mut S) -> Poll<Result<(), S::Error>> {
    Pin::new(sink).poll_close(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn poll_close_releases_the_handle_and_the_last_release_closes_the_channel() {
    let (mut tx, mut rx) = channel(4);
    let mut other = tx.clone();
    tx.try_send(1).unwrap();
    assert!(matches!(poll_close(&mut tx), Poll::Ready(Ok(()))));
    assert_eq!(rx.sender_count(), 1, "the closed handle no longer counts");
    assert!(matches!(poll_close(&mut tx), Poll::Ready(Ok(()))));
    assert_eq!(rx.sender_count(), 1, "closing twice releases once");
    other.try_send(2).unwrap();
    assert!(matches!(poll_close(&mut other), Poll::Ready(Ok(()))));
    assert_eq!(rx.sender_count(), 0);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    drop((tx, other));
}

#[test]
fn every_send_through_a_released_handle_hands_the_item_back() {
    let (mut tx, mut rx) = channel(4);
    let keep_open = tx.clone();
    assert!(matches!(poll_close(&mut tx), Poll::Ready(Ok(()))));
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    assert_eq!(futures::executor::block_on(tx.send(2)), Err(SendError(2)));
    assert_eq!(
        Pin::new(&mut tx).poll_send(&mut Context::from_waker(Waker::noop()), 3),
        crate::sink::PollSend::Rejected(3)
    );
    let waker = CountingWaker::new();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    assert_eq!(
        futures_sink::Sink::start_send(Pin::new(&mut tx), 4),
        Err(SendError(4))
    );
    let clone = tx.clone();
    assert_eq!(clone.try_send(5), Err(TrySendError::Closed(5)));
    assert_eq!(
        rx.sender_count(),
        1,
        "a released handle's clone is released too"
    );
    drop((tx, clone));
    keep_open.try_send(6).unwrap();
    assert_eq!(rx.try_recv(), Ok(6));
}

#[test]
fn closing_a_handle_with_a_reservation_releases_the_slot() {
    let (mut tx, _rx) = channel(1);
    let other = tx.clone();
    let waker = CountingWaker::new();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    assert_eq!(other.try_send(1), Err(TrySendError::Full(1)));
    assert!(matches!(poll_close(&mut tx), Poll::Ready(Ok(()))));
    assert_eq!(other.try_send(1), Ok(()));
}

#[test]
fn an_unbounded_channel_retains_at_most_one_segment_after_a_burst() {
    let burst = if cfg!(miri) { 200 } else { 100_000 };
    let (tx, mut rx) = unbounded();
    for i in 0..burst {
        tx.try_send(i).unwrap();
    }
    assert!(
        rx.queue.retained_segments() > 1,
        "the burst grew the buffer"
    );
    for i in 0..burst {
        assert_eq!(rx.try_recv(), Ok(i));
    }
    assert!(rx.queue.retained_segments() <= 1);
}

#[test]
fn an_unbounded_channel_drops_its_buffer_with_the_receiver() {
    let counter = DropCounter::new();
    let (tx, rx) = unbounded();
    for i in 0..100 {
        tx.try_send(counter.track(i)).unwrap();
    }
    drop(rx);
    assert_eq!(counter.alive(), 0);
    assert!(matches!(
        tx.try_send(counter.track(100)),
        Err(TrySendError::Closed(_))
    ));
}

#[test]
fn an_unbounded_sink_reservation_is_granted_at_once_and_holds_nothing() {
    let waker = CountingWaker::new();
    let (mut tx, mut rx) = unbounded();
    let mut other = tx.clone();
    assert!(matches!(poll_ready(&mut tx, &waker), Poll::Ready(Ok(()))));
    assert!(matches!(
        poll_ready(&mut other, &waker),
        Poll::Ready(Ok(()))
    ));
    other.try_send(1).unwrap();
    futures_sink::Sink::start_send(Pin::new(&mut tx), 2).unwrap();
    futures_sink::Sink::start_send(Pin::new(&mut other), 3).unwrap();
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn the_receiver_keeps_its_waker_between_waits_without_cloning_it() {
    let (tx, mut rx) = channel(4);
    let waker = CountingWaker::new();
    for i in 0..3 {
        let mut recv = rx.recv();
        assert_eq!(waker.poll(&mut recv), Poll::Pending);
        tx.try_send(i).unwrap();
        assert_eq!(waker.count(), i + 1, "each wait is woken once");
        assert_eq!(waker.poll(&mut recv), Poll::Ready(Some(i)));
        // Natively only: under Miri `Waker::will_wake` may say false for clones of one
        // waker (see `core::waker_cell`'s tests), and the cell then clones again.
        if !cfg!(miri) {
            assert_eq!(waker.clones(), 1, "one clone, kept in the channel");
        }
    }
    assert_eq!(rx.queue.waiting_receivers(), 0);
    tx.try_send(9).unwrap();
    assert_eq!(waker.count(), 3, "a finished wait is not woken again");
}

#[test]
fn a_dropped_receiver_releases_its_waker_while_senders_live() {
    let (tx, mut rx) = channel::<u8>(4);
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert_eq!(waker.poll(&mut recv), Poll::Pending);
    drop(recv);
    assert_eq!(waker.clones(), 1);
    drop(rx);
    assert_eq!(waker.clones(), 0);
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    assert_eq!(waker.count(), 0);
}
