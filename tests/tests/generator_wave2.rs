//! The wave-2 runtime methods that generated mpsc, dispatch and broadcast halves forward:
//! `recv_many`, `try_iter`, `downgrade` (and the generated `NameWeakSender`),
//! `sender_count`, `receiver_count` and `same_channel` on all three; on broadcast also
//! `reserve`, `try_reserve`, `reserve_owned` (a `FusedFuture`; and `NameOwnedPermit`) and `deactivate` (and
//! `NameInactiveReceiver`). Every message counted; the concurrent scenarios run on every
//! executor under the harness watchdog, and no assertion depends on timing.

use postage::sink::TrySendError;
use postage::TryRecvError;
use postage_tests::{on_every_executor, yield_now};

const MESSAGES: u32 = 300;
const SENDERS: u32 = 3;

postage::channel! {
    Numbers: mpsc<u32, 4>;
    Work: dispatch<u32, 4>;
    Ticks: broadcast<u32, 4>;
    Other: broadcast<u32, 4>;
}

#[test]
fn mpsc_recv_many_and_try_iter_take_what_is_ready_in_order() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Numbers::channel();
        for n in 0..4 {
            tx.send(n).await.unwrap();
        }
        let mut buffer = Vec::new();
        assert_eq!(rx.recv_many(&mut buffer, 3).await, 3);
        assert_eq!(rx.recv_many(&mut buffer, 0).await, 0);
        assert_eq!(buffer, [0, 1, 2]);
        tx.try_send(4).unwrap();
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [3, 4]);
        assert_eq!(rx.try_iter().count(), 0);
        drop(tx);
        assert_eq!(rx.recv_many(&mut buffer, 3).await, 0);
        assert_eq!(buffer, [0, 1, 2]);
    });
}

#[test]
fn dispatch_recv_many_and_try_iter_split_the_messages_between_receivers() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Work::channel();
        let mut other = rx.clone();
        for n in 0..4 {
            tx.send(n).await.unwrap();
        }
        let mut buffer = Vec::new();
        assert_eq!(rx.recv_many(&mut buffer, 2).await, 2);
        assert_eq!(other.try_iter().collect::<Vec<_>>(), [2, 3]);
        assert_eq!(rx.try_iter().count(), 0);
        assert_eq!(buffer, [0, 1]);
        drop(tx);
        assert_eq!(other.recv_many(&mut buffer, 8).await, 0);
    });
}

#[test]
fn mpsc_weak_senders_and_counts() {
    let (tx, mut rx) = Numbers::channel();
    let weak: NumbersWeakSender = tx.downgrade();
    let weak_copy = weak.clone();
    assert!(format!("{weak:?}").starts_with("NumbersWeakSender("));
    assert_eq!((tx.sender_count(), tx.receiver_count()), (1, 1));
    let again: NumbersSender = weak.upgrade().expect("a sender is left");
    assert!(again.same_channel(&tx));
    assert_eq!((tx.sender_count(), rx.sender_count()), (2, 2));
    again.try_send(7).unwrap();
    drop(again);
    drop(tx);
    assert_eq!(rx.sender_count(), 0);
    assert!(
        weak_copy.upgrade().is_none(),
        "a weak sender keeps nothing open"
    );
    assert_eq!(
        (rx.try_recv(), rx.try_recv()),
        (Ok(7), Err(TryRecvError::Closed))
    );

    let (first, _first_rx) = Numbers::channel();
    let (second, _second_rx) = Numbers::channel();
    assert!(!first.same_channel(&second));
}

#[test]
fn dispatch_weak_senders_and_counts() {
    let (tx, rx) = Work::channel();
    let weak: WorkWeakSender = tx.downgrade();
    let copies = [rx.clone(), rx.clone()];
    assert_eq!((tx.receiver_count(), rx.receiver_count()), (3, 3));
    drop(copies);
    assert_eq!(rx.receiver_count(), 1);
    let again = weak.upgrade().expect("a sender is left");
    assert!(again.same_channel(&tx) && tx.same_channel(&tx.clone()));
    assert_eq!(rx.sender_count(), 2);
    drop((tx, again));
    assert_eq!(rx.sender_count(), 0);
    assert!(weak.upgrade().is_none());
}

#[test]
fn broadcast_receivers_batch_and_iterate_their_own_copies() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Ticks::channel();
        let mut other = rx.clone();
        for n in 0..4 {
            tx.send(n).await.unwrap();
        }
        let mut buffer = Vec::new();
        assert_eq!(rx.recv_many(&mut buffer, 3).await, 3);
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [3]);
        assert_eq!(other.try_iter().collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(buffer, [0, 1, 2]);
        drop(tx);
        assert_eq!(rx.recv_many(&mut buffer, 3).await, 0);
    });
}

#[test]
fn broadcast_weak_senders_counts_and_identity() {
    let (tx, rx) = Ticks::channel();
    let (other, _other_rx) = Other::channel();
    let weak: TicksWeakSender = tx.downgrade();
    let _late = tx.clone();
    assert_eq!((tx.sender_count(), rx.sender_count()), (2, 2));
    let _subscribed = rx.clone();
    assert_eq!((tx.receiver_count(), rx.receiver_count()), (2, 2));
    assert!(weak.upgrade().expect("senders are left").same_channel(&tx));
    // Another declaration's sender is another type: only the runtime halves compare.
    assert!(!tx.clone().into_inner().same_channel(&other.into_inner()));
}

