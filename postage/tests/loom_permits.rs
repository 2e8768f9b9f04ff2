//! Loom models of permits on the queue core (mpsc; dispatch shares the code): a permit
//! dropped unused, a permit's send and a receiver racing, a pending reservation cancelled
//! while room frees, and a `reserve_many` waiting for the room a receiver frees.
//!
//! Run with `RUSTFLAGS="--cfg postage_loom" cargo test -p postage --release --test loom_permits`
//! (see `scripts/loom.sh`).

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::mpsc;
use support::{poll_once, Drops, Tracked};

/// Receives until the channel reports closed; the ids in arrival order.
fn receive_until_closed(rx: &mut mpsc::Receiver<Tracked>) -> Vec<u32> {
    let mut received = Vec::new();
    while let Some(message) = block_on(rx.recv()) {
        received.push(message.id);
    }
    received
}

#[test]
fn a_permit_dropped_unused_frees_its_slot_for_a_racing_reservation() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        let other = tx.clone();
        let message = drops.track(1);
        let dropper = thread::spawn(move || drop(block_on(tx.reserve()).unwrap()));
        let sender = thread::spawn(move || block_on(other.reserve()).unwrap().send(message));
        assert_eq!(receive_until_closed(&mut rx), [1]);
        dropper.join().unwrap();
        sender.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn a_reservation_waiting_on_a_full_channel_is_served_by_the_receiver() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(drops.track(0)).unwrap();
        let message = drops.track(1);
        let sender = thread::spawn(move || {
            let permit = block_on(tx.reserve()).unwrap();
            permit.send(message);
        });
        assert_eq!(receive_until_closed(&mut rx), [0, 1]);
        sender.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn a_pending_reservation_cancelled_while_a_slot_frees_does_not_lose_the_slot() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send(drops.track(0)).unwrap();
        let other = tx.clone();
        let message = drops.track(2);
        let canceller = thread::spawn(move || {
            let mut reserve = tx.reserve();
            // Either granted at once (the permit is then dropped unused) or abandoned pending.
            drop(poll_once(&mut reserve));
        });
        let sender = thread::spawn(move || block_on(other.reserve()).unwrap().send(message));
        assert_eq!(receive_until_closed(&mut rx), [0, 2]);
        canceller.join().unwrap();
        sender.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn reserve_many_waiting_for_room_gets_the_slot_the_receiver_frees() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::channel(2);
        tx.try_send(drops.track(1)).unwrap();
        let reserved = drops.track(2);
        let reserver = thread::spawn(move || {
            let mut permits = block_on(tx.reserve_many(2)).unwrap();
            permits.next().unwrap().send(reserved);
            // The second permit is dropped unused: its slot is free again.
        });
        assert_eq!(receive_until_closed(&mut rx), [1, 2]);
        reserver.join().unwrap();
        drop(rx);
        drops.assert_all_dropped();
    });
}
