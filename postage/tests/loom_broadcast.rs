//! Loom models of the broadcast channel: every receiver reads every message, freed slots
//! wake senders, and every message is dropped exactly once. The later models check the
//! lock-free ring's own steps: a publication racing a receiver's registration (the fence
//! argument of `core/ring.rs`), a subscriber counting itself at the tail while a sender
//! claims it, the head passing to a message another receiver is cloning, the last
//! receiver leaving while a message is published, a permit dropped unused while a
//! sender waits for its slot, and the read of a payload without drop glue, which clones
//! while counted as a reader (`core/ring.rs`, "Payloads without drop glue").

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::broadcast;
use support::Drops;

#[test]
fn a_full_buffer_holds_the_sender_until_the_other_receiver_reads() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut a) = broadcast::channel(1);
        let mut b = a.clone();
        let reader = thread::spawn(move || {
            let first = block_on(b.recv()).map(|m: support::Tracked| m.id);
            let second = block_on(b.recv()).map(|m| m.id);
            (first, second, block_on(b.recv()).is_none())
        });
        block_on(tx.send(drops.track(1))).unwrap();
        assert_eq!(a.try_recv().map(|m| m.id), Ok(1));
        block_on(tx.send(drops.track(2))).unwrap();
        drop(tx);
        assert_eq!(a.try_recv().map(|m| m.id), Ok(2));
        assert_eq!(reader.join().unwrap(), (Some(1), Some(2), true));
        drop(a);
        drops.assert_all_dropped();
    });
}

#[test]
fn dropping_the_slowest_receiver_wakes_a_waiting_sender() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut fast) = broadcast::channel(1);
        let slow = fast.clone();
        tx.try_send(drops.track(1)).unwrap();
        assert_eq!(fast.try_recv().map(|m| m.id), Ok(1));
        let dropper = thread::spawn(move || drop(slow));
        block_on(tx.send(drops.track(2))).unwrap();
        assert_eq!(fast.try_recv().map(|m| m.id), Ok(2));
        dropper.join().unwrap();
        drop((tx, fast));
        drops.assert_all_dropped();
    });
}

#[test]
fn the_last_receiver_leaving_fails_a_waiting_sender_and_drops_the_buffer() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = broadcast::channel(1);
        tx.try_send(drops.track(1)).unwrap();
        let dropper = thread::spawn(move || drop(rx));
        let error = block_on(tx.send(drops.track(2))).unwrap_err();
        assert_eq!(error.0.id, 2);
        drop(error);
        dropper.join().unwrap();
        assert!(tx.is_closed());
        drops.assert_all_dropped();
    });
}

#[test]
fn a_clone_racing_a_read_sees_the_same_series() {
    loom::model(|| {
        let (tx, mut rx) = broadcast::channel(2);
        tx.try_send(1u8).unwrap();
        tx.try_send(2u8).unwrap();
        drop(tx);
        let copy = rx.clone();
        let cloner = thread::spawn(move || {
            let mut again = copy.clone();
            drop(copy);
            (
                block_on(again.recv()),
                block_on(again.recv()),
                block_on(again.recv()),
            )
        });
        assert_eq!(block_on(rx.recv()), Some(1));
        assert_eq!(cloner.join().unwrap(), (Some(1), Some(2), None));
        assert_eq!(block_on(rx.recv()), Some(2));
    });
}

#[test]
fn a_publication_racing_a_registering_receiver_is_never_missed() {
    loom::model(|| {
        let (tx, mut rx) = broadcast::channel(1);
        let sender = thread::spawn(move || {
            tx.try_send(7u8).unwrap();
        });
        assert_eq!(block_on(rx.recv()), Some(7));
        assert_eq!(block_on(rx.recv()), None);
        sender.join().unwrap();
    });
}

#[test]
fn a_subscriber_racing_sends_sees_a_suffix_in_order() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut rx) = broadcast::channel(2);
        let subscribing = tx.clone();
        let subscriber = thread::spawn(move || {
            let mut late = subscribing.subscribe();
            drop(subscribing);
            std::iter::from_fn(|| block_on(late.recv()).map(|m: support::Tracked| m.id))
                .collect::<Vec<_>>()
        });
        tx.try_send(drops.track(1)).unwrap();
        tx.try_send(drops.track(2)).unwrap();
        drop(tx);
        let seen = subscriber.join().unwrap();
        assert!(
            [vec![1, 2], vec![2], vec![]].contains(&seen),
            "a suffix of the messages, in order: {seen:?}"
        );
        assert_eq!(rx.try_recv().map(|m| m.id), Ok(1));
        assert_eq!(rx.try_recv().map(|m| m.id), Ok(2));
        drop(rx);
        drops.assert_all_dropped();
    });
}

