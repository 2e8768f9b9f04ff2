//! Loom models of the dispatch channel: wake-ups among several receivers.

#![cfg(postage_loom)]

mod support;

use std::task::Poll;

use loom::future::block_on;
use loom::thread;
use postage::dispatch;
use support::{poll_once, Drops, Tracked};

/// A receiver that may be woken for the message abandons its `recv` before taking it: it
/// must pass the wake-up on. The other receiver then gets the message while the sender is
/// still alive, so a lost wake-up would leave it waiting forever (loom reports a deadlock).
fn woken_receiver_abandons_recv(drop_handle: bool) {
    loom::model(move || {
        let drops = Drops::new();
        let (tx, mut first) = dispatch::channel::<Tracked>(1);
        let mut second = first.clone();
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            block_on(tx.send(message)).unwrap();
            tx
        });
        let other = thread::spawn(move || block_on(second.recv()).map(|m| m.id));
        let mut recv = first.recv();
        let taken_here = matches!(poll_once(&mut recv), Poll::Ready(Some(_)));
        drop(recv);
        let first = if drop_handle {
            drop(first);
            None
        } else {
            Some(first)
        };
        let tx = sender.join().unwrap();
        if taken_here {
            drop(tx);
            assert_eq!(other.join().unwrap(), None);
        } else {
            assert_eq!(other.join().unwrap(), Some(1));
            drop(tx);
        }
        drop(first);
        drops.assert_all_dropped();
    });
}

#[test]
fn woken_receiver_dropped_before_taking_the_message_passes_the_wakeup_on() {
    woken_receiver_abandons_recv(true);
}

#[test]
fn woken_recv_future_dropped_before_taking_the_message_passes_the_wakeup_on() {
    woken_receiver_abandons_recv(false);
}

/// `first` and a clone of it each receive once, the clone on a thread spawned before the
/// one that runs `send`. Returns the ids received, sorted, and what `send` returned.
fn two_receivers_receive_once_each<S: Send + 'static>(
    first: &mut dispatch::Receiver<Tracked>,
    send: impl FnOnce() -> S + Send + 'static,
) -> (Vec<u32>, S) {
    let mut second = first.clone();
    let other = thread::spawn(move || block_on(second.recv()).map(|m| m.id));
    let sender = thread::spawn(send);
    let here = block_on(first.recv()).map(|m| m.id);
    let there = other.join().unwrap();
    let sent = sender.join().unwrap();
    let mut got: Vec<u32> = here.into_iter().chain(there).collect();
    got.sort_unstable();
    (got, sent)
}

#[test]
fn one_message_is_taken_by_exactly_one_of_two_waiting_receivers() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = dispatch::channel::<Tracked>(1);
        let message = drops.track(1);
        let (got, ()) = two_receivers_receive_once_each(&mut first, move || {
            block_on(tx.send(message)).unwrap();
        });
        assert_eq!(got, [1]);
        drop(first);
        drops.assert_all_dropped();
    });
}

/// Two receivers wait while two messages are published: each gets one. The interleaving
/// this is for: a receiver that registered finds the first message on its own second look
/// and takes it while still in line, so the second message's publisher notifies it rather
/// than the other receiver; ending its wait, it finds the notification and a message
/// still ready, and must hand the wake-up on.
#[test]
fn two_messages_reach_two_waiting_receivers() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = dispatch::channel::<Tracked>(2);
        let messages = [drops.track(1), drops.track(2)];
        // The sender stays alive until both receivers are done: the last sender's drop
        // wakes every receiver, which would hide a lost wake-up.
        let (got, tx) = two_receivers_receive_once_each(&mut first, move || {
            for message in messages {
                tx.try_send(message).unwrap();
            }
            tx
        });
        assert_eq!(got, [1, 2]);
        drop((tx, first));
        drops.assert_all_dropped();
    });
}

#[test]
fn receivers_dropped_concurrently_close_once_and_fail_the_waiting_sender() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, first) = dispatch::channel::<Tracked>(1);
        let second = first.clone();
        tx.try_send(drops.track(0)).unwrap();
        let droppers = [first, second].map(|rx| thread::spawn(move || drop(rx)));
        let refused = block_on(tx.send(drops.track(1))).unwrap_err();
        assert_eq!(refused.0.id, 1);
        drop(refused);
        block_on(tx.closed());
        for dropper in droppers {
            dropper.join().unwrap();
        }
        assert!(tx.is_closed());
        assert_eq!(drops.alive(), 0, "the buffer went with the last receiver");
        drop(tx);
        drops.assert_all_dropped();
    });
}

/// Two receivers pop concurrently (compare-and-swap on the head) while the sender waits for
/// room: each message goes to exactly one receiver, and the slot freed by either pop lets
/// the waiting sender on.
#[test]
fn concurrent_pops_take_each_message_once_and_free_the_slot() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = dispatch::channel::<Tracked>(1);
        let mut second = first.clone();
        tx.try_send(drops.track(0)).unwrap();
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            block_on(tx.send(message)).unwrap();
        });
        let other = thread::spawn(move || {
            let got = block_on(second.recv()).map(|m| m.id);
            (got, second)
        });
        let here = block_on(first.recv()).map(|m| m.id);
        let (there, second) = other.join().unwrap();
        sender.join().unwrap();
        let mut got: Vec<u32> = here.into_iter().chain(there).collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1]);
        drop((first, second));
        drops.assert_all_dropped();
    });
}
