//! Loom models of the mpsc channel (and the queue core it shares with dispatch).
//!
//! Run with `RUSTFLAGS="--cfg postage_loom" cargo test -p postage --release --test loom_mpsc`
//! (see `scripts/loom.sh`).

#![cfg(postage_loom)]

mod support;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use loom::future::block_on;
use loom::thread;
use postage::mpsc;
use postage::sink::{PollSend, Sink};
use postage::stream::{PollRecv, Stream};
use postage::{SendError, TryRecvError, TrySendError};
use support::{block_on_one_waker, counting_waker, poll_once, Drops, Tracked};

/// A channel of capacity 1, full with message 0, and a second sender.
fn full_channel_with_two_senders(
    drops: &Drops,
) -> (
    mpsc::Sender<Tracked>,
    mpsc::Sender<Tracked>,
    mpsc::Receiver<Tracked>,
) {
    let (tx, rx) = mpsc::channel(1);
    tx.try_send(drops.track(0)).unwrap();
    let other = tx.clone();
    (tx, other, rx)
}

/// Receives until the channel reports closed; the ids in arrival order.
fn receive_until_closed(rx: &mut mpsc::Receiver<Tracked>) -> Vec<u32> {
    let mut received = Vec::new();
    while let Some(message) = block_on(rx.recv()) {
        received.push(message.id);
    }
    received
}

/// Frees the full channel's only slot by taking message 0 (no wait: it is buffered), then
/// joins the contesting thread (`join` says whether message 1 was sent) and receives what
/// must still come: message 2 of the waiting sender, and message 1 if it was sent.
///
/// This is the slot-freeing half of the models where a contested send goes away while a
/// second sender waits. The contest happens while the slot frees; the rest is received by
/// count, not until closed, so that loom does not also explore every interleaving of the
/// senders' drops with a waiting receiver (`assert_closed_and_empty` checks the end
/// without waiting).
fn free_a_slot_then_receive_the_rest(
    rx: &mut mpsc::Receiver<Tracked>,
    join: impl FnOnce() -> bool,
) -> (Vec<u32>, bool) {
    let mut received = vec![rx.try_recv().expect("message 0 is buffered").id];
    let contested_was_sent = join();
    for _ in 0..1 + usize::from(contested_was_sent) {
        received.push(
            block_on(rx.recv())
                .expect("a sender still owes a message")
                .id,
        );
    }
    (received, contested_was_sent)
}

/// With every sender gone, the receiver reports closed at once: nothing more was buffered.
fn assert_closed_and_empty(rx: &mut mpsc::Receiver<Tracked>) {
    assert_eq!(rx.try_recv().map(|m| m.id), Err(TryRecvError::Closed));
}

/// Checks what a full channel's receiver got: the buffered message 0, a waiting sender's
/// message 2, and the contested message 1 exactly when its sender reports it sent.
fn assert_received_contested(mut received: Vec<u32>, contested_was_sent: bool) {
    received.sort_unstable();
    let expected: &[u32] = if contested_was_sent {
        &[0, 1, 2]
    } else {
        &[0, 2]
    };
    assert_eq!(received, expected);
}

#[test]
fn last_sender_sends_then_drops_while_receiver_waits() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            block_on(tx.send(message)).unwrap();
        });
        assert_eq!(block_on(rx.recv()).map(|m| m.id), Some(1));
        assert!(block_on(rx.recv()).is_none());
        sender.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn receiver_drop_wakes_closed_waiter_and_pending_sender() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, waiting_sender, rx) = full_channel_with_two_senders(&drops);
        let message = drops.track(1);
        let sender = thread::spawn(move || block_on(waiting_sender.send(message)));
        let watcher = thread::spawn(move || {
            block_on(tx.closed());
            assert!(tx.is_closed());
        });
        drop(rx);
        let SendError(returned) = sender.join().unwrap().unwrap_err();
        assert_eq!(returned.id, 1);
        drop(returned);
        watcher.join().unwrap();
        drops.assert_all_dropped();
    });
}