#[test]
fn two_readers_racing_over_two_messages_clone_each_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = broadcast::channel(2);
        let mut second = first.clone();
        tx.try_send(drops.track(1)).unwrap();
        tx.try_send(drops.track(2)).unwrap();
        drop(tx);
        let other = thread::spawn(move || {
            std::iter::from_fn(|| block_on(second.recv()).map(|m: support::Tracked| m.id))
                .collect::<Vec<_>>()
        });
        let mine: Vec<_> = std::iter::from_fn(|| block_on(first.recv()).map(|m| m.id)).collect();
        assert_eq!(mine, [1, 2]);
        assert_eq!(other.join().unwrap(), [1, 2]);
        assert_eq!(drops.created(), 4, "one clone per message");
        drops.assert_all_dropped();
    });
}

#[test]
fn a_send_racing_the_last_receiver_leaving_drops_the_message_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, rx) = broadcast::channel(1);
        let leaver = thread::spawn(move || drop(rx));
        match tx.try_send(drops.track(1)) {
            Ok(()) => {}
            Err(error) => assert!(matches!(error, postage::TrySendError::Closed(_))),
        }
        leaver.join().unwrap();
        assert!(tx.is_closed());
        assert_eq!(tx.len(), 0, "nothing stays buffered without a receiver");
        drops.assert_all_dropped();
    });
}

#[test]
fn a_permit_dropped_unused_wakes_the_sender_waiting_for_its_slot() {
    loom::model(|| {
        let (tx, mut rx) = broadcast::channel(1);
        let reserver = tx.clone();
        let holder = thread::spawn(move || {
            let permit = reserver.try_reserve();
            drop(permit);
        });
        block_on(tx.send(1u8)).unwrap();
        holder.join().unwrap();
        assert_eq!(rx.try_recv(), Ok(1));
        assert_eq!(tx.len(), 0);
    });
}

/// A payload without drop glue (so reads take the ring's two-step path) that counts its
/// clones. The count is an ordinary atomic, outside the model: it is only read at the end.
#[derive(Debug, PartialEq)]
struct CountedCopy(u8);

static COPY_CLONES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

const _: () = assert!(!std::mem::needs_drop::<CountedCopy>());

impl Clone for CountedCopy {
    fn clone(&self) -> Self {
        COPY_CLONES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        CountedCopy(self.0)
    }
}

#[test]
fn a_reader_cloning_while_counted_races_the_sender_refilling_its_slot() {
    use std::sync::atomic::Ordering::Relaxed;
    loom::model(|| {
        COPY_CLONES.store(0, Relaxed);
        // Capacity 1 (two slots): message 3 reuses message 1's slot. It may be written only
        // once the other receiver is done cloning message 1, which its count at message 2
        // guarantees (message 2 must be retired first).
        let (tx, mut mine) = broadcast::channel(1);
        let mut theirs = mine.clone();
        tx.try_send(CountedCopy(1)).unwrap();
        let other = thread::spawn(move || {
            std::iter::from_fn(|| block_on(theirs.recv()).map(|m| m.0)).collect::<Vec<_>>()
        });
        assert_eq!(block_on(mine.recv()), Some(CountedCopy(1)));
        block_on(tx.send(CountedCopy(2))).unwrap();
        assert_eq!(block_on(mine.recv()), Some(CountedCopy(2)));
        block_on(tx.send(CountedCopy(3))).unwrap();
        drop(tx);
        assert_eq!(block_on(mine.recv()), Some(CountedCopy(3)));
        assert_eq!(block_on(mine.recv()), None);
        assert_eq!(other.join().unwrap(), [1, 2, 3]);
        let clones = COPY_CLONES.load(Relaxed);
        assert!(
            (3..=6).contains(&clones),
            "each of the 6 reads clones at most once, and the first read of each message \
             clones: {clones}"
        );
    });
}
