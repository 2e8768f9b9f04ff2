use super::*;
use crate::test_util::CountingWaker;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::Waker;

/// Counts its clones and drops in shared counters.
#[derive(Debug)]
struct Tracked {
    id: u32,
    clones: std::sync::Arc<AtomicUsize>,
    drops: std::sync::Arc<AtomicUsize>,
    panic_on_clone: std::sync::Arc<AtomicBool>,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        assert!(!self.panic_on_clone.load(Ordering::SeqCst), "clone refused");
        self.clones.fetch_add(1, Ordering::SeqCst);
        Tracked {
            id: self.id,
            clones: self.clones.clone(),
            drops: self.drops.clone(),
            panic_on_clone: self.panic_on_clone.clone(),
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Default)]
struct Tracker {
    clones: std::sync::Arc<AtomicUsize>,
    drops: std::sync::Arc<AtomicUsize>,
    panic_on_clone: std::sync::Arc<AtomicBool>,
}

impl Tracker {
    fn make(&self, id: u32) -> Tracked {
        Tracked {
            id,
            clones: self.clones.clone(),
            drops: self.drops.clone(),
            panic_on_clone: self.panic_on_clone.clone(),
        }
    }

    fn clones(&self) -> usize {
        self.clones.load(Ordering::SeqCst)
    }

    fn drops(&self) -> usize {
        self.drops.load(Ordering::SeqCst)
    }
}

fn poll_recv<T: Clone>(rx: &mut Receiver<T>, waker: &CountingWaker) -> PollRecv<T> {
    Pin::new(rx).poll_recv(&mut Context::from_waker(&waker.waker()))
}

#[test]
fn every_receiver_gets_every_message_in_send_order() {
    let (tx, mut a) = channel(4);
    let mut b = a.clone();
    for n in 0..3 {
        tx.try_send(n).unwrap();
    }
    for rx in [&mut a, &mut b] {
        assert_eq!(
            [rx.try_recv(), rx.try_recv(), rx.try_recv()],
            [Ok(0), Ok(1), Ok(2)]
        );
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    }
}

#[test]
fn a_clone_starts_at_the_read_position_of_the_original() {
    let (tx, mut rx) = channel(4);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
    let mut copy = rx.clone();
    tx.try_send(3).unwrap();
    assert_eq!([copy.try_recv(), copy.try_recv()], [Ok(2), Ok(3)]);
    assert_eq!([rx.try_recv(), rx.try_recv()], [Ok(2), Ok(3)]);
}

#[test]
fn a_subscriber_sees_only_later_messages() {
    let (tx, _rx) = channel(4);
    tx.try_send(1).unwrap();
    let mut late = tx.subscribe();
    assert_eq!(late.try_recv(), Err(TryRecvError::Empty));
    tx.try_send(2).unwrap();
    assert_eq!(late.try_recv(), Ok(2));
}

#[test]
fn capacity_is_exact() {
    for capacity in [1, 3] {
        let (tx, _rx) = channel(capacity);
        for n in 0..capacity {
            tx.try_send(n).unwrap();
        }
        assert_eq!(tx.try_send(99), Err(TrySendError::Full(99)));
        assert_eq!(tx.len(), capacity);
    }
}

#[test]
#[should_panic(expected = "capacity must be at least 1")]
fn capacity_zero_panics() {
    let _ = channel::<u8>(0);
}