#[test]
fn broadcast_permits_hold_room_and_send_in_permit_order() {
    futures::executor::block_on(async {
        let (tx, mut rx) = Ticks::channel();
        let held = tx.reserve().await.unwrap();
        let mut permits = vec![held];
        for _ in 0..3 {
            permits.push(tx.try_reserve().unwrap());
        }
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Full(()));
        assert_eq!(tx.try_send(9), Err(TrySendError::Full(9)));
        for (n, permit) in (10..).zip(permits) {
            permit.send(n);
        }
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [10, 11, 12, 13]);

        let owned: TicksOwnedPermit = tx.clone().reserve_owned().await.unwrap();
        assert!(format!("{owned:?}").starts_with("TicksOwnedPermit("));
        let back: TicksSender = owned.send(14);
        assert!(back.same_channel(&tx));
        let released = back.reserve_owned().await.unwrap().release();
        assert_eq!(released.sender_count(), 2);
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [14]);

        drop(rx);
        assert!(tx.reserve().await.is_err(), "no receiver is left");
        assert_eq!(tx.try_reserve().unwrap_err(), TrySendError::Closed(()));
        assert!(released.reserve_owned().await.is_err());
    });
}

#[test]
fn broadcast_reserve_owned_is_a_fused_future_that_waits_for_room() {
    use futures::future::FusedFuture;
    use futures::FutureExt;

    futures::executor::block_on(async {
        let (tx, mut rx) = Ticks::channel();
        for n in 0..4 {
            tx.try_send(n).unwrap();
        }
        let mut reserving = tx.clone().reserve_owned();
        assert!(!reserving.is_terminated());
        assert!(
            (&mut reserving).now_or_never().is_none(),
            "the channel is full"
        );
        assert!(!reserving.is_terminated(), "still pending");
        assert_eq!(rx.recv().await, Some(0));
        let owned: TicksOwnedPermit = (&mut reserving).await.unwrap();
        assert!(reserving.is_terminated(), "terminated once it resolved");
        // In `select!`, a terminated branch is skipped rather than polled again.
        let mut closed = tx.closed().fuse();
        futures::select! {
            _ = reserving => unreachable!("a terminated future is never polled"),
            _ = closed => unreachable!("a receiver is left"),
            default => {}
        }
        drop(closed);
        drop(owned.send(4));
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), [1, 2, 3, 4]);
        drop(rx);
        let mut failing = tx.reserve_owned();
        assert!((&mut failing).await.is_err(), "no receiver is left");
        assert!(failing.is_terminated());
    });
}

#[test]
fn broadcast_inactive_receivers_keep_the_channel_open_and_activate() {
    let (tx, rx) = Ticks::channel();
    let inactive: TicksInactiveReceiver = rx.deactivate();
    assert_eq!(inactive.capacity(), 4);
    assert!(format!("{inactive:?}").starts_with("TicksInactiveReceiver("));
    for n in 0..6 {
        tx.try_send(n).unwrap(); // buffered for no one, so never full
    }
    assert_eq!(tx.receiver_count(), 1);
    let copy = inactive.clone();
    drop(inactive);
    assert!(
        !tx.is_closed(),
        "an inactive receiver keeps the channel open"
    );
    let mut rx: TicksReceiver = copy.activate();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    tx.try_send(6).unwrap();
    assert_eq!(rx.try_recv(), Ok(6));
    drop((rx, copy));
    assert!(tx.is_closed());
}

#[test]
fn mpsc_recv_many_counts_every_message_of_several_senders() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Numbers::channel();
        let senders: Vec<_> = (0..SENDERS)
            .map(|id| {
                let tx = tx.clone();
                executor.spawn(async move {
                    for n in 0..MESSAGES {
                        tx.send(id * MESSAGES + n).await.unwrap();
                        yield_now().await;
                    }
                })
            })
            .collect();
        drop(tx);
        let mut seen = vec![0u32; (SENDERS * MESSAGES) as usize];
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            let taken = rx.recv_many(&mut buffer, 8).await;
            assert_eq!(taken, buffer.len());
            if taken == 0 {
                break;
            }
            assert!(taken <= 8);
            for &value in &buffer {
                seen[value as usize] += 1;
            }
        }
        for sender in senders {
            sender.await;
        }
        assert!(
            seen.iter().all(|&count| count == 1),
            "each message exactly once"
        );
    });
}

#[test]
fn broadcast_owned_permits_from_several_tasks_reach_every_receiver_once() {
    on_every_executor(|executor| async move {
        let (tx, mut rx) = Ticks::channel();
        let mut other = rx.clone();
        let senders: Vec<_> = (0..SENDERS)
            .map(|id| {
                let mut tx = tx.clone();
                executor.spawn(async move {
                    for n in 0..MESSAGES {
                        tx = tx.reserve_owned().await.unwrap().send(id * MESSAGES + n);
                        yield_now().await;
                    }
                })
            })
            .collect();
        drop(tx);
        let reader = executor.spawn(async move {
            let mut seen = vec![0u32; (SENDERS * MESSAGES) as usize];
            let mut buffer = Vec::new();
            while other.recv_many(&mut buffer, 5).await > 0 {
                for value in buffer.drain(..) {
                    seen[value as usize] += 1;
                }
            }
            seen
        });
        let mut seen = vec![0u32; (SENDERS * MESSAGES) as usize];
        while let Some(value) = rx.recv().await {
            seen[value as usize] += 1;
        }
        for sender in senders {
            sender.await;
        }
        assert!(
            seen.iter().all(|&count| count == 1),
            "each message exactly once"
        );
        assert_eq!(reader.await, seen, "the other receiver too");
    });
}
