//! Loom models of the unbounded channels' segmented list: under `cfg(postage_loom)` a block
//! holds two messages, so three messages cross a block boundary (linking a block, moving the
//! tail block on, recycling the first block into the spare).
//!
//! Run with `RUSTFLAGS="--cfg postage_loom" cargo test -p postage --release --test loom_list`
//! (see `scripts/loom.sh`).

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::{dispatch, mpsc};
use support::{Drops, Tracked};

/// Two producers race to claim positions 1 and 2, the second of them the first of a new
/// block, while the receiver reads through the block boundary: every message arrives once,
/// and every block hand-over leaves nothing behind.
#[test]
fn two_producers_and_a_receiver_cross_a_block_boundary() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = mpsc::unbounded::<Tracked>();
        tx.try_send(drops.track(0)).unwrap();
        let other = tx.clone();
        let (first, second) = (drops.track(1), drops.track(2));
        let a = thread::spawn(move || tx.try_send(first).unwrap());
        let b = thread::spawn(move || other.try_send(second).unwrap());
        let mut received = Vec::new();
        while let Some(message) = block_on(rx.recv()) {
            received.push(message.id);
        }
        a.join().unwrap();
        b.join().unwrap();
        assert_eq!(received[0], 0, "the first message comes first");
        received.sort_unstable();
        assert_eq!(received, [0, 1, 2]);
        drop(rx);
        drops.assert_all_dropped();
    });
}

/// A producer links the second block (the first is full) while two receivers take messages
/// concurrently, taking turns at the head and recycling the first block: each message goes
/// to exactly one receiver.
#[test]
fn a_producer_and_two_receivers_take_each_message_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = dispatch::unbounded::<Tracked>();
        tx.try_send(drops.track(0)).unwrap();
        tx.try_send(drops.track(1)).unwrap();
        let mut second = rx.clone();
        let two = drops.track(2);
        let producer = thread::spawn(move || tx.try_send(two).unwrap());
        let other = thread::spawn(move || block_on(second.recv()).map(|m| m.id));
        let mut got = Vec::new();
        while let Some(message) = block_on(rx.recv()) {
            got.push(message.id);
        }
        producer.join().unwrap();
        got.extend(other.join().unwrap());
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2]);
        drop(rx);
        drops.assert_all_dropped();
    });
}

/// The receiver goes while a producer is crossing a block boundary: the buffer is dropped
/// by whichever side finishes last, every message exactly once, and the blocks are freed.
#[test]
fn the_receiver_dropped_during_a_block_hand_over_drops_every_message() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = mpsc::unbounded::<Tracked>();
        tx.try_send(drops.track(0)).unwrap();
        let (one, two) = (drops.track(1), drops.track(2));
        let producer = thread::spawn(move || {
            let sent = [tx.try_send(one).is_ok(), tx.try_send(two).is_ok()];
            (tx, sent)
        });
        drop(rx);
        let (tx, _sent) = producer.join().unwrap();
        assert_eq!(
            drops.alive(),
            0,
            "nothing stays buffered without a receiver"
        );
        drop(tx);
        drops.assert_all_dropped();
    });
}
