//! Drop accounting: every message is dropped exactly once, whatever happens to it —
//! delivered, buffered when the channel dies, handed back by a refused send, dropped with a
//! cancelled send, or held in broadcast slots — and a panic in `T::drop` or `T::clone`
//! neither drops a message twice nor leaks the others.

mod accounting;

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::task::Poll;

use accounting::{CountingWaker, Drops, Tracked};
use futures::executor::block_on;
use postage::{broadcast, dispatch, mpsc, oneshot, watch};
use postage::{TryRecvError, TrySendError};

fn ids(messages: &[Tracked]) -> Vec<u64> {
    messages.iter().map(|m| m.id).collect()
}

/// Buffering through each bounded channel's own `try_send`.
trait Buffer {
    /// Sends every message with `try_send`; the channel must take them all.
    fn buffer(&self, messages: impl IntoIterator<Item = Tracked>);
}

macro_rules! buffer_via_try_send {
    ($($channel:ident),*) => {$(
        impl Buffer for $channel::Sender<Tracked> {
            fn buffer(&self, messages: impl IntoIterator<Item = Tracked>) {
                for message in messages {
                    self.try_send(message).unwrap();
                }
            }
        }
    )*};
}

buffer_via_try_send!(mpsc, dispatch, broadcast);

/// Polls `send` once, checks that it waits for room, and abandons it.
#[track_caller]
fn abandon_pending_send(mut send: impl Future + Unpin) {
    let waker = CountingWaker::new();
    assert!(waker.poll(&mut send).is_pending());
    drop(send);
}

/// The value a send refused as closed hands back; panics on any other outcome.
#[track_caller]
fn refused_as_closed(result: Result<(), TrySendError<Tracked>>) -> Tracked {
    match result {
        Err(TrySendError::Closed(value)) => value,
        other => panic!("expected Closed, got {other:?}"),
    }
}

/// Whether dropping `value` panicked (the panic is caught).
fn drop_panics<T>(value: T) -> bool {
    catch_unwind(AssertUnwindSafe(move || drop(value))).is_err()
}

// ---- mpsc ----

#[test]
fn mpsc_delivered_messages_are_dropped_once_by_their_receiver() {
    let drops = Drops::new();
    let (tx, mut rx) = mpsc::channel(4);
    tx.buffer((0..4).map(|id| drops.track(id)));
    let received: Vec<Tracked> = (0..4).map(|_| rx.try_recv().unwrap()).collect();
    assert_eq!(ids(&received), [0, 1, 2, 3]);
    assert_eq!(drops.alive(), 4);
    drop(received);
    assert_eq!(drops.alive(), 0);
    drop((tx, rx));
    assert_eq!(drops.dropped(), 4);
}

#[test]
fn mpsc_buffered_messages_are_dropped_when_the_receiver_goes_while_senders_live() {
    let drops = Drops::new();
    let (tx, rx) = mpsc::channel(4);
    tx.buffer((0..3).map(|id| drops.track(id)));
    drop(rx);
    assert_eq!(drops.alive(), 0, "buffered messages are dropped promptly");
    assert_eq!(refused_as_closed(tx.try_send(drops.track(9))).id, 9);
    assert_eq!((drops.created(), drops.dropped()), (4, 4));
}

#[test]
fn mpsc_buffered_messages_are_dropped_once_when_both_halves_go() {
    let drops = Drops::new();
    let (tx, rx) = mpsc::channel(4);
    tx.buffer([drops.track(0), drops.track(1)]);
    drop(tx);
    assert_eq!(drops.alive(), 2, "the receiver may still drain them");
    drop(rx);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn mpsc_refused_sends_hand_the_value_back_undropped() {
    let drops = Drops::new();
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    let full = tx.try_send(drops.track(1)).unwrap_err();
    assert!(matches!(&full, TrySendError::Full(value) if value.id == 1));
    assert_eq!(drops.alive(), 2);
    drop(full);
    rx.close();
    let closed = block_on(tx.send(drops.track(2))).unwrap_err();
    assert_eq!(closed.0.id, 2);
    assert_eq!(drops.alive(), 2);
    drop(closed);
    assert_eq!(rx.try_recv().unwrap().id, 0);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Closed);
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
}