#[test]
fn a_sender_waits_for_the_slowest_receiver() {
    let (tx, mut fast) = channel(1);
    let mut slow = fast.clone();
    tx.try_send(1).unwrap();
    assert_eq!(fast.try_recv(), Ok(1));
    let waker = CountingWaker::new();
    let mut send = tx.send(2);
    assert!(waker.poll(&mut send).is_pending());
    assert_eq!(fast.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(waker.count(), 0);
    assert_eq!(slow.try_recv(), Ok(1));
    assert_eq!(waker.count(), 1);
    assert_eq!(waker.poll(&mut send), Poll::Ready(Ok(())));
    assert_eq!((fast.try_recv(), slow.try_recv()), (Ok(2), Ok(2)));
}

#[test]
fn dropping_the_slowest_receiver_releases_its_messages_and_wakes_a_sender() {
    let tracker = Tracker::default();
    let (tx, mut fast) = channel(2);
    let slow = fast.clone();
    tx.try_send(tracker.make(1)).unwrap();
    tx.try_send(tracker.make(2)).unwrap();
    assert_eq!(fast.try_recv().unwrap().id, 1);
    assert_eq!(fast.try_recv().unwrap().id, 2);
    assert_eq!(tracker.drops(), 2);
    let waker = CountingWaker::new();
    let mut send = tx.send(tracker.make(3));
    assert!(waker.poll(&mut send).is_pending());
    drop(slow);
    assert_eq!(tracker.drops(), 4);
    assert_eq!(waker.count(), 1);
    assert!(waker.poll(&mut send).is_ready());
    assert_eq!(tx.len(), 1);
}

#[test]
fn a_freed_slot_wakes_one_sender() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let (first, second) = (CountingWaker::new(), CountingWaker::new());
    let (mut send1, mut send2) = (tx.send(1), tx.send(2));
    assert!(first.poll(&mut send1).is_pending());
    assert!(second.poll(&mut send2).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!((first.count(), second.count()), (1, 0));
}

#[test]
fn an_abandoned_notified_send_passes_its_wake_up_on() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let (first, second) = (CountingWaker::new(), CountingWaker::new());
    let (mut send1, mut send2) = (tx.send(1), tx.send(2));
    assert!(first.poll(&mut send1).is_pending());
    assert!(second.poll(&mut send2).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    drop(send1);
    assert_eq!(second.count(), 1);
    assert_eq!(second.poll(&mut send2), Poll::Ready(Ok(())));
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn a_send_waiting_after_an_abandoned_one_is_woken_and_the_abandoned_one_is_not() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let (abandoned, waiting) = (CountingWaker::new(), CountingWaker::new());
    // Abandoned twice, each time the only sender waiting.
    assert!(abandoned.poll(&mut tx.send(1)).is_pending());
    assert!(abandoned.poll(&mut tx.send(1)).is_pending());
    let mut send = tx.send(2);
    assert!(waiting.poll(&mut send).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!((abandoned.count(), waiting.count()), (0, 1));
    assert_eq!(waiting.poll(&mut send), Poll::Ready(Ok(())));
    drop(send);
    // Abandoned with nobody else waiting: the freed slot wakes nobody.
    assert!(abandoned.poll(&mut tx.send(3)).is_pending());
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(abandoned.count(), 0);
    assert_eq!(tx.try_send(4), Ok(()));
}

#[test]
fn a_cancelled_send_never_delivers_its_value() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let waker = CountingWaker::new();
    let mut send = tx.send(1);
    assert!(waker.poll(&mut send).is_pending());
    drop(send);
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(tx.len(), 0);
}

#[test]
fn a_new_message_wakes_every_waiting_receiver_once() {
    let (tx, mut a) = channel(2);
    let mut b = a.clone();
    let (wa, wb) = (CountingWaker::new(), CountingWaker::new());
    for _ in 0..3 {
        assert_eq!(poll_recv(&mut a, &wa), PollRecv::Pending);
        assert_eq!(poll_recv(&mut b, &wb), PollRecv::Pending);
    }
    tx.try_send(1).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 1));
    tx.try_send(2).unwrap();
    assert_eq!((wa.count(), wb.count()), (1, 1));
    assert_eq!(poll_recv(&mut a, &wa), PollRecv::Ready(1));
    assert_eq!(poll_recv(&mut b, &wb), PollRecv::Ready(1));
}

#[test]
fn repolling_with_a_new_waker_replaces_the_old_one() {
    let (tx, mut rx) = channel(1);
    let (old, new) = (CountingWaker::new(), CountingWaker::new());
    assert_eq!(poll_recv(&mut rx, &old), PollRecv::Pending);
    assert_eq!(poll_recv(&mut rx, &new), PollRecv::Pending);
    tx.try_send(1).unwrap();
    assert_eq!((old.count(), new.count()), (0, 1));
}