#[test]
fn concurrent_drops_of_sender_clones_close_the_channel_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(2);
        let other = tx.clone();
        let message = drops.track(1);
        let first = thread::spawn(move || {
            tx.try_send(message).unwrap();
        });
        let second = thread::spawn(move || drop(other));
        let received = receive_until_closed(&mut rx);
        assert_eq!(received, [1]);
        assert!(block_on(rx.recv()).is_none());
        first.join().unwrap();
        second.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn waker_migrates_when_the_receiver_moves_to_another_thread() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            block_on(tx.send(message)).unwrap();
        });
        let waker = counting_waker();
        let first = Pin::new(&mut rx).poll_recv(&mut Context::from_waker(&waker));
        let receiver = thread::spawn(move || {
            let mut received: Vec<u32> = Vec::new();
            if let PollRecv::Ready(message) = first {
                received.push(message.id);
            }
            while let Some(message) = block_on(rx.recv()) {
                received.push(message.id);
            }
            received
        });
        assert_eq!(receiver.join().unwrap(), [1]);
        sender.join().unwrap();
        drops.assert_all_dropped();
    });
}

#[test]
fn pending_send_dropped_while_a_slot_frees_does_not_lose_the_slot() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, other, mut rx) = full_channel_with_two_senders(&drops);
        let (cancelled, waiting) = (drops.track(1), drops.track(2));
        let canceller = thread::spawn(move || {
            let mut send = tx.send(cancelled);
            // Either the slot was already free (sent) or the future is dropped while pending.
            poll_once(&mut send).is_ready()
        });
        let sender = thread::spawn(move || block_on(other.send(waiting)).is_ok());
        let (received, cancelled_was_sent) =
            free_a_slot_then_receive_the_rest(&mut rx, || canceller.join().unwrap());
        assert!(sender.join().unwrap());
        assert_closed_and_empty(&mut rx);
        assert_received_contested(received, cancelled_was_sent);
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn sender_dropped_with_a_pending_sink_send_while_a_slot_frees_does_not_lose_the_slot() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, other, mut rx) = full_channel_with_two_senders(&drops);
        let (abandoned, waiting) = (drops.track(1), drops.track(2));
        let dropper = thread::spawn(move || {
            let mut tx = tx;
            let waker = counting_waker();
            // The handle keeps the registration; dropping it must pass a wake-up on.
            match Pin::new(&mut tx).poll_send(&mut Context::from_waker(&waker), abandoned) {
                PollSend::Ready => true,
                PollSend::Pending(value) => {
                    drop(value);
                    false
                }
                PollSend::Rejected(_) => unreachable!("the receiver is alive"),
            }
        });
        let sender = thread::spawn(move || block_on(other.send(waiting)).is_ok());
        let (received, abandoned_was_sent) =
            free_a_slot_then_receive_the_rest(&mut rx, || dropper.join().unwrap());
        assert!(sender.join().unwrap());
        assert_closed_and_empty(&mut rx);
        assert_received_contested(received, abandoned_was_sent);
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn sender_dropped_holding_a_reserved_slot_releases_it_to_a_waiting_sender() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let other = tx.clone();
        let waiting = drops.track(2);
        let reserver = thread::spawn(move || {
            let mut tx = tx;
            let waker = counting_waker();
            // `poll_ready` reserves the only slot (or waits for it); the handle is then
            // dropped without `start_send`.
            let _ = futures::Sink::<Tracked>::poll_ready(
                Pin::new(&mut tx),
                &mut Context::from_waker(&waker),
            );
        });
        let sender = thread::spawn(move || block_on(other.send(waiting)).is_ok());
        let received = receive_until_closed(&mut rx);
        reserver.join().unwrap();
        assert!(sender.join().unwrap());
        assert_eq!(received, [2]);
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn receiver_polled_then_dropped_while_a_send_races_drops_the_message_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let message = drops.track(1);
        let sender = thread::spawn(move || match tx.try_send(message) {
            Ok(()) => true,
            Err(TrySendError::Closed(message)) => {
                drop(message);
                false
            }
            Err(TrySendError::Full(_)) => unreachable!("the buffer has room"),
        });
        let mut recv = rx.recv();
        let polled = poll_once(&mut recv);
        drop(recv);
        let received_here = matches!(polled, Poll::Ready(Some(_)));
        drop(polled);
        drop(rx);
        let sent = sender.join().unwrap();
        assert!(sent || !received_here);
        drops.assert_all_dropped();
    });
}

