//! Loom models of the channels whose receivers share each value (broadcast, watch), with
//! every message counted so that a leak or a double drop fails the model.

#![cfg(postage_loom)]

mod support;

use loom::future::block_on;
use loom::thread;
use postage::{broadcast, watch};
use support::Drops;

#[test]
fn broadcast_receiver_dropped_while_a_sender_waits_on_it_frees_the_slot() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut fast) = broadcast::channel(1);
        let slow = fast.clone();
        tx.try_send(drops.track(0)).unwrap();
        assert_eq!(fast.try_recv().unwrap().id, 0);
        let next = drops.track(1);
        let sender = thread::spawn(move || {
            // Full until the slow receiver reads or leaves.
            block_on(tx.send(next)).unwrap();
        });
        let leaver = thread::spawn(move || drop(slow));
        assert_eq!(block_on(fast.recv()).map(|m| m.id), Some(1));
        assert!(block_on(fast.recv()).is_none());
        sender.join().unwrap();
        leaver.join().unwrap();
        drop(fast);
        drops.assert_all_dropped();
    });
}

#[test]
fn broadcast_two_receivers_reading_one_message_at_once_clone_it_exactly_once() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = broadcast::channel(1);
        let mut second = first.clone();
        tx.try_send(drops.track(5)).unwrap();
        drop(tx);
        let other = thread::spawn(move || {
            let message = block_on(second.recv()).map(|m| m.id);
            (message, block_on(second.recv()).is_none())
        });
        assert_eq!(block_on(first.recv()).map(|m| m.id), Some(5));
        assert!(block_on(first.recv()).is_none());
        assert_eq!(other.join().unwrap(), (Some(5), true));
        drop(first);
        assert_eq!(
            drops.created(),
            2,
            "one clone, and the last reader takes the original"
        );
        drops.assert_all_dropped();
    });
}

#[test]
fn watch_changed_fans_out_and_every_receiver_sees_the_newest_value() {
    loom::model(|| {
        let drops = Drops::new();
        let (tx, mut first) = watch::channel_with(drops.track(0));
        let mut second = first.clone();
        first.borrow_and_update();
        second.borrow_and_update();
        let watchers: Vec<_> = [first, second]
            .into_iter()
            .map(|mut rx| {
                thread::spawn(move || loop {
                    block_on(rx.changed()).expect("the sender outlives the watchers");
                    if rx.borrow_and_update().id == 2 {
                        break;
                    }
                })
            })
            .collect();
        tx.send(drops.track(1)).unwrap();
        tx.send(drops.track(2)).unwrap();
        for watcher in watchers {
            watcher.join().unwrap();
        }
        assert_eq!(tx.borrow().id, 2);
        drop(tx);
        drops.assert_all_dropped();
    });
}