#[test]
fn a_cancelled_recv_consumes_nothing() {
    let (tx, mut rx) = channel(1);
    let waker = CountingWaker::new();
    let mut recv = rx.recv();
    assert!(waker.poll(&mut recv).is_pending());
    drop(recv);
    tx.try_send(1).unwrap();
    assert_eq!(waker.count(), 0);
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_receiver_drains_before_reporting_closed_and_stays_closed() {
    let (tx, mut rx) = channel(2);
    tx.try_send(1).unwrap();
    drop(tx);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert!(futures_core::FusedStream::is_terminated(&rx));
}

#[test]
fn the_last_sender_leaving_wakes_waiting_receivers() {
    let (tx, mut rx) = channel::<u8>(1);
    let waker = CountingWaker::new();
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Pending);
    drop(tx);
    assert_eq!(waker.count(), 1);
    assert_eq!(poll_recv(&mut rx, &waker), PollRecv::Closed);
}

#[test]
fn send_after_the_last_receiver_left_returns_the_value() {
    let (tx, rx) = channel(1);
    drop(rx);
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut tx.send(2)), Poll::Ready(Err(SendError(2))));
    assert!(tx.is_closed());
}

#[test]
fn the_last_receiver_leaving_fails_pending_sends_and_fires_closed() {
    let (tx, rx) = channel(1);
    tx.try_send(0).unwrap();
    let (sender, closer) = (CountingWaker::new(), CountingWaker::new());
    let mut send = tx.send(1);
    let mut closed = tx.closed();
    assert!(sender.poll(&mut send).is_pending());
    assert!(closer.poll(&mut closed).is_pending());
    drop(rx);
    assert_eq!((sender.count(), closer.count()), (1, 1));
    assert_eq!(sender.poll(&mut send), Poll::Ready(Err(SendError(1))));
    assert!(closer.poll(&mut closed).is_ready());
}

#[test]
fn buffered_values_are_dropped_when_the_last_receiver_goes() {
    let tracker = Tracker::default();
    let (tx, rx) = channel(4);
    let rx2 = rx.clone();
    for id in 0..3 {
        tx.try_send(tracker.make(id)).unwrap();
    }
    drop(rx);
    assert_eq!(tracker.drops(), 0);
    drop(rx2);
    assert_eq!(tracker.drops(), 3);
    assert!(tx.is_empty());
}

#[test]
fn subscribe_reopens_a_closed_channel() {
    let (tx, rx) = channel(1);
    drop(rx);
    assert!(tx.is_closed());
    let mut rx = tx.subscribe();
    assert!(!tx.is_closed());
    tx.try_send(5).unwrap();
    assert_eq!(rx.try_recv(), Ok(5));
}

#[test]
fn each_message_is_cloned_once_per_reader_and_the_last_reader_moves_it() {
    let tracker = Tracker::default();
    let (tx, mut a) = channel(2);
    let (mut b, mut c) = (a.clone(), a.clone());
    tx.try_send(tracker.make(1)).unwrap();
    for rx in [&mut a, &mut b, &mut c] {
        assert_eq!(rx.try_recv().unwrap().id, 1);
    }
    assert_eq!(tracker.clones(), 2);
    assert_eq!(tracker.drops(), 3);
}

#[test]
fn a_panicking_clone_affects_only_that_receiver() {
    let tracker = Tracker::default();
    let (tx, mut a) = channel(1);
    let mut b = a.clone();
    tx.try_send(tracker.make(1)).unwrap();
    tracker.panic_on_clone.store(true, Ordering::SeqCst);
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| a.try_recv()));
    assert!(panicked.is_err());
    tracker.panic_on_clone.store(false, Ordering::SeqCst);
    assert_eq!(b.try_recv().unwrap().id, 1);
    assert_eq!(a.try_recv().unwrap().id, 1);
    tx.try_send(tracker.make(2)).unwrap();
    assert_eq!(a.try_recv().unwrap().id, 2);
    assert_eq!(b.try_recv().unwrap().id, 2);
}