#[test]
fn receiver_close_lets_buffered_messages_drain_while_a_sender_waits() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(drops.track(0)).unwrap();
        let message = drops.track(1);
        let sender = thread::spawn(move || block_on(tx.send(message)).map_err(|e| e.0.id));
        rx.close();
        let received = receive_until_closed(&mut rx);
        let sent = sender.join().unwrap();
        match sent {
            Ok(()) => unreachable!("the buffer stays full until close"),
            Err(id) => assert_eq!(id, 1),
        }
        assert_eq!(received, [0]);
        drop(rx);
        drops.assert_all_dropped();
    });
}

/// The lock-free hand-off of a message to a receiver that is registering as it arrives
/// (`core/queue.rs`, "Why no wake-up is lost"). The sender stays alive, so only the
/// wake-up can end the receiver's wait: a lost one is a deadlock loom reports.
#[test]
fn a_message_published_while_the_receiver_registers_wakes_it() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            tx.try_send(message).unwrap();
            tx
        });
        assert_eq!(block_on(rx.recv()).map(|m| m.id), Some(1));
        let tx = sender.join().unwrap();
        drop((tx, rx));
        drops.assert_all_dropped();
    });
}

/// Two senders publish while the receiver waits twice in a row with the same waker: the
/// waker cell's notifier lock (`core/waker_cell.rs`). A sender can find the lock taken by
/// the other while the receiver registers again, and must leave the holder a second
/// wake-up instead of losing its own. Both senders stay alive, so only wake-ups end the
/// waits.
#[test]
fn two_senders_publishing_while_the_receiver_waits_twice_wake_it_twice() {
    loom::model(|| {
        two_senders_publish_while(|rx| {
            // One task, one waker for both waits (`loom::future::block_on` makes a new
            // waker on every call).
            block_on_one_waker(async {
                vec![
                    rx.recv().await.expect("both senders are alive").id,
                    rx.recv().await.expect("both senders are alive").id,
                ]
            })
        })
    });
}

/// A receive abandoned after one poll leaves its registration in the receiver's waker cell,
/// and the next wait of the same task (same waker) resumes it without writing the word
/// (`core/waker_cell.rs`, "A registration left in place"), while two senders publish: a
/// sender may clear the old registration just before the resumed wait loads the word.
/// Both senders stay alive, so only wake-ups end the waits.
#[test]
fn a_receive_abandoned_and_resumed_by_the_same_task_is_woken() {
    loom::model(|| {
        two_senders_publish_while(|rx| {
            block_on_one_waker(async {
                let mut received = Vec::new();
                let mut abandoned = rx.recv();
                std::future::poll_fn(|cx| {
                    if let Poll::Ready(message) = Pin::new(&mut abandoned).poll(cx) {
                        received.push(message.expect("both senders are alive").id);
                    }
                    Poll::Ready(())
                })
                .await;
                drop(abandoned);
                while received.len() < 2 {
                    received.push(rx.recv().await.expect("both senders are alive").id);
                }
                received
            })
        })
    });
}

