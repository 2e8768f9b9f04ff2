//! Loom models of the lagging broadcast (`core/lagging.rs`): a writer overwriting a slot
//! while a reader copies it out, two writers racing for one slot (the older must never
//! overwrite the newer), a write racing a receiver's registration (the `RECV_WAITS`
//! hand-off), a waiting reader woken by two racing writers, and a send racing the last
//! receiver leaving. Every message is dropped exactly once.

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::broadcast;
use support::{Drops, Tracked};

#[test]
fn a_writer_overwriting_the_slot_a_reader_copies_from() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = broadcast::lagging(1);
        tx.try_send(drops.track(1)).unwrap();
        let reader = thread::spawn(move || {
            let first = rx.try_recv().map(|m: Tracked| m.id);
            (first, rx.lagged(), rx)
        });
        tx.try_send(drops.track(2)).unwrap();
        let (first, lagged, mut rx) = reader.join().unwrap();
        match (first, lagged) {
            (Ok(1), 0) => assert_eq!(rx.try_recv().map(|m| m.id), Ok(2)),
            (Ok(2), 1) => assert!(rx.try_recv().is_err()),
            other => panic!("a message or its skip went missing: {other:?}"),
        }
        drop((tx, rx));
        drops.assert_all_dropped();
    });
}

#[test]
fn two_writers_racing_for_one_slot_leave_the_newer_message() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = broadcast::lagging(1);
        let other = tx.clone();
        let message = drops.track(2);
        let writer = thread::spawn(move || other.try_send(message).unwrap());
        tx.try_send(drops.track(1)).unwrap();
        writer.join().unwrap();
        // Whichever claimed second holds the slot: the reader skips exactly one message.
        assert!(rx.try_recv().is_ok());
        assert_eq!(rx.lagged(), 1, "the older message overwrote the newer one");
        assert!(rx.try_recv().is_err());
        drop((tx, rx));
        drops.assert_all_dropped();
    });
}

#[test]
fn a_write_racing_a_registering_receiver_is_never_missed() {
    loom::model(|| {
        let (tx, mut rx) = broadcast::lagging(1);
        let sender = thread::spawn(move || {
            tx.try_send(7u8).unwrap();
        });
        assert_eq!(block_on(rx.recv()), Some(7));
        assert_eq!(block_on(rx.recv()), None);
        assert_eq!(rx.lagged(), 0);
        sender.join().unwrap();
    });
}

#[test]
fn a_send_racing_the_last_receiver_leaving_drops_the_message_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = broadcast::lagging(1);
        let leaver = thread::spawn(move || drop(rx));
        if let Err(error) = tx.try_send(drops.track(1)) {
            assert!(matches!(error, postage::TrySendError::Closed(_)));
        }
        leaver.join().unwrap();
        assert!(tx.is_closed());
        drops.assert_all_dropped();
    });
}

/// Two writers on two slots (so that neither waits for the other's critical section) and
/// a reader waiting for the first: it is woken, reads both in send order, then ends.
#[test]
fn a_waiting_reader_is_woken_by_two_racing_writers() {
    loom::model(|| {
        let (tx, mut rx) = broadcast::lagging(2);
        let other = tx.clone();
        let first = thread::spawn(move || other.try_send(1u8).unwrap());
        let second = thread::spawn(move || tx.try_send(2u8).unwrap());
        let mut received = Vec::new();
        while let Some(message) = block_on(rx.recv()) {
            received.push(message);
        }
        first.join().unwrap();
        second.join().unwrap();
        assert_eq!(received.len(), 2, "received {received:?}");
        assert_eq!(rx.lagged(), 0);
    });
}