#[test]
fn mpsc_cancelled_send_drops_its_value_once_and_never_delivers_it() {
    let drops = Drops::new();
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    abandon_pending_send(tx.send(drops.track(1)));
    assert_eq!(drops.alive(), 1, "only the buffered message is left");
    assert_eq!(rx.try_recv().unwrap().id, 0);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Empty);
    drop(tx);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Closed);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn mpsc_sink_start_send_after_close_hands_the_value_back() {
    use futures::SinkExt;
    let drops = Drops::new();
    let (mut tx, rx) = mpsc::channel(1);
    block_on(tx.send(drops.track(0))).unwrap();
    drop(rx);
    assert_eq!(drops.alive(), 0);
    let err = block_on(SinkExt::send(&mut tx, drops.track(1))).unwrap_err();
    assert_eq!(err.0.id, 1);
    drop(err);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn mpsc_panic_in_one_buffered_drop_still_drops_every_other_message_once() {
    let drops = Drops::new();
    let (tx, rx) = mpsc::channel(4);
    tx.buffer([
        drops.track(0),
        drops.track_panicking_drop(1),
        drops.track(2),
    ]);
    assert!(drop_panics(rx), "the panic reaches the receiver's owner");
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
    assert!(tx.is_closed());
    drop(refused_as_closed(tx.try_send(drops.track(3))));
    drop(tx);
    assert_eq!((drops.created(), drops.dropped()), (4, 4));
}

#[test]
fn mpsc_panic_dropping_a_cancelled_send_still_passes_the_free_slot_on() {
    let drops = Drops::new();
    let (tx, mut rx) = mpsc::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    let (first, second) = (CountingWaker::new(), CountingWaker::new());
    let mut panicking = tx.send(drops.track_panicking_drop(1));
    let mut waiting = tx.send(drops.track(2));
    assert!(first.poll(&mut panicking).is_pending());
    assert!(second.poll(&mut waiting).is_pending());
    assert_eq!(rx.try_recv().unwrap().id, 0);
    assert_eq!(
        first.count(),
        1,
        "the first waiting sender gets the free slot"
    );
    assert!(drop_panics(panicking));
    assert_eq!(
        second.count(),
        1,
        "the abandoned wake-up passed to the next sender"
    );
    assert!(second.poll(&mut waiting).is_ready());
    assert_eq!(rx.try_recv().unwrap().id, 2);
    drop(waiting);
    drop((tx, rx));
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
}

// ---- dispatch ----

#[test]
fn dispatch_buffered_messages_live_until_the_last_receiver_goes() {
    let drops = Drops::new();
    let (tx, rx) = dispatch::channel(4);
    let other = rx.clone();
    tx.buffer([drops.track(0), drops.track(1)]);
    drop(rx);
    assert_eq!(drops.alive(), 2, "a receiver is left to take them");
    drop(other);
    assert_eq!(
        drops.alive(),
        0,
        "the last receiver drops them with senders alive"
    );
    drop(tx);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn dispatch_each_message_is_delivered_to_one_receiver_and_dropped_once() {
    let drops = Drops::new();
    let (tx, mut first) = dispatch::channel(8);
    let mut second = tx.subscribe();
    tx.buffer((0..8).map(|id| drops.track(id)));
    let mut received = Vec::new();
    for turn in 0..8 {
        let rx = if turn % 2 == 0 {
            &mut first
        } else {
            &mut second
        };
        received.push(rx.try_recv().unwrap());
    }
    assert_eq!(ids(&received), (0..8).collect::<Vec<_>>());
    drop(received);
    drop((tx, first, second));
    assert_eq!((drops.created(), drops.dropped()), (8, 8));
}

#[test]
fn dispatch_cancelled_send_drops_its_value_once() {
    let drops = Drops::new();
    let (tx, mut rx) = dispatch::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    abandon_pending_send(tx.send(drops.track(1)));
    assert_eq!(drops.alive(), 1);
    assert_eq!(rx.try_recv().unwrap().id, 0);
    drop(tx);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Closed);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

// ---- oneshot ----

#[test]
fn oneshot_delivered_value_is_dropped_once_by_its_receiver() {
    let drops = Drops::new();
    let (tx, rx) = oneshot::channel();
    tx.send(drops.track(1)).unwrap();
    let value = block_on(rx).unwrap();
    assert_eq!(drops.alive(), 1);
    drop(value);
    assert_eq!((drops.created(), drops.dropped()), (1, 1));
}

#[test]
fn oneshot_unread_value_is_dropped_with_the_receiver() {
    let drops = Drops::new();
    let (tx, rx) = oneshot::channel();
    tx.send(drops.track(1)).unwrap();
    assert_eq!(drops.alive(), 1);
    drop(rx);
    assert_eq!((drops.created(), drops.dropped()), (1, 1));
}

#[test]
fn oneshot_send_to_a_dropped_receiver_hands_the_value_back() {
    let drops = Drops::new();
    let (tx, rx) = oneshot::channel();
    drop(rx);
    let value = tx.send(drops.track(1)).unwrap_err();
    assert_eq!((value.id, drops.alive()), (1, 1));
    drop(value);
    assert_eq!((drops.created(), drops.dropped()), (1, 1));
}

#[test]
fn oneshot_panic_dropping_the_unread_value_drops_it_once() {
    let drops = Drops::new();
    let (tx, rx) = oneshot::channel();
    tx.send(drops.track_panicking_drop(1)).unwrap();
    assert!(drop_panics(rx));
    assert_eq!((drops.created(), drops.dropped()), (1, 1));
}

// ---- broadcast ----

#[test]
fn broadcast_message_is_dropped_once_every_receiver_has_read_it() {
    let drops = Drops::new();
    let (tx, mut first) = broadcast::channel(2);
    let mut second = first.clone();
    tx.try_send(drops.track(1)).unwrap();
    let copy = first.try_recv().unwrap();
    assert_eq!(copy.id, 1);
    drop(copy);
    assert_eq!(drops.alive(), 1, "the second receiver has not read it yet");
    let last = second.try_recv().unwrap();
    assert_eq!(drops.alive(), 1, "the last reader takes the slot's value");
    drop(last);
    assert_eq!(drops.alive(), 0, "no slot keeps a read message");
    drop((tx, first, second));
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn broadcast_receiver_leaving_releases_the_messages_only_it_had_to_read() {
    let drops = Drops::new();
    let (tx, mut first) = broadcast::channel(4);
    let second = first.clone();
    tx.buffer((0..3).map(|id| drops.track(id)));
    let read: Vec<Tracked> = (0..3).map(|_| first.try_recv().unwrap()).collect();
    drop(read);
    assert_eq!(
        drops.alive(),
        3,
        "the second receiver still has them to read"
    );
    drop(second);
    assert_eq!(drops.alive(), 0);
    drop((tx, first));
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn broadcast_buffered_messages_are_dropped_when_every_receiver_goes() {
    let drops = Drops::new();
    let (tx, first) = broadcast::channel(4);
    let second = first.clone();
    tx.buffer([drops.track(0), drops.track(1)]);
    drop(first);
    drop(second);
    assert_eq!(drops.alive(), 0, "dropped with the sender still alive");
    drop(refused_as_closed(tx.try_send(drops.track(2))));
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn broadcast_cancelled_send_drops_its_value_once() {
    let drops = Drops::new();
    let (tx, mut rx) = broadcast::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    abandon_pending_send(tx.send(drops.track(1)));
    assert_eq!(drops.alive(), 1);
    assert_eq!(rx.try_recv().unwrap().id, 0);
    assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Empty);
    drop((tx, rx));
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn broadcast_panic_in_clone_leaves_the_message_for_a_retry_and_drops_nothing_twice() {
    let drops = Drops::new();
    let (tx, mut first) = broadcast::channel(2);
    let mut second = first.clone();
    tx.try_send(drops.track(7)).unwrap();
    drops.fail_next_clones(1);
    assert!(catch_unwind(AssertUnwindSafe(|| first.try_recv())).is_err());
    assert_eq!(drops.alive(), 1);
    let retried = first.try_recv().unwrap();
    let other = second.try_recv().unwrap();
    assert_eq!((retried.id, other.id), (7, 7));
    drop((retried, other));
    assert_eq!(drops.alive(), 0);
    drop((tx, first, second));
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn broadcast_panic_dropping_one_slot_still_drops_every_other_message_once() {
    let drops = Drops::new();
    let (tx, rx) = broadcast::channel(4);
    tx.buffer([
        drops.track(0),
        drops.track_panicking_drop(1),
        drops.track(2),
    ]);
    assert!(drop_panics(rx));
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
    assert!(tx.is_closed());
    drop(tx);
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
}

// ---- watch ----

#[test]
fn watch_replaced_values_are_dropped_once() {
    let drops = Drops::new();
    let (tx, mut rx) = watch::channel_with(drops.track(0));
    tx.send(drops.track(1)).unwrap();
    assert_eq!(drops.alive(), 1, "the replaced value is dropped");
    let old = tx.send_replace(drops.track(2));
    assert_eq!((old.id, drops.alive()), (1, 2));
    drop(old);
    let seen = rx.try_recv().unwrap();
    assert_eq!((seen.id, drops.alive()), (2, 2));
    drop(seen);
    drop((tx, rx));
    assert_eq!((drops.created(), drops.dropped()), (4, 4));
}

#[test]
fn watch_send_without_receivers_hands_the_value_back() {
    let drops = Drops::new();
    let (tx, rx) = watch::channel_with(drops.track(0));
    drop(rx);
    let refused = tx.send(drops.track(1)).unwrap_err();
    assert_eq!(refused.0.id, 1);
    drop(refused);
    drop(tx);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn watch_panic_in_clone_leaves_the_value_unseen_and_drops_nothing_twice() {
    let drops = Drops::new();
    let (tx, mut rx) = watch::channel_with(drops.track(0));
    tx.send(drops.track(1)).unwrap();
    drops.fail_next_clones(1);
    assert!(catch_unwind(AssertUnwindSafe(|| rx.try_recv())).is_err());
    let seen = rx.try_recv().unwrap();
    assert_eq!(seen.id, 1);
    drop(seen);
    drop((tx, rx));
    assert_eq!((drops.created(), drops.dropped()), (3, 3));
}

#[test]
fn watch_every_receiver_sees_the_newest_value_after_a_fan_out() {
    let drops = Drops::new();
    let (tx, first) = watch::channel_with(drops.track(0));
    let mut receivers = vec![first.clone(), tx.subscribe(), first];
    tx.send(drops.track(1)).unwrap();
    for rx in &mut receivers {
        assert_eq!(rx.try_recv().unwrap().id, 1);
        assert_eq!(rx.try_recv().unwrap_err(), TryRecvError::Empty);
    }
    drop(receivers);
    drop(tx);
    assert_eq!(drops.created(), drops.dropped());
}

#[test]
fn dispatch_panic_in_one_buffered_drop_still_drops_every_other_message_once() {
    let drops = Drops::new();
    let (tx, first) = dispatch::channel(4);
    let second = first.clone();
    tx.buffer([drops.track_panicking_drop(0), drops.track(1)]);
    drop(first);
    assert_eq!(drops.alive(), 2, "a receiver is left to take them");
    assert!(drop_panics(second));
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
    assert!(tx.is_closed());
    drop(tx);
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

#[test]
fn watch_panic_dropping_the_replaced_value_still_stores_and_announces_the_new_one() {
    let drops = Drops::new();
    let (tx, mut rx) = watch::channel_with(drops.track_panicking_drop(0));
    rx.borrow_and_update();
    let waker = CountingWaker::new();
    let mut changed = rx.changed();
    assert!(waker.poll(&mut changed).is_pending());
    let new = drops.track(1);
    assert!(catch_unwind(AssertUnwindSafe(|| tx.send(new))).is_err());
    assert_eq!(waker.count(), 1, "the waiting receiver was woken");
    assert!(matches!(waker.poll(&mut changed), Poll::Ready(Ok(()))));
    drop(changed);
    assert_eq!(rx.borrow_and_update().id, 1);
    drop((tx, rx));
    assert_eq!((drops.created(), drops.dropped()), (2, 2));
}

/// Drops both halves of a channel, the receiver last or first.
fn drop_halves<S, R>(receiver_last: bool, tx: S, rx: R) {
    if receiver_last {
        drop(tx);
        drop(rx);
    } else {
        drop(rx);
        drop(tx);
    }
}

/// Dropping the last handle of a channel (no sender, weak sender, permit or receiver left
/// after it) frees the channel without the usual closing steps when nothing is buffered;
/// either way every registration's waker is released and every buffered message dropped
/// once, whichever half goes last.
macro_rules! last_handle_releases_everything {
    ($name:ident, $channel:ident) => {
        #[test]
        fn $name() {
            for receiver_last in [false, true] {
                for buffered in [0u64, 1, 2] {
                    let drops = Drops::new();
                    let waker = CountingWaker::new();
                    let (tx, mut rx) = $channel::channel::<Tracked>(2);
                    let weak = tx.downgrade();
                    {
                        let mut recv = rx.recv();
                        assert!(waker.poll(&mut recv).is_pending());
                    }
                    assert_eq!(waker.clones(), 1, "the receiver keeps its registration");
                    tx.buffer((0..buffered).map(|id| drops.track(id)));
                    drop(weak);
                    drop_halves(receiver_last, tx, rx);
                    assert_eq!(
                        (waker.clones(), drops.created(), drops.dropped()),
                        (0, buffered as usize, buffered as usize),
                        "receiver last: {receiver_last}, buffered: {buffered}"
                    );
                }
            }
        }
    };
}

last_handle_releases_everything!(mpsc_last_handle_releases_every_waker_and_message, mpsc);
last_handle_releases_everything!(
    dispatch_last_handle_releases_every_waker_and_message,
    dispatch
);
last_handle_releases_everything!(
    broadcast_last_handle_releases_every_waker_and_message,
    broadcast
);

#[test]
fn barrier_last_handle_releases_the_receivers_waker() {
    use postage::barrier;
    for receiver_last in [false, true] {
        let waker = CountingWaker::new();
        let (tx, mut rx) = barrier::channel();
        {
            let mut recv = rx.recv();
            assert!(waker.poll(&mut recv).is_pending());
        }
        drop_halves(receiver_last, tx, rx);
        assert_eq!(waker.clones(), 0, "receiver last: {receiver_last}");
    }
}