#[test]
fn poll_ready_reserves_a_slot_that_start_send_fills() {
    use futures_sink::Sink as _;
    let (mut tx, mut rx) = channel(1);
    let mut cx = Context::from_waker(Waker::noop());
    assert!(matches!(
        Pin::new(&mut tx).poll_ready(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
    assert_eq!(Pin::new(&mut tx).start_send(2), Ok(()));
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn poll_ready_on_a_closed_channel_lets_start_send_hand_the_item_back() {
    use futures_sink::Sink as _;
    let (mut tx, rx) = channel(1);
    drop(rx);
    let mut cx = Context::from_waker(Waker::noop());
    assert!(matches!(
        Pin::new(&mut tx).poll_ready(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert_eq!(Pin::new(&mut tx).start_send(3), Err(SendError(3)));
}

#[test]
fn dropping_a_sender_with_a_reservation_releases_it() {
    use futures_sink::Sink as _;
    let (tx, _rx) = channel(1);
    let mut reserving = tx.clone();
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut reserving).poll_ready(&mut cx).is_ready());
    assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
    drop(reserving);
    assert_eq!(tx.try_send(1), Ok(()));
}

#[test]
fn the_postage_sink_and_stream_traits_deliver() {
    let (mut tx, mut rx) = channel(1);
    assert_eq!(Sink::try_send(&mut tx, 4), Ok(()));
    assert_eq!(Stream::try_recv(&mut rx), Ok(4));
}

#[test]
fn receiver_len_counts_its_own_unread_messages() {
    let (tx, mut a) = channel(3);
    let b = a.clone();
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    a.try_recv().unwrap();
    assert_eq!((a.len(), b.len(), tx.len()), (1, 2, 2));
}

#[test]
fn debug_does_not_need_a_debug_payload() {
    struct Opaque;
    impl Clone for Opaque {
        fn clone(&self) -> Self {
            Opaque
        }
    }
    let (tx, rx) = channel::<Opaque>(2);
    let text = format!("{tx:?} {rx:?}");
    assert!(text.contains("broadcast::Sender") && text.contains("capacity: 2"));
    assert!(text.contains("broadcast::Receiver"));
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
    <Receiver<std::rc::Rc<u32>> as AmbiguousIfSend<_>>::check();
}

#[test]
fn deactivating_releases_the_messages_only_that_receiver_had_to_read() {
    let tracker = Tracker::default();
    let (tx, mut fast) = channel(2);
    let slow = fast.clone();
    tx.try_send(tracker.make(1)).unwrap();
    tx.try_send(tracker.make(2)).unwrap();
    assert_eq!(fast.try_recv().unwrap().id, 1);
    assert_eq!(tracker.drops(), 1, "the clone read by `fast`");
    let waker = CountingWaker::new();
    let mut send = tx.send(tracker.make(3));
    assert!(waker.poll(&mut send).is_pending());
    let inactive = slow.deactivate();
    assert_eq!(
        tracker.drops(),
        2,
        "message 1, which only `slow` still had to read"
    );
    assert_eq!(waker.count(), 1);
    assert!(waker.poll(&mut send).is_ready());
    assert_eq!((tx.len(), fast.len()), (2, 2));
    drop((fast, inactive));
    assert_eq!(
        tracker.drops(),
        4,
        "three messages and the one clone, each once"
    );
}

#[test]
fn an_activated_receiver_starts_at_the_next_message() {
    let (tx, rx) = channel(4);
    let inactive = rx.deactivate();
    tx.try_send(1).unwrap();
    assert!(tx.is_empty());
    let mut first = inactive.activate();
    tx.try_send(2).unwrap();
    let mut second = inactive.activate();
    tx.try_send(3).unwrap();
    assert_eq!([first.try_recv(), first.try_recv()], [Ok(2), Ok(3)]);
    assert_eq!(second.try_recv(), Ok(3));
    assert_eq!(second.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn a_receiverless_sender_is_closed_until_someone_subscribes_or_activates() {
    let tx = Sender::<u8>::new(2);
    assert!(tx.is_closed());
    assert_eq!(tx.try_send(1), Err(TrySendError::Closed(1)));
    let mut rx = tx.subscribe();
    tx.try_send(2).unwrap();
    assert_eq!(rx.try_recv(), Ok(2));
    let inactive = rx.deactivate();
    tx.try_send(3).unwrap();
    assert!(tx.is_empty());
    drop(inactive);
    assert!(tx.is_closed());
}

#[test]
fn inactive_receiver_debug_does_not_need_a_debug_payload() {
    #[derive(Clone)]
    struct Opaque;
    let (_tx, rx) = channel::<Opaque>(2);
    let text = format!("{:?}", rx.deactivate());
    assert!(text.contains("broadcast::InactiveReceiver") && text.contains("capacity: 2"));
}

#[test]
fn closing_a_sender_as_a_sink_releases_it_and_refuses_later_sends() {
    use futures_sink::Sink as _;
    let (mut tx, mut rx) = channel(2);
    let other = tx.clone();
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut tx).poll_ready(&mut cx).is_ready());
    assert!(matches!(
        Pin::new(&mut tx).poll_close(&mut cx),
        Poll::Ready(Ok(()))
    ));
    // The reservation went back with the handle: two free slots for `other`.
    other.try_send(1).unwrap();
    other.try_send(2).unwrap();
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(tx.try_send(3), Err(TrySendError::Closed(3)));
    let waker = CountingWaker::new();
    assert_eq!(waker.poll(&mut tx.send(4)), Poll::Ready(Err(SendError(4))));
    assert!(matches!(
        Pin::new(&mut tx).poll_ready(&mut cx),
        Poll::Ready(Ok(()))
    ));
    assert_eq!(Pin::new(&mut tx).start_send(5), Err(SendError(5)));
    assert_eq!(Sink::try_send(&mut tx, 6), Err(TrySendError::Closed(6)));
    let copy = tx.clone();
    assert_eq!(copy.try_send(7), Err(TrySendError::Closed(7)));
    assert!(
        Pin::new(&mut tx).poll_close(&mut cx).is_ready(),
        "closing twice is fine"
    );
    drop(other);
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(
        rx.try_recv(),
        Err(TryRecvError::Closed),
        "no sender is left"
    );
    drop((tx, copy));
}

#[test]
fn recv_many_with_a_zero_limit_returns_at_once_and_takes_nothing() {
    let (tx, mut rx) = channel(2);
    tx.try_send(1).unwrap();
    let mut buffer = Vec::new();
    let waker = CountingWaker::new();
    assert_eq!(
        waker.poll(&mut rx.recv_many(&mut buffer, 0)),
        Poll::Ready(0)
    );
    assert!(buffer.is_empty());
    assert_eq!(rx.try_recv(), Ok(1));
}

#[test]
fn a_cancelled_recv_many_consumes_nothing_and_is_not_woken() {
    let (tx, mut rx) = channel(2);
    let waker = CountingWaker::new();
    let mut buffer = Vec::new();
    let mut batch = rx.recv_many(&mut buffer, 4);
    assert!(waker.poll(&mut batch).is_pending());
    drop(batch);
    tx.try_send(1).unwrap();
    assert_eq!(waker.count(), 0);
    assert!(buffer.is_empty());
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1]);
}

#[test]
fn recv_many_stops_at_the_limit_and_leaves_the_rest() {
    let (tx, mut rx) = channel(4);
    for n in 0..4 {
        tx.try_send(n).unwrap();
    }
    let mut buffer = vec![9];
    let waker = CountingWaker::new();
    assert_eq!(
        waker.poll(&mut rx.recv_many(&mut buffer, 3)),
        Poll::Ready(3)
    );
    assert_eq!(buffer, [9, 0, 1, 2]);
    assert_eq!(rx.len(), 1);
}

#[test]
fn a_weak_sender_neither_keeps_the_channel_open_nor_revives_it() {
    let (tx, mut rx) = channel::<u8>(2);
    let weak = tx.downgrade();
    assert_eq!((tx.sender_count(), rx.sender_count()), (1, 1));
    let strong = weak.upgrade().expect("a sender is left");
    assert_eq!(tx.sender_count(), 2);
    drop((tx, strong));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert!(weak.upgrade().is_none());
    assert_eq!(rx.sender_count(), 0);
    assert!(format!("{weak:?}").contains("broadcast::WeakSender"));
}

#[test]
fn counts_follow_handles_and_same_channel_tells_channels_apart() {
    let (mut tx, rx) = channel::<u8>(2);
    let copy = rx.clone();
    let inactive = rx.deactivate();
    assert_eq!(tx.receiver_count(), 2);
    drop(inactive);
    assert_eq!(copy.receiver_count(), 1);
    let other = tx.clone();
    assert!(tx.same_channel(&other));
    let (unrelated, _unrelated_rx) = channel::<u8>(2);
    assert!(!tx.same_channel(&unrelated));
    use futures_sink::Sink as _;
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut tx).poll_close(&mut cx).is_ready());
    assert_eq!(
        other.sender_count(),
        1,
        "a sender closed as a sink does not count"
    );
}

#[test]
fn a_permit_holds_capacity_and_dropping_it_unused_wakes_one_sender() {
    let (tx, mut rx) = channel(1);
    let permit = tx.try_reserve().unwrap();
    assert_eq!(tx.try_send(1), Err(TrySendError::Full(1)));
    let (first, second) = (CountingWaker::new(), CountingWaker::new());
    let (mut send1, mut send2) = (tx.send(1), tx.send(2));
    assert!(first.poll(&mut send1).is_pending());
    assert!(second.poll(&mut send2).is_pending());
    drop(permit);
    assert_eq!((first.count(), second.count()), (1, 0));
    assert_eq!(first.poll(&mut send1), Poll::Ready(Ok(())));
    drop(send2);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn permits_send_in_send_order_and_an_unused_permit_holds_nothing_up() {
    let (tx, mut rx) = channel(3);
    let idle = tx.try_reserve().unwrap();
    let late = tx.try_reserve().unwrap();
    tx.try_send(1).unwrap();
    late.send(2);
    assert_eq!([rx.try_recv(), rx.try_recv()], [Ok(1), Ok(2)]);
    assert_eq!(tx.len(), 0);
    drop(idle);
    for n in 3..6 {
        tx.try_send(n).unwrap();
    }
}

#[test]
fn a_cancelled_reserve_passes_its_wake_up_on() {
    let (tx, mut rx) = channel(1);
    tx.try_send(0).unwrap();
    let (first, second) = (CountingWaker::new(), CountingWaker::new());
    let mut reserve = tx.reserve();
    let mut send = tx.send(1);
    assert!(first.poll(&mut reserve).is_pending());
    assert!(second.poll(&mut send).is_pending());
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!((first.count(), second.count()), (1, 0));
    drop(reserve);
    assert_eq!(second.count(), 1);
    assert_eq!(second.poll(&mut send), Poll::Ready(Ok(())));
}

#[test]
fn owned_permits_give_the_sender_back_and_return_unused_capacity() {
    let (tx, mut rx) = channel::<u8>(1);
    let waker = CountingWaker::new();
    let permit = match waker.poll(&mut tx.reserve_owned()) {
        Poll::Ready(Ok(permit)) => permit,
        other => panic!("a free slot: {other:?}"),
    };
    let other = rx.clone();
    assert_eq!(other.sender_count(), 1);
    let tx = permit.release();
    let permit = match waker.poll(&mut tx.reserve_owned()) {
        Poll::Ready(Ok(permit)) => permit,
        other => panic!("the released slot: {other:?}"),
    };
    drop(permit);
    assert_eq!(
        rx.sender_count(),
        0,
        "the dropped permit took its sender along"
    );
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    drop(other);
}

#[test]
fn reserving_fails_once_closed_and_a_late_permit_drops_its_value() {
    let tracker = Tracker::default();
    let (mut tx, rx) = channel(2);
    let permit = tx.try_reserve().unwrap();
    drop(rx);
    permit.send(tracker.make(1));
    assert_eq!(tracker.drops(), 1, "no receiver: the value is dropped");
    assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
    let waker = CountingWaker::new();
    assert!(matches!(
        waker.poll(&mut tx.reserve()),
        Poll::Ready(Err(SendError(())))
    ));
    let _rx = tx.subscribe();
    use futures_sink::Sink as _;
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Pin::new(&mut tx).poll_close(&mut cx).is_ready());
    assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
    assert!(matches!(
        waker.poll(&mut tx.reserve()),
        Poll::Ready(Err(SendError(())))
    ));
}

#[test]
fn the_newer_handles_follow_the_same_send_and_sync_rules() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<InactiveReceiver<u32>>();
    send_sync::<WeakSender<u32>>();
    send_sync::<OwnedPermit<u32>>();
    send_sync::<Permit<'static, u32>>();
    // Each line compiles only if the type is not `Send` (the impls would be ambiguous).
    <InactiveReceiver<Cell<u32>> as AmbiguousIfSend<_>>::check();
    <WeakSender<Cell<u32>> as AmbiguousIfSend<_>>::check();
    <OwnedPermit<std::rc::Rc<u32>> as AmbiguousIfSend<_>>::check();
}