/// Two senders each publish one message (ids 1 and 2) into a channel of capacity 2 while
/// `receive` takes both; checks that both arrived once and that every message is dropped.
/// The senders outlive `receive`, so only wake-ups end its waits.
fn two_senders_publish_while(receive: impl FnOnce(&mut mpsc::Receiver<Tracked>) -> Vec<u32>) {
    let drops = Drops::new();
    let (tx, mut rx) = mpsc::channel(2);
    let other = tx.clone();
    let (first, second) = (drops.track(1), drops.track(2));
    let senders = [(tx, first), (other, second)].map(|(tx, message)| {
        thread::spawn(move || {
            tx.try_send(message).unwrap();
            tx
        })
    });
    let mut received = receive(&mut rx);
    received.sort_unstable();
    assert_eq!(received, [1, 2]);
    let senders = senders.map(|sender| sender.join().unwrap());
    drop((senders, rx));
    drops.assert_all_dropped();
}

/// The hand-off of a freed slot to a sender that is registering as it frees. The receiver
/// stays alive, so only the wake-up can end the sender's wait.
#[test]
fn a_slot_freed_while_a_sender_registers_wakes_it() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(drops.track(0)).unwrap();
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            block_on(tx.send(message)).unwrap();
            tx
        });
        assert_eq!(rx.try_recv().map(|m| m.id), Ok(0));
        let tx = sender.join().unwrap();
        assert_eq!(rx.try_recv().map(|m| m.id), Ok(1));
        drop((tx, rx));
        drops.assert_all_dropped();
    });
}

/// Two senders wait on a full channel while the receiver frees its slot twice. A send
/// that completes holding a wake-up hands it on while room remains (it may have taken
/// room it was not woken for, after finding it on its own second look); either way each
/// freed slot must reach a sender that still waits.
#[test]
fn two_waiting_senders_each_get_a_slot_the_receiver_frees() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, other, mut rx) = full_channel_with_two_senders(&drops);
        let (first, second) = (drops.track(1), drops.track(2));
        let senders = [(tx, first), (other, second)].map(|(tx, message)| {
            thread::spawn(move || {
                block_on(tx.send(message)).unwrap();
                tx
            })
        });
        let mut received: Vec<u32> = (0..3)
            .map(|_| {
                block_on(rx.recv())
                    .expect("a sender still owes a message")
                    .id
            })
            .collect();
        assert_eq!(received[0], 0);
        received.sort_unstable();
        assert_eq!(received, [0, 1, 2]);
        let senders = senders.map(|sender| sender.join().unwrap());
        drop((senders, rx));
        drops.assert_all_dropped();
    });
}

/// Two senders race for the last free slot: exactly one wins it, the other is told the
/// channel is full, and nothing is lost or duplicated.
#[test]
fn two_senders_racing_for_the_last_slot_claim_it_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(2);
        tx.try_send(drops.track(0)).unwrap();
        let other = tx.clone();
        let (first, second) = (drops.track(1), drops.track(2));
        let racer = thread::spawn(move || other.try_send(first).is_ok());
        let here = tx.try_send(second).is_ok();
        let there = racer.join().unwrap();
        assert!(here != there, "exactly one sender gets the slot");
        let mut received: Vec<u32> =
            std::iter::from_fn(|| rx.try_recv().ok().map(|m| m.id)).collect();
        received.sort_unstable();
        assert_eq!(received, [0, if here { 2 } else { 1 }]);
        drop((tx, rx));
        drops.assert_all_dropped();
    });
}

/// The receiver goes while a sender writes its message: the message is either refused
/// or dropped with the buffer at once (by the receiver's drain or, if still being written
/// then, by the sender after it publishes), never kept until the channel is freed.
#[test]
fn a_message_written_while_the_last_receiver_goes_is_dropped_promptly() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = mpsc::channel(1);
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            drop(tx.try_send(message));
            tx
        });
        drop(rx);
        let tx = sender.join().unwrap();
        assert_eq!(
            drops.alive(),
            0,
            "nothing stays buffered without a receiver"
        );
        assert!(tx.is_closed());
        drop(tx);
        drops.assert_all_dropped();
    });
}
